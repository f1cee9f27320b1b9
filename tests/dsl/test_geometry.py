from dsl.common import single_colour_components
from dsl.geometry import (
    antitranspose,
    block_summary,
    bottom_half,
    crop,
    crop_inside,
    dedupe_columns,
    dedupe_rows,
    downscale_blocks,
    drop_background_lines,
    drop_first_column,
    drop_first_row,
    first_column,
    first_row,
    flip_h,
    flip_v,
    identity,
    left_half,
    pad_centred,
    pad_to_shape,
    remove_border,
    right_half,
    rot90,
    rot180,
    rot270,
    scale_down,
    scale_down_any,
    scale_to_shape,
    scale_up,
    scaled_shape,
    shift,
    skew_left,
    skew_right,
    top_half,
    transpose,
    trim,
    trim_zero,
    wrap_shift,
)
from dsl.types import NO_VALUE
from tests.dsl.conftest import g, same

A = g([[1, 2, 3], [4, 5, 6]])


def test_rotations_and_flips():
    assert same(rot90(A), [[4, 1], [5, 2], [6, 3]])
    assert same(rot180(A), [[6, 5, 4], [3, 2, 1]])
    assert same(rot270(A), [[3, 6], [2, 5], [1, 4]])
    assert same(flip_h(A), [[3, 2, 1], [6, 5, 4]])
    assert same(flip_v(A), [[4, 5, 6], [1, 2, 3]])
    assert same(transpose(A), [[1, 4], [2, 5], [3, 6]])
    assert same(antitranspose(A), [[6, 3], [5, 2], [4, 1]])


def test_identity_returns_the_grid():
    assert same(identity(A), A)


def test_outputs_are_read_only():
    assert not rot90(A).flags.writeable


def test_trim_crops_to_non_background():
    grid = g([[0, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 0], [0, 0, 0, 0]])
    assert same(trim(grid), [[3, 0], [0, 4]])
    assert same(trim_zero(grid), [[3, 0], [0, 4]])
    assert trim(g([[0, 0]])) is NO_VALUE


def test_crop_and_crop_inside_follow_an_object():
    grid = g([[0, 0, 0, 0, 0], [0, 2, 2, 2, 0], [0, 2, 5, 2, 0], [0, 2, 2, 2, 0]])
    frame = single_colour_components(grid, diagonal=False, skip=0)[0]
    assert same(crop(grid, frame), [[2, 2, 2], [2, 5, 2], [2, 2, 2]])
    assert same(crop_inside(grid, frame), [[5]])


def test_remove_border():
    assert same(remove_border(g([[1, 1, 1], [1, 7, 1], [1, 1, 1]])), [[7]])
    assert remove_border(A) is NO_VALUE


def test_scaling():
    assert same(scale_up(g([[1, 2]]), 2), [[1, 1, 2, 2], [1, 1, 2, 2]])
    assert scale_up(g([[1] * 20]), 2) is NO_VALUE
    assert same(scale_down(g([[1, 1, 2, 2], [1, 1, 2, 2]]), 2), [[1, 2]])
    assert scale_down(A, 2) is NO_VALUE
    assert same(scale_to_shape(g([[1, 2]]), (2, 4)), [[1, 1, 2, 2], [1, 1, 2, 2]])
    assert same(downscale_blocks(g([[1, 1, 2], [1, 1, 2], [3, 3, 4]])), [[1, 2], [3, 4]])


def test_padding_a_grid_to_a_larger_shape_keeps_it_at_the_top_left():
    assert same(pad_to_shape(g([[5, 0], [0, 0]]), (3, 3)), [[5, 0, 0], [0, 0, 0], [0, 0, 0]])
    assert same(pad_to_shape(g([[5, 7], [7, 7]]), (2, 3)), [[5, 7, 7], [7, 7, 7]])  # background 7
    assert pad_to_shape(g([[5, 0], [0, 0]]), (2, 2)) is NO_VALUE  # nothing to pad
    assert pad_to_shape(g([[5, 0], [0, 0]]), (1, 3)) is NO_VALUE  # would cut the grid
    assert pad_to_shape(g([[5]]), (31, 1)) is NO_VALUE


def test_padding_a_grid_to_a_larger_shape_around_its_middle():
    assert same(pad_centred(g([[5]]), (3, 1)), [[5], [5], [5]])  # a 1x1 grid is its background
    assert same(pad_centred(g([[5, 0]]), (3, 4)), [[0, 0, 0, 0], [0, 5, 0, 0], [0, 0, 0, 0]])
    assert pad_centred(g([[5, 0]]), (2, 4)) is NO_VALUE  # one extra row: no middle


def test_a_shape_scaled_and_offset_from_the_grid_s():
    assert scaled_shape(g([[1, 2, 3], [4, 5, 6]]), (2, 1), (0, -1)) == (4, 2)
    assert scaled_shape(g([[1, 2, 3]]), (0, 0), (3, 3)) == (3, 3)
    assert scaled_shape(g([[1, 2, 3]]), (1, 1), (-1, 0)) is NO_VALUE  # no rows left
    assert scaled_shape(g([[1] * 16]), (1, 2), (0, 0)) is NO_VALUE  # wider than 30


def test_halves():
    grid = g([[1, 2, 3, 4], [5, 6, 7, 8], [9, 0, 1, 2]])
    assert same(top_half(grid), [[1, 2, 3, 4]])
    assert same(bottom_half(grid), [[9, 0, 1, 2]])
    assert same(left_half(grid), [[1, 2], [5, 6], [9, 0]])
    assert same(right_half(grid), [[3, 4], [7, 8], [1, 2]])


def test_shifts():
    grid = g([[1, 0, 0], [0, 0, 0], [0, 0, 0]])
    assert same(shift(grid, (1, 2)), [[0, 0, 0], [0, 0, 1], [0, 0, 0]])
    assert same(wrap_shift(grid, (-1, 0)), [[0, 0, 0], [0, 0, 0], [1, 0, 0]])


def test_rows_and_columns():
    grid = g([[1, 1, 2], [1, 1, 2], [3, 3, 3]])
    assert same(first_row(grid), [[1, 1, 2]])
    assert same(first_column(grid), [[1], [1], [3]])
    assert same(dedupe_rows(grid), [[1, 1, 2], [3, 3, 3]])
    assert same(dedupe_columns(grid), [[1, 2], [1, 2], [3, 3]])
    sparse = g([[0, 0, 0, 0], [0, 5, 0, 6], [0, 0, 0, 0], [0, 7, 0, 0]])
    assert same(drop_background_lines(sparse), [[5, 6], [7, 0]])


def test_scale_down_any_keeps_any_foreground_of_a_block():
    grid = g([[0, 0, 0, 0], [0, 3, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert same(scale_down_any(grid, 2), [[3, 0], [0, 0]])
    assert scale_down_any(g([[0, 1, 0]]), 2) is NO_VALUE


def test_skew_shears_rows_and_pads_with_black():
    grid = g([[1, 2], [3, 4], [5, 6]])
    assert same(skew_right(grid), [[0, 0, 1, 2], [0, 3, 4, 0], [5, 6, 0, 0]])
    assert same(skew_left(grid), [[1, 2, 0, 0], [0, 3, 4, 0], [0, 0, 5, 6]])


def test_block_summary_gives_one_cell_per_noisy_block():
    grid = g(
        [
            [0, 0, 0, 0, 0],
            [0, 3, 3, 5, 5],
            [0, 3, 0, 5, 5],
            [0, 3, 3, 6, 6],
            [0, 3, 3, 6, 0],
        ]
    )
    assert same(block_summary(grid), [[3, 5], [3, 6]])
    assert block_summary(g([[0, 0], [0, 0]])) is NO_VALUE
    assert block_summary(g([[0, 0], [0, 6]])) is NO_VALUE


def test_drop_first_column_and_row():
    grid = g([[1, 2], [3, 4]])
    assert same(drop_first_column(grid), [[2], [4]])
    assert same(drop_first_row(grid), [[3, 4]])
    assert drop_first_column(g([[1], [2]])) is NO_VALUE
    assert drop_first_row(g([[1, 2]])) is NO_VALUE
