"""Grids: tiling, concatenating, mirroring, splitting into parts, choosing and combining parts."""

from __future__ import annotations

from collections import Counter

import numpy as np

from dsl.common import background, colour_counts, odd_one_out, panel_layout, symmetries
from dsl.registry import primitive
from dsl.types import (
    MAX_OBJECTS,
    MAX_SIDE,
    NO_VALUE,
    Bool,
    Colour,
    Grid,
    Grids,
    Int,
    Shape,
    freeze,
    value_key,
)


def _fits(height: int, width: int) -> bool:
    return 1 <= height <= MAX_SIDE and 1 <= width <= MAX_SIDE


def _common_background(grids: Grids) -> int:
    """The most common colour over all cells of all the grids (the lowest on ties)."""
    return int(sum(colour_counts(g) for g in grids).argmax())


def _frozen_parts(parts: list[np.ndarray]) -> Grids:
    if not 1 <= len(parts) <= MAX_OBJECTS:
        return NO_VALUE
    return tuple(freeze(p.copy()) for p in parts)


# -------------------------------------------------------------------------- tiling and mirroring


@primitive
def tile(grid: Grid, rows: Int, cols: Int) -> Grid:
    """Repeat the grid `rows` times downwards and `cols` times across."""
    height, width = grid.shape
    if rows < 1 or cols < 1 or not _fits(height * rows, width * cols):
        return NO_VALUE
    return freeze(np.tile(grid, (rows, cols)))


@primitive
def tile_mirrored(grid: Grid, rows: Int, cols: Int) -> Grid:
    """Tile the grid, mirroring every other copy so that neighbouring copies reflect each other."""
    height, width = grid.shape
    if rows < 1 or cols < 1 or not _fits(height * rows, width * cols):
        return NO_VALUE
    bands = [grid if i % 2 == 0 else grid[::-1] for i in range(rows)]
    bands = [np.hstack([b if j % 2 == 0 else b[:, ::-1] for j in range(cols)]) for b in bands]
    return freeze(np.vstack(bands))


@primitive
def tile_framed(grid: Grid, rows: Int, cols: Int, colour: Colour) -> Grid:
    """Tile the grid inside a lattice of one-cell lines of a colour around and between the
    copies; where lines cross, the grid's background shows."""
    height, width = grid.shape
    out_height, out_width = rows * (height + 1) + 1, cols * (width + 1) + 1
    if rows < 1 or cols < 1 or not _fits(out_height, out_width):
        return NO_VALUE
    out = np.full((out_height, out_width), colour, dtype=np.int8)
    line_rows, line_cols = np.arange(0, out_height, height + 1), np.arange(0, out_width, width + 1)
    out[np.ix_(line_rows, line_cols)] = background(grid)
    for i in range(rows):
        for j in range(cols):
            top, left = 1 + i * (height + 1), 1 + j * (width + 1)
            out[top : top + height, left : left + width] = grid
    return freeze(out)


@primitive(makes_shape=True)
def tile_to_shape(grid: Grid, shape: Shape) -> Grid:
    """Repeat the grid from the top-left corner to fill a (height, width), cutting at the edges."""
    height, width = shape
    if not _fits(height, width):
        return NO_VALUE
    reps = (-(-height // grid.shape[0]), -(-width // grid.shape[1]))
    return freeze(np.tile(grid, reps)[:height, :width].copy())


@primitive
def hconcat(left: Grid, right: Grid) -> Grid:
    """Two grids of equal height side by side."""
    if left.shape[0] != right.shape[0]:
        return NO_VALUE
    return freeze(np.hstack([left, right]))


@primitive
def vconcat(top: Grid, bottom: Grid) -> Grid:
    """Two grids of equal width, one above the other."""
    if top.shape[1] != bottom.shape[1]:
        return NO_VALUE
    return freeze(np.vstack([top, bottom]))


@primitive
def mirror_right(grid: Grid) -> Grid:
    """The grid with its left-right mirror image added on the right."""
    return freeze(np.hstack([grid, grid[:, ::-1]]))


@primitive
def mirror_left(grid: Grid) -> Grid:
    """The grid with its left-right mirror image added on the left."""
    return freeze(np.hstack([grid[:, ::-1], grid]))


@primitive
def mirror_down(grid: Grid) -> Grid:
    """The grid with its upside-down mirror image added below."""
    return freeze(np.vstack([grid, grid[::-1]]))


@primitive
def mirror_up(grid: Grid) -> Grid:
    """The grid with its upside-down mirror image added above."""
    return freeze(np.vstack([grid[::-1], grid]))


@primitive
def mirror_four(grid: Grid) -> Grid:
    """A 2x2 kaleidoscope: the grid top-left and its mirror images in the other three quarters."""
    top = np.hstack([grid, grid[:, ::-1]])
    return freeze(np.vstack([top, top[::-1]]))


@primitive
def tile_rotations(grid: Grid) -> Grid:
    """A square grid and its rotations in a 2x2 block, turning clockwise from the top-left."""
    if grid.shape[0] != grid.shape[1]:
        return NO_VALUE
    top = np.hstack([grid, np.rot90(grid, -1)])
    bottom = np.hstack([np.rot90(grid, 1), np.rot90(grid, 2)])
    return freeze(np.vstack([top, bottom]))


@primitive
def tile_rotations_ccw(grid: Grid) -> Grid:
    """A square grid and its rotations in a 2x2 block, turning anticlockwise from the top-left."""
    if grid.shape[0] != grid.shape[1]:
        return NO_VALUE
    top = np.hstack([grid, np.rot90(grid, 1)])
    bottom = np.hstack([np.rot90(grid, -1), np.rot90(grid, 2)])
    return freeze(np.vstack([top, bottom]))


def _ring_index(shape: tuple[int, int]) -> np.ndarray:
    """Each cell's ring around the grid's centre: its doubled Chebyshev distance from it."""
    rows = np.abs(2 * np.arange(shape[0]) - (shape[0] - 1))
    cols = np.abs(2 * np.arange(shape[1]) - (shape[1] - 1))
    return np.maximum(rows[:, None], cols[None, :])


@primitive(keeps_shape=True)
def concentric_rings(grid: Grid) -> Grid:
    """Each ring of cells around the grid's centre painted all round in the one colour other than
    background that it holds (rings holding none stay background; two colours: no value)."""
    bg = background(grid)
    rings = _ring_index(grid.shape)
    out = np.full_like(grid, bg)
    for ring in np.unique(rings):
        on_ring = rings == ring
        colours = np.unique(grid[on_ring & (grid != bg)])
        if len(colours) > 1:
            return NO_VALUE
        if len(colours) == 1:
            out[on_ring] = colours[0]
    return freeze(out)


@primitive
def nested_squares(grid: Grid) -> Grid:
    """From a one-row or one-column list of n colours, the (2n-1)-square of nested square rings,
    the first colour outermost."""
    if min(grid.shape) != 1:
        return NO_VALUE
    colours = grid.ravel()
    side = 2 * len(colours) - 1
    if side > MAX_SIDE:
        return NO_VALUE
    depth = (side - 1 - _ring_index((side, side))) // 2
    return freeze(colours[depth].astype(np.int8))


def _kron(layout: np.ndarray, block: Grid, blank: int) -> Grid:
    """Each true cell of the layout becomes a copy of the block, the others a blank block."""
    height, width = block.shape
    if not _fits(layout.shape[0] * height, layout.shape[1] * width):
        return NO_VALUE
    out = np.full((layout.shape[0] * height, layout.shape[1] * width), blank, dtype=np.int8)
    for row, col in zip(*np.nonzero(layout), strict=True):
        out[row * height : (row + 1) * height, col * width : (col + 1) * width] = block
    return freeze(out)


# Fractals and Kronecker products treat 0 as empty: the grids they read are small patterns whose
# drawn cells may well outnumber the empty ones, so the most common colour is no guide.


@primitive
def fractal(grid: Grid) -> Grid:
    """Replace each non-zero cell by a copy of the whole grid, and each 0 by a block of 0."""
    return _kron(grid != 0, grid, 0)


@primitive
def fractal_where(grid: Grid, colour: Colour) -> Grid:
    """Replace each cell of one colour by a copy of the whole grid, the others by blocks of 0."""
    return _kron(grid == colour, grid, 0)


@primitive
def kron(layout: Grid, block: Grid) -> Grid:
    """Replace each non-zero cell of one grid by a copy of another, and each 0 by a block of 0."""
    return _kron(layout != 0, block, 0)


@primitive
def kron_coloured(layout: Grid, block: Grid) -> Grid:
    """Replace each cell of one grid by another's non-zero cells painted in that cell's colour."""
    height, width = block.shape
    if not _fits(layout.shape[0] * height, layout.shape[1] * width):
        return NO_VALUE
    out = np.where(block[None, :, None, :] != 0, layout[:, None, :, None], 0)
    return freeze(out.reshape(layout.shape[0] * height, layout.shape[1] * width))


# ------------------------------------------------------------------------------------ splitting


@primitive
def split_by_lines(grid: Grid) -> Grids:
    """The cells between full rows and columns of one separator colour, in reading order."""
    layout = panel_layout(grid)
    if layout is None:
        return NO_VALUE
    _, row_runs, col_runs = layout
    return _frozen_parts([grid[r0:r1, c0:c1] for r0, r1 in row_runs for c0, c1 in col_runs])


@primitive
def split_rows(grid: Grid, count: Int) -> Grids:
    """Cut the grid into `count` equal bands from top to bottom."""
    if count < 2 or grid.shape[0] % count:
        return NO_VALUE
    return _frozen_parts(np.split(grid, count, axis=0))


@primitive
def split_columns(grid: Grid, count: Int) -> Grids:
    """Cut the grid into `count` equal bands from left to right."""
    if count < 2 or grid.shape[1] % count:
        return NO_VALUE
    return _frozen_parts(np.split(grid, count, axis=1))


@primitive
def split_squares(grid: Grid) -> Grids:
    """Cut a strip into squares as wide as its short side, in reading order."""
    height, width = grid.shape
    side = min(height, width)
    if height == width or max(height, width) % side:
        return NO_VALUE
    axis = 0 if height > width else 1
    return _frozen_parts(np.split(grid, max(height, width) // side, axis=axis))


@primitive
def halves_h(grid: Grid) -> Grids:
    """The left and right halves (the middle column of an odd width is left out)."""
    half = grid.shape[1] // 2
    if half == 0:
        return NO_VALUE
    return _frozen_parts([grid[:, :half], grid[:, -half:]])


@primitive
def halves_v(grid: Grid) -> Grids:
    """The top and bottom halves (the middle row of an odd height is left out)."""
    half = grid.shape[0] // 2
    if half == 0:
        return NO_VALUE
    return _frozen_parts([grid[:half], grid[-half:]])


@primitive
def halves(grid: Grid) -> Grids:
    """The two halves across the longer side, left/right or top/bottom (no value if square)."""
    if grid.shape[0] == grid.shape[1]:
        return NO_VALUE
    return halves_h(grid) if grid.shape[1] > grid.shape[0] else halves_v(grid)


@primitive
def quarters(grid: Grid) -> Grids:
    """The four quarters in reading order (a middle row or column of an odd side is left out)."""
    rows, cols = grid.shape[0] // 2, grid.shape[1] // 2
    if rows == 0 or cols == 0:
        return NO_VALUE
    parts = [grid[:rows, :cols], grid[:rows, -cols:], grid[-rows:, :cols], grid[-rows:, -cols:]]
    return _frozen_parts(parts)


# ------------------------------------------------------------------------- choosing from Grids


@primitive
def first_grid(grids: Grids) -> Grid:
    """The first grid of a collection."""
    return grids[0] if grids else NO_VALUE


@primitive
def last_grid(grids: Grids) -> Grid:
    """The last grid of a collection."""
    return grids[-1] if grids else NO_VALUE


@primitive
def grid_at(grids: Grids, index: Int) -> Grid:
    """The grid at a position (counting from 0) in a collection."""
    return grids[index] if 0 <= index < len(grids) else NO_VALUE


@primitive
def count_grids(grids: Grids) -> Int:
    """How many grids a collection holds."""
    return len(grids)


@primitive
def reverse_grids(grids: Grids) -> Grids:
    """The collection in reverse order."""
    return tuple(reversed(grids)) if grids else NO_VALUE


@primitive
def unique_grid(grids: Grids) -> Grid:
    """The only grid that no other grid of the collection equals (no value unless exactly one)."""
    counts = Counter(value_key(g) for g in grids)
    singles = [g for g in grids if counts[value_key(g)] == 1]
    return singles[0] if len(singles) == 1 else NO_VALUE


@primitive
def unique_layout_grid(grids: Grids) -> Grid:
    """The only grid whose layout of non-background cells no other grid shares, whatever colours."""
    if not grids:
        return NO_VALUE
    bg = _common_background(grids)
    layouts = [value_key(np.where(g != bg, 1, 0).astype(np.int8)) for g in grids]
    counts = Counter(layouts)
    singles = [g for g, k in zip(grids, layouts, strict=True) if counts[k] == 1]
    return singles[0] if len(singles) == 1 else NO_VALUE


@primitive
def most_common_grid(grids: Grids) -> Grid:
    """The grid that occurs most often in a collection (no value on a tie)."""
    counts = Counter(value_key(g) for g in grids)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return NO_VALUE
    return next(g for g in grids if value_key(g) == ranked[0][0])


def _best(grids: Grids, score: list[int]) -> Grid:
    """The grid with the highest score, the first on ties."""
    if not grids:
        return NO_VALUE
    return grids[int(np.argmax(score))]


@primitive
def most_colourful_grid(grids: Grids) -> Grid:
    """The grid with the most distinct colours (the first on ties)."""
    return _best(grids, [int(np.count_nonzero(colour_counts(g))) for g in grids])


@primitive
def least_colourful_grid(grids: Grids) -> Grid:
    """The grid with the fewest distinct colours (the first on ties)."""
    return _best(grids, [-int(np.count_nonzero(colour_counts(g))) for g in grids])


@primitive
def most_of_colour_grid(grids: Grids, colour: Colour) -> Grid:
    """The grid with the most cells of a colour (the first on ties; none if no grid has it)."""
    counts = [int(np.count_nonzero(g == colour)) for g in grids]
    if not counts or max(counts) == 0:
        return NO_VALUE
    return _best(grids, counts)


@primitive
def fewest_of_colour_grid(grids: Grids, colour: Colour) -> Grid:
    """The grid with the fewest cells of a colour (the first on ties)."""
    return _best(grids, [-int(np.count_nonzero(g == colour)) for g in grids])


@primitive
def odd_symmetry_grid(grids: Grids) -> Grid:
    """The only grid whose mirror symmetries no other grid of the collection shares."""
    keys = [symmetries(g) for g in grids]
    counts = Counter(keys)
    odd = [g for g, key in zip(grids, keys, strict=True) if counts[key] == 1]
    return odd[0] if len(odd) == 1 else NO_VALUE


def _grid_properties(grid: Grid) -> list[object]:
    """What an odd one out may differ in: colours, their number, each symmetry, the layout of
    the cells not of its background, their number, the shape."""
    counts = colour_counts(grid)
    foreground = grid != background(grid)
    return [
        tuple(np.flatnonzero(counts)),
        int(np.count_nonzero(counts)),
        *symmetries(grid),
        value_key(foreground.astype(np.int8)),
        int(np.count_nonzero(foreground)),
        grid.shape,
    ]


@primitive
def odd_one_out_grid(grids: Grids) -> Grid:
    """The one grid that differs in some property (checked in a fixed order) from all the others,
    which agree in it; at least three grids."""
    odd = odd_one_out([_grid_properties(g) for g in grids])
    return NO_VALUE if odd is None else grids[odd]


@primitive
def largest_grid(grids: Grids) -> Grid:
    """The grid with the most cells not of the collection's background (the first on ties)."""
    if not grids:
        return NO_VALUE
    bg = _common_background(grids)
    return _best(grids, [int(np.count_nonzero(g != bg)) for g in grids])


@primitive
def smallest_grid(grids: Grids) -> Grid:
    """The grid with the fewest cells not of the collection's background (the first on ties)."""
    if not grids:
        return NO_VALUE
    bg = _common_background(grids)
    return _best(grids, [-int(np.count_nonzero(g != bg)) for g in grids])


# ------------------------------------------------------------------------------------ combining


def _boolean(grids: Grids, colour: int, op) -> Grid:
    """Combine the non-zero cells of the first two grids cell by cell; true cells get the colour."""
    if len(grids) < 2 or grids[0].shape != grids[1].shape:
        return NO_VALUE
    hit = op(grids[0] != 0, grids[1] != 0)
    return freeze(np.where(hit, colour, 0))


@primitive
def grids_and(grids: Grids, colour: Colour) -> Grid:
    """Colour the cells non-zero in both of the first two grids, the rest 0."""
    return _boolean(grids, colour, np.logical_and)


@primitive
def grids_or(grids: Grids, colour: Colour) -> Grid:
    """Colour the cells non-zero in either of the first two grids, the rest 0."""
    return _boolean(grids, colour, np.logical_or)


@primitive
def grids_xor(grids: Grids, colour: Colour) -> Grid:
    """Colour the cells non-zero in exactly one of the first two grids, the rest 0."""
    return _boolean(grids, colour, np.logical_xor)


@primitive
def grids_nor(grids: Grids, colour: Colour) -> Grid:
    """Colour the cells that are 0 in both of the first two grids, the rest 0."""
    return _boolean(grids, colour, lambda a, b: ~(a | b))


@primitive
def grids_diff(grids: Grids, colour: Colour) -> Grid:
    """Colour the cells non-zero in the first grid but 0 in the second, the rest 0."""
    return _boolean(grids, colour, lambda a, b: a & ~b)


@primitive
def overlay_grids(grids: Grids) -> Grid:
    """Lay equal-shaped grids over each other, the first on top; background cells show through."""
    if not grids or any(g.shape != grids[0].shape for g in grids):
        return NO_VALUE
    bg = _common_background(grids)
    out = np.array(grids[-1], dtype=np.int8)
    for layer in reversed(grids[:-1]):
        out = np.where(layer != bg, layer, out)
    return freeze(out)


@primitive(keeps_shape=True)
def overlay(base: Grid, layer: Grid) -> Grid:
    """Paint the second grid's non-background cells over the first (equal shapes)."""
    if base.shape != layer.shape:
        return NO_VALUE
    bg = _common_background((base, layer))
    return freeze(np.where(layer != bg, layer, base))


@primitive
def stack_h(grids: Grids) -> Grid:
    """All grids of a collection side by side (equal heights)."""
    if not grids or any(g.shape[0] != grids[0].shape[0] for g in grids):
        return NO_VALUE
    return freeze(np.hstack(grids))


@primitive
def stack_v(grids: Grids) -> Grid:
    """All grids of a collection one above the other (equal widths)."""
    if not grids or any(g.shape[1] != grids[0].shape[1] for g in grids):
        return NO_VALUE
    return freeze(np.vstack(grids))


@primitive
def pile_grids(grids: Grids) -> Grid:
    """The rows of equal-width grids that are not all background, one grid's after another's,
    at the bottom of a canvas as tall as the first grid (background above)."""
    if not grids or any(g.shape[1] != grids[0].shape[1] for g in grids):
        return NO_VALUE
    bg = _common_background(grids)
    rows = [row for g in grids for row in g if (row != bg).any()]
    height = grids[0].shape[0]
    if not rows or len(rows) > height:
        return NO_VALUE
    out = np.full((height, grids[0].shape[1]), bg, dtype=np.int8)
    out[height - len(rows) :] = rows
    return freeze(out)


# -------------------------------------------------------------------------- choices and tests


@primitive
def choose(condition: Bool, if_true: Grid, if_false: Grid) -> Grid:
    """The first grid when the condition holds, else the second."""
    return if_true if condition else if_false


@primitive
def is_square(grid: Grid) -> Bool:
    """Whether the grid has as many rows as columns."""
    return bool(grid.shape[0] == grid.shape[1])


@primitive
def is_wider(grid: Grid) -> Bool:
    """Whether the grid has more columns than rows."""
    return bool(grid.shape[1] > grid.shape[0])


@primitive
def is_taller(grid: Grid) -> Bool:
    """Whether the grid has more rows than columns."""
    return bool(grid.shape[0] > grid.shape[1])


@primitive
def grids_equal(a: Grid, b: Grid) -> Bool:
    """Whether two grids have the same shape and cells."""
    return bool(a.shape == b.shape and np.array_equal(a, b))


@primitive
def fractal_by_colour(grid: Grid) -> Grid:
    """Each cell of colour c becomes a copy of the grid keeping only its c cells (0 elsewhere)."""
    height, width = grid.shape
    if not _fits(height * height, width * width):
        return NO_VALUE
    # out[r, i, c, j]: the cell (i, j) where it has the colour of cell (r, c), else 0
    same = grid[:, None, :, None] == grid[None, :, None, :]
    out = np.where(same, grid[None, :, None, :], 0).reshape(height * height, width * width)
    return freeze(out.astype(np.int8))
