import numpy as np

from dsl.common import background, single_colour_components
from dsl.fill import (
    _free_fall,
    box_objects,
    connect_corners,
    connect_diagonals,
    connect_h,
    connect_h_with,
    connect_same_colour,
    connect_v,
    connect_v_with,
    connect_with,
    decorate_diagonal,
    decorate_orthogonal,
    extend_cross,
    extend_diagonals,
    extend_down,
    extend_down_left,
    extend_down_right,
    extend_left,
    extend_lines_h,
    extend_lines_v,
    extend_right,
    extend_segments,
    extend_up,
    extend_up_left,
    extend_up_right,
    fill_bbox,
    fill_bboxes,
    fill_enclosed,
    fill_holes,
    fill_open_lines,
    fill_zero_lines,
    flood_fill,
    gravity_down,
    gravity_left,
    gravity_objects_down,
    gravity_objects_left,
    gravity_objects_right,
    gravity_objects_up,
    gravity_right,
    gravity_to_matching_lines,
    gravity_up,
    hollow_objects,
    outline,
    outline_orthogonal,
    spread_colour,
)
from dsl.types import NO_VALUE
from tests.dsl.conftest import g, same

RING = g(
    [
        [0, 0, 0, 0, 0, 0],
        [0, 3, 3, 3, 0, 0],
        [0, 3, 0, 3, 0, 0],
        [0, 3, 3, 3, 0, 0],
        [0, 0, 0, 0, 0, 0],
    ]
)


def test_fill_enclosed_paints_background_cut_off_from_the_edge():
    assert same(
        fill_enclosed(RING, 4),
        [[0] * 6, [0, 3, 3, 3, 0, 0], [0, 3, 4, 3, 0, 0], [0, 3, 3, 3, 0, 0], [0] * 6],
    )
    assert same(fill_enclosed(g([[0, 1], [0, 0]]), 4), [[0, 1], [0, 0]])


def test_fill_holes_uses_the_enclosing_colour():
    assert same(
        fill_holes(RING),
        [[0] * 6, [0, 3, 3, 3, 0, 0], [0, 3, 3, 3, 0, 0], [0, 3, 3, 3, 0, 0], [0] * 6],
    )


def test_flood_fill_repaints_one_region():
    assert same(
        flood_fill(RING, (2, 2), 7),
        [[0] * 6, [0, 3, 3, 3, 0, 0], [0, 3, 7, 3, 0, 0], [0, 3, 3, 3, 0, 0], [0] * 6],
    )
    assert same(
        flood_fill(RING, (1, 1), 5),
        [[0] * 6, [0, 5, 5, 5, 0, 0], [0, 5, 0, 5, 0, 0], [0, 5, 5, 5, 0, 0], [0] * 6],
    )
    assert flood_fill(RING, (9, 0), 5) is NO_VALUE


def test_fill_bbox_and_fill_bboxes():
    grid = g([[0, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0]])
    twos = single_colour_components(grid, diagonal=True, skip=0)[0]
    expected = [[0, 0, 0, 0], [0, 2, 6, 0], [0, 6, 2, 0], [0, 0, 0, 0]]
    assert same(fill_bbox(grid, twos, 6), expected)
    assert same(fill_bboxes(grid, 6), expected)
    assert fill_bboxes(g([[0, 0]]), 6) is NO_VALUE


def test_box_objects_frames_each_object():
    grid = g([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
    assert same(
        box_objects(grid, 4),
        [[0] * 5, [0, 4, 4, 4, 0], [0, 4, 1, 4, 0], [0, 4, 4, 4, 0], [0] * 5],
    )
    edge = g([[1, 0, 0], [0, 0, 0], [0, 0, 0]])
    assert same(box_objects(edge, 4), [[1, 4, 0], [4, 4, 0], [0, 0, 0]])
    assert box_objects(g([[0, 0]]), 4) is NO_VALUE


def test_outlines():
    grid = g([[0, 0, 0, 0], [0, 5, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert same(outline(grid, 1), [[1, 1, 1, 0], [1, 5, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0]])
    assert same(
        outline_orthogonal(grid, 1), [[0, 1, 0, 0], [1, 5, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]]
    )


def test_extend_lines_from_a_colour():
    grid = g([[0, 0, 0, 0], [0, 2, 0, 5], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert same(extend_lines_h(grid, 2), [[0, 0, 0, 0], [2, 2, 2, 5], [0] * 4, [0] * 4])
    assert same(extend_lines_v(grid, 2), [[0, 2, 0, 0], [0, 2, 0, 5], [0, 2, 0, 0], [0, 2, 0, 0]])
    assert same(extend_cross(grid, 2), [[0, 2, 0, 0], [2, 2, 2, 5], [0, 2, 0, 0], [0, 2, 0, 0]])
    assert same(extend_diagonals(grid, 2), [[2, 0, 2, 0], [0, 2, 0, 5], [2, 0, 2, 0], [0, 0, 0, 2]])
    assert extend_lines_h(grid, 7) is NO_VALUE
    assert extend_lines_h(grid, 0) is NO_VALUE


def test_extend_every_cell_one_way_until_blocked():
    grid = g([[0, 4, 0, 0], [0, 0, 0, 0], [0, 6, 0, 0], [0, 0, 0, 0]])
    assert same(extend_down(grid), [[0, 4, 0, 0], [0, 4, 0, 0], [0, 6, 0, 0], [0, 6, 0, 0]])
    assert same(extend_up(grid), [[0, 4, 0, 0], [0, 6, 0, 0], [0, 6, 0, 0], [0, 0, 0, 0]])
    assert same(extend_right(grid), [[0, 4, 4, 4], [0, 0, 0, 0], [0, 6, 6, 6], [0, 0, 0, 0]])
    assert same(extend_left(grid), [[4, 4, 0, 0], [0, 0, 0, 0], [6, 6, 0, 0], [0, 0, 0, 0]])


def test_extend_every_cell_diagonally_until_blocked():
    grid = g([[4, 0, 0, 0], [0, 0, 0, 0], [0, 0, 6, 0], [0, 0, 0, 0]])
    assert same(extend_down_right(grid), [[4, 0, 0, 0], [0, 4, 0, 0], [0, 0, 6, 0], [0, 0, 0, 6]])
    assert same(extend_down_left(grid), [[4, 0, 0, 0], [0, 0, 0, 0], [0, 0, 6, 0], [0, 6, 0, 0]])
    assert same(extend_up_right(grid), [[4, 0, 0, 0], [0, 0, 0, 6], [0, 0, 6, 0], [0, 0, 0, 0]])
    assert same(extend_up_left(grid), [[4, 0, 0, 0], [0, 6, 0, 0], [0, 0, 6, 0], [0, 0, 0, 0]])


def test_connect_pairs_of_same_colour():
    grid = g(
        [
            [0, 0, 1, 0, 0],
            [2, 0, 0, 0, 2],
            [0, 0, 0, 0, 3],
            [0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0],
        ]
    )
    assert same(
        connect_h(grid),
        [[0, 0, 1, 0, 0], [2, 2, 2, 2, 2], [0, 0, 0, 0, 3], [0, 0, 1, 0, 0], [0] * 5],
    )
    assert same(
        connect_v(grid),
        [[0, 0, 1, 0, 0], [2, 0, 1, 0, 2], [0, 0, 1, 0, 3], [0, 0, 1, 0, 0], [0] * 5],
    )
    assert same(
        connect_same_colour(grid),
        [[0, 0, 1, 0, 0], [2, 2, 1, 2, 2], [0, 0, 1, 0, 3], [0, 0, 1, 0, 0], [0] * 5],
    )
    assert same(
        connect_with(grid, 8),
        [[0, 0, 1, 0, 0], [2, 8, 8, 8, 2], [0, 0, 8, 0, 3], [0, 0, 1, 0, 0], [0] * 5],
    )
    assert same(
        connect_h_with(grid, 8),
        [[0, 0, 1, 0, 0], [2, 8, 8, 8, 2], [0, 0, 0, 0, 3], [0, 0, 1, 0, 0], [0] * 5],
    )
    assert same(
        connect_v_with(grid, 8),
        [[0, 0, 1, 0, 0], [2, 0, 8, 0, 2], [0, 0, 8, 0, 3], [0, 0, 1, 0, 0], [0] * 5],
    )
    lone = g([[0, 1, 0], [0, 0, 0], [0, 0, 0]])
    assert same(connect_same_colour(lone), lone)


def test_connect_does_not_cross_other_cells():
    grid = g([[1, 0, 2, 0, 1], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
    assert same(connect_h(grid), grid)


def test_cell_gravity_keeps_order():
    grid = g([[3, 0, 0], [0, 0, 5], [4, 0, 0], [0, 0, 0]])
    assert same(gravity_down(grid), [[0, 0, 0], [0, 0, 0], [3, 0, 0], [4, 0, 5]])
    assert same(gravity_up(grid), [[3, 0, 5], [4, 0, 0], [0, 0, 0], [0, 0, 0]])
    assert same(gravity_left(grid), [[3, 0, 0], [5, 0, 0], [4, 0, 0], [0, 0, 0]])
    assert same(gravity_right(grid), [[0, 0, 3], [0, 0, 5], [0, 0, 4], [0, 0, 0]])


def test_object_gravity_moves_rigid_bodies():
    grid = g(
        [
            [0, 1, 1, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 2, 0],
        ]
    )
    assert same(
        gravity_objects_down(grid),
        [[0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 2, 0]],
    )
    assert same(
        gravity_objects_up(grid),
        [[0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 2, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
    )
    assert same(
        gravity_objects_left(grid),
        [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [2, 0, 0, 0]],
    )
    assert same(
        gravity_objects_right(grid),
        [[0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 2]],
    )
    assert gravity_objects_down(g([[0, 0], [0, 0]])) is NO_VALUE


def test_object_gravity_lets_a_piece_under_an_arch_fall_first():
    arch = [0, 4, 4, 4, 4, 4, 0]
    legs = [0, 4, 0, 0, 0, 4, 0]
    grid = g([arch, legs, [0, 4, 0, 6, 0, 4, 0], [0] * 7, [0] * 7, [0] * 7])
    assert same(
        gravity_objects_down(grid), [[0] * 7, [0] * 7, [0] * 7, arch, legs, [0, 4, 0, 6, 0, 4, 0]]
    )


def test_decorate_cells_of_one_colour():
    grid = g([[0, 0, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 0]])
    assert same(
        decorate_diagonal(grid, 2, 4),
        [[4, 0, 4, 0, 0], [0, 2, 0, 0, 0], [4, 0, 4, 1, 0], [0, 0, 0, 0, 0]],
    )
    assert same(
        decorate_orthogonal(grid, 1, 7),
        [[0, 0, 0, 0, 0], [0, 2, 0, 7, 0], [0, 0, 7, 1, 7], [0, 0, 0, 7, 0]],
    )
    assert decorate_diagonal(grid, 5, 4) is NO_VALUE
    assert decorate_orthogonal(grid, 0, 4) is NO_VALUE


def test_fill_zero_lines_paints_rows_and_columns_of_0():
    grid = g([[1, 0, 1], [0, 0, 0], [1, 0, 1], [1, 0, 1]])
    assert same(fill_zero_lines(grid, 2), [[1, 2, 1], [2, 2, 2], [1, 2, 1], [1, 2, 1]])
    assert fill_zero_lines(g([[1, 0], [0, 1]]), 2) is NO_VALUE


def test_fill_open_lines_paints_lines_clear_between_their_ends():
    grid = g(
        [
            [8, 8, 8, 8, 8, 8],
            [8, 0, 0, 0, 0, 2],
            [8, 0, 0, 8, 0, 2],
            [8, 0, 0, 0, 0, 2],
            [8, 2, 0, 2, 0, 2],
            [2, 2, 2, 2, 2, 2],
        ]
    )
    assert same(
        fill_open_lines(grid, 3),
        [
            [8, 8, 8, 8, 8, 8],
            [8, 3, 3, 3, 3, 2],
            [8, 0, 3, 8, 3, 2],
            [8, 3, 3, 3, 3, 2],
            [8, 2, 3, 2, 3, 2],
            [2, 2, 2, 2, 2, 2],
        ],
    )
    assert fill_open_lines(g([[0, 0], [0, 0]]), 3) is NO_VALUE


def test_hollow_objects_keeps_only_the_rims():
    grid = g([[0] * 5, [0, 6, 6, 6, 0], [0, 6, 6, 6, 0], [0, 6, 6, 6, 0], [0] * 5])
    assert same(
        hollow_objects(grid),
        [[0] * 5, [0, 6, 6, 6, 0], [0, 6, 0, 6, 0], [0, 6, 6, 6, 0], [0] * 5],
    )
    assert hollow_objects(g([[0, 6, 6], [0, 6, 6]])) is NO_VALUE


def test_connect_diagonals_joins_same_colour_cells_on_both_diagonals():
    grid = g(
        [
            [2, 0, 0, 6, 0],
            [0, 0, 0, 0, 0],
            [0, 0, 2, 0, 0],
            [6, 0, 0, 0, 0],
            [0, 0, 0, 0, 2],
        ]
    )
    assert same(
        connect_diagonals(grid),
        [
            [2, 0, 0, 6, 0],
            [0, 2, 6, 0, 0],
            [0, 6, 2, 0, 0],
            [6, 0, 0, 2, 0],
            [0, 0, 0, 0, 2],
        ],
    )


def test_connect_diagonals_does_not_cross_other_cells():
    grid = g([[4, 0, 0, 0], [0, 0, 0, 0], [0, 0, 5, 0], [0, 0, 0, 4]])
    assert same(connect_diagonals(grid), [[4, 0, 0, 0], [0, 0, 0, 0], [0, 0, 5, 0], [0, 0, 0, 4]])


def test_spread_colour_floods_the_background_regions_it_touches():
    grid = g([[0, 0, 5, 0, 0], [0, 1, 5, 0, 0], [5, 5, 5, 0, 0], [0, 0, 0, 5, 0]])
    assert same(
        spread_colour(grid, 1),
        [[1, 1, 5, 0, 0], [1, 1, 5, 0, 0], [5, 5, 5, 0, 0], [0, 0, 0, 5, 0]],
    )
    assert spread_colour(grid, 7) is NO_VALUE
    assert spread_colour(grid, 0) is NO_VALUE


def _connect_one_row_at_a_time(grid, colour=None):
    """The row-by-row loop the vectorised connect replaced: the reference it must equal."""
    bg = background(grid)
    out = np.array(grid)
    for lines, put in ((grid, lambda r, c, v: (r, c)), (grid.T, lambda r, c, v: (c, r))):
        gaps = np.full(lines.shape, -1)
        for row in range(lines.shape[0]):
            cols = np.flatnonzero(lines[row] != bg)
            for a, b in zip(cols[:-1], cols[1:], strict=True):
                if b > a + 1 and lines[row, a] == lines[row, b]:
                    gaps[row, a + 1 : b] = lines[row, a]
        for row, col in zip(*np.nonzero(gaps >= 0), strict=True):
            out[put(row, col, None)] = gaps[row, col] if colour is None else colour
    return out


def test_connecting_facing_cells_matches_the_row_by_row_reference_on_random_grids():
    rng = np.random.default_rng(7)
    for _ in range(300):
        shape = tuple(rng.integers(1, 12, size=2))
        sparse = rng.random(shape) < rng.uniform(0.05, 0.5)
        grid = np.where(sparse, rng.integers(1, 4, size=shape), 0).astype(np.int8)
        assert np.array_equal(connect_same_colour(grid), _connect_one_row_at_a_time(grid))
        assert np.array_equal(connect_with(grid, 7), _connect_one_row_at_a_time(grid, 7))


def test_extend_segments_fills_rows_over_columns():
    grid = g([[0, 0, 0, 0], [0, 3, 0, 0], [0, 3, 0, 0], [0, 0, 5, 5]])
    assert same(
        extend_segments(grid),
        [[0, 3, 0, 0], [0, 3, 0, 0], [0, 3, 0, 0], [5, 5, 5, 5]],
    )
    assert extend_segments(g([[0, 0, 0], [0, 4, 0], [0, 0, 0]])) is NO_VALUE  # no run of two


def test_gravity_to_matching_lines_slides_each_object_to_its_colour():
    grid = g(
        [
            [4, 0, 0, 0, 0, 6],
            [4, 0, 0, 6, 0, 6],
            [4, 0, 4, 0, 0, 6],
            [4, 0, 4, 0, 6, 6],
        ]
    )
    assert same(
        gravity_to_matching_lines(grid),
        [
            [4, 0, 0, 0, 0, 6],
            [4, 0, 0, 0, 6, 6],
            [4, 4, 0, 0, 0, 6],
            [4, 4, 0, 0, 6, 6],
        ],
    )
    # objects stop against the ones ahead of them
    row = g([[0, 0, 0, 0, 0], [0, 2, 0, 2, 2], [0, 0, 0, 0, 0]])
    assert same(
        gravity_to_matching_lines(g([[2, 0, 2, 0, 2], [2, 0, 0, 0, 0], [2, 0, 0, 0, 0]])),
        [[2, 2, 2, 0, 0], [2, 0, 0, 0, 0], [2, 0, 0, 0, 0]],
    )
    assert gravity_to_matching_lines(row) is NO_VALUE  # no full line of any colour


def test_connect_corners_joins_facing_corners_of_diagonal_neighbours_only():
    grid = g(
        [
            [3, 3, 0, 0, 0, 0],
            [3, 3, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0],
            [0, 0, 0, 3, 3, 0],
            [0, 0, 0, 3, 3, 0],
            [0, 0, 0, 0, 0, 0],
        ]
    )
    joined = connect_corners(grid)
    assert joined[2, 2] == 3 and (joined != grid).sum() == 1  # not (0, 1) to (3, 4) as well
    recoloured = np.array(grid)
    recoloured[3:] = np.where(grid[3:] == 3, 4, 0)
    assert same(connect_corners(recoloured), recoloured)


def test_free_fall_is_how_far_a_shape_can_step_down_one_row_at_a_time():
    rng = np.random.default_rng(1)
    for _ in range(2000):
        height, width = (int(side) for side in rng.integers(2, 15, size=2))
        below = rng.random((height, width)) < rng.random() * 0.4
        mask = rng.random((int(rng.integers(1, height)), width)) < 0.6
        below[: len(mask)] &= ~mask
        steps = 0
        while (
            steps + len(mask) < height
            and not (below[steps + 1 : steps + 1 + len(mask)] & mask).any()
        ):
            steps += 1
        assert _free_fall(below, mask) == steps
