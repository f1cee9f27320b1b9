from dsl.colour import (
    add,
    apply_colour_map,
    background_colour,
    blank,
    border_colour,
    colour_at,
    colour_histogram,
    colours_by_appearance,
    colours_by_frequency,
    colours_by_layer,
    count_colour,
    count_colours,
    count_foreground,
    count_to_row,
    divide,
    fill_grid,
    fill_in_reading_order,
    foreground_colour,
    greater,
    has_colour,
    height,
    invert,
    invert_rows,
    keep_colour,
    make_shape,
    minority_colour,
    multiply,
    normalise_colours,
    position_of_colour,
    recolour_foreground,
    remove_colour,
    replace_colour,
    restore_colours,
    set_background,
    shape_of,
    sort_cells,
    subtract,
    swap_colours,
    swap_foreground_colours,
    width,
)
from dsl.types import NO_VALUE, ColourMap, Palette
from tests.dsl.conftest import g, same

# background 0 (5 cells), then 2 (3 cells), 1 (2 cells), 3 (1 cell)
A = g([[0, 1, 2, 0], [2, 0, 1, 2], [0, 3, 0, 0]])


def test_replace_and_swap_colours():
    assert same(replace_colour(A, 2, 5), [[0, 1, 5, 0], [5, 0, 1, 5], [0, 3, 0, 0]])
    assert same(replace_colour(A, 7, 5), A)
    assert same(swap_colours(A, 1, 2), [[0, 2, 1, 0], [1, 0, 2, 1], [0, 3, 0, 0]])


def test_apply_colour_map():
    mapping = ColourMap.from_pairs({1: 4, 3: 1})
    assert same(apply_colour_map(A, mapping), [[0, 4, 2, 0], [2, 0, 4, 2], [0, 1, 0, 0]])


def test_keep_and_remove_colour_use_the_background():
    grid = g([[5, 5, 1], [5, 2, 5]])
    assert same(keep_colour(grid, 1), [[5, 5, 1], [5, 5, 5]])
    assert same(remove_colour(grid, 1), [[5, 5, 5], [5, 2, 5]])


def test_recolour_foreground_and_set_background():
    grid = g([[5, 5, 1], [5, 2, 5]])
    assert same(recolour_foreground(grid, 8), [[5, 5, 8], [5, 8, 5]])
    assert same(set_background(grid, 0), [[0, 0, 1], [0, 2, 0]])
    assert same(fill_grid(grid, 3), [[3, 3, 3], [3, 3, 3]])


def test_invert_needs_exactly_two_colours():
    assert same(invert(g([[0, 4], [4, 4]])), [[4, 0], [0, 0]])
    assert invert(A) is NO_VALUE
    assert invert(g([[7]])) is NO_VALUE


def test_swap_foreground_colours():
    grid = g([[0, 0, 1], [0, 6, 6]])
    assert same(swap_foreground_colours(grid), [[0, 0, 6], [0, 1, 1]])
    assert swap_foreground_colours(A) is NO_VALUE


def test_which_colour():
    assert background_colour(A) == 0
    assert foreground_colour(A) == 2
    assert minority_colour(A) == 3
    assert foreground_colour(g([[4, 4]])) is NO_VALUE
    assert minority_colour(g([[4, 4]])) is NO_VALUE
    framed = g([[1, 1, 1, 1, 1], [1, 0, 0, 0, 1], [1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0] * 5])
    assert background_colour(framed) == 0
    assert border_colour(framed) == 1


def test_colour_at_counts_negative_indices_from_the_end():
    assert colour_at(A, (0, 1)) == 1
    assert colour_at(A, (-1, 1)) == 3
    assert colour_at(A, (3, 0)) is NO_VALUE
    assert type(colour_at(A, (0, 2))) is int


def test_colours_by_frequency_lists_the_foreground_most_common_first():
    assert same(colours_by_frequency(A), [[2], [1], [3]])
    assert colours_by_frequency(g([[6, 6]])) is NO_VALUE


def test_colour_histogram_has_a_column_per_colour_most_common_first():
    grid = g([[2, 2, 1], [2, 3, 1], [1, 1, 1]])
    assert same(colour_histogram(grid), [[1, 2, 3], [1, 2, 0], [1, 2, 0], [1, 0, 0], [1, 0, 0]])
    assert same(colour_histogram(g([[0, 4, 0]])), [[4]])
    assert colour_histogram(g([[0, 0]])) is NO_VALUE
    assert colour_histogram(g([[5] * 6] * 6)) is NO_VALUE


def test_has_colour():
    assert has_colour(A, 3) is True
    assert has_colour(A, 9) is False


def test_counting():
    assert count_colour(A, 2) == 3
    assert count_colour(A, 9) == 0
    assert count_colours(A) == 4
    assert count_foreground(A) == 6
    assert type(count_foreground(A)) is int


def test_count_to_row():
    assert same(count_to_row(3, 4), [[4, 4, 4]])
    assert count_to_row(0, 4) is NO_VALUE
    assert count_to_row(31, 4) is NO_VALUE


def test_fill_in_reading_order():
    assert same(fill_in_reading_order(g([[0, 0, 0], [0, 0, 0]]), 4, 1), [[1, 1, 1], [1, 0, 0]])
    assert same(fill_in_reading_order(A, 0, 1), A)
    assert fill_in_reading_order(A, 13, 1) is NO_VALUE


def test_shapes_and_sizes():
    assert shape_of(A) == (3, 4)
    assert height(A) == 3
    assert width(A) == 4
    assert make_shape(2, 5) == (2, 5)
    assert make_shape(0, 5) is NO_VALUE
    assert same(blank((2, 3), 6), [[6, 6, 6], [6, 6, 6]])
    assert blank((31, 1), 6) is NO_VALUE


def test_arithmetic_is_bounded():
    assert add(2, 3) == 5
    assert subtract(2, 3) == -1
    assert multiply(4, 3) == 12
    assert divide(7, 2) == 3
    assert divide(7, 0) is NO_VALUE
    assert add(900, 1) is NO_VALUE
    assert multiply(10_000, 10_000) is NO_VALUE
    assert greater(3, 2) is True
    assert greater(2, 2) is False


def test_normalising_renames_free_colours_by_frequency_and_restores_them():
    grid = g([[0, 7, 7, 7], [0, 4, 5, 5], [0, 0, 0, 5]])
    keep = Palette.of([0, 5])
    renamed = normalise_colours(grid, keep)
    assert same(renamed, [[0, 1, 1, 1], [0, 2, 5, 5], [0, 0, 0, 5]])  # 7 most frequent, then 4
    assert same(restore_colours(renamed, grid, keep), grid)
    other = g([[0, 3, 3, 3], [0, 8, 5, 5], [0, 0, 0, 5]])  # same roles, other colours
    assert same(normalise_colours(other, keep), renamed)
    assert same(restore_colours(renamed, other, keep), other)


def test_sort_cells_lays_colours_out_by_frequency_from_the_bottom_left():
    grid = g([[2, 0, 0], [0, 1, 0], [2, 0, 0]])
    # Six 0s, two 2s, one 1: columns filled bottom-up from the left.
    assert same(sort_cells(grid), [[0, 0, 1], [0, 0, 2], [0, 0, 2]])


def test_colours_by_appearance_lists_colours_in_reading_order():
    grid = g([[0, 0, 3], [2, 0, 3], [0, 7, 0], [0, 0, 0]])
    assert same(colours_by_appearance(grid), [[3], [2], [7]])
    assert colours_by_appearance(g([[5, 5]])) is NO_VALUE


def test_colours_by_layer_orders_crossing_lines_bottom_up():
    # a vertical 2 line under a horizontal 5 line, both under a diagonal of 9
    grid = g(
        [
            [0, 2, 0, 0, 9],
            [5, 5, 5, 9, 5],
            [0, 2, 9, 0, 0],
            [0, 9, 0, 0, 0],
            [9, 2, 0, 0, 0],
        ]
    )
    assert same(colours_by_layer(grid), [[2, 5, 9]])
    # two lines that do not cross give no order
    assert colours_by_layer(g([[1, 1, 0], [0, 0, 0], [2, 2, 0]])) is NO_VALUE


def test_invert_rows_swaps_each_rows_main_colour_with_the_ground():
    grid = g([[6, 6, 0, 7], [0, 0, 0, 0], [4, 0, 4, 4]])
    assert same(invert_rows(grid, 0), [[0, 0, 6, 6], [0, 0, 0, 0], [0, 4, 0, 0]])


def test_position_of_colour_is_its_first_cell_in_reading_order():
    grid = g([[0, 0, 0], [0, 2, 0], [2, 0, 0]])
    assert position_of_colour(grid, 2) == (1, 1)
    assert position_of_colour(grid, 5) is NO_VALUE
