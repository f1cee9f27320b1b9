"""Fill: flood and enclosed fills, boxes, outlines, lines from or between cells, and gravity."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import ndimage

from dsl.common import (
    EIGHT,
    FOUR,
    background,
    extract_objects,
    extract_objects_on,
    full_lines,
    memoised,
    paint_mask,
)
from dsl.registry import primitive
from dsl.types import NO_VALUE, Colour, Grid, Object, Objects, Position, freeze

# Enclosed regions and flood fill


def _enclosed(grid: Grid) -> tuple[np.ndarray, int]:
    """Labels of the background regions (4-connected) that do not reach the edge, and a count
    (memoised: read it, never write to it)."""
    return memoised("enclosed", _find_enclosed, grid)


def _find_enclosed(grid: Grid) -> tuple[np.ndarray, int]:
    labels, count = ndimage.label(grid == background(grid), structure=FOUR)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    labels[np.isin(labels, edge)] = 0
    labels.flags.writeable = False
    return labels, count


@primitive(keeps_shape=True)
def fill_enclosed(grid: Grid, colour: Colour) -> Grid:
    """Background cells that cannot reach the edge through background take a colour."""
    labels, _ = _enclosed(grid)
    return freeze(np.where(labels > 0, colour, grid).astype(np.int8))


@primitive(keeps_shape=True)
def fill_holes(grid: Grid) -> Grid:
    """Each enclosed background region takes the most common colour around it."""
    labels, count = _enclosed(grid)
    out = np.array(grid)
    for index in range(1, count + 1):
        region = labels == index
        if not region.any():
            continue
        rim = ndimage.binary_dilation(region, structure=FOUR) & ~region
        out[region] = np.bincount(grid[rim], minlength=10).argmax()
    return freeze(out)


@primitive(keeps_shape=True)
def spread_colour(grid: Grid, colour: Colour) -> Grid:
    """Background regions (4-connected) that touch a cell of a colour take that colour."""
    bg = background(grid)
    seeds = grid == colour
    if colour == bg or not seeds.any():
        return NO_VALUE
    labels, _ = ndimage.label(grid == bg, structure=FOUR)
    touched = np.unique(labels[ndimage.binary_dilation(seeds, structure=FOUR)])
    reached = np.isin(labels, touched[touched > 0])
    return freeze(np.where(reached, colour, grid).astype(np.int8))


@primitive(keeps_shape=True)
def flood_fill(grid: Grid, start: Position, colour: Colour) -> Grid:
    """The 4-connected same-colour region containing a cell takes a colour."""
    row, col = start
    if not (0 <= row < grid.shape[0] and 0 <= col < grid.shape[1]):
        return NO_VALUE
    labels, _ = ndimage.label(grid == grid[row, col], structure=FOUR)
    return freeze(np.where(labels == labels[row, col], colour, grid).astype(np.int8))


# Boxes and outlines


def _clipped_box(grid: Grid, top: int, left: int, bottom: int, right: int) -> tuple | None:
    top, left = max(top, 0), max(left, 0)
    bottom, right = min(bottom, grid.shape[0]), min(right, grid.shape[1])
    return (top, left, bottom, right) if top < bottom and left < right else None


@primitive(keeps_shape=True)
def fill_bbox(grid: Grid, obj: Object, colour: Colour) -> Grid:
    """Background cells inside an object's bounding box take a colour."""
    box = _clipped_box(grid, obj.top, obj.left, obj.top + obj.height, obj.left + obj.width)
    if box is None:
        return NO_VALUE
    top, left, bottom, right = box
    out = np.array(grid)
    region = out[top:bottom, left:right]
    region[region == background(grid)] = colour
    return freeze(out)


def _multi_objects(grid: Grid) -> Objects:
    """The grid's 8-connected objects of any colours (NO_VALUE if none or too many)."""
    return extract_objects(grid, multicolour=True, diagonal=True)


@primitive(keeps_shape=True)
def fill_bboxes(grid: Grid, colour: Colour) -> Grid:
    """Background cells inside the bounding box of any object (8-connected) take a colour."""
    return paint_mask(grid, memoised("in boxes", _background_in_boxes, grid), colour)


def _background_in_boxes(grid: Grid) -> np.ndarray | None:
    """Background cells inside any object's box (None without objects); read-only."""
    objs = _multi_objects(grid)
    if objs is NO_VALUE:
        return None
    boxed = np.zeros(grid.shape, dtype=bool)
    for obj in objs:
        boxed[obj.top : obj.top + obj.height, obj.left : obj.left + obj.width] = True
    boxed &= grid == background(grid)
    boxed.flags.writeable = False
    return boxed


@primitive(keeps_shape=True)
def box_objects(grid: Grid, colour: Colour) -> Grid:
    """Draw a frame one cell outside each object's (8-connected) bounding box, over background."""
    return paint_mask(grid, memoised("box frames", _box_frames, grid), colour)


def _box_frames(grid: Grid) -> np.ndarray | None:
    """Background cells on a frame one cell outside any object's box (None without objects)."""
    objs = _multi_objects(grid)
    if objs is NO_VALUE:
        return None
    # Frames are drawn on a grid padded by one cell so that they may run off the edge.
    frame = np.zeros((grid.shape[0] + 2, grid.shape[1] + 2), dtype=bool)
    for obj in objs:
        bottom, right = obj.top + obj.height + 1, obj.left + obj.width + 1
        frame[[obj.top, bottom], obj.left : right + 1] = True
        frame[obj.top : bottom + 1, [obj.left, right]] = True
    paint = frame[1:-1, 1:-1] & (grid == background(grid))
    paint.flags.writeable = False
    return paint


@primitive(keeps_shape=True)
def outline(grid: Grid, colour: Colour) -> Grid:
    """Background cells touching (diagonals included) a non-background cell take a colour."""
    bg = grid == background(grid)
    ring = ndimage.binary_dilation(~bg, structure=EIGHT) & bg
    return freeze(np.where(ring, colour, grid).astype(np.int8))


@primitive(keeps_shape=True)
def outline_orthogonal(grid: Grid, colour: Colour) -> Grid:
    """Background cells sharing a side with a non-background cell take a colour."""
    bg = grid == background(grid)
    ring = ndimage.binary_dilation(~bg, structure=FOUR) & bg
    return freeze(np.where(ring, colour, grid).astype(np.int8))


# Lines shot from cells of one colour


def _shoot(grid: Grid, colour: Colour, lines: Callable[[np.ndarray], np.ndarray]) -> Grid:
    """Paint background cells on the lines through the cells of a colour."""
    bg = background(grid)
    source = grid == colour
    if colour == bg or not source.any():
        return NO_VALUE
    paint = lines(source) & (grid == bg)
    return freeze(np.where(paint, colour, grid).astype(np.int8))


def _rows(source: np.ndarray) -> np.ndarray:
    return np.broadcast_to(source.any(axis=1, keepdims=True), source.shape)


def _columns(source: np.ndarray) -> np.ndarray:
    return np.broadcast_to(source.any(axis=0, keepdims=True), source.shape)


def _diagonals(source: np.ndarray) -> np.ndarray:
    rows, cols = np.indices(source.shape)
    diffs, sums = rows - cols, rows + cols
    return np.isin(diffs, diffs[source]) | np.isin(sums, sums[source])


@primitive(keeps_shape=True)
def extend_lines_h(grid: Grid, colour: Colour) -> Grid:
    """Each cell of a colour paints its whole row over background."""
    return _shoot(grid, colour, _rows)


@primitive(keeps_shape=True)
def extend_lines_v(grid: Grid, colour: Colour) -> Grid:
    """Each cell of a colour paints its whole column over background."""
    return _shoot(grid, colour, _columns)


@primitive(keeps_shape=True)
def extend_cross(grid: Grid, colour: Colour) -> Grid:
    """Each cell of a colour paints its whole row and column over background."""
    return _shoot(grid, colour, lambda s: _rows(s) | _columns(s))


@primitive(keeps_shape=True)
def extend_diagonals(grid: Grid, colour: Colour) -> Grid:
    """Each cell of a colour paints both its diagonals over background."""
    return _shoot(grid, colour, _diagonals)


# Every non-background cell dripping one way


def _drip_down(grid: Grid) -> np.ndarray:
    bg = background(grid)
    out = np.array(grid)
    for row in range(1, grid.shape[0]):
        take = (grid[row] == bg) & (out[row - 1] != bg)
        out[row, take] = out[row - 1, take]
    return out


@primitive(keeps_shape=True)
def extend_down(grid: Grid) -> Grid:
    """Every non-background cell paints downwards over background until it meets another cell."""
    return freeze(_drip_down(grid))


@primitive(keeps_shape=True)
def extend_up(grid: Grid) -> Grid:
    """Every non-background cell paints upwards over background until it meets another cell."""
    return freeze(_drip_down(grid[::-1])[::-1].copy())


@primitive(keeps_shape=True)
def extend_right(grid: Grid) -> Grid:
    """Every non-background cell paints rightwards over background until it meets another cell."""
    return freeze(_drip_down(grid.T).T.copy())


@primitive(keeps_shape=True)
def extend_left(grid: Grid) -> Grid:
    """Every non-background cell paints leftwards over background until it meets another cell."""
    return freeze(_drip_down(grid.T[::-1])[::-1].T.copy())


def _drip_down_right(grid: Grid) -> np.ndarray:
    bg = background(grid)
    out = np.array(grid)
    for row in range(1, grid.shape[0]):
        take = (grid[row, 1:] == bg) & (out[row - 1, :-1] != bg)
        out[row, 1:][take] = out[row - 1, :-1][take]
    return out


@primitive(keeps_shape=True)
def extend_down_right(grid: Grid) -> Grid:
    """Every non-background cell paints diagonally down and right over background until it meets
    another cell."""
    return freeze(_drip_down_right(grid))


@primitive(keeps_shape=True)
def extend_down_left(grid: Grid) -> Grid:
    """Every non-background cell paints diagonally down and left (as extend_down_right)."""
    return freeze(_drip_down_right(grid[:, ::-1])[:, ::-1].copy())


@primitive(keeps_shape=True)
def extend_up_right(grid: Grid) -> Grid:
    """Every non-background cell paints diagonally up and right (as extend_down_right)."""
    return freeze(_drip_down_right(grid[::-1])[::-1].copy())


@primitive(keeps_shape=True)
def extend_up_left(grid: Grid) -> Grid:
    """Every non-background cell paints diagonally up and left (as extend_down_right)."""
    return freeze(_drip_down_right(grid[::-1, ::-1])[::-1, ::-1].copy())


# Lines drawn between pairs of cells


def _gaps(grid: Grid) -> np.ndarray:
    """For each cell, the colour of the same-colour cells it lies between on its row, or -1."""
    gaps = _between(grid, background(grid))
    gaps.flags.writeable = False
    return gaps


def _connect(grid: Grid, horizontal: bool, vertical: bool, colour: int | None) -> Grid:
    """Paint the background between facing same-colour cells (vertical lines drawn last)."""
    out = np.array(grid)
    wanted = [memoised("gaps", _gaps, grid)] if horizontal else []
    wanted += [memoised("gaps", _gaps, grid.T).T] if vertical else []
    for gaps in wanted:
        mask = gaps >= 0
        out[mask] = gaps[mask] if colour is None else colour
    return freeze(out)


@primitive(keeps_shape=True)
def connect_h(grid: Grid) -> Grid:
    """Join each pair of same-colour cells facing each other on a row with their colour."""
    return _connect(grid, True, False, None)


@primitive(keeps_shape=True)
def connect_v(grid: Grid) -> Grid:
    """Join each pair of same-colour cells facing each other in a column with their colour."""
    return _connect(grid, False, True, None)


@primitive(keeps_shape=True)
def connect_same_colour(grid: Grid) -> Grid:
    """Join facing same-colour cells on rows and columns with lines of their colour."""
    return _connect(grid, True, True, None)


@primitive(keeps_shape=True)
def connect_with(grid: Grid, colour: Colour) -> Grid:
    """Join facing same-colour cells on rows and columns with lines of a given colour."""
    return _connect(grid, True, True, colour)


@primitive(keeps_shape=True)
def connect_h_with(grid: Grid, colour: Colour) -> Grid:
    """Join facing same-colour cells on rows with lines of a given colour."""
    return _connect(grid, True, False, colour)


@primitive(keeps_shape=True)
def connect_v_with(grid: Grid, colour: Colour) -> Grid:
    """Join facing same-colour cells in columns with lines of a given colour."""
    return _connect(grid, False, True, colour)


def _nearest_filled(filled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each cell, the column of the nearest filled cell strictly before it on its row (-1:
    none) and strictly after it (the width: none)."""
    height, width = filled.shape
    cols = np.broadcast_to(np.arange(width), filled.shape)
    before = np.maximum.accumulate(np.where(filled, cols, -1), axis=1)
    after = np.minimum.accumulate(np.where(filled, cols, width)[:, ::-1], axis=1)[:, ::-1]
    before = np.concatenate([np.full((height, 1), -1), before[:, :-1]], axis=1)
    after = np.concatenate([after[:, 1:], np.full((height, 1), width)], axis=1)
    return before, after


def _between(lines: np.ndarray, bg: int) -> np.ndarray:
    """For each cell, the colour of the same-colour cells it lies between on its row, or -1."""
    width = lines.shape[1]
    filled = lines != bg
    before, after = _nearest_filled(filled)
    inside = (before >= 0) & (after < width) & ~filled
    left = np.take_along_axis(lines, before.clip(0, width - 1), axis=1)
    right = np.take_along_axis(lines, after.clip(0, width - 1), axis=1)
    return np.where(inside & (left == right), left, -1)


@primitive(keeps_shape=True)
def connect_diagonals(grid: Grid) -> Grid:
    """Join each pair of same-colour cells facing each other on a diagonal with their colour."""
    bg = background(grid)
    height, width = grid.shape
    rows, cols = np.indices(grid.shape)
    out = np.array(grid)
    # Shear the grid so that each diagonal becomes a column of a wider grid padded with background.
    for diagonal in (cols - rows + height - 1, cols + rows):
        sheared = np.full((height, width + height - 1), bg, dtype=np.int8)
        sheared[rows, diagonal] = grid
        gaps = _between(sheared.T, bg).T[rows, diagonal]
        out = np.where((gaps >= 0) & (out == bg), gaps, out).astype(np.int8)
    return freeze(out)


def _outer_corners(grid: Grid, bg: int, step_row: int, step_col: int) -> np.ndarray:
    """Non-background cells whose two neighbours towards (step_row, step_col) along the row and
    the column are not their colour: an object's corner facing that diagonal direction."""
    padded = np.pad(grid, 1, constant_values=-1)
    height, width = grid.shape
    inner = padded[1 : height + 1, 1 : width + 1]
    vertical = padded[1 + step_row : height + 1 + step_row, 1 : width + 1]
    horizontal = padded[1 : height + 1, 1 + step_col : width + 1 + step_col]
    return (inner != bg) & (vertical != inner) & (horizontal != inner)


def _facing_corners(grid: Grid, bg: int, anti: bool) -> np.ndarray:
    """For each cell, the colour of two same-colour corners it lies between on a diagonal (the
    down-right one, or the down-left one with `anti`), each facing the other, or -1."""
    height, width = grid.shape
    rows, cols = np.indices(grid.shape)
    step_col = -1 if anti else 1
    ahead = _outer_corners(grid, bg, 1, step_col)  # corners facing down the diagonal
    behind = _outer_corners(grid, bg, -1, -step_col)  # ... and facing up it
    diagonal = cols + rows if anti else cols - rows + height - 1
    filled = np.zeros((width + height - 1, height), dtype=bool)  # one row per diagonal
    filled[diagonal, rows] = grid != bg
    before, after = _nearest_filled(filled)
    start, end = before[diagonal, rows], after[diagonal, rows]
    inside = (start >= 0) & (end < height) & (grid == bg)
    start_row, end_row = start.clip(0, height - 1), end.clip(0, height - 1)
    start_col = cols + (rows - start_row) * (1 if anti else -1)
    end_col = cols + (rows - end_row) * (1 if anti else -1)
    start_col, end_col = start_col.clip(0, width - 1), end_col.clip(0, width - 1)
    colour = grid[start_row, start_col]
    joined = (
        inside
        & ahead[start_row, start_col]
        & behind[end_row, end_col]
        & (grid[end_row, end_col] == colour)
    )
    return np.where(joined, colour, -1)


@primitive(keeps_shape=True)
def connect_corners(grid: Grid) -> Grid:
    """Join same-colour objects lying diagonally from each other with a diagonal line of their
    colour between their facing corners."""
    bg = background(grid)
    out = np.array(grid)
    for anti in (False, True):
        gaps = _facing_corners(grid, bg, anti)
        out = np.where(gaps >= 0, gaps, out).astype(np.int8)
    return freeze(out)


# Gravity


def _fall_cells(grid: Grid) -> np.ndarray:
    """Non-background cells of each column stacked at the bottom, in their order."""
    bg = background(grid)
    out = np.full_like(grid, bg)
    height = grid.shape[0]
    for col in range(grid.shape[1]):
        cells = grid[:, col][grid[:, col] != bg]
        out[height - cells.size :, col] = cells
    return out


def _free_fall(below: np.ndarray, mask: np.ndarray) -> int:
    """How many rows a shape (mask, at the top of `below`) can drop before one of its cells
    would leave the grid or land on an occupied cell of `below`."""
    height, room = mask.shape[0], below.shape[0] - mask.shape[0]  # rows under the box
    if room == 0 or (below[1 : height + 1] & mask).any():
        return 0  # resting already: the common case, answered without the full scan
    rows = np.arange(below.shape[0])[:, None]
    occupied_at = np.where(below, rows, below.shape[0])
    next_below = np.minimum.accumulate(occupied_at[::-1], axis=0)[::-1]  # first occupied >= row
    cell_rows, cell_cols = np.nonzero(mask)
    blocked_at = next_below[cell_rows + 1, cell_cols]  # the first occupied row under each cell
    return int(min(room, (blocked_at - cell_rows - 1).min(initial=room)))


def _fall_objects(grid: Grid) -> np.ndarray | None:
    """Objects (8-connected, any colours) dropped as rigid bodies until they rest on something."""
    objs = _multi_objects(grid)
    if objs is NO_VALUE:
        return None
    objs = sorted(objs, key=lambda o: -(o.top + o.height))
    tops = [o.top for o in objs]
    occupied = grid != background(grid)
    for _ in range(len(objs) + 1):
        moved = False
        for i, obj in enumerate(objs):
            cols = slice(obj.left, obj.left + obj.width)
            occupied[tops[i] : tops[i] + obj.height, cols] &= ~obj.mask
            drop = _free_fall(occupied[tops[i] :, cols], obj.mask)
            tops[i] += drop
            occupied[tops[i] : tops[i] + obj.height, cols] |= obj.mask
            moved |= drop > 0
        if not moved:
            break
    out = np.full_like(grid, background(grid))
    for obj, top in zip(objs, tops, strict=True):
        box = out[top : top + obj.height, obj.left : obj.left + obj.width]
        box[obj.mask] = obj.cells[obj.mask]
    return out


def _turned(fall: Callable[[Grid], np.ndarray | None], grid: Grid, turns: int) -> Grid:
    """Apply a downward fall after turning the grid `turns` quarter turns anticlockwise."""
    fallen = fall(np.rot90(grid, turns))
    return NO_VALUE if fallen is None else freeze(np.rot90(fallen, -turns).copy())


@primitive(keeps_shape=True)
def gravity_down(grid: Grid) -> Grid:
    """Non-background cells fall to the bottom of their column, keeping their order."""
    return freeze(_fall_cells(grid))


@primitive(keeps_shape=True)
def gravity_up(grid: Grid) -> Grid:
    """Non-background cells rise to the top of their column, keeping their order."""
    return _turned(_fall_cells, grid, 2)


@primitive(keeps_shape=True)
def gravity_left(grid: Grid) -> Grid:
    """Non-background cells slide to the left end of their row, keeping their order."""
    return _turned(_fall_cells, grid, 1)


@primitive(keeps_shape=True)
def gravity_right(grid: Grid) -> Grid:
    """Non-background cells slide to the right end of their row, keeping their order."""
    return _turned(_fall_cells, grid, -1)


@primitive(keeps_shape=True)
def gravity_objects_down(grid: Grid) -> Grid:
    """Objects fall as rigid bodies until they rest on the bottom edge or on another object."""
    return _turned(_fall_objects, grid, 0)


@primitive(keeps_shape=True)
def gravity_objects_up(grid: Grid) -> Grid:
    """Objects rise as rigid bodies until they rest against the top edge or another object."""
    return _turned(_fall_objects, grid, 2)


@primitive(keeps_shape=True)
def gravity_objects_left(grid: Grid) -> Grid:
    """Objects slide left as rigid bodies until they rest against the edge or another object."""
    return _turned(_fall_objects, grid, 1)


@primitive(keeps_shape=True)
def gravity_objects_right(grid: Grid) -> Grid:
    """Objects slide right as rigid bodies until they rest against the edge or another object."""
    return _turned(_fall_objects, grid, -1)


# Decorating cells of one colour


_DIAGONAL = np.array([[1, 0, 1], [0, 0, 0], [1, 0, 1]], dtype=bool)
_AROUND = {"orthogonal": FOUR, "diagonal": _DIAGONAL}


def _decorate(grid: Grid, source: Colour, colour: Colour, around: str) -> Grid:
    """Background cells at the given offsets from a cell of the source colour take a colour."""
    return paint_mask(grid, memoised("decoration", _decoration, grid, source, around), colour)


def _decoration(grid: Grid, source: int, around: str) -> np.ndarray | None:
    """The background cells `around` (a key of _AROUND) a cell of the source colour, None if
    the source is the background or absent; read-only, shared by every colour."""
    bg = background(grid)
    cells = grid == source
    if source == bg or not cells.any():
        return None
    ring = ndimage.binary_dilation(cells, structure=_AROUND[around]) & (grid == bg)
    ring.flags.writeable = False
    return ring


@primitive(keeps_shape=True)
def decorate_diagonal(grid: Grid, source: Colour, colour: Colour) -> Grid:
    """Background cells diagonally next to a cell of the source colour take a colour."""
    return _decorate(grid, source, colour, "diagonal")


@primitive(keeps_shape=True)
def decorate_orthogonal(grid: Grid, source: Colour, colour: Colour) -> Grid:
    """Background cells sharing a side with a cell of the source colour take a colour."""
    return _decorate(grid, source, colour, "orthogonal")


# Whole rows and columns


def _paint_lines(grid: Grid, rows: np.ndarray, cols: np.ndarray, colour: Colour) -> Grid:
    """Background cells on the chosen rows or columns take a colour."""
    hit = (rows[:, None] | cols[None, :]) & (grid == background(grid))
    if not hit.any():
        return NO_VALUE
    return freeze(np.where(hit, colour, grid).astype(np.int8))


@primitive(keeps_shape=True)
def fill_zero_lines(grid: Grid, colour: Colour) -> Grid:
    """Rows and columns made only of colour 0 take a colour."""
    zero = grid == 0
    hit = zero.all(axis=1)[:, None] | zero.all(axis=0)[None, :]
    if not hit.any():
        return NO_VALUE
    return freeze(np.where(hit, colour, grid).astype(np.int8))


@primitive(keeps_shape=True)
def fill_open_lines(grid: Grid, colour: Colour) -> Grid:
    """Rows and columns that are background everywhere but at their two ends take a colour."""
    bg = grid == background(grid)
    if min(grid.shape) < 3:
        return NO_VALUE
    return _paint_lines(grid, bg[:, 1:-1].all(axis=1), bg[1:-1].all(axis=0), colour)


# Object interiors


def _interior(grid: Grid) -> np.ndarray:
    """Non-background cells whose eight neighbours are all on the grid and of their colour."""
    height, width = grid.shape
    padded = np.pad(grid.astype(np.int16), 1, constant_values=-1)
    inside = grid != background(grid)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            inside &= padded[1 + dr : 1 + dr + height, 1 + dc : 1 + dc + width] == grid
    return inside


@primitive(keeps_shape=True)
def hollow_objects(grid: Grid) -> Grid:
    """Object cells surrounded on all eight sides by cells of their own colour become background."""
    inside = _interior(grid)
    if not inside.any():
        return NO_VALUE
    return freeze(np.where(inside, background(grid), grid).astype(np.int8))


# Segments and lines


@primitive(keeps_shape=True)
def extend_segments(grid: Grid) -> Grid:
    """Every one-cell-thick straight run of two or more same-coloured cells fills its whole
    column (vertical runs) or row (horizontal runs, drawn last)."""
    objs = extract_objects(grid, multicolour=False, diagonal=False)
    if objs is NO_VALUE:
        return NO_VALUE
    out = np.array(grid)
    vertical = [o for o in objs if o.width == 1 and o.height >= 2]
    horizontal = [o for o in objs if o.height == 1 and o.width >= 2]
    if not vertical and not horizontal:
        return NO_VALUE
    for obj in vertical:
        out[:, obj.left] = obj.cells[0, 0]
    for obj in horizontal:
        out[obj.top, :] = obj.cells[0, 0]
    return freeze(out)


def _step_to_line(
    obj: Object, rows: dict[int, int], cols: dict[int, int]
) -> tuple[int, tuple[int, int]] | None:
    """The distance to the nearest full line of the object's colour and the unit step towards
    it (None if there is none)."""
    colour = obj.colour
    options = []
    for row, line_colour in rows.items():
        if line_colour == colour and not obj.top <= row < obj.top + obj.height:
            distance = obj.top - row if row < obj.top else row - (obj.top + obj.height - 1)
            options.append((distance, (-1 if row < obj.top else 1, 0)))
    for col, line_colour in cols.items():
        if line_colour == colour and not obj.left <= col < obj.left + obj.width:
            distance = obj.left - col if col < obj.left else col - (obj.left + obj.width - 1)
            options.append((distance, (0, -1 if col < obj.left else 1)))
    return min(options) if options else None


@primitive(keeps_shape=True)
def gravity_to_matching_lines(grid: Grid) -> Grid:
    """Objects slide as rigid bodies towards the nearest full row or column of their own colour
    until they touch it or another cell; objects with no such line stay where they are."""
    bg = background(grid)
    rows, cols = full_lines(grid, bg)
    if not rows and not cols:
        return NO_VALUE
    loose = np.array(grid)
    loose[list(rows), :] = bg
    loose[:, list(cols)] = bg
    objs = extract_objects_on(freeze(loose), bg, multicolour=False, diagonal=True)
    if objs is NO_VALUE:
        return NO_VALUE
    out = np.array(grid)
    occupied = out != bg
    moves = [(_step_to_line(obj, rows, cols), index) for index, obj in enumerate(objs)]
    # nearest first, so that the objects behind stop against the ones ahead
    for (_, (dr, dc)), index in sorted(m for m in moves if m[0] is not None):
        obj = objs[index]
        cells = np.argwhere(obj.mask) + (obj.top, obj.left)
        occupied[cells[:, 0], cells[:, 1]] = False
        out[cells[:, 0], cells[:, 1]] = bg
        cells = _slide(cells, (dr, dc), occupied)
        occupied[cells[:, 0], cells[:, 1]] = True
        out[cells[:, 0], cells[:, 1]] = obj.cells[obj.mask]
    return freeze(out)


def _slide(cells: np.ndarray, step: tuple[int, int], occupied: np.ndarray) -> np.ndarray:
    """The (row, col) cells moved by `step` for as long as they stay on the grid and free."""
    height, width = occupied.shape
    while True:
        moved = cells + step
        inside = (moved >= 0).all() and (moved < (height, width)).all()
        if not inside or occupied[moved[:, 0], moved[:, 1]].any():
            return cells
        cells = moved
