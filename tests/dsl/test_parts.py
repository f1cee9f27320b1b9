"""A program mapped over object boxes, and program literals in program text."""

from __future__ import annotations

import numpy as np
import pytest

from dsl.objects import objects, objects_multi
from dsl.parts import map_boxes, map_boxes_wide, object_boxes
from dsl.program import ProgramError, parse, run
from dsl.types import NO_VALUE, make_grid

GRID = make_grid(
    [
        [0, 0, 0, 0, 0, 0],
        [0, 1, 2, 0, 0, 0],
        [0, 0, 0, 0, 3, 0],
        [0, 0, 0, 0, 3, 4],
        [0, 0, 0, 0, 0, 0],
    ]
)


def test_map_boxes_runs_the_program_on_each_box_and_keeps_the_rest():
    flipped = map_boxes(GRID, objects_multi(GRID), parse("O = flip_h(I)"))
    expected = np.array(GRID)
    expected[1, 1:3] = [2, 1]
    expected[2:4, 4:6] = [[0, 3], [4, 3]]
    assert np.array_equal(flipped, expected)
    assert not flipped.flags.writeable


def test_map_boxes_wide_gives_the_program_a_ring_of_context():
    ringed = map_boxes_wide(GRID, objects_multi(GRID)[:1], parse("O = draw_border(I, 5)"))
    expected = np.array(GRID)
    expected[0:3, 0:4] = [[5, 5, 5, 5], [5, 1, 2, 5], [5, 5, 5, 5]]
    assert np.array_equal(ringed, expected)


def test_map_boxes_has_no_value_when_boxes_overlap_or_a_box_changes_shape():
    assert map_boxes_wide(GRID, objects_multi(GRID), parse("O = flip_h(I)")) is NO_VALUE
    assert map_boxes(GRID, objects(GRID), parse("O = rot90(I)")) is NO_VALUE
    assert map_boxes(GRID, (), parse("O = flip_h(I)")) is NO_VALUE


def test_object_boxes_are_clipped_to_the_grid():
    boxes = object_boxes(GRID.shape, objects_multi(GRID), 1)
    assert boxes is None  # the two widened boxes share cells
    assert object_boxes(GRID.shape, objects_multi(GRID)[1:], 1) == [(1, 3, 5, 6)]


def test_a_program_literal_round_trips_through_text():
    text = (
        "x1 = objects_multi(I)\n"
        "O = map_boxes(I, x1, «x1 = apply_rule(I, [colour=0 & enclosed -> 4; n8(1)>=3 -> 1]); "
        "x2 = count_colours(x1); O = lookup(x2, <1: 01/10; 3: 222>)»)"
    )
    program = parse(text)
    assert str(program) == text
    assert parse(str(program)) == program
    assert program.cost > parse("x1 = objects_multi(I)\nO = map_boxes(I, x1, «O = flip_h(I)»)").cost


def test_a_program_literal_runs_like_any_argument():
    program = parse("x1 = objects_multi(I)\nO = map_boxes(I, x1, «x1 = flip_h(I); O = flip_v(x1)»)")
    assert np.array_equal(
        run(program, GRID), map_boxes(GRID, objects_multi(GRID), parse("O = rot180(I)"))
    )


@pytest.mark.parametrize(
    "text",
    [
        "x1 = objects(I)\nO = map_boxes(I, x1, «O = flip_h(I))",  # unclosed
        "x1 = objects(I)\nO = map_boxes(I, x1, «x1 = objects(I); "
        "O = map_boxes(I, x1, «O = flip_h(I)»)»)",
        "x1 = objects(I)\nO = map_boxes(I, x1, «O = no_such_primitive(I)»)",
        "x1 = objects(I)\nO = map_boxes(I, x1, «x1 = objects(I)»)",
        "x1 = objects(I)\nO = map_boxes(I, x1, 3)",
        "O = flip_h(«O = flip_h(I)»)",
    ],
)
def test_bad_program_literals_are_clear_errors(text):
    with pytest.raises(ProgramError):
        parse(text)
