from dsl.objects import (
    bottommost,
    by_colour,
    colour_groups,
    count_objects,
    first_object,
    keep_objects,
    largest,
    largest_bbox,
    last_object,
    leftmost,
    merge,
    most_colourful,
    most_common_shape_object,
    move_object,
    not_touching_border,
    object_at,
    object_colour,
    object_grid,
    object_mask_grid,
    object_position,
    object_shape,
    object_size,
    objects,
    objects_diag,
    objects_multi,
    objects_multi_diag,
    outline_objects,
    paint_object,
    recolour_by_size_rank,
    recolour_largest,
    recolour_object,
    recolour_objects,
    recolour_smallest,
    remove_object,
    remove_objects,
    remove_singletons,
    rightmost,
    size_at_least,
    size_at_most,
    size_is,
    smallest,
    sort_by_size,
    tallest,
    topmost,
    touching_border,
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
