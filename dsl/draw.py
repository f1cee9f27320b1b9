"""Draw: frames, crossings, trails and recolouring by where cells lie relative to others."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from dsl.common import (
    background,
    colour_counts,
    extract_objects,
    memoised,
    object_mask,
    paint_mask,
)
from dsl.registry import primitive
from dsl.types import MAX_OBJECTS, NO_VALUE, Colour, Grid, Object, freeze


@primitive(keeps_shape=True)
def draw_border(grid: Grid, colour: Colour) -> Grid:
    """Paint the grid's outermost ring of cells in one colour."""
    out = np.array(grid)
    out[[0, -1], :] = colour
    out[:, [0, -1]] = colour
    return freeze(out)


def _marks(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The marks of whichever of two opposite edges holds more of them (both on a tie)."""
    ahead = int(first.sum()) - int(second.sum())
    return first if ahead > 0 else second if ahead < 0 else first | second


@primitive(keeps_shape=True)
def mark_crossings(grid: Grid, colour: Colour) -> Grid:
    """Background cells where rows and columns marked on the grid's edges cross take a colour."""
    # Columns are marked on the top or bottom edge, whichever holds more marks (both on a tie),
    # and rows on the left or right edge the same way.
    bg = background(grid)
    cols = _marks(grid[0] != bg, grid[-1] != bg)
    rows = _marks(grid[:, 0] != bg, grid[:, -1] != bg)
    hit = rows[:, None] & cols[None, :] & (grid == bg)
    if not hit.any():
        return NO_VALUE
    return freeze(np.where(hit, colour, grid))


@primitive(keeps_shape=True)
def recolour_by_nearest(grid: Grid, colour: Colour) -> Grid:
    """Cells of a colour take the colour of the nearest cell not of it or of the background."""
    # The background is that of the other cells: the colour being replaced may be the commonest.
    counts = colour_counts(grid)
    counts[colour] = 0
    bg = int(counts.argmax())
    targets = grid == colour
    others = [c for c in np.unique(grid) if c not in (bg, colour)]
    if not targets.any() or not others:
        return NO_VALUE
    distances = np.stack([ndimage.distance_transform_edt(grid != c) for c in others])
    nearest = np.array(others, dtype=np.int8)[distances.argmin(axis=0)]
    return freeze(np.where(targets, nearest, grid))


@primitive(keeps_shape=True)
def replace_in_bbox(grid: Grid, obj: Object, old: Colour, new: Colour) -> Grid:
    """Cells of one colour inside an object's bounding box take another colour."""
    top, left = max(obj.top, 0), max(obj.left, 0)
    region = (slice(top, obj.top + obj.height), slice(left, obj.left + obj.width))
    if old == new or not (grid[region] == old).any():
        return NO_VALUE
    out = np.array(grid)
    out[region][grid[region] == old] = new
    return freeze(out)


@primitive(keeps_shape=True)
def recolour_by_grid(grid: Grid, colours: Grid) -> Grid:
    """The grid's non-zero cells take the colour of the same cell of an equal-shaped grid."""
    if grid.shape != colours.shape:
        return NO_VALUE
    return freeze(np.where(grid != 0, colours, 0))


@primitive(keeps_shape=True)
def shoot_towards(grid: Grid, obj: Object) -> Grid:
    """Cells level with an object (same rows or columns) draw a line of their colour up to it."""
    bg = background(grid)
    height, width = grid.shape
    top, left = max(obj.top, 0), max(obj.left, 0)
    bottom, right = min(obj.top + obj.height, height), min(obj.left + obj.width, width)
    if top >= bottom or left >= right:
        return NO_VALUE
    rows, cols = np.indices(grid.shape)
    level = ((rows >= top) & (rows < bottom)) ^ ((cols >= left) & (cols < right))
    out = np.array(grid)
    drew = False
    for r, c in zip(*np.nonzero(level & (grid != bg)), strict=True):
        if top <= r < bottom:
            line = out[r, c + 1 : left] if c < left else out[r, right:c]
        else:
            line = out[r + 1 : top, c] if r < top else out[bottom:r, c]
        line[line == bg] = grid[r, c]
        drew = True
    return freeze(out) if drew else NO_VALUE


@primitive(keeps_shape=True)
def stamp_object(grid: Grid, obj: Object, colour: Colour) -> Grid:
    """Replace each cell of a colour by a copy of the object centred on it."""
    bg = background(grid)
    marks = np.argwhere(grid == colour)
    if colour == bg or not 0 < len(marks) <= MAX_OBJECTS:
        return NO_VALUE
    cells = np.argwhere(obj.mask) - ((obj.height - 1) // 2, (obj.width - 1) // 2)
    colours = obj.cells[obj.mask]
    rows = (marks[:, None, 0] + cells[None, :, 0]).ravel()
    cols = (marks[:, None, 1] + cells[None, :, 1]).ravel()
    paint = np.tile(colours, len(marks))
    inside = (rows >= 0) & (rows < grid.shape[0]) & (cols >= 0) & (cols < grid.shape[1])
    out = np.where(grid == colour, bg, grid).astype(np.int8)
    out[rows[inside], cols[inside]] = paint[inside]
    return freeze(out)


def _trail(cells: np.ndarray, step: tuple[int, int]) -> np.ndarray:
    """Where a set of cells passes when moved again and again by a step, until it leaves."""
    height, width = cells.shape
    rows, cols = np.nonzero(cells)
    k = np.arange(1, max(height, width) + 1)[:, None]
    rows, cols = (rows[None, :] + k * step[0]).ravel(), (cols[None, :] + k * step[1]).ravel()
    inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
    trail = np.zeros(cells.shape, dtype=bool)
    trail[rows[inside], cols[inside]] = True
    return trail


@primitive(keeps_shape=True)
def trail_from_marks(grid: Grid, colour: Colour) -> Grid:
    """Each object trails copies of itself, in its main colour, towards its cells of a colour."""
    # The direction is from the object's centre to the marker cell; markers take the main colour.
    if not (grid == colour).any():
        return NO_VALUE
    objs = extract_objects(grid, multicolour=True, diagonal=True)
    if objs is NO_VALUE:
        return NO_VALUE
    movers: dict[tuple[int, int, int], np.ndarray] = {}
    out = np.array(grid)
    for obj in objs:
        marks = obj.cells == colour
        counts = np.bincount(obj.cells[obj.mask & ~marks], minlength=10)
        if not marks.any() or not counts.any():
            continue
        main = int(counts.argmax())
        whole = object_mask(grid.shape, obj)
        for row, col in zip(*np.nonzero(marks), strict=True):
            step = (int(np.sign(2 * row - obj.height + 1)), int(np.sign(2 * col - obj.width + 1)))
            if step != (0, 0):
                key = (main, *step)
                movers[key] = movers.get(key, False) | whole
        out[whole] = main
    if not movers:
        return NO_VALUE
    for (main, *step), cells in movers.items():
        out[_trail(cells, tuple(step))] = main
    return freeze(out)


@primitive(keeps_shape=True)
def fill_to_nearest_corner(grid: Grid, obj: Object) -> Grid:
    """Fill the rectangle spanned by an object's box and the grid corner nearest to it with the
    object's colour (its most common one); no value when two corners are equally near."""
    height, width = grid.shape
    # Twice the centre's coordinates against the grid's doubled middle, in whole numbers.
    centre_row, centre_col = 2 * obj.top + obj.height - 1, 2 * obj.left + obj.width - 1
    if centre_row == height - 1 or centre_col == width - 1:
        return NO_VALUE
    up, left = centre_row < height - 1, centre_col < width - 1
    colours = obj.cells[obj.cells >= 0]
    colour = int(np.bincount(colours).argmax())
    out = np.array(grid)
    rows = slice(0, obj.top + obj.height) if up else slice(obj.top, height)
    cols = slice(0, obj.left + obj.width) if left else slice(obj.left, width)
    out[rows, cols] = colour
    return freeze(out)


def _edge_marks(line: np.ndarray, bg: int) -> np.ndarray:
    """An edge's cells that mark rays: non-background cells between background cells."""
    padded = np.pad(line, 1, constant_values=bg)
    return (line != bg) & (padded[:-2] == bg) & (padded[2:] == bg)


@primitive(keeps_shape=True)
def shoot_rays_toggle(grid: Grid) -> Grid:
    """Each marked cell on an edge shoots a ray straight across the grid: on its way, cells of
    the ray's colour become background and every other cell takes that colour."""
    bg = background(grid)
    out = np.array(grid)
    rays = 0
    for turns in range(4):  # the top edge of the grid turned 0-3 quarters
        turned, view = np.rot90(grid, turns), np.rot90(out, turns)
        for col in np.flatnonzero(_edge_marks(turned[0], bg)):
            colour = turned[0, col]
            view[1:, col] = np.where(turned[1:, col] == colour, bg, colour)
            rays += 1
    if not rays:
        return NO_VALUE
    return freeze(out)


def _ray_distances(filled: np.ndarray) -> np.ndarray:
    """For each cell, the steps down its column to the nearest filled cell below (-1: none)."""
    height = filled.shape[0]
    rows = np.broadcast_to(np.arange(height)[:, None], filled.shape)
    nearest = np.where(filled, rows, height)
    below = np.minimum.accumulate(nearest[::-1], axis=0)[::-1]
    below = np.vstack([below[1:], np.full((1, filled.shape[1]), height)])
    return np.where(below < height, below - rows, -1)


@primitive(keeps_shape=True)
def mark_equidistant_centres(grid: Grid, colour: Colour) -> Grid:
    """Background cells whose four straight rays hit other cells all at the same distance take
    a colour (the centres of crosses and squares of marks)."""
    return paint_mask(grid, memoised("equidistant centres", _equidistant_centres, grid), colour)


def _equidistant_centres(grid: Grid) -> np.ndarray | None:
    """The background cells whose four rays hit other cells at one distance (None if none);
    read-only: the memo shares it between colours."""
    filled = grid != background(grid)
    distances = [np.rot90(_ray_distances(np.rot90(filled, turns)), -turns) for turns in range(4)]
    equal = (distances[0] > 0) & ~filled
    for other in distances[1:]:
        equal &= other == distances[0]
    if not equal.any():
        return None
    equal.flags.writeable = False
    return equal
