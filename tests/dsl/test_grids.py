from dsl.grids import (
    choose,
    concentric_rings,
    count_grids,
    fewest_of_colour_grid,
    first_grid,
    fractal,
    fractal_by_colour,
    fractal_where,
    grid_at,
    grids_and,
    grids_diff,
    grids_equal,
    grids_nor,
    grids_or,
    grids_xor,
    halves,
    halves_h,
    halves_v,
    hconcat,
    is_square,
    is_taller,
    is_wider,
    kron,
    kron_coloured,
    largest_grid,
    last_grid,
    least_colourful_grid,
    mirror_down,
    mirror_four,
    mirror_left,
    mirror_right,
    mirror_up,
    most_colourful_grid,
    most_common_grid,
    most_of_colour_grid,
    nested_squares,
    odd_one_out_grid,
    odd_symmetry_grid,
    overlay,
    overlay_grids,
    pile_grids,
    quarters,
    reverse_grids,
    smallest_grid,
    split_by_lines,
    split_columns,
    split_rows,
    split_squares,
    stack_h,
    stack_v,
    tile,
    tile_framed,
    tile_mirrored,
    tile_rotations,
    tile_rotations_ccw,
    tile_to_shape,
    unique_grid,
    unique_layout_grid,
    vconcat,
)
from dsl.types import NO_VALUE
from tests.dsl.conftest import g, same

A = g([[1, 2], [3, 4]])
B = g([[5, 6]])


def all_same(grids, expected) -> bool:
    return len(grids) == len(expected) and all(
        same(a, b) for a, b in zip(grids, expected, strict=False)
    )


def test_tile():
    assert same(tile(B, 2, 2), [[5, 6, 5, 6], [5, 6, 5, 6]])
    assert tile(B, 0, 2) is NO_VALUE
    assert tile(B, 1, 16) is NO_VALUE


def test_tile_mirrored_reflects_every_other_copy():
    band = [[1, 2, 2, 1], [3, 4, 4, 3]]
    assert same(tile_mirrored(A, 3, 2), band + band[::-1] + band)
    assert tile_mirrored(A, 1, 0) is NO_VALUE


def test_tile_to_shape_cuts_at_the_edges():
    assert same(tile_to_shape(B, (2, 3)), [[5, 6, 5], [5, 6, 5]])
    assert tile_to_shape(B, (0, 3)) is NO_VALUE


def test_concatenation_needs_matching_sides():
    assert same(hconcat(A, A), [[1, 2, 1, 2], [3, 4, 3, 4]])
    assert same(vconcat(A, B), [[1, 2], [3, 4], [5, 6]])
    assert hconcat(A, B) is NO_VALUE
    assert vconcat(A, g([[1]])) is NO_VALUE


def test_mirrors():
    assert same(mirror_right(A), [[1, 2, 2, 1], [3, 4, 4, 3]])
    assert same(mirror_left(A), [[2, 1, 1, 2], [4, 3, 3, 4]])
    assert same(mirror_down(A), [[1, 2], [3, 4], [3, 4], [1, 2]])
    assert same(mirror_up(A), [[3, 4], [1, 2], [1, 2], [3, 4]])
    assert same(mirror_four(A), [[1, 2, 2, 1], [3, 4, 4, 3], [3, 4, 4, 3], [1, 2, 2, 1]])
    assert mirror_right(g([[1] * 16])) is NO_VALUE


def test_tile_rotations_turns_clockwise():
    assert same(tile_rotations(A), [[1, 2, 3, 1], [3, 4, 4, 2], [2, 4, 4, 3], [1, 3, 2, 1]])
    assert tile_rotations(B) is NO_VALUE


def test_tile_rotations_ccw_turns_anticlockwise():
    assert same(tile_rotations_ccw(A), [[1, 2, 2, 4], [3, 4, 1, 3], [3, 1, 4, 3], [4, 2, 2, 1]])
    assert tile_rotations_ccw(B) is NO_VALUE


def test_concentric_rings_spread_each_rings_colour_all_round():
    grid = g([[0, 0, 0, 0], [0, 0, 4, 0], [0, 0, 0, 0], [2, 0, 0, 0]])
    assert same(concentric_rings(grid), [[2, 2, 2, 2], [2, 4, 4, 2], [2, 4, 4, 2], [2, 2, 2, 2]])
    clash = g([[1, 0, 0], [0, 0, 0], [0, 0, 3]])
    assert concentric_rings(clash) is NO_VALUE


def test_nested_squares_put_the_first_colour_outermost():
    assert same(nested_squares(g([[8, 3]])), [[8, 8, 8], [8, 3, 8], [8, 8, 8]])
    assert same(nested_squares(g([[5]])), [[5]])
    assert nested_squares(A) is NO_VALUE


def test_fractal_copies_the_grid_into_its_foreground_cells():
    grid = g([[0, 7], [7, 0]])
    assert same(fractal(grid), [[0, 0, 0, 7], [0, 0, 7, 0], [0, 7, 0, 0], [7, 0, 0, 0]])
    # 0 is empty even where it is the rarer colour
    dense = g([[7, 7], [7, 0]])
    assert same(fractal(dense), [[7, 7, 7, 7], [7, 0, 7, 0], [7, 7, 0, 0], [7, 0, 0, 0]])
    assert fractal(g([[1] * 6] * 6)) is NO_VALUE


def test_fractal_where_copies_into_one_colour_on_zero():
    grid = g([[3, 8], [8, 8]])
    assert same(fractal_where(grid, 3), [[3, 8, 0, 0], [8, 8, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])


def test_kron_places_the_second_grid_by_the_first():
    assert same(kron(g([[1, 0, 1, 0, 0]]), B), [[5, 6, 0, 0, 5, 6, 0, 0, 0, 0]])
    assert kron(g([[1] * 6]), g([[1] * 6])) is NO_VALUE


def test_kron_coloured_paints_the_second_grids_shape_in_each_cells_colour():
    shape = g([[0, 8], [8, 8]])
    expected = [[0, 2, 0, 0], [2, 2, 0, 0], [0, 0, 0, 3], [0, 0, 3, 3]]
    assert same(kron_coloured(g([[2, 0], [0, 3]]), shape), expected)
    assert kron_coloured(g([[2] * 11]), g([[1] * 3])) is NO_VALUE


def test_split_by_lines_returns_cells_in_reading_order():
    grid = g(
        [
            [1, 0, 5, 0, 2],
            [0, 0, 5, 0, 0],
            [5, 5, 5, 5, 5],
            [0, 3, 5, 4, 0],
            [0, 0, 5, 0, 0],
        ]
    )
    parts = split_by_lines(grid)
    expected = [[[1, 0], [0, 0]], [[0, 2], [0, 0]], [[0, 3], [0, 0]], [[4, 0], [0, 0]]]
    assert all_same(parts, expected)
    assert not parts[0].flags.writeable
    assert split_by_lines(A) is NO_VALUE


def test_split_by_lines_merges_thick_lines():
    grid = g([[0, 0, 5, 5, 0], [1, 0, 5, 5, 3]])
    assert all_same(split_by_lines(grid), [[[0, 0], [1, 0]], [[0], [3]]])


def test_split_by_lines_falls_back_to_background_lines():
    grid = g([[1, 0, 0], [0, 0, 0], [0, 0, 3]])
    assert all_same(split_by_lines(grid), [[[1]], [[0]], [[0]], [[3]]])


def test_equal_splits():
    grid = g([[1, 2, 3], [4, 5, 6]])
    assert all_same(split_rows(grid, 2), [[[1, 2, 3]], [[4, 5, 6]]])
    assert all_same(split_columns(grid, 3), [[[1], [4]], [[2], [5]], [[3], [6]]])
    assert split_rows(grid, 3) is NO_VALUE
    assert split_columns(grid, 1) is NO_VALUE


def test_split_squares_cuts_a_strip():
    strip = g([[1, 2, 3, 4], [5, 6, 7, 8]])
    assert all_same(split_squares(strip), [[[1, 2], [5, 6]], [[3, 4], [7, 8]]])
    assert all_same(split_squares(g([[1], [2]])), [[[1]], [[2]]])
    assert split_squares(A) is NO_VALUE
    assert split_squares(g([[1, 2, 3], [4, 5, 6]])) is NO_VALUE


def test_halves_cuts_across_the_longer_side():
    assert all_same(halves(g([[1, 2, 3, 4]])), [[[1, 2]], [[3, 4]]])
    assert all_same(halves(g([[1], [2], [3]])), [[[1]], [[3]]])
    assert halves(A) is NO_VALUE


def test_halves_and_quarters_leave_out_the_middle_line():
    grid = g([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert all_same(halves_h(grid), [[[1], [4], [7]], [[3], [6], [9]]])
    assert all_same(halves_v(grid), [[[1, 2, 3]], [[7, 8, 9]]])
    assert all_same(quarters(grid), [[[1]], [[3]], [[7]], [[9]]])
    assert halves_h(g([[1], [2]])) is NO_VALUE
    assert quarters(g([[1, 2]])) is NO_VALUE


def test_choosing_by_position():
    grids = (A, B, A)
    assert same(first_grid(grids), A)
    assert same(last_grid((A, B)), B)
    assert same(grid_at(grids, 1), B)
    assert grid_at(grids, 3) is NO_VALUE
    assert first_grid(()) is NO_VALUE
    assert count_grids(grids) == 3
    assert all_same(reverse_grids((A, B)), [B, A])


def test_unique_and_most_common_grid():
    assert same(unique_grid((A, B, A)), B)
    assert unique_grid((A, B)) is NO_VALUE
    assert same(most_common_grid((A, B, A)), A)
    assert most_common_grid((A, B)) is NO_VALUE


def test_unique_layout_grid_ignores_colours():
    one, two, odd = g([[1, 0], [0, 1]]), g([[3, 0], [0, 3]]), g([[0, 2], [0, 2]])
    assert same(unique_layout_grid((one, odd, two)), odd)
    assert unique_layout_grid((one, two)) is NO_VALUE
    assert unique_layout_grid(()) is NO_VALUE


def test_choosing_by_colours():
    plain, busy = g([[0, 0], [0, 1]]), g([[2, 0], [3, 1]])
    assert same(most_colourful_grid((plain, busy)), busy)
    assert same(least_colourful_grid((plain, busy)), plain)
    assert most_colourful_grid(()) is NO_VALUE


def test_choosing_by_how_much_of_a_colour():
    few, many = g([[1, 0], [0, 2]]), g([[1, 1], [0, 1]])
    assert same(most_of_colour_grid((few, many), 1), many)
    assert same(fewest_of_colour_grid((many, few), 1), few)
    assert most_of_colour_grid((few, many), 7) is NO_VALUE
    assert fewest_of_colour_grid((), 1) is NO_VALUE


def test_the_grid_whose_symmetries_no_other_shares():
    mirrored, also_mirrored = g([[1, 0, 1], [2, 2, 2]]), g([[3, 3, 3], [0, 3, 0]])
    lopsided = g([[1, 1, 0], [2, 0, 0]])
    assert same(odd_symmetry_grid((mirrored, lopsided, also_mirrored)), lopsided)
    assert odd_symmetry_grid((mirrored, also_mirrored)) is NO_VALUE


def test_the_one_grid_that_differs_where_all_the_others_agree():
    # each panel's colours differ, so only one property (the diagonal mirror) singles one out
    diagonal = g([[8, 9, 8], [9, 8, 8], [8, 8, 8]])
    also_diagonal = g([[2, 2, 1], [2, 2, 1], [1, 1, 2]])
    lopsided = g([[4, 4, 4], [4, 4, 3], [3, 3, 3]])
    assert same(odd_one_out_grid((diagonal, lopsided, also_diagonal)), lopsided)
    assert odd_one_out_grid((diagonal, lopsided)) is NO_VALUE  # two: neither is the odd one
    # the first property that singles one out decides: here the colours used
    ones, twos = g([[1, 0], [0, 0]]), g([[2, 0], [0, 0]])
    assert same(odd_one_out_grid((ones, ones, twos, ones)), twos)
    assert odd_one_out_grid((ones, ones, ones)) is NO_VALUE  # nothing differs


def test_largest_and_smallest_use_the_collections_background():
    # by its own background (4) `full` has one foreground cell; by the collection's (0), three
    full, medium, empty = g([[4, 4], [4, 0]]), g([[0, 2], [2, 0]]), g([[0, 0], [0, 0]])
    assert same(largest_grid((medium, full, empty)), full)
    assert same(smallest_grid((medium, full, empty)), empty)
    assert largest_grid(()) is NO_VALUE


def test_boolean_combinations_of_the_first_two_grids():
    pair = (g([[1, 1, 0, 0]]), g([[2, 0, 2, 0]]))
    assert same(grids_and(pair, 3), [[3, 0, 0, 0]])
    assert same(grids_or(pair, 3), [[3, 3, 3, 0]])
    assert same(grids_xor(pair, 3), [[0, 3, 3, 0]])
    assert same(grids_nor(pair, 3), [[0, 0, 0, 3]])
    assert same(grids_diff(pair, 3), [[0, 3, 0, 0]])
    assert grids_and((A, B), 3) is NO_VALUE
    assert grids_or((A,), 3) is NO_VALUE


def test_overlay_grids_puts_the_first_on_top():
    layers = (g([[1, 0, 0]]), g([[2, 2, 0]]), g([[3, 3, 3]]))
    assert same(overlay_grids(layers), [[1, 2, 3]])
    assert overlay_grids((A, B)) is NO_VALUE


def test_overlay_paints_the_second_over_the_first():
    assert same(
        overlay(g([[1, 1, 0], [0, 0, 0]]), g([[0, 2, 2], [0, 0, 0]])), [[1, 2, 2], [0, 0, 0]]
    )
    assert overlay(A, B) is NO_VALUE


def test_stacks():
    assert same(stack_h((A, A, A)), [[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]])
    assert same(stack_v((A, B)), [[1, 2], [3, 4], [5, 6]])
    assert stack_h((A, B)) is NO_VALUE
    assert stack_v(()) is NO_VALUE


def test_choose_and_shape_tests():
    assert same(choose(True, A, B), A)
    assert same(choose(False, A, B), B)
    assert is_square(A) is True
    assert is_square(B) is False
    assert is_wider(B) is True
    assert is_taller(B) is False
    assert is_taller(g([[1], [2]])) is True
    assert grids_equal(A, g([[1, 2], [3, 4]])) is True
    assert grids_equal(A, B) is False


def test_split_by_lines_prefers_a_colour_found_only_on_its_lines():
    # the row of 2s is part of a cell; the row of 4s is the separator
    grid = g([[1, 0, 1], [2, 2, 2], [4, 4, 4], [0, 2, 0], [0, 0, 2]])
    assert all_same(split_by_lines(grid), [[[1, 0, 1], [2, 2, 2]], [[0, 2, 0], [0, 0, 2]]])


def test_fractal_by_colour_keeps_the_cells_of_each_cells_colour():
    grid = g([[1, 2], [2, 2]])
    assert same(
        fractal_by_colour(grid),
        [[1, 0, 0, 2], [0, 0, 2, 2], [0, 2, 0, 2], [2, 2, 2, 2]],
    )
    assert fractal_by_colour(g([[1] * 6] * 6)) is NO_VALUE  # 36 x 36 is too large


def test_pile_grids_stacks_the_drawn_rows_at_the_bottom_of_the_first_grids_height():
    first = g([[0, 0], [1, 0], [0, 0]])
    second = g([[0, 2], [0, 0], [0, 0]])
    assert same(pile_grids((first, second)), [[0, 0], [1, 0], [0, 2]])
    assert same(pile_grids((second, first)), [[0, 0], [0, 2], [1, 0]])
    assert pile_grids((first, g([[0, 0, 0]]))) is NO_VALUE
    assert pile_grids((g([[1, 1]]), g([[0, 2], [2, 0]]))) is NO_VALUE


def test_tile_framed_puts_lines_around_and_between_copies_with_background_crossings():
    framed = tile_framed(g([[0, 2]]), 2, 1, 5)
    assert same(framed, [[0, 5, 5, 0], [5, 0, 2, 5], [0, 5, 5, 0], [5, 0, 2, 5], [0, 5, 5, 0]])
    assert tile_framed(g([[1]]), 0, 1, 5) is NO_VALUE
    assert tile_framed(g([[1] * 20]), 1, 2, 5) is NO_VALUE
