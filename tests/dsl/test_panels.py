from dsl.common import find_separator_colour, panel_layout
from dsl.panels import (
    cells_to_panels,
    copy_fullest_panel,
    fill_panels,
    fill_panels_majority,
    keep_fullest_panels,
    paint_panel,
    panel_boxes,
    panel_counts,
    panels_to_cells,
    paste_panel,
    separator_colour,
    trace_first_panel,
)
from dsl.types import NO_VALUE
from tests.dsl.conftest import g, same

# Four 2x2 panels divided by lines of 5; the marked cells are 3, 3 and 3 (top left), one 4 (top
# right), none (bottom left) and two 2s (bottom right).
PANELS = g(
    [
        [3, 3, 5, 0, 4],
        [3, 0, 5, 0, 0],
        [5, 5, 5, 5, 5],
        [0, 0, 5, 2, 0],
        [0, 0, 5, 0, 2],
    ]
)
PLAIN = g([[0, 1], [1, 0]])


def test_separator_colour_prefers_lines_that_are_not_background():
    assert separator_colour(PANELS) == 5
    # Columns of 0 exist too (the background), but the line of 7 divides the grid.
    assert separator_colour(g([[1, 7, 0], [0, 7, 0]])) == 7
    assert separator_colour(PLAIN) is NO_VALUE


def test_separator_ignores_a_band_of_empty_panels_at_the_edge():
    # Panels of 1s and 3s make 1 the background; the empty panel's columns of 0 touch the edge.
    grid = g([[1, 1, 5, 3, 1, 5, 0, 0], [1, 3, 5, 1, 1, 5, 0, 0]])
    assert find_separator_colour(grid) == 5
    assert panel_layout(grid) == (5, ((0, 2),), ((0, 2), (3, 5), (6, 8)))


def test_panels_to_cells_gives_each_panel_its_colour():
    assert same(panels_to_cells(PANELS), [[3, 4], [0, 2]])
    assert panels_to_cells(PLAIN) is NO_VALUE


def test_panels_to_cells_reads_panels_divided_by_background_lines():
    grid = g([[1, 1, 0, 2], [0, 1, 0, 2], [0, 0, 0, 0], [6, 6, 0, 1]])
    assert same(panels_to_cells(grid), [[1, 2], [6, 1]])


def test_cells_to_panels_and_fill_panels_paint_whole_panels():
    assert same(
        cells_to_panels(PANELS, g([[1, 0], [7, 8]])),
        [[1, 1, 5, 0, 0], [1, 1, 5, 0, 0], [5] * 5, [7, 7, 5, 8, 8], [7, 7, 5, 8, 8]],
    )
    assert cells_to_panels(PANELS, g([[1, 2, 3]])) is NO_VALUE
    assert same(
        fill_panels(PANELS),
        [[3, 3, 5, 4, 4], [3, 3, 5, 4, 4], [5] * 5, [0, 0, 5, 2, 2], [0, 0, 5, 2, 2]],
    )


def test_panel_counts_counts_marked_cells():
    assert same(panel_counts(PANELS), [[3, 1], [0, 2]])
    assert panel_counts(PLAIN) is NO_VALUE


def test_paint_and_paste_one_panel_by_position():
    assert same(
        paint_panel(PANELS, 2, 9),
        [[3, 3, 5, 0, 4], [3, 0, 5, 0, 0], [5] * 5, [9, 9, 5, 2, 0], [9, 9, 5, 0, 2]],
    )
    assert paint_panel(PANELS, 4, 9) is NO_VALUE
    assert same(
        paste_panel(PANELS, 1, g([[1, 2], [3, 4]])),
        [[3, 3, 5, 1, 2], [3, 0, 5, 3, 4], [5] * 5, [0, 0, 5, 2, 0], [0, 0, 5, 0, 2]],
    )
    assert paste_panel(PANELS, 1, g([[1, 2]])) is NO_VALUE
    assert paste_panel(PANELS, -1, g([[1, 2], [3, 4]])) is NO_VALUE


def test_keep_fullest_panels_fills_the_winners_and_empties_the_rest():
    grid = g([[1, 1, 5, 2, 0], [0, 0, 5, 2, 0], [5] * 5, [0, 3, 5, 0, 0], [0, 0, 5, 0, 0]])
    assert same(
        keep_fullest_panels(grid),
        [[1, 1, 5, 2, 2], [1, 1, 5, 2, 2], [5] * 5, [0, 0, 5, 0, 0], [0, 0, 5, 0, 0]],
    )
    empty = g([[0, 5, 0], [0, 5, 0], [0, 5, 0]])
    assert keep_fullest_panels(empty) is NO_VALUE


def test_copy_fullest_panel_repeats_it_everywhere():
    grid = g([[0, 0, 5, 0, 0], [0, 0, 5, 1, 2], [5] * 5, [0, 0, 5, 0, 0], [0, 0, 5, 0, 0]])
    assert same(
        copy_fullest_panel(grid),
        [[0, 0, 5, 0, 0], [1, 2, 5, 1, 2], [5] * 5, [0, 0, 5, 0, 0], [1, 2, 5, 1, 2]],
    )
    assert copy_fullest_panel(g([[1, 5, 0, 0], [0, 5, 0, 0]])) is NO_VALUE


def test_trace_first_panel_draws_its_shape_in_the_separator_colour():
    grid = g([[1, 0, 8, 0, 0, 8, 0, 1], [0, 1, 8, 0, 0, 8, 0, 0]])
    assert same(trace_first_panel(grid), [[1, 0, 8, 8, 0, 8, 8, 1], [0, 1, 8, 0, 8, 8, 0, 8]])
    assert trace_first_panel(g([[1, 5, 0, 0]])) is NO_VALUE


def test_fill_panels_majority_counts_the_background_too():
    # Top left: three 3s beat one 0; top right: three 0s beat one 4 (fill_panels gives 4).
    assert same(
        fill_panels_majority(PANELS),
        [[3, 3, 5, 0, 0], [3, 3, 5, 0, 0], [5] * 5, [0, 0, 5, 0, 0], [0, 0, 5, 0, 0]],
    )
    assert fill_panels_majority(PLAIN) is NO_VALUE


def test_panel_boxes_are_the_panels_as_objects_in_reading_order():
    boxes = panel_boxes(PANELS)
    assert [(b.top, b.left, b.cells.shape) for b in boxes] == [
        (0, 0, (2, 2)),
        (0, 3, (2, 2)),
        (3, 0, (2, 2)),
        (3, 3, (2, 2)),
    ]
    assert same(boxes[0].cells, [[3, 3], [3, 0]]) and all(b.mask.all() for b in boxes)
    assert panel_boxes(PLAIN) is NO_VALUE
