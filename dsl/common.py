"""Helpers shared by the primitive families (not primitives themselves)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import ndimage

from dsl.types import MAX_OBJECTS, NO_VALUE, Grid, Object, Objects, freeze

FOUR = ndimage.generate_binary_structure(2, 1)
EIGHT = ndimage.generate_binary_structure(2, 2)
UNIT_STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1))
"""The four steps to a cell's side neighbours: down, up, right, left."""


def background(grid: Grid) -> int:
    """The grid's background: its most common colour (the lowest colour on ties)."""
    return int(np.bincount(grid.ravel(), minlength=10).argmax())


def colour_counts(grid: Grid) -> np.ndarray:
    """How many cells of each colour 0-9."""
    return np.bincount(grid.ravel(), minlength=10)


def object_from_mask(grid: Grid, mask: np.ndarray) -> Object:
    """The object made of the grid's cells under a boolean mask (which must not be empty)."""
    rows, cols = np.nonzero(mask)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    box = mask[top:bottom, left:right]
    cells = np.where(box, grid[top:bottom, left:right], -1).astype(np.int8)
    cells.flags.writeable = False
    return Object(int(top), int(left), cells)


def reading_order(objs: list[Object]) -> Objects:
    """Objects sorted top-to-bottom, then left-to-right."""
    return tuple(sorted(objs, key=lambda o: (o.top, o.left, o.height, o.width)))


def components(grid: Grid, mask: np.ndarray, diagonal: bool) -> Objects | object:
    """Connected components of a mask as objects, or NO_VALUE if there are too many."""
    labels, count = ndimage.label(mask, structure=EIGHT if diagonal else FOUR)
    if count == 0 or count > MAX_OBJECTS:
        return NO_VALUE
    slices = ndimage.find_objects(labels)
    objs = []
    for index, box in enumerate(slices, start=1):
        sub = labels[box] == index
        cells = np.where(sub, grid[box], -1).astype(np.int8)
        cells.flags.writeable = False
        objs.append(Object(box[0].start, box[1].start, cells))
    return reading_order(objs)


def single_colour_components(grid: Grid, diagonal: bool, skip: int | None) -> Objects | object:
    """Connected same-colour regions, ignoring colour `skip` (None keeps every colour)."""
    objs: list[Object] = []
    for colour in np.unique(grid):
        if colour == skip:
            continue
        found = components(grid, grid == colour, diagonal)
        if found is NO_VALUE:
            return NO_VALUE
        objs.extend(found)
        if len(objs) > MAX_OBJECTS:
            return NO_VALUE
    return reading_order(objs) if objs else NO_VALUE


_MEMO: dict[tuple, Any] = {}
_MEMO_LIMIT = 4096


def memoised(kind: str, compute: Callable[..., Any], grid: Grid, *args: Any) -> Any:
    """compute(grid, *args), remembered by `kind`, the arguments and the grid's cells.

    The search applies many primitives (and one primitive with many colours) to each grid, and
    several of them share an expensive first step: objects, panels, the gaps between facing cells,
    a completed pattern. What `compute` returns must never be changed by a caller. When the memo
    holds `_MEMO_LIMIT` entries, the older half is forgotten.
    """
    key = (kind, args, grid.shape, grid.tobytes())
    if key in _MEMO:
        return _MEMO[key]
    if len(_MEMO) >= _MEMO_LIMIT:
        for old in list(itertools.islice(_MEMO, _MEMO_LIMIT // 2)):
            del _MEMO[old]
    found = _MEMO[key] = compute(grid, *args)
    return found


def extract_objects(grid: Grid, multicolour: bool, diagonal: bool) -> Objects | object:
    """The grid's non-background objects, memoised by grid content (objects are immutable).

    The search asks for the objects of the same grid many times (every primitive that works per
    object extracts them), so one labelling per distinct grid is kept.
    """
    return extract_objects_on(grid, background(grid), multicolour, diagonal)


def paint(grid: Grid, obj: Object) -> np.ndarray:
    """A writable copy of the grid with the object's cells drawn on it (clipped to the grid)."""
    out = np.array(grid, dtype=np.int8)
    paint_inplace(out, obj)
    return out


def paint_mask(grid: Grid, mask: np.ndarray | None, colour: int) -> Grid:
    """The grid with a mask's cells in one colour (NO_VALUE when there is no mask)."""
    return NO_VALUE if mask is None else freeze(np.where(mask, colour, grid).astype(np.int8))


def paint_inplace(out: np.ndarray, obj: Object, colour: int | None = None) -> None:
    """Draw an object onto a writable grid (optionally in one colour), clipping at the edges."""
    height, width = out.shape
    top, left = obj.top, obj.left
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + obj.height, height), min(left + obj.width, width)
    if r0 >= r1 or c0 >= c1:
        return
    cells = obj.cells[r0 - top : r1 - top, c0 - left : c1 - left]
    mask = cells >= 0
    region = out[r0:r1, c0:c1]
    region[mask] = cells[mask] if colour is None else colour


def erase_inplace(out: np.ndarray, obj: Object, bg: int) -> None:
    """Paint an object's cells in the background colour."""
    paint_inplace(out, obj, bg)


def object_mask(shape: tuple[int, int], obj: Object) -> np.ndarray:
    """A boolean mask of the object's cells on a grid of the given shape."""
    mask = np.zeros(shape, dtype=bool)
    height, width = shape
    top, left = obj.top, obj.left
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + obj.height, height), min(left + obj.width, width)
    if r0 < r1 and c0 < c1:
        mask[r0:r1, c0:c1] = obj.mask[r0 - top : r1 - top, c0 - left : c1 - left]
    return mask


def bbox(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of a mask's true cells, exclusive ends; None if empty."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def extract_objects_on(grid: Grid, bg: int, multicolour: bool, diagonal: bool) -> Objects | object:
    """The grid's objects on a given background colour, memoised like `extract_objects`."""
    return memoised("objects", _find_objects, grid, bg, multicolour, diagonal)


def _find_objects(grid: Grid, bg: int, multicolour: bool, diagonal: bool) -> Objects | object:
    if multicolour:
        return components(grid, grid != bg, diagonal)
    return single_colour_components(grid, diagonal, skip=bg)


# Panels: a grid divided into cells by full lines of one separator colour


def true_runs(keep: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each maximal run of true values in a 1-D boolean array."""
    steps = np.diff(np.concatenate([[0], keep.astype(np.int8), [0]]))
    starts, stops = np.flatnonzero(steps == 1), np.flatnonzero(steps == -1)
    return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True)]


def find_separator_colour(grid: Grid) -> int | None:
    """The colour of the full-length single-colour lines that divide the grid into panels (see
    `_separator_colour`), memoised."""
    return memoised("separator", _separator_colour, grid)


def _separator_colour(grid: Grid) -> int | None:
    """The colour of the full-length single-colour lines that divide the grid into panels.

    Preferred in turn: a colour found only on its full lines (a pure separator, not a row of some
    panel's drawing), a colour other than the background, the colour with the most runs of lines
    away from the grid's edge (bands of empty panels at the edge are not separators), the most
    lines. None if no colour has full lines.
    """
    bg = background(grid)
    best, best_key = None, None
    for colour in np.unique(grid):
        rows, cols = np.all(grid == colour, axis=1), np.all(grid == colour, axis=0)
        lines = int(rows.sum() + cols.sum())
        if lines == 0:
            continue
        inner = sum(
            start > 0 and stop < len(full)
            for full in (rows, cols)
            for start, stop in true_runs(full)
        )
        pure = int((rows[:, None] | cols[None, :]).sum()) == int(np.count_nonzero(grid == colour))
        key = (pure, colour != bg, inner, lines)
        if best_key is None or key > best_key:
            best, best_key = int(colour), key
    return best


def full_lines(grid: Grid, bg: int) -> tuple[dict[int, int], dict[int, int]]:
    """Rows and columns that are one colour other than the background: index -> colour."""
    rows = {r: int(grid[r, 0]) for r in range(grid.shape[0]) if (grid[r] == grid[r, 0]).all()}
    cols = {c: int(grid[0, c]) for c in range(grid.shape[1]) if (grid[:, c] == grid[0, c]).all()}
    return (
        {r: colour for r, colour in rows.items() if colour != bg},
        {c: colour for c, colour in cols.items() if colour != bg},
    )


def panel_layout(grid: Grid) -> tuple[int, tuple, tuple] | None:
    """(separator colour, row runs, column runs) of a grid split into at least two panels.

    Panel (i, j) is grid[row_runs[i][0]:row_runs[i][1], col_runs[j][0]:col_runs[j][1]].
    Memoised: the runs are tuples, so no caller can change what the next one gets.
    """
    return memoised("layout", _panel_layout, grid)


def _panel_layout(grid: Grid) -> tuple[int, tuple, tuple] | None:
    colour = find_separator_colour(grid)
    if colour is None:
        return None
    row_runs = tuple(true_runs(~np.all(grid == colour, axis=1)))
    col_runs = tuple(true_runs(~np.all(grid == colour, axis=0)))
    if len(row_runs) * len(col_runs) < 2:
        return None
    return colour, row_runs, col_runs


def symmetries(cells: np.ndarray) -> tuple[bool, ...]:
    """Which mirror images the array equals: left-right, up-down, 180 degrees, both diagonals."""
    square = cells.shape[0] == cells.shape[1]
    return (
        bool(np.array_equal(cells, cells[:, ::-1])),
        bool(np.array_equal(cells, cells[::-1, :])),
        bool(np.array_equal(cells, cells[::-1, ::-1])),
        square and bool(np.array_equal(cells, cells.T)),
        square and bool(np.array_equal(cells, cells[::-1, ::-1].T)),
    )


def odd_one_out(table: list[list[object]]) -> int | None:
    """The row that differs from all the others, which agree, in the first column where one does
    (columns are properties in a fixed order; at least three rows), else None."""
    if len(table) < 3:
        return None
    for column in zip(*table, strict=True):
        counts = Counter(column)
        if len(counts) == 2 and min(counts.values()) == 1:
            odd = min(counts, key=counts.__getitem__)
            return column.index(odd)
    return None
