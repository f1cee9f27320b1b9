import numpy as np

from dsl.draw import (
    draw_border,
    fill_to_nearest_corner,
    mark_crossings,
    mark_equidistant_centres,
    recolour_by_grid,
    recolour_by_nearest,
    replace_in_bbox,
    shoot_rays_toggle,
    shoot_towards,
    stamp_object,
    trail_from_marks,
)
from dsl.types import NO_VALUE, Object
from tests.dsl.conftest import g, same


def test_draw_border_paints_the_outer_ring():
    assert same(draw_border(g([[0] * 4] * 3), 8), [[8, 8, 8, 8], [8, 0, 0, 8], [8, 8, 8, 8]])
    assert same(draw_border(g([[0, 0]]), 8), [[8, 8]])


def test_mark_crossings_uses_the_edges_holding_the_marks():
    grid = g([[5, 0, 5, 0], [0, 0, 0, 5], [0, 0, 0, 0], [0, 0, 0, 5]])
    # Columns 0 and 2 are marked on the top edge, rows 1 and 3 on the right edge; the corner
    # mark at the top left does not mark row 0, as the right edge holds more row marks.
    assert same(mark_crossings(grid, 2), [[5, 0, 5, 0], [2, 0, 2, 5], [0, 0, 0, 0], [2, 0, 2, 5]])
    assert mark_crossings(g([[0, 0], [0, 0]]), 2) is NO_VALUE


def test_recolour_by_nearest_takes_the_closest_other_colour():
    grid = g([[1, 0, 3, 0, 0, 2], [1, 0, 0, 0, 3, 2], [1, 3, 0, 0, 0, 2]])
    assert same(
        recolour_by_nearest(grid, 3),
        [[1, 0, 1, 0, 0, 2], [1, 0, 0, 0, 2, 2], [1, 1, 0, 0, 0, 2]],
    )
    assert recolour_by_nearest(grid, 7) is NO_VALUE
    assert recolour_by_nearest(g([[0, 3, 0]]), 3) is NO_VALUE


def test_recolour_by_nearest_works_when_the_colour_is_the_commonest():
    assert same(
        recolour_by_nearest(g([[2, 5, 5, 5], [5, 5, 5, 0]]), 5), [[2, 2, 2, 2], [2, 2, 2, 0]]
    )


def test_replace_in_bbox_changes_one_colour_inside_the_box():
    grid = g([[1, 8, 1, 1], [1, 0, 8, 1], [1, 1, 1, 1]])
    eights = Object(0, 1, np.array([[8, -1], [-1, 8]], dtype=np.int8))
    assert same(replace_in_bbox(grid, eights, 1, 3), [[1, 8, 3, 1], [1, 0, 8, 1], [1, 1, 1, 1]])
    assert replace_in_bbox(grid, eights, 5, 3) is NO_VALUE
    assert replace_in_bbox(grid, Object(40, 0, eights.cells), 1, 3) is NO_VALUE


def test_recolour_by_grid_paints_non_zero_cells_from_another_grid():
    assert same(recolour_by_grid(g([[3, 0], [3, 3]]), g([[1, 2], [4, 5]])), [[1, 0], [4, 5]])
    assert recolour_by_grid(g([[3, 0]]), g([[1], [2]])) is NO_VALUE


def test_trail_from_marks_shoots_copies_towards_the_markers():
    grid = g([[0] * 5, [0] * 5, [0, 0, 4, 2, 0], [0, 0, 4, 4, 0], [0] * 5])
    assert same(
        trail_from_marks(grid, 2),
        [[0, 0, 0, 0, 4], [0, 0, 0, 4, 4], [0, 0, 4, 4, 4], [0, 0, 4, 4, 0], [0] * 5],
    )
    assert trail_from_marks(grid, 5) is NO_VALUE


def test_stamp_object_centres_a_copy_on_each_marker():
    grid = g(
        [
            [0, 2, 0, 0, 0, 0],
            [2, 1, 3, 0, 0, 0],
            [0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 5, 0],
            [0, 0, 0, 0, 0, 0],
        ]
    )
    shape = Object(0, 0, np.array([[-1, 2, -1], [2, 1, 3]], dtype=np.int8))
    assert same(
        stamp_object(grid, shape, 5),
        [
            [0, 2, 0, 0, 0, 0],
            [2, 1, 3, 0, 0, 0],
            [0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 2, 0],
            [0, 0, 0, 2, 1, 3],
        ],
    )
    assert stamp_object(grid, shape, 4) is NO_VALUE
    assert stamp_object(grid, shape, 0) is NO_VALUE


def test_shoot_towards_draws_lines_from_level_cells_to_the_object():
    grid = g(
        [
            [0, 0, 0, 6, 0, 0],
            [0, 0, 0, 0, 0, 0],
            [1, 0, 3, 3, 0, 0],
            [0, 0, 3, 3, 0, 7],
            [0, 0, 0, 0, 0, 0],
            [4, 0, 0, 0, 0, 0],
        ]
    )
    block = Object(2, 2, np.full((2, 2), 3, dtype=np.int8))
    assert same(
        shoot_towards(grid, block),
        [
            [0, 0, 0, 6, 0, 0],
            [0, 0, 0, 6, 0, 0],
            [1, 1, 3, 3, 0, 0],
            [0, 0, 3, 3, 7, 7],
            [0, 0, 0, 0, 0, 0],
            [4, 0, 0, 0, 0, 0],
        ],
    )
    alone = g([[0, 0, 0], [0, 3, 0], [0, 0, 0]])
    assert shoot_towards(alone, Object(1, 1, np.full((1, 1), 3, dtype=np.int8))) is NO_VALUE


def test_fill_to_nearest_corner_spans_the_object_and_its_corner():
    grid = g([[8, 8, 8, 8], [8, 8, 8, 8], [8, 8, 4, 8]])
    dot = Object(2, 2, np.array([[4]], dtype=np.int8))
    assert same(fill_to_nearest_corner(grid, dot), [[8, 8, 8, 8], [8, 8, 8, 8], [8, 8, 4, 4]])
    top_left = Object(0, 1, np.array([[4]], dtype=np.int8))
    assert same(fill_to_nearest_corner(grid, top_left), [[4, 4, 8, 8], [8, 8, 8, 8], [8, 8, 4, 8]])
    middle_row = Object(1, 0, np.array([[4]], dtype=np.int8))
    assert fill_to_nearest_corner(grid, middle_row) is NO_VALUE


def test_shoot_rays_toggle_swaps_the_ray_colour_and_background_on_its_way():
    grid = g([[0, 2, 0, 0, 0], [0, 0, 0, 0, 0], [0, 2, 3, 3, 0], [0, 0, 0, 0, 0]])
    rayed = [[0, 2, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 3, 3, 0], [0, 2, 0, 0, 0]]
    assert same(shoot_rays_toggle(grid), rayed)
    edge_run = g([[0, 2, 2, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert shoot_rays_toggle(edge_run) is NO_VALUE


def test_mark_equidistant_centres_marks_where_four_rays_meet_marks_at_one_distance():
    grid = g([[0, 0, 1, 0, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 1], [0, 0, 0, 0, 0], [0, 0, 1, 0, 0]])
    marked = mark_equidistant_centres(grid, 4)
    assert marked[2, 2] == 4 and (marked != grid).sum() == 1
    assert mark_equidistant_centres(g([[0, 1], [0, 0]]), 4) is NO_VALUE
