"""Panels: grids divided by full separator lines, read and edited one panel at a time.

A grid is divided into panels by full-length lines of one separator colour (the layout
`split_by_lines` uses); panels are numbered in reading order. Each panel has a colour: its most
common colour other than the separator and the grid's background, or the background if it holds
only those. A panel's marked cells are those of neither the separator nor the background.
"""

from __future__ import annotations

import numpy as np

from dsl.common import background, colour_counts, find_separator_colour, panel_layout
from dsl.registry import primitive
from dsl.types import MAX_OBJECTS, NO_VALUE, Colour, Grid, Int, Object, Objects, freeze


class _Panels:
    """A grid's panel layout: where each panel lies, and the separator and background colours."""

    def __init__(self, grid: Grid, separator: int, row_runs: tuple, col_runs: tuple) -> None:
        self.grid = grid
        self.separator = separator
        self.background = background(grid)
        self.shape = (len(row_runs), len(col_runs))
        self.boxes = [(slice(r0, r1), slice(c0, c1)) for r0, r1 in row_runs for c0, c1 in col_runs]

    def panels(self) -> list[np.ndarray]:
        return [self.grid[box] for box in self.boxes]

    def marked(self, panel: np.ndarray) -> np.ndarray:
        """The panel's cells that are neither separator nor background."""
        return (panel != self.separator) & (panel != self.background)

    def colour(self, panel: np.ndarray, count_background: bool = False) -> int:
        counts = colour_counts(panel)
        counts[self.separator] = 0
        if not count_background:
            counts[self.background] = 0
        return int(counts.argmax()) if counts.any() else self.background

    def equal_shapes(self) -> bool:
        return len({self.grid[box].shape for box in self.boxes}) == 1


def _panels(grid: Grid) -> _Panels | None:
    layout = panel_layout(grid)
    return None if layout is None else _Panels(grid, *layout)


def _fill(layout: _Panels, colours: list[int]) -> Grid:
    """The grid with each panel painted all over in its colour from the list."""
    out = np.array(layout.grid)
    for box, colour in zip(layout.boxes, colours, strict=True):
        out[box] = colour
    return freeze(out)


@primitive(searchable=False)
def panel_boxes(grid: Grid) -> Objects:
    """Each panel as an object holding all its cells, in reading order (for `map_boxes`)."""
    layout = panel_layout(grid)
    if layout is None:
        return NO_VALUE
    _, row_runs, col_runs = layout
    if len(row_runs) * len(col_runs) > MAX_OBJECTS:
        return NO_VALUE
    return tuple(Object(r0, c0, grid[r0:r1, c0:c1]) for r0, r1 in row_runs for c0, c1 in col_runs)


@primitive
def separator_colour(grid: Grid) -> Colour:
    """The colour of the full lines that divide the grid into panels."""
    colour = find_separator_colour(grid)
    return NO_VALUE if colour is None else colour


@primitive
def panels_to_cells(grid: Grid) -> Grid:
    """One cell per panel, in the panel's colour, laid out as the panels are."""
    layout = _panels(grid)
    if layout is None:
        return NO_VALUE
    colours = [layout.colour(p) for p in layout.panels()]
    return freeze(np.array(colours, dtype=np.int8).reshape(layout.shape))


@primitive(keeps_shape=True)
def cells_to_panels(grid: Grid, cells: Grid) -> Grid:
    """Paint each panel of the grid all over in the colour of the matching cell of a small grid."""
    layout = _panels(grid)
    if layout is None or cells.shape != layout.shape:
        return NO_VALUE
    return _fill(layout, [int(c) for c in cells.ravel()])


@primitive(keeps_shape=True)
def fill_panels(grid: Grid) -> Grid:
    """Paint each panel all over in its own colour."""
    layout = _panels(grid)
    if layout is None:
        return NO_VALUE
    return _fill(layout, [layout.colour(p) for p in layout.panels()])


@primitive(keeps_shape=True)
def fill_panels_majority(grid: Grid) -> Grid:
    """Paint each panel all over in its most common colour, the grid's background included."""
    layout = _panels(grid)
    if layout is None:
        return NO_VALUE
    return _fill(layout, [layout.colour(p, count_background=True) for p in layout.panels()])


@primitive
def panel_counts(grid: Grid) -> Grid:
    """One cell per panel holding how many of its cells are neither separator nor background."""
    layout = _panels(grid)
    if layout is None:
        return NO_VALUE
    counts = [min(int(np.count_nonzero(layout.marked(p))), 9) for p in layout.panels()]
    return freeze(np.array(counts, dtype=np.int8).reshape(layout.shape))


@primitive(keeps_shape=True)
def paint_panel(grid: Grid, index: Int, colour: Colour) -> Grid:
    """Paint the panel at a position in reading order (from 0) all over in one colour."""
    layout = _panels(grid)
    if layout is None or not 0 <= index < len(layout.boxes):
        return NO_VALUE
    out = np.array(grid)
    out[layout.boxes[index]] = colour
    return freeze(out)


@primitive(keeps_shape=True)
def paste_panel(grid: Grid, index: Int, panel: Grid) -> Grid:
    """Replace the panel at a position in reading order (from 0) by a grid of its shape."""
    layout = _panels(grid)
    if layout is None or not 0 <= index < len(layout.boxes):
        return NO_VALUE
    box = layout.boxes[index]
    if grid[box].shape != panel.shape:
        return NO_VALUE
    out = np.array(grid)
    out[box] = panel
    return freeze(out)


@primitive(keeps_shape=True)
def keep_fullest_panels(grid: Grid) -> Grid:
    """Paint the panels with the most marked cells all over in their colour; empty the others."""
    layout = _panels(grid)
    if layout is None:
        return NO_VALUE
    panels = layout.panels()
    counts = [int(np.count_nonzero(layout.marked(p))) for p in panels]
    if max(counts) == 0:
        return NO_VALUE
    colours = [
        layout.colour(p) if n == max(counts) else layout.background
        for p, n in zip(panels, counts, strict=True)
    ]
    return _fill(layout, colours)


@primitive(keeps_shape=True)
def copy_fullest_panel(grid: Grid) -> Grid:
    """Copy the panel with the most marked cells into every panel (all panels of one shape)."""
    layout = _panels(grid)
    if layout is None or not layout.equal_shapes():
        return NO_VALUE
    panels = layout.panels()
    fullest = panels[int(np.argmax([np.count_nonzero(layout.marked(p)) for p in panels]))]
    out = np.array(grid)
    for box in layout.boxes:
        out[box] = fullest
    return freeze(out)


@primitive(keeps_shape=True)
def trace_first_panel(grid: Grid) -> Grid:
    """Other panels' background cells under the first panel's marks take the separator colour."""
    layout = _panels(grid)
    if layout is None or not layout.equal_shapes():
        return NO_VALUE
    first = layout.panels()[0]
    stencil = layout.marked(first)
    out = np.array(grid)
    for box in layout.boxes[1:]:
        region = out[box]
        region[stencil & (region == layout.background)] = layout.separator
    return freeze(out)
