"""Object moves induced per colour (solver/moves.py)."""

from __future__ import annotations

import numpy as np

from dsl.program import parse, run
from dsl.types import make_grid
from solver.config import SearchConfig
from solver.moves import find_motions, induce_moves, moving_colours
from solver.params import infer_constants
from solver.search import Budget, Search
from tests.solver.conftest import make_task

GENEROUS = 120.0  # seconds: never reached, so no test depends on the machine's speed


def _grid(rows: list[str]) -> np.ndarray:
    return make_grid([[int(c) for c in row] for row in rows])


# colour 1 falls to the floor, the bars of colour 2 move one step up
PAIRS = [
    (_grid(["1000", "0022", "0000", "0000"]), _grid(["0022", "0000", "0000", "1000"])),
    (_grid(["0100", "0000", "0022", "0000"]), _grid(["0000", "0022", "0000", "0100"])),
    (_grid(["0010", "0000", "0000", "2200"]), _grid(["0000", "0000", "2200", "0010"])),
]
TEST_IN, TEST_OUT = _grid(["0001", "0000", "0000", "0220"]), _grid(["0000", "0000", "0220", "0001"])


def _search(pairs, tests) -> Search:
    task = make_task(
        [(i.tolist(), o.tolist()) for i, o in pairs], [(t.tolist(), None) for t in tests]
    )
    config = SearchConfig(max_depth=0, prior="none")
    search = Search(task, config, infer_constants(task, config.max_colours))
    search.run(Budget(GENEROUS))
    return search


def test_each_moving_colour_gets_the_motion_that_puts_its_cells_in_place():
    sources, targets = [p[0] for p in PAIRS], [p[1] for p in PAIRS]
    assert moving_colours(sources, targets) == [1, 2]
    motions = find_motions(sources, targets, [TEST_IN], Budget(GENEROUS))
    assert motions == [("slide_colour", 1, (1, 0)), ("shift_colour", 2, (-1, 0))]


def test_the_chained_motions_are_a_consistent_program_that_prints_and_reruns():
    search = _search(PAIRS, [TEST_IN])
    report = induce_moves(search, Budget(GENEROUS))
    assert (report.colours_moving, report.programs, report.consistent) == (2, 1, 1)
    found = search.found[-1]
    assert found.mechanism == "moves"
    text = str(search.program(found.node))
    assert str(parse(text)) == text
    assert np.array_equal(run(parse(text), TEST_IN), TEST_OUT)


def test_one_motion_for_every_colour_also_moves_colours_only_the_test_has():
    pairs = [
        (_grid(["10", "00", "00"]), _grid(["00", "00", "10"])),
        (_grid(["02", "00", "00"]), _grid(["00", "00", "02"])),
    ]
    test_in = _grid(["30", "01", "00"])
    motions = find_motions([p[0] for p in pairs], [p[1] for p in pairs], [test_in], Budget(9))
    assert motions == [
        ("slide_colour", 1, (1, 0)),
        ("slide_colour", 2, (1, 0)),
        ("slide_colour", 3, (1, 0)),
    ]


def test_only_the_whole_chain_answers_when_the_test_has_a_colour_to_move_too():
    pairs = [
        (_grid(["10", "00", "00"]), _grid(["00", "00", "10"])),
        (_grid(["02", "00", "00"]), _grid(["00", "00", "02"])),
    ]
    test_in = _grid(["30", "01", "00"])
    search = _search(pairs, [test_in])
    report = induce_moves(search, Budget(GENEROUS))
    assert report.consistent == 1  # the chain without colour 3 fits the demonstrations too
    program = search.program(search.found[-1].node)
    assert np.array_equal(run(program, test_in), _grid(["00", "00", "31"]))


def test_nothing_is_added_when_a_colour_changes_in_a_way_no_motion_explains():
    pairs = [(_grid(["10", "00"]), _grid(["11", "00"])), (_grid(["00", "01"]), _grid(["00", "11"]))]
    search = _search(pairs, [_grid(["01", "00"])])
    report = induce_moves(search, Budget(GENEROUS))
    assert report.programs == 0 and not search.found


def test_tasks_whose_outputs_change_shape_or_gain_colours_are_skipped():
    pairs = [(_grid(["10", "00"]), _grid(["1"])), (_grid(["01", "00"]), _grid(["1"]))]
    assert induce_moves(_search(pairs, [_grid(["10"])]), Budget(GENEROUS)).programs == 0
    assert moving_colours([_grid(["10"])], [_grid(["13"])]) is None
