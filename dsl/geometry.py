"""Geometry: rotations, flips, cropping, scaling, halves and shifts of whole grids."""

from __future__ import annotations

import numpy as np

from dsl.common import background, bbox
from dsl.registry import primitive
from dsl.types import MAX_SIDE, NO_VALUE, Grid, Int, Object, Position, Shape, freeze


@primitive(keeps_shape=True)
def identity(grid: Grid) -> Grid:
    """The grid unchanged."""
    return grid


@primitive
def rot90(grid: Grid) -> Grid:
    """Rotate a quarter turn clockwise."""
    return freeze(np.rot90(grid, -1).copy())


@primitive(keeps_shape=True)
def rot180(grid: Grid) -> Grid:
    """Rotate a half turn."""
    return freeze(np.rot90(grid, 2).copy())


@primitive
def rot270(grid: Grid) -> Grid:
    """Rotate a quarter turn anticlockwise."""
    return freeze(np.rot90(grid, 1).copy())


@primitive(keeps_shape=True)
def flip_h(grid: Grid) -> Grid:
    """Mirror left to right."""
    return freeze(grid[:, ::-1].copy())


@primitive(keeps_shape=True)
def flip_v(grid: Grid) -> Grid:
    """Mirror top to bottom."""
    return freeze(grid[::-1, :].copy())


@primitive
def transpose(grid: Grid) -> Grid:
    """Mirror along the main diagonal."""
    return freeze(grid.T.copy())


@primitive
def antitranspose(grid: Grid) -> Grid:
    """Mirror along the anti-diagonal."""
    return freeze(np.rot90(grid, 2).T.copy())


@primitive
def trim(grid: Grid) -> Grid:
    """Crop to the bounding box of the cells that are not background."""
    box = bbox(grid != background(grid))
    if box is None:
        return NO_VALUE
    top, bottom, left, right = box
    return freeze(grid[top:bottom, left:right].copy())


@primitive
def trim_zero(grid: Grid) -> Grid:
    """Crop to the bounding box of the non-zero cells."""
    box = bbox(grid != 0)
    if box is None:
        return NO_VALUE
    top, bottom, left, right = box
    return freeze(grid[top:bottom, left:right].copy())


@primitive
def crop(grid: Grid, obj: Object) -> Grid:
    """The part of the grid under an object's bounding box."""
    top, left = max(obj.top, 0), max(obj.left, 0)
    bottom = min(obj.top + obj.height, grid.shape[0])
    right = min(obj.left + obj.width, grid.shape[1])
    if top >= bottom or left >= right:
        return NO_VALUE
    return freeze(grid[top:bottom, left:right].copy())


@primitive
def crop_inside(grid: Grid, obj: Object) -> Grid:
    """The part of the grid strictly inside an object's bounding box (its frame removed)."""
    if obj.height < 3 or obj.width < 3:
        return NO_VALUE
    top, left = obj.top + 1, obj.left + 1
    bottom, right = obj.top + obj.height - 1, obj.left + obj.width - 1
    if top < 0 or left < 0 or bottom > grid.shape[0] or right > grid.shape[1]:
        return NO_VALUE
    return freeze(grid[top:bottom, left:right].copy())


@primitive
def remove_border(grid: Grid) -> Grid:
    """Drop the outermost row and column on every side."""
    if grid.shape[0] < 3 or grid.shape[1] < 3:
        return NO_VALUE
    return freeze(grid[1:-1, 1:-1].copy())


@primitive
def drop_first_column(grid: Grid) -> Grid:
    """The grid without its leftmost column."""
    if grid.shape[1] < 2:
        return NO_VALUE
    return freeze(grid[:, 1:].copy())


@primitive
def drop_first_row(grid: Grid) -> Grid:
    """The grid without its top row."""
    if grid.shape[0] < 2:
        return NO_VALUE
    return freeze(grid[1:].copy())


@primitive
def scale_up(grid: Grid, factor: Int) -> Grid:
    """Blow every cell up into a factor x factor block."""
    if not 2 <= factor <= MAX_SIDE or max(grid.shape) * factor > MAX_SIDE:
        return NO_VALUE
    return freeze(np.kron(grid, np.ones((factor, factor), dtype=np.int8)))


@primitive
def scale_down(grid: Grid, factor: Int) -> Grid:
    """Shrink by a factor, keeping the top-left cell of each factor x factor block."""
    height, width = grid.shape
    if factor < 2 or height % factor or width % factor:
        return NO_VALUE
    return freeze(grid[::factor, ::factor].copy())


@primitive(makes_shape=True)
def scale_to_shape(grid: Grid, shape: Shape) -> Grid:
    """Resize by whole-cell repetition or subsampling to an exact (height, width)."""
    height, width = shape
    if not (1 <= height <= MAX_SIDE and 1 <= width <= MAX_SIDE):
        return NO_VALUE
    rows = (np.arange(height) * grid.shape[0]) // height
    cols = (np.arange(width) * grid.shape[1]) // width
    return freeze(grid[np.ix_(rows, cols)].copy())


@primitive(searchable=False)
def scaled_shape(grid: Grid, scale: Position, offset: Position) -> Shape:
    """(a * height + b, c * width + d) for a scale (a, c) and an offset (b, d): a size rule."""
    height = scale[0] * grid.shape[0] + offset[0]
    width = scale[1] * grid.shape[1] + offset[1]
    if not (1 <= height <= MAX_SIDE and 1 <= width <= MAX_SIDE):
        return NO_VALUE
    return height, width


def _pad(grid: Grid, shape: Shape, centred: bool) -> Grid:
    height, width = shape
    if not (grid.shape[0] <= height <= MAX_SIDE and grid.shape[1] <= width <= MAX_SIDE):
        return NO_VALUE
    extra_rows, extra_cols = height - grid.shape[0], width - grid.shape[1]
    if extra_rows == extra_cols == 0 or (centred and (extra_rows % 2 or extra_cols % 2)):
        return NO_VALUE
    top, left = (extra_rows // 2, extra_cols // 2) if centred else (0, 0)
    out = np.full((height, width), background(grid), dtype=grid.dtype)
    out[top : top + grid.shape[0], left : left + grid.shape[1]] = grid
    return freeze(out)


@primitive(makes_shape=True)
def pad_to_shape(grid: Grid, shape: Shape) -> Grid:
    """The grid at the top left of a larger (height, width) canvas of its background colour."""
    return _pad(grid, shape, centred=False)


@primitive(makes_shape=True)
def pad_centred(grid: Grid, shape: Shape) -> Grid:
    """The grid in the middle of a larger (height, width) canvas of its background colour (no
    value where the margins cannot be equal)."""
    return _pad(grid, shape, centred=True)


@primitive
def downscale_blocks(grid: Grid) -> Grid:
    """Collapse runs of identical rows and identical columns into one (undo a block scale-up)."""
    row_keep = np.ones(grid.shape[0], dtype=bool)
    row_keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
    col_keep = np.ones(grid.shape[1], dtype=bool)
    col_keep[1:] = np.any(grid[:, 1:] != grid[:, :-1], axis=0)
    return freeze(grid[np.ix_(row_keep, col_keep)].copy())


def _half(grid: Grid, axis: int, second: bool) -> Grid:
    size = grid.shape[axis]
    if size < 2:
        return NO_VALUE
    half = size // 2
    start = size - half if second else 0
    part = grid[start : start + half] if axis == 0 else grid[:, start : start + half]
    return freeze(part.copy())


@primitive
def top_half(grid: Grid) -> Grid:
    """The top half (the middle row of an odd height is left out)."""
    return _half(grid, 0, False)


@primitive
def bottom_half(grid: Grid) -> Grid:
    """The bottom half (the middle row of an odd height is left out)."""
    return _half(grid, 0, True)


@primitive
def left_half(grid: Grid) -> Grid:
    """The left half (the middle column of an odd width is left out)."""
    return _half(grid, 1, False)


@primitive
def right_half(grid: Grid) -> Grid:
    """The right half (the middle column of an odd width is left out)."""
    return _half(grid, 1, True)


@primitive(keeps_shape=True)
def shift(grid: Grid, offset: Position) -> Grid:
    """Move every cell by (rows, columns), filling the uncovered cells with the background."""
    dr, dc = offset
    height, width = grid.shape
    if abs(dr) >= height or abs(dc) >= width:
        return NO_VALUE
    out = np.full_like(grid, background(grid))
    src = grid[max(-dr, 0) : height - max(dr, 0), max(-dc, 0) : width - max(dc, 0)]
    out[max(dr, 0) : max(dr, 0) + src.shape[0], max(dc, 0) : max(dc, 0) + src.shape[1]] = src
    return freeze(out)


@primitive(keeps_shape=True)
def wrap_shift(grid: Grid, offset: Position) -> Grid:
    """Move every cell by (rows, columns), wrapping around the edges."""
    return freeze(np.roll(grid, offset, axis=(0, 1)))


@primitive
def first_row(grid: Grid) -> Grid:
    """The top row."""
    return freeze(grid[:1].copy())


@primitive
def first_column(grid: Grid) -> Grid:
    """The leftmost column."""
    return freeze(grid[:, :1].copy())


@primitive
def dedupe_rows(grid: Grid) -> Grid:
    """Drop each row equal to the row above it."""
    keep = np.ones(grid.shape[0], dtype=bool)
    keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
    return freeze(grid[keep].copy())


@primitive
def dedupe_columns(grid: Grid) -> Grid:
    """Drop each column equal to the column to its left."""
    keep = np.ones(grid.shape[1], dtype=bool)
    keep[1:] = np.any(grid[:, 1:] != grid[:, :-1], axis=0)
    return freeze(grid[:, keep].copy())


@primitive
def drop_background_lines(grid: Grid) -> Grid:
    """Remove every row and column made only of background."""
    fg = grid != background(grid)
    rows, cols = fg.any(axis=1), fg.any(axis=0)
    if not rows.any():
        return NO_VALUE
    return freeze(grid[np.ix_(rows, cols)].copy())


@primitive
def scale_down_any(grid: Grid, factor: Int) -> Grid:
    """Shrink by a factor; a block takes its most common non-background colour, if it has one."""
    height, width = grid.shape
    if factor < 2 or height % factor or width % factor:
        return NO_VALUE
    bg = background(grid)
    blocks = grid.reshape(height // factor, factor, width // factor, factor).swapaxes(1, 2)
    blocks = blocks.reshape(height // factor, width // factor, factor * factor)
    counts = np.stack([(blocks == c).sum(axis=2) for c in range(10)], axis=2)
    counts[:, :, bg] = 0
    out = np.where(counts.max(axis=2) > 0, counts.argmax(axis=2), bg)
    return freeze(out.astype(np.int8))


def _skewed(grid: Grid, shift_of_row: np.ndarray) -> Grid:
    height, width = grid.shape
    if width + height - 1 > MAX_SIDE:
        return NO_VALUE
    out = np.zeros((height, width + height - 1), dtype=np.int8)
    for row, shift in enumerate(shift_of_row):
        out[row, shift : shift + width] = grid[row]
    return freeze(out)


@primitive
def skew_right(grid: Grid) -> Grid:
    """Shear: each row moves one cell further right than the row below it (padded with 0)."""
    return _skewed(grid, np.arange(grid.shape[0])[::-1])


@primitive
def skew_left(grid: Grid) -> Grid:
    """Shear: each row moves one cell further right than the row above it (padded with 0)."""
    return _skewed(grid, np.arange(grid.shape[0]))


def _block_starts(grid: np.ndarray) -> list[int]:
    """Where a new block of rows starts: at row 0, and wherever a row differs from the one above
    in more than half its cells (so noise inside a block does not cut it)."""
    differs = (grid[1:] != grid[:-1]).sum(axis=1) * 2 > grid.shape[1]
    return [0] + [i + 1 for i in np.flatnonzero(differs).tolist()]


@primitive
def block_summary(grid: Grid) -> Grid:
    """One cell per block of a noisy mosaic of rectangles: the grid is cropped to its
    non-background cells and cut where neighbouring rows (columns) mostly differ; each block
    gives its most common non-background colour (the background if it has none), and equal
    neighbouring rows (columns) of the summary merge."""
    bg = background(grid)
    box = bbox(grid != bg)
    if box is None:
        return NO_VALUE
    top, bottom, left, right = box
    mosaic = grid[top:bottom, left:right]
    row_starts, col_starts = _block_starts(mosaic), _block_starts(mosaic.T)
    if len(row_starts) * len(col_starts) < 2:
        return NO_VALUE
    out = np.full((len(row_starts), len(col_starts)), bg, dtype=np.int8)
    row_bounds = list(zip(row_starts, row_starts[1:] + [mosaic.shape[0]], strict=True))
    col_bounds = list(zip(col_starts, col_starts[1:] + [mosaic.shape[1]], strict=True))
    for i, (r0, r1) in enumerate(row_bounds):
        for j, (c0, c1) in enumerate(col_bounds):
            counts = np.bincount(mosaic[r0:r1, c0:c1].ravel(), minlength=10)
            counts[bg] = 0
            if counts.any():
                out[i, j] = counts.argmax()
    return downscale_blocks(freeze(out))
