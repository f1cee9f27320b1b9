import numpy as np
from scipy import ndimage

from dsl.common import FOUR, background, extract_objects, object_mask
from dsl.objects import (
    _eroded,
    apply_legend,
    bottommost,
    by_colour,
    colour_groups,
    count_objects,
    fewest_of_colour,
    fill_interiors,
    fill_object_interior,
    first_object,
    flip_objects_h,
    flip_objects_v,
    inside_others,
    keep_objects,
    largest,
    largest_bbox,
    largest_object,
    last_object,
    leftmost,
    merge,
    most_colourful,
    most_common_shape_object,
    most_of_colour,
    move_object,
    move_until_touching,
    not_touching_border,
    object_at,
    object_colour,
    object_grid,
    object_grids,
    object_mask_grid,
    object_of_colour,
    object_position,
    object_shape,
    object_size,
    objects,
    objects_diag,
    objects_multi,
    objects_multi_diag,
    objects_multi_nonzero,
    objects_nonzero,
    objects_nonzero_diag,
    odd_one_out_object,
    odd_symmetry_object,
    outline_objects,
    outside_others,
    paint_object,
    recolour_by_size_rank,
    recolour_by_touching_marker,
    recolour_largest,
    recolour_object,
    recolour_objects,
    recolour_smallest,
    remove_object,
    remove_objects,
    remove_singletons,
    remove_specks,
    rightmost,
    size_at_least,
    size_at_most,
    size_is,
    smallest,
    sort_by_size,
    step_to_markers,
    step_towards,
    symmetric_objects,
    tallest,
    thick_objects,
    thin_objects,
    topmost,
    touching_border,
    turn_objects,
    unique_colour,
    unique_shape,
    widest,
    with_holes,
    without_colour,
    without_holes,
)
from dsl.types import NO_VALUE, Object
from tests.dsl.conftest import g, same

# Three objects on 0: a 2x2 block of 1 (top left), a 1x3 bar of 2 (right), a single 3 (bottom).
SCENE = g(
    [
        [1, 1, 0, 0, 0],
        [1, 1, 0, 2, 2],
        [0, 0, 0, 0, 2],
        [0, 0, 3, 0, 0],
    ]
)


def _sizes(objs):
    return [o.size for o in objs]


def _colours(objs):
    return [o.colour for o in objs]


def test_objects_are_single_colour_four_connected_in_reading_order():
    objs = objects(SCENE)
    assert [(o.top, o.left) for o in objs] == [(0, 0), (1, 3), (3, 2)]
    assert _colours(objs) == [1, 2, 3]
    assert _sizes(objs) == [4, 3, 1]
    assert objects(g([[5, 5], [5, 5]])) is NO_VALUE


def test_diagonal_and_multicolour_extraction():
    grid = g([[1, 0, 0], [0, 1, 2], [0, 0, 0]])
    assert _sizes(objects(grid)) == [1, 1, 1]
    assert _sizes(objects_diag(grid)) == [2, 1]
    assert _sizes(objects_multi(grid)) == [1, 2]
    assert _sizes(objects_multi_diag(grid)) == [3]
    assert same(object_grid(objects_multi_diag(grid)[0]), [[1, 0, 0], [0, 1, 2]])


def test_colour_groups_hold_every_cell_of_a_colour():
    grid = g([[1, 0, 1], [0, 0, 0], [2, 0, 0]])
    groups = colour_groups(grid)
    assert _colours(groups) == [1, 2]
    assert _sizes(groups) == [2, 1]
    assert same(object_grid(groups[0]), [[1, 0, 1]])
    assert colour_groups(g([[4]])) is NO_VALUE


def test_selection_by_size_and_extent():
    objs = objects(SCENE)
    assert object_colour(largest(objs)) == 1
    assert object_colour(smallest(objs)) == 3
    assert object_colour(largest_bbox(objs)) == 1
    assert object_colour(first_object(objs)) == 1
    assert object_colour(last_object(objs)) == 3
    assert object_colour(object_at(objs, 1)) == 2
    assert object_at(objs, 3) is NO_VALUE
    assert object_at(objs, -1) is NO_VALUE
    assert object_colour(tallest(objs)) == 1
    assert object_colour(widest(objs)) == 1
    assert largest(()) is NO_VALUE
    assert first_object(()) is NO_VALUE


def test_selection_by_position():
    objs = objects(SCENE)
    assert object_colour(topmost(objs)) == 1
    assert object_colour(bottommost(objs)) == 3
    assert object_colour(leftmost(objs)) == 1
    assert object_colour(rightmost(objs)) == 2
    assert topmost(()) is NO_VALUE


def test_most_colourful_picks_the_object_with_most_colours():
    objs = objects_multi(g([[1, 0, 2, 3], [1, 0, 2, 4]]))
    assert object_position(most_colourful(objs)) == (0, 2)


def test_choosing_objects_by_how_much_of_a_colour():
    objs = objects_multi(g([[1, 1, 0, 1, 2], [1, 2, 0, 2, 0], [0, 0, 0, 0, 0]]))
    assert object_position(most_of_colour(objs, 1)) == (0, 0)
    assert object_position(fewest_of_colour(objs, 1)) == (0, 3)
    assert most_of_colour(objs, 5) is NO_VALUE


def test_the_object_whose_symmetries_no_other_shares():
    objs = objects(g([[1, 1, 0, 2, 2, 0, 3, 0], [1, 1, 0, 2, 2, 0, 3, 3]]))
    assert object_position(odd_symmetry_object(objs)) == (0, 6)
    assert odd_symmetry_object(objs[:2]) is NO_VALUE


def test_the_one_object_that_differs_where_all_the_others_agree():
    # three 2x2 squares and one of three cells: the colours differ, the shape singles one out
    objs = objects(g([[1, 1, 0, 2, 2, 0, 3, 3, 0, 4, 4], [1, 1, 0, 2, 2, 0, 3, 0, 0, 4, 4]]))
    assert object_position(odd_one_out_object(objs)) == (0, 6)
    assert odd_one_out_object(objs[:2]) is NO_VALUE  # two: neither is the odd one
    # one colour among three of another comes first
    same_shape = objects(g([[5, 0, 5, 0, 6, 0, 5]]))
    assert object_colour(odd_one_out_object(same_shape)) == 6
    assert odd_one_out_object(objects(g([[5, 0, 5, 0, 5]]))) is NO_VALUE


def test_unique_and_common_shapes_and_colours():
    objs = objects(g([[1, 0, 2, 0, 4], [1, 0, 2, 0, 0]]))
    assert object_position(unique_shape(objs)) == (0, 4)
    assert object_position(most_common_shape_object(objs)) == (0, 0)
    assert unique_colour(objs) is NO_VALUE  # every colour occurs once: ambiguous
    assert object_colour(unique_colour(objects(g([[1, 0, 2, 0, 2]])))) == 1
    assert unique_shape(objects(g([[1, 0, 2]]))) is NO_VALUE
    assert most_common_shape_object(objects(g([[1, 0, 2, 2], [0, 0, 0, 0]]))) is NO_VALUE


def test_filters_by_colour_and_size():
    objs = objects(SCENE)
    assert _colours(by_colour(objs, 2)) == [2]
    assert by_colour(objs, 7) == ()
    assert _colours(without_colour(objs, 2)) == [1, 3]
    assert _sizes(size_at_least(objs, 3)) == [4, 3]
    assert _sizes(size_at_most(objs, 3)) == [3, 1]
    assert _sizes(size_is(objs, 3)) == [3]
    assert _sizes(remove_singletons(objs)) == [4, 3]
    assert _sizes(sort_by_size(objects(g([[1, 0, 2, 2, 0, 3, 3, 3], [0] * 8])))) == [3, 2, 1]


def test_filters_by_border_contact():
    grid = g([[1, 0, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0]])
    objs = objects(grid)
    assert _colours(touching_border(grid, objs)) == [1]
    assert _colours(not_touching_border(grid, objs)) == [2]


def test_filters_by_holes():
    grid = g([[1, 1, 1, 0, 2], [1, 0, 1, 0, 2], [1, 1, 1, 0, 0], [0] * 5, [0] * 5])
    objs = objects(grid)
    assert _colours(with_holes(objs)) == [1]
    assert _colours(without_holes(objs)) == [2]


def test_properties():
    bar = objects(SCENE)[1]
    assert object_colour(bar) == 2
    assert object_size(bar) == 3
    assert object_shape(bar) == (2, 2)
    assert object_position(bar) == (1, 3)
    assert count_objects(objects(SCENE)) == 3
    assert count_objects(()) == 0


def test_merge_unions_objects():
    merged = merge(objects(SCENE))
    assert object_position(merged) == (0, 0)
    assert object_size(merged) == 8
    assert same(object_grid(merged), SCENE)
    assert merge(()) is NO_VALUE


def test_object_to_grids():
    bar = objects(SCENE)[1]
    assert same(object_grid(bar), [[2, 2], [0, 2]])
    assert same(object_mask_grid(bar), [[1, 1], [0, 1]])


def test_paint_recolour_and_remove():
    block, bar, dot = objects(SCENE)
    assert same(
        recolour_object(SCENE, bar, 5),
        [[1, 1, 0, 0, 0], [1, 1, 0, 5, 5], [0, 0, 0, 0, 5], [0, 0, 3, 0, 0]],
    )
    assert same(
        recolour_objects(SCENE, (block, dot), 7),
        [[7, 7, 0, 0, 0], [7, 7, 0, 2, 2], [0, 0, 0, 0, 2], [0, 0, 7, 0, 0]],
    )
    assert same(
        remove_object(SCENE, block),
        [[0, 0, 0, 0, 0], [0, 0, 0, 2, 2], [0, 0, 0, 0, 2], [0, 0, 3, 0, 0]],
    )
    assert same(
        remove_objects(SCENE, (block, bar)),
        [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 3, 0, 0]],
    )
    assert same(
        keep_objects(SCENE, (dot,)),
        [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 3, 0, 0]],
    )
    assert same(remove_objects(SCENE, ()), SCENE)
    blank = g([[0, 0, 0], [0, 0, 0]])
    assert same(paint_object(blank, Object(0, 1, dot.cells)), [[0, 3, 0], [0, 0, 0]])


def test_move_object():
    dot = objects(SCENE)[2]
    assert same(
        move_object(SCENE, dot, (-1, 0)),
        [[1, 1, 0, 0, 0], [1, 1, 0, 2, 2], [0, 0, 3, 0, 2], [0, 0, 0, 0, 0]],
    )
    assert move_object(SCENE, dot, (5, 0)) is NO_VALUE


def test_outline_objects_rings_only_the_given_objects():
    grid = g([[0, 0, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 0, 0, 4], [0, 0, 0, 0, 0]])
    twos = by_colour(objects(grid), 2)
    assert same(
        outline_objects(grid, twos, 3),
        [[3, 3, 3, 0, 0], [3, 2, 3, 0, 0], [3, 3, 3, 0, 4], [0, 0, 0, 0, 0]],
    )


def test_recolour_by_size_rank():
    grid = g([[5, 5, 5, 0, 5], [0, 0, 0, 0, 5], [5, 0, 5, 5, 0], [0] * 5])
    assert same(
        recolour_by_size_rank(grid),
        [[1, 1, 1, 0, 2], [0, 0, 0, 0, 2], [3, 0, 2, 2, 0], [0] * 5],
    )
    assert recolour_by_size_rank(g([[5]])) is NO_VALUE


def test_recolour_largest_and_smallest():
    assert same(
        recolour_largest(SCENE, 9),
        [[9, 9, 0, 0, 0], [9, 9, 0, 2, 2], [0, 0, 0, 0, 2], [0, 0, 3, 0, 0]],
    )
    assert same(
        recolour_smallest(SCENE, 9),
        [[1, 1, 0, 0, 0], [1, 1, 0, 2, 2], [0, 0, 0, 0, 2], [0, 0, 9, 0, 0]],
    )
    assert recolour_largest(g([[0, 0]]), 9) is NO_VALUE


def test_objects_multi_nonzero_joins_colours_on_a_black_background_even_when_outnumbered():
    grid = g([[1, 1, 1, 0], [1, 2, 1, 0], [1, 1, 1, 0], [0, 0, 0, 3]])
    objs = objects_multi_nonzero(grid)
    assert [o.size for o in objs] == [9, 1]
    assert objects_multi_nonzero(g([[0, 0]])) is NO_VALUE


def test_objects_nonzero_treats_0_as_background_even_when_outnumbered():
    grid = g([[3, 3, 0], [0, 3, 0], [3, 0, 3]])
    objs = objects_nonzero(grid)
    assert [(o.top, o.left, o.size) for o in objs] == [(0, 0, 3), (2, 0, 1), (2, 2, 1)]
    assert objects_nonzero(g([[0, 0]])) is NO_VALUE


def test_largest_object_is_found_among_too_many_specks():
    # A checkerboard of 1s and 2s (over a hundred single-cell objects) with a block of 4s.
    rows = [[1 + (r + c) % 2 for c in range(20)] for r in range(20)]
    for r in range(3, 6):
        rows[r][5:9] = [4] * 4
    grid = g(rows)
    assert objects(grid) is NO_VALUE
    found = largest_object(grid)
    assert (found.top, found.left, found.size, found.colour) == (3, 5, 12, 4)
    assert largest_object(g([[5, 5]])) is NO_VALUE


def test_largest_object_takes_the_first_in_reading_order_on_ties():
    found = largest_object(g([[0, 0, 2, 2], [3, 3, 0, 0]]))
    assert (found.top, found.left, found.colour) == (0, 2, 2)


def test_object_of_colour_picks_the_first_of_that_colour():
    found = object_of_colour(objects(SCENE), 2)
    assert (found.top, found.left) == (1, 3)
    assert object_of_colour(objects(SCENE), 7) is NO_VALUE


def test_step_towards_moves_one_cell_diagonally():
    grid = g([[3, 0, 0], [0, 0, 0], [0, 0, 4]])
    objs = objects(grid)
    assert same(step_towards(grid, objs[0], objs[1]), [[0, 0, 0], [0, 3, 0], [0, 0, 4]])
    touching = g([[3, 4, 0, 0]])
    pair = objects(touching)
    assert step_towards(touching, pair[0], pair[1]) is NO_VALUE


def test_move_until_touching_slides_along_the_shared_rows():
    grid = g([[2, 2, 0, 0, 0, 8], [0, 2, 0, 0, 0, 8]])
    objs = objects(grid)
    assert same(
        move_until_touching(grid, objs[0], objs[1]), [[0, 0, 0, 2, 2, 8], [0, 0, 0, 0, 2, 8]]
    )
    apart = g([[2, 0], [0, 8]])
    diagonal = objects(apart)
    assert move_until_touching(apart, diagonal[0], diagonal[1]) is NO_VALUE


def test_move_until_touching_slides_down_a_column():
    grid = g([[5], [0], [0], [6]])
    objs = objects(grid)
    assert same(move_until_touching(grid, objs[0], objs[1]), [[0], [0], [5], [6]])


def test_fill_interiors_of_single_and_many_objects():
    grid = g(
        [
            [5, 5, 5, 0, 0, 0],
            [5, 5, 5, 0, 4, 4],
            [5, 5, 5, 0, 4, 4],
            [5, 5, 5, 0, 4, 4],
        ]
    )
    big = objects_nonzero(grid)[0]
    assert same(
        fill_object_interior(grid, big, 2),
        [[5, 5, 5, 0, 0, 0], [5, 2, 5, 0, 4, 4], [5, 2, 5, 0, 4, 4], [5, 5, 5, 0, 4, 4]],
    )
    assert fill_object_interior(grid, objects_nonzero(grid)[1], 2) is NO_VALUE
    square = g([[1, 1, 1, 0, 3, 3, 3], [1, 1, 1, 0, 3, 3, 3], [1, 1, 1, 0, 3, 3, 3]])
    assert same(
        fill_interiors(square, objects_nonzero(square), 2),
        [[1, 1, 1, 0, 3, 3, 3], [1, 2, 1, 0, 3, 2, 3], [1, 1, 1, 0, 3, 3, 3]],
    )
    assert fill_interiors(square, (), 2) is NO_VALUE


def test_symmetric_objects_keeps_left_right_mirror_images_of_themselves():
    grid = g([[2, 2, 0, 0, 0], [0, 2, 0, 6, 6], [0, 0, 0, 0, 0], [3, 1, 3, 0, 0]])
    kept = symmetric_objects(objects_multi(grid))
    assert [(o.top, o.left) for o in kept] == [(1, 3), (3, 0)]
    assert symmetric_objects(()) == ()


def test_remove_specks_keeps_only_cells_of_2x2_blocks():
    grid = g(
        [
            [7, 0, 0, 0, 0],
            [0, 7, 7, 7, 0],
            [0, 7, 7, 7, 7],
            [0, 0, 0, 0, 0],
            [0, 0, 0, 3, 3],
        ]
    )
    assert same(
        remove_specks(grid),
        [[0] * 5, [0, 7, 7, 7, 0], [0, 7, 7, 7, 0], [0] * 5, [0] * 5],
    )


def test_object_grids_crops_each_object():
    grid = g([[1, 1, 0, 0], [0, 0, 0, 2], [0, 0, 0, 2]])
    crops = object_grids(objects(grid))
    assert len(crops) == 2
    assert same(crops[0], [[1, 1]]) and same(crops[1], [[2], [2]])
    assert object_grids(()) is NO_VALUE


def test_recolour_by_touching_marker_takes_the_touching_lone_colour():
    grid = g(
        [
            [0, 6, 6, 3, 0],
            [0, 0, 0, 0, 0],
            [6, 6, 0, 0, 5],
            [0, 6, 0, 0, 0],
        ]
    )
    assert same(
        recolour_by_touching_marker(grid),
        [
            [0, 3, 3, 0, 0],
            [0, 0, 0, 0, 0],
            [6, 6, 0, 0, 0],
            [0, 6, 0, 0, 0],
        ],
    )


def test_recolour_by_touching_marker_takes_the_first_side_touching_lone_cell_on_random_grids():
    rng = np.random.default_rng(3)
    for _ in range(300):
        grid = rng.integers(0, rng.integers(2, 6), size=rng.integers(1, 13, size=2))
        grid[rng.random(grid.shape) < 0.5] = 0
        grid = g(grid)
        got = recolour_by_touching_marker(grid)
        objs = extract_objects(grid, multicolour=False, diagonal=True)
        if objs is NO_VALUE:
            assert got is NO_VALUE
            continue
        lone = np.full(grid.shape, -1)
        want = np.array(grid)
        for obj in (o for o in objs if o.size == 1):
            lone[obj.top, obj.left] = want[obj.top, obj.left]
            want[obj.top, obj.left] = background(grid)
        for obj in (o for o in objs if o.size > 1):
            mask = object_mask(grid.shape, obj)
            rows, cols = np.nonzero(ndimage.binary_dilation(mask, structure=FOUR) & (lone >= 0))
            if rows.size:  # row-major order: the first is first in reading order
                want[mask] = lone[rows[0], cols[0]]
        assert same(got, want)


def test_inside_others_keeps_objects_within_a_larger_objects_box():
    grid = g(
        [[1, 1, 1, 1, 0, 0], [1, 2, 0, 1, 0, 0], [1, 1, 1, 1, 0, 3], [0, 0, 0, 0, 0, 0]]
        + [[0] * 6] * 3
    )
    objs = objects(grid)
    inside = inside_others(objs)
    assert [o.colour for o in inside] == [2]
    assert sorted(o.colour for o in outside_others(objs)) == [1, 3]


def test_thick_objects_have_a_full_two_by_two_block():
    grid = g([[1, 1, 0, 2, 2, 2], [1, 1, 0, 0, 0, 0], [0, 0, 0, 3, 3, 0], [4, 0, 0, 3, 0, 0]])
    objs = objects(grid)
    assert [o.colour for o in thick_objects(objs)] == [1]
    assert sorted(o.colour for o in thin_objects(objs)) == [2, 3, 4]


def test_apply_legend_replaces_pair_after_pair_outside_the_legend():
    grid = g([[1, 4, 0, 1, 4], [4, 6, 0, 2, 2], [0, 0, 0, 0, 0]])
    legend = Object(0, 0, np.array([[1, 4], [4, 6]], dtype=np.int8))
    assert same(apply_legend(grid, legend), g([[1, 4, 0, 6, 6], [4, 6, 0, 2, 2], [0, 0, 0, 0, 0]]))
    assert apply_legend(grid, Object(0, 0, np.full((3, 3), 1, dtype=np.int8))) is NO_VALUE
    wide = g([[4, 3, 9, 0, 4], [5, 7, 9, 0, 3]])
    tall = Object(0, 0, np.array([[4, 3, 9], [5, 7, 9]], dtype=np.int8))
    assert same(apply_legend(wide, tall), g([[4, 3, 9, 0, 5], [5, 7, 9, 0, 7]]))


def test_turn_objects_stands_each_bar_up_about_its_centre():
    grid = g([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 4, 4, 4, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
    turned = turn_objects(grid)
    assert same(
        turned, g([[0, 0, 0, 0, 0], [0, 0, 4, 0, 0], [0, 0, 4, 0, 0], [0, 0, 4, 0, 0]] + [[0] * 5])
    )
    even = g([[0, 0, 0, 0], [0, 3, 3, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert turn_objects(even) is NO_VALUE


def test_flip_objects_mirror_each_object_in_its_own_box():
    grid = g([[1, 1, 0, 0, 0], [1, 0, 0, 2, 0], [0, 0, 0, 2, 2], [0, 0, 0, 0, 0]])
    assert same(
        flip_objects_h(grid), g([[1, 1, 0, 0, 0], [0, 1, 0, 0, 2], [0, 0, 0, 2, 2], [0] * 5])
    )
    assert same(
        flip_objects_v(grid), g([[1, 0, 0, 0, 0], [1, 1, 0, 2, 2], [0, 0, 0, 2, 0], [0] * 5])
    )


def test_objects_nonzero_diag_joins_corners_and_keeps_0_as_background():
    grid = g([[3, 3, 0], [0, 0, 3], [3, 0, 3]])
    objs = objects_nonzero_diag(grid)
    assert [(o.top, o.left, o.size) for o in objs] == [(0, 0, 4), (2, 0, 1)]
    assert objects_nonzero_diag(g([[0, 0]])) is NO_VALUE


def test_step_to_markers_moves_each_marked_object_one_cell_towards_its_marker():
    grid = g(
        [
            [0, 0, 0, 0, 0],
            [0, 3, 3, 0, 0],
            [0, 3, 8, 0, 0],
            [0, 0, 0, 0, 0],
            [0, 0, 0, 0, 5],
        ]
    )
    stepped = [
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 3, 3, 0],
        [0, 0, 3, 3, 0],
        [0, 0, 0, 0, 5],
    ]
    assert same(step_to_markers(grid, 8), stepped)
    assert step_to_markers(grid, 7) is NO_VALUE


def test_erosion_by_shifted_views_is_scipys_binary_erosion():
    from scipy import ndimage

    rng = np.random.default_rng(9)
    square = np.ones((3, 3), dtype=bool)
    for _ in range(500):
        mask = rng.random(tuple(rng.integers(1, 9, size=2))) < rng.choice([0.5, 0.8, 0.95])
        expected = ndimage.binary_erosion(mask, structure=square, border_value=0)
        assert np.array_equal(_eroded(mask), expected)
