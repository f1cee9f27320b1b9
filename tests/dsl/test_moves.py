"""Moving the objects of one colour (dsl/moves.py)."""

import numpy as np

from dsl.moves import (
    _free_steps,
    approach_colour,
    attract_colour,
    centre_colour_on,
    gather_colour,
    repel_colour,
    shift_colour,
    shift_colour_by_count,
    shift_colour_by_extent,
    slide_colour,
    slide_objects,
)
from dsl.types import NO_VALUE, Object, make_grid


def _grid(rows: list[str]) -> np.ndarray:
    return make_grid([[int(c) for c in row] for row in rows])


def test_shift_moves_every_cell_of_the_colour_and_drops_what_leaves_the_grid():
    grid = _grid(["1002", "0100", "0000"])
    assert np.array_equal(shift_colour(grid, 1, (1, 1)), _grid(["0002", "0100", "0010"]))
    assert np.array_equal(shift_colour(grid, 1, (0, -1)), _grid(["0002", "1000", "0000"]))


def test_shift_by_count_moves_each_object_by_its_own_size():
    grid = _grid(["3030", "3000", "0000", "0000"])
    moved = shift_colour_by_count(grid, 3, (1, 0))
    assert np.array_equal(moved, _grid(["0000", "0030", "3000", "3000"]))


def test_slide_stops_at_other_cells_and_piles_objects_of_the_colour():
    grid = _grid(["1000", "1000", "0000", "2000"])
    assert np.array_equal(slide_colour(grid, 1, (1, 0)), _grid(["0000", "1000", "1000", "2000"]))
    piled = _grid(["1", "0", "1", "0", "0"])
    assert np.array_equal(slide_colour(piled, 1, (1, 0)), _grid(["0", "0", "0", "1", "1"]))


def test_attract_slides_towards_the_anchor_in_line_and_leaves_the_rest():
    grid = _grid(["10002", "00000", "00001"])
    assert np.array_equal(attract_colour(grid, 1, 2), _grid(["00012", "00001", "00000"]))


def test_repel_pushes_objects_touching_the_anchor_to_the_edge():
    grid = _grid(["00000", "01200", "00000", "00030"])
    assert np.array_equal(repel_colour(grid, 1, 2), _grid(["00000", "10200", "00000", "00030"]))
    assert np.array_equal(repel_colour(grid, 3, 2), grid)


def test_no_motion_for_a_missing_colour_a_bad_direction_or_the_background():
    grid = _grid(["100", "000"])
    assert np.array_equal(slide_colour(grid, 5, (1, 0)), grid)
    assert np.array_equal(slide_colour(grid, 1, (1, 1)), grid)
    assert np.array_equal(slide_colour(grid, 0, (1, 0)), grid)
    assert np.array_equal(attract_colour(grid, 1, 1), grid)


def test_approach_slides_diagonally_towards_the_nearest_anchor_cell_until_blocked():
    grid = _grid(["00000", "02200", "02200", "00000", "00005"])
    assert np.array_equal(
        approach_colour(grid, 5, 2), _grid(["00000", "02200", "02200", "00050", "00000"])
    )
    assert np.array_equal(approach_colour(grid, 5, 7), grid)  # no anchor: nothing moves


def test_shift_by_extent_moves_each_object_by_its_own_height_or_width():
    grid = _grid(["0000", "0000", "1100", "1102"])
    assert np.array_equal(
        shift_colour_by_extent(grid, 1, (-1, 0)), _grid(["1100", "1100", "0000", "0002"])
    )
    assert np.array_equal(
        shift_colour_by_extent(grid, 2, (0, -1)), _grid(["0000", "0000", "1100", "1120"])
    )


def test_gather_pulls_objects_in_line_to_their_colours_largest_and_paints_the_rest():
    grid = _grid(["11111", "00000", "00010", "01000", "00000", "00300"])
    gathered = gather_colour(grid, 1, 0)
    assert np.array_equal(gathered, _grid(["11111", "01010", "00000", "00000", "00000", "00300"]))
    # a lone cell of a colour has no larger object to join: it is painted the stray colour
    assert np.array_equal(gather_colour(grid, 3, 0)[5], _grid(["00000"])[0])


def test_centre_on_moves_a_colour_into_the_middle_of_anothers_box():
    grid = _grid(["30003", "22200", "00000", "00000", "30003"])
    centred = _grid(["30003", "00000", "02220", "00000", "30003"])
    assert np.array_equal(centre_colour_on(grid, 2, 3), centred)
    off_by_half = _grid(["30003", "22000", "00000", "00000", "30003"])
    assert np.array_equal(centre_colour_on(off_by_half, 2, 3), off_by_half)


def test_slide_objects_moves_only_the_given_objects_and_piles_them():
    grid = _grid(["1100", "0020", "0000", "3000"])
    block = Object(0, 0, np.array([[1, 1]], dtype=np.int8))
    dot = Object(1, 2, np.array([[2]], dtype=np.int8))
    moved = slide_objects(grid, (block, dot), (1, 0))
    assert np.array_equal(moved, _grid(["0000", "0000", "1100", "3020"]))
    assert slide_objects(grid, (block,), (1, 1)) is NO_VALUE


def _free_steps_one_at_a_time(canvas, cells, step, bg) -> int:
    """The reference: try one more step until the cells leave the grid or meet a cell."""
    height, width = canvas.shape
    taken = 0
    while True:
        rows, cols = cells[0] + step[0] * (taken + 1), cells[1] + step[1] * (taken + 1)
        if rows.min() < 0 or cols.min() < 0 or rows.max() >= height or cols.max() >= width:
            return taken
        if np.any(canvas[rows, cols] != bg):
            return taken
        taken += 1


def test_free_steps_match_stepping_one_at_a_time():
    rng = np.random.default_rng(4)
    steps = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (2, 0), (0, -3), (-2, 1)]
    for _ in range(400):
        height, width = rng.integers(1, 12, size=2)
        canvas = np.where(rng.random((height, width)) < 0.2, rng.integers(1, 4), 0).astype(np.int8)
        count = rng.integers(1, min(5, height * width) + 1)
        flat = rng.choice(height * width, size=count, replace=False)
        cells = np.unravel_index(flat, (height, width))
        canvas[cells] = 0  # the object is lifted off the canvas
        for step in steps:
            expected = _free_steps_one_at_a_time(canvas, cells, step, 0)
            assert _free_steps(canvas, cells, step, 0) == expected
