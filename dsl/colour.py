"""Colour: recolouring, colour maps, counting, shapes and small integer arithmetic."""

from __future__ import annotations

import numpy as np

from dsl.common import background, colour_counts
from dsl.registry import primitive
from dsl.types import (
    MAX_SIDE,
    NO_VALUE,
    Bool,
    Colour,
    ColourMap,
    Grid,
    Int,
    Palette,
    Position,
    Shape,
    freeze,
)

MAX_INT = MAX_SIDE * MAX_SIDE
"""Largest magnitude an arithmetic primitive returns (the cell count of the largest grid)."""


def _foreground_counts(grid: Grid) -> np.ndarray:
    """Cell counts per colour with the background's count set to zero."""
    counts = colour_counts(grid)
    counts[background(grid)] = 0
    return counts


def _bounded(value: int) -> Int:
    return int(value) if abs(value) <= MAX_INT else NO_VALUE


# ----------------------------------------------------------------------------------- recolouring


@primitive(keeps_shape=True)
def replace_colour(grid: Grid, old: Colour, new: Colour) -> Grid:
    """Paint every cell of one colour in another."""
    return freeze(np.where(grid == old, new, grid))


@primitive(keeps_shape=True)
def swap_colours(grid: Grid, a: Colour, b: Colour) -> Grid:
    """Exchange two colours everywhere."""
    return freeze(np.where(grid == a, b, np.where(grid == b, a, grid)))


@primitive(keeps_shape=True)
def apply_colour_map(grid: Grid, mapping: ColourMap) -> Grid:
    """Recolour every cell through a colour map."""
    return freeze(np.asarray(mapping, dtype=np.int8)[grid])


def normalising_table(grid: Grid, keep: Palette) -> np.ndarray:
    """table[c]: the name `normalise_colours` gives colour c of this grid."""
    counts = colour_counts(grid)
    flat = grid.ravel()
    first = {int(c): int(np.argmax(flat == c)) for c in np.flatnonzero(counts)}
    free = [c for c in range(10) if c not in keep]
    present = sorted((c for c in first if c not in keep), key=lambda c: (-counts[c], first[c]))
    absent = [c for c in free if c not in first]
    table = np.arange(10, dtype=np.int8)
    table[present + absent] = free
    return table


@primitive(keeps_shape=True)
def normalise_colours(grid: Grid, keep: Palette) -> Grid:
    """Rename the colours not kept by frequency: the most frequent becomes the lowest free one."""
    return freeze(normalising_table(grid, keep)[grid])


@primitive(keeps_shape=True)
def restore_colours(grid: Grid, reference: Grid, keep: Palette) -> Grid:
    """Undo `normalise_colours(reference, keep)` on a grid: the reference's own colour names."""
    inverse = np.argsort(normalising_table(reference, keep)).astype(np.int8)
    return freeze(inverse[grid])


@primitive(keeps_shape=True)
def keep_colour(grid: Grid, colour: Colour) -> Grid:
    """Keep the cells of one colour and paint all others in the background."""
    return freeze(np.where(grid == colour, grid, background(grid)))


@primitive(keeps_shape=True)
def remove_colour(grid: Grid, colour: Colour) -> Grid:
    """Paint the cells of one colour in the background."""
    return freeze(np.where(grid == colour, background(grid), grid))


@primitive(keeps_shape=True)
def recolour_foreground(grid: Grid, colour: Colour) -> Grid:
    """Paint every cell that is not background in one colour."""
    return freeze(np.where(grid != background(grid), colour, grid))


@primitive(keeps_shape=True)
def set_background(grid: Grid, colour: Colour) -> Grid:
    """Paint the background cells in another colour."""
    return freeze(np.where(grid == background(grid), colour, grid))


@primitive(keeps_shape=True)
def fill_grid(grid: Grid, colour: Colour) -> Grid:
    """A grid of the same shape in one colour."""
    return freeze(np.full(grid.shape, colour, dtype=np.int8))


@primitive(keeps_shape=True)
def invert(grid: Grid) -> Grid:
    """Exchange the two colours of a two-colour grid."""
    present = np.flatnonzero(colour_counts(grid))
    if present.size != 2:
        return NO_VALUE
    return swap_colours(grid, int(present[0]), int(present[1]))


@primitive(keeps_shape=True)
def swap_foreground_colours(grid: Grid) -> Grid:
    """Exchange the two colours that are not background (exactly two must be present)."""
    present = np.flatnonzero(_foreground_counts(grid))
    if present.size != 2:
        return NO_VALUE
    return swap_colours(grid, int(present[0]), int(present[1]))


@primitive(keeps_shape=True)
def invert_rows(grid: Grid, ground: Colour) -> Grid:
    """In each row, cells of the row's most common colour other than `ground` take `ground` and
    every other cell takes that colour (a row all of `ground` stays)."""
    out = np.array(grid)
    for row in out:
        counts = np.bincount(row, minlength=10)
        counts[ground] = 0
        if counts.any():
            colour = counts.argmax()
            row[:] = np.where(row == colour, ground, colour)
    return freeze(out)


# --------------------------------------------------------------------------------- which colour


@primitive
def background_colour(grid: Grid) -> Colour:
    """The most common colour (the lowest on ties)."""
    return background(grid)


@primitive
def foreground_colour(grid: Grid) -> Colour:
    """The most common colour other than the background (the lowest on ties)."""
    counts = _foreground_counts(grid)
    return int(counts.argmax()) if counts.any() else NO_VALUE


@primitive
def minority_colour(grid: Grid) -> Colour:
    """The least common colour present other than the background (the lowest on ties)."""
    counts = _foreground_counts(grid)
    if not counts.any():
        return NO_VALUE
    return int(np.where(counts > 0, counts, MAX_INT + 1).argmin())


@primitive
def border_colour(grid: Grid) -> Colour:
    """The most common colour on the grid's outermost ring of cells (the lowest on ties)."""
    ring = np.ones(grid.shape, dtype=bool)
    ring[1:-1, 1:-1] = False
    return int(np.bincount(grid[ring], minlength=10).argmax())


@primitive
def colour_at(grid: Grid, position: Position) -> Colour:
    """The colour of one cell; negative indices count from the bottom or right edge."""
    row, col = position
    height, width = grid.shape
    if not (-height <= row < height and -width <= col < width):
        return NO_VALUE
    return int(grid[row, col])


@primitive
def position_of_colour(grid: Grid, colour: Colour) -> Position:
    """The (row, column) of a colour's first cell in reading order."""
    rows, cols = np.nonzero(grid == colour)
    if not rows.size:
        return NO_VALUE
    return (int(rows[0]), int(cols[0]))


@primitive
def colours_by_frequency(grid: Grid) -> Grid:
    """A one-column grid of the colours other than background, most common first."""
    counts = _foreground_counts(grid)
    present = [c for c in range(10) if counts[c]]
    if not present:
        return NO_VALUE
    ordered = sorted(present, key=lambda c: (-counts[c], c))
    return freeze(np.array(ordered, dtype=np.int8).reshape(-1, 1))


@primitive(keeps_shape=True)
def sort_cells(grid: Grid) -> Grid:
    """All of the grid's cells laid out again by colour, most common colour first, filling the
    columns from the left, each from the bottom up."""
    counts = colour_counts(grid)
    order = sorted((c for c in range(10) if counts[c]), key=lambda c: (-counts[c], c))
    cells = np.repeat(np.array(order, dtype=np.int8), [counts[c] for c in order])
    height, width = grid.shape
    return freeze(cells.reshape(width, height).T[::-1].copy())


@primitive
def colours_by_appearance(grid: Grid) -> Grid:
    """A one-column grid of the colours other than background, in reading order of their first
    cell."""
    bg = background(grid)
    cells = grid.ravel()
    present, first = np.unique(cells[cells != bg], return_index=True)
    if not len(present):
        return NO_VALUE
    firsts = np.nonzero(cells != bg)[0][first]
    ordered = present[np.argsort(firsts)]
    return freeze(ordered.astype(np.int8).reshape(-1, 1))


LINE_STEPS = ((0, 1), (1, 0), (1, 1), (1, -1))
"""The four axes along which a cell can interrupt another colour's line."""


def _layer_pairs(grid: Grid, bg: int) -> set[tuple[int, int]]:
    """(below, above) for each cell of one colour whose two opposite neighbours on some axis
    both have another colour: it lies on top of that colour's line (background ignored)."""
    height, width = grid.shape
    padded = np.pad(grid.astype(np.int16), 1, constant_values=-1)
    pairs: set[tuple[int, int]] = set()
    for dr, dc in LINE_STEPS:
        before = padded[1 - dr : 1 - dr + height, 1 - dc : 1 - dc + width]
        after = padded[1 + dr : 1 + dr + height, 1 + dc : 1 + dc + width]
        crossing = (before == after) & (before != grid) & (before != bg) & (before >= 0)
        crossing &= grid != bg
        pairs.update(zip(before[crossing].tolist(), grid[crossing].tolist(), strict=True))
    return pairs


@primitive
def colours_by_layer(grid: Grid) -> Grid:
    """A one-row grid of the colours other than background from the bottom layer to the top,
    where a colour is above another if it interrupts that colour's line somewhere (no value
    unless that gives one order)."""
    bg = background(grid)
    pairs = _layer_pairs(grid, bg)
    left = {int(c) for c in np.unique(grid)} - {bg}
    if not pairs or len(left) < 2:
        return NO_VALUE
    order = []
    while left:
        bottom = [c for c in left if not any(b in left for b, a in pairs if a == c)]
        if len(bottom) != 1:
            return NO_VALUE
        order.append(bottom[0])
        left.remove(bottom[0])
    return freeze(np.array([order], dtype=np.int8))


@primitive
def colour_histogram(grid: Grid) -> Grid:
    """One column per colour other than 0, most common first, filled from the top by its count."""
    counts = colour_counts(grid)
    present = sorted((c for c in range(1, 10) if counts[c]), key=lambda c: (-counts[c], c))
    if not present or counts[present[0]] > MAX_SIDE:
        return NO_VALUE
    rows = np.arange(counts[present[0]])[:, None]
    columns = np.array(present, dtype=np.int8)[None, :]
    return freeze(np.where(rows < counts[present][None, :], columns, 0))


@primitive
def has_colour(grid: Grid, colour: Colour) -> Bool:
    """Whether any cell has this colour."""
    return bool((grid == colour).any())


# ------------------------------------------------------------------------------------- counting


@primitive
def count_colour(grid: Grid, colour: Colour) -> Int:
    """How many cells have this colour."""
    return int(np.count_nonzero(grid == colour))


@primitive
def count_colours(grid: Grid) -> Int:
    """How many distinct colours the grid holds, background included."""
    return int(np.count_nonzero(colour_counts(grid)))


@primitive
def count_foreground(grid: Grid) -> Int:
    """How many cells are not background."""
    return int(np.count_nonzero(grid != background(grid)))


@primitive
def count_to_row(count: Int, colour: Colour) -> Grid:
    """A one-row grid of `count` cells of one colour."""
    if not 1 <= count <= MAX_SIDE:
        return NO_VALUE
    return freeze(np.full((1, count), colour, dtype=np.int8))


@primitive(keeps_shape=True)
def fill_in_reading_order(grid: Grid, count: Int, colour: Colour) -> Grid:
    """Paint the first `count` cells in reading order (row by row) in one colour."""
    if not 0 <= count <= grid.size:
        return NO_VALUE
    out = np.array(grid, dtype=np.int8)
    out.reshape(-1)[:count] = colour
    return freeze(out)


# ------------------------------------------------------------------------------ shapes and sizes


@primitive(makes_shape=True)
def blank(shape: Shape, colour: Colour) -> Grid:
    """A grid of a given (height, width) in one colour."""
    height, width = shape
    if not (1 <= height <= MAX_SIDE and 1 <= width <= MAX_SIDE):
        return NO_VALUE
    return freeze(np.full((height, width), colour, dtype=np.int8))


@primitive
def shape_of(grid: Grid) -> Shape:
    """The grid's (height, width)."""
    return int(grid.shape[0]), int(grid.shape[1])


@primitive
def height(grid: Grid) -> Int:
    """The number of rows."""
    return int(grid.shape[0])


@primitive
def width(grid: Grid) -> Int:
    """The number of columns."""
    return int(grid.shape[1])


@primitive
def make_shape(rows: Int, cols: Int) -> Shape:
    """The shape (rows, cols), both between 1 and the largest grid side."""
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE):
        return NO_VALUE
    return int(rows), int(cols)


# ----------------------------------------------------------------------------------- arithmetic


@primitive
def add(a: Int, b: Int) -> Int:
    """a + b (no value beyond the cell count of the largest grid)."""
    return _bounded(a + b)


@primitive
def subtract(a: Int, b: Int) -> Int:
    """a - b (no value beyond the cell count of the largest grid)."""
    return _bounded(a - b)


@primitive
def multiply(a: Int, b: Int) -> Int:
    """a * b (no value beyond the cell count of the largest grid)."""
    if abs(a) > MAX_INT or abs(b) > MAX_INT:
        return NO_VALUE
    return _bounded(a * b)


@primitive
def divide(a: Int, b: Int) -> Int:
    """a // b, rounding down (no value when b is 0)."""
    if b == 0 or abs(a) > MAX_INT:
        return NO_VALUE
    return _bounded(a // b)


@primitive
def greater(a: Int, b: Int) -> Bool:
    """Whether a > b."""
    return bool(a > b)
