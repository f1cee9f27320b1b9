"""Moving the objects of one colour: by an offset, by their own size, until blocked, towards or
away from an anchor colour.

An object here is an 8-connected group of cells of the colour. Each primitive moves every object
of the colour by its own displacement and leaves the background where it was; cells moved off the
grid are lost. The search does not enumerate these: solver/moves.py finds, per colour, the motion
the demonstrations show and chains one step per colour that moves. `slide_objects` is the one the
search enumerates: it moves the objects an earlier step selected, whatever their colours.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import ndimage

from dsl.common import EIGHT, UNIT_STEPS, background, bbox
from dsl.registry import primitive
from dsl.types import NO_VALUE, Colour, Grid, Object, Objects, Position, freeze

"""The four directions an object may slide in."""

Cells = tuple[np.ndarray, np.ndarray]
"""Row and column indices of one object's cells."""


def _objects(grid: Grid, colour: int) -> list[Cells]:
    """The 8-connected groups of cells of `colour`, in reading order of their first cell."""
    labels, count = ndimage.label(grid == colour, structure=EIGHT)
    return [np.nonzero(labels == label) for label in range(1, count + 1)]


def _unit(direction: Position) -> tuple[int, int] | None:
    """One of the four unit steps, or None for anything else."""
    dy, dx = int(direction[0]), int(direction[1])
    return (dy, dx) if abs(dy) + abs(dx) == 1 else None


def _draw(canvas: np.ndarray, cells: Cells, offset: tuple[int, int], colour: int) -> None:
    rows, cols = cells[0] + offset[0], cells[1] + offset[1]
    inside = (rows >= 0) & (rows < canvas.shape[0]) & (cols >= 0) & (cols < canvas.shape[1])
    canvas[rows[inside], cols[inside]] = colour


def _move_each(
    grid: Grid, colour: int, offset_of: Callable[[np.ndarray, Cells], tuple[int, int]]
) -> Grid:
    """Every object of `colour` lifted off and drawn again at `offset_of(canvas, cells)`, one
    object at a time in reading order, each seeing the ones moved before it."""
    canvas = np.array(grid)
    bg = background(grid)
    if colour == bg:
        return grid
    for cells in _objects(grid, colour):
        canvas[cells] = bg
        _draw(canvas, cells, offset_of(canvas, cells), colour)
    return freeze(canvas)


def _shift_all(grid: Grid, colour: int, offset_of: Callable[[Cells], tuple[int, int]]) -> Grid:
    """Every object of `colour` lifted off at once, then drawn at `offset_of(cells)`."""
    bg = background(grid)
    if colour == bg:
        return grid
    canvas = np.array(grid)
    canvas[canvas == colour] = bg
    for cells in _objects(grid, colour):
        _draw(canvas, cells, offset_of(cells), colour)
    return freeze(canvas)


def _free_steps(canvas: np.ndarray, cells: Cells, step: tuple[int, int], bg: int) -> int:
    """How many unit steps the cells can take before leaving the grid or covering a cell that is
    not background (the object itself is already lifted off the canvas)."""
    limit = min(
        _steps_to_edge(cells[axis], step[axis], canvas.shape[axis]) for axis in (0, 1) if step[axis]
    )
    if limit <= 0:
        return 0
    taken = np.arange(1, limit + 1)[:, None]  # every distance at once: one row per distance
    blocked = (canvas[cells[0] + step[0] * taken, cells[1] + step[1] * taken] != bg).any(axis=1)
    return int(blocked.argmax()) if blocked.any() else limit


def _steps_to_edge(lines: np.ndarray, step: int, size: int) -> int:
    """How many steps of `step` along one axis keep every line index inside [0, size)."""
    return (size - 1 - int(lines.max())) // step if step > 0 else int(lines.min()) // -step


def _lead(cells: Cells, step: tuple[int, int]) -> int:
    """How far along `step` the object's leading cell lies."""
    return int((cells[0] * step[0] + cells[1] * step[1]).max())


def _nearest_first(objects: list[Cells], step: tuple[int, int]) -> list[Cells]:
    """Objects ordered so that the one furthest along `step` moves first (it blocks the rest)."""
    return sorted(objects, key=lambda c: -_lead(c, step))


@primitive(searchable=False)
def shift_colour(grid: Grid, colour: Colour, offset: Position) -> Grid:
    """Every cell of the colour moves by the offset."""
    return _shift_all(grid, colour, lambda _cells: (int(offset[0]), int(offset[1])))


@primitive(searchable=False)
def shift_colour_by_count(grid: Grid, colour: Colour, direction: Position) -> Grid:
    """Each object of the colour moves in the unit direction by as many cells as it has."""
    step = _unit(direction)
    if step is None:
        return grid
    return _shift_all(grid, colour, lambda c: (step[0] * len(c[0]), step[1] * len(c[0])))


def _extent(cells: Cells, step: tuple[int, int]) -> int:
    """How many rows (for an up or down step) or columns the object spans."""
    along = cells[0] if step[0] else cells[1]
    return int(along.max() - along.min() + 1)


@primitive(searchable=False)
def shift_colour_by_extent(grid: Grid, colour: Colour, direction: Position) -> Grid:
    """Each object of the colour moves in the unit direction by its own height (up or down) or
    width (sideways): it jumps clear of where it was."""
    step = _unit(direction)
    if step is None:
        return grid
    return _shift_all(
        grid, colour, lambda c: (step[0] * _extent(c, step), step[1] * _extent(c, step))
    )


@primitive(searchable=False)
def slide_colour(grid: Grid, colour: Colour, direction: Position) -> Grid:
    """Each object of the colour slides in the unit direction until it meets the edge or a cell
    of another colour (objects nearer the edge first, so they pile up)."""
    step = _unit(direction)
    bg = background(grid)
    if step is None or colour == bg:
        return grid
    canvas = np.array(grid)
    for cells in _nearest_first(_objects(grid, colour), step):
        canvas[cells] = bg
        taken = _free_steps(canvas, cells, step, bg)
        _draw(canvas, cells, (step[0] * taken, step[1] * taken), colour)
    return freeze(canvas)


def _object_cells(obj: Object) -> tuple[Cells, np.ndarray]:
    """An object's cells placed on its grid, and their colours."""
    rows, cols, colours = obj.placed_cells
    return (rows, cols), colours


def _inside(grid: Grid, obj: Object) -> bool:
    """Whether every cell of the object lies on the grid (its box does, or its cells do)."""
    height, width = grid.shape
    box_inside = obj.top >= 0 and obj.left >= 0
    if box_inside and obj.top + obj.height <= height and obj.left + obj.width <= width:
        return True
    rows, cols, _colours = obj.placed_cells
    return bool(rows.min() >= 0 and cols.min() >= 0 and rows.max() < height and cols.max() < width)


@primitive(keeps_shape=True)
def slide_objects(grid: Grid, objs: Objects, direction: Position) -> Grid:
    """The given objects slide rigidly in the unit direction until they meet the edge or another
    cell (the others stay put as obstacles; objects further along move first and pile up)."""
    step = _unit(direction)
    if step is None or not objs:
        return NO_VALUE
    if not all(_inside(grid, obj) for obj in objs):
        return NO_VALUE  # objects of another grid
    placed = [_object_cells(obj) for obj in objs]
    bg = background(grid)
    canvas = np.array(grid)
    for cells, _colours in placed:
        canvas[cells] = bg
    for cells, colours in sorted(placed, key=lambda placing: -_lead(placing[0], step)):
        taken = _free_steps(canvas, cells, step, bg)
        canvas[cells[0] + step[0] * taken, cells[1] + step[1] * taken] = colours
    return freeze(canvas)


def _towards_anchor(anchor: np.ndarray, cells: Cells) -> tuple[int, int] | None:
    """The unit step from the object towards the nearest anchor cell in line with it (sharing a
    row for a sideways move, a column for an up/down move), or None."""
    best: tuple[int, tuple[int, int]] | None = None
    top, bottom, left, right = cells[0].min(), cells[0].max(), cells[1].min(), cells[1].max()
    for step in UNIT_STEPS:
        if step[0]:
            band = anchor[:, left : right + 1]
            lines = np.nonzero(band.any(axis=1))[0]
            gaps = lines - bottom if step[0] > 0 else top - lines
        else:
            band = anchor[top : bottom + 1, :]
            lines = np.nonzero(band.any(axis=0))[0]
            gaps = lines - right if step[1] > 0 else left - lines
        gaps = gaps[gaps > 0]
        if gaps.size and (best is None or gaps.min() < best[0]):
            best = (int(gaps.min()), step)
    return None if best is None else best[1]


def _slide_by_anchor(
    grid: Grid,
    colour: int,
    anchor: int,
    step_of: Callable[[np.ndarray, Cells], tuple[int, int] | None],
) -> Grid:
    """Each object of `colour` slides by `step_of(anchor cells, object)` until blocked; objects
    with no step stay. Nothing moves where the anchor colour is the colour or is absent."""
    anchor_cells = np.asarray(grid) == anchor
    if colour == anchor or not anchor_cells.any():
        return grid
    bg = background(grid)

    def offset(canvas: np.ndarray, cells: Cells) -> tuple[int, int]:
        step = step_of(anchor_cells, cells)
        if step is None:
            return (0, 0)
        taken = _free_steps(canvas, cells, step, bg)
        return (step[0] * taken, step[1] * taken)

    return _move_each(grid, colour, offset)


@primitive(searchable=False)
def attract_colour(grid: Grid, colour: Colour, anchor: Colour) -> Grid:
    """Each object of the colour slides towards the nearest cell of the anchor colour in line
    with it until it meets that cell or another; objects with no anchor in line stay."""
    return _slide_by_anchor(grid, colour, anchor, _towards_anchor)


def _gaps(anchor: np.ndarray, cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns from each object cell (columns) to each anchor cell (rows)."""
    anchor_rows, anchor_cols = np.nonzero(anchor)
    return anchor_rows[:, None] - cells[0][None, :], anchor_cols[:, None] - cells[1][None, :]


def _towards_nearest(anchor: np.ndarray, cells: Cells) -> tuple[int, int] | None:
    """The step (one of 8, diagonals included) from the object towards its nearest anchor cell
    (by chessboard distance, then by rows plus columns, then the first in reading order)."""
    row_gaps, col_gaps = _gaps(anchor, cells)
    rows_apart, cols_apart = np.abs(row_gaps), np.abs(col_gaps)
    distance = np.maximum(rows_apart, cols_apart) * 64 + rows_apart + cols_apart
    nearest = np.unravel_index(int(distance.argmin()), distance.shape)
    step = (int(np.sign(row_gaps[nearest])), int(np.sign(col_gaps[nearest])))
    return None if step == (0, 0) else step


@primitive(searchable=False)
def approach_colour(grid: Grid, colour: Colour, anchor: Colour) -> Grid:
    """Each object of the colour slides straight or diagonally towards its nearest cell of the
    anchor colour until it meets that cell or another."""
    return _slide_by_anchor(grid, colour, anchor, _towards_nearest)


def _gap(cells: Cells, anchor: np.ndarray) -> int:
    """The chessboard distance from the object to the nearest anchor cell."""
    row_gaps, col_gaps = _gaps(anchor, cells)
    return int(np.maximum(np.abs(row_gaps), np.abs(col_gaps)).min())


@primitive(searchable=False)
def gather_colour(grid: Grid, colour: Colour, stray: Colour) -> Grid:
    """Every other object of the colour slides in line towards the colour's one largest object
    until it meets a cell of its colour, nearest first, passing over other colours (they move
    in their own steps); those out of line with it (all of them, where no object of two or more
    cells is the largest) are painted `stray`."""
    bg = background(grid)
    if colour == bg:
        return grid
    objects = _objects(grid, colour)
    sizes = [len(cells[0]) for cells in objects]
    anchor = np.zeros(grid.shape, dtype=bool)
    if max(sizes, default=0) > 1 and sizes.count(max(sizes)) == 1:
        anchor[objects.pop(sizes.index(max(sizes)))] = True
        objects.sort(key=lambda cells: _gap(cells, anchor))
    canvas = np.array(grid)
    for cells in objects:
        canvas[cells] = bg
        step = _towards_anchor(anchor, cells) if anchor.any() else None
        if step is None:
            canvas[cells] = stray
            continue
        own = np.where(canvas == colour, colour, bg)
        taken = _free_steps(own, cells, step, bg)
        _draw(canvas, cells, (step[0] * taken, step[1] * taken), colour)
    return freeze(canvas)


@primitive(searchable=False)
def centre_colour_on(grid: Grid, colour: Colour, anchor: Colour) -> Grid:
    """All cells of the colour move together so that their box is centred on the anchor
    colour's box (unchanged where the anchor is absent or no whole-cell shift centres them)."""
    mover, target = bbox(np.asarray(grid) == colour), bbox(np.asarray(grid) == anchor)
    if mover is None or target is None or colour == anchor:
        return grid
    twice = (
        target[0] + target[1] - mover[0] - mover[1],
        target[2] + target[3] - mover[2] - mover[3],
    )
    if twice[0] % 2 or twice[1] % 2:
        return grid
    return _shift_all(grid, colour, lambda _cells: (twice[0] // 2, twice[1] // 2))


def _away_from_anchor(anchor: np.ndarray, cells: Cells) -> tuple[int, int] | None:
    """The unit step away from the one side where the object touches the anchor colour."""
    sides = []
    height, width = anchor.shape
    for step in UNIT_STEPS:
        rows, cols = cells[0] - step[0], cells[1] - step[1]
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        if np.any(anchor[rows[inside], cols[inside]]):
            sides.append(step)
    return sides[0] if len(sides) == 1 else None


@primitive(searchable=False)
def repel_colour(grid: Grid, colour: Colour, anchor: Colour) -> Grid:
    """Each object of the colour that touches the anchor colour on one side slides straight away
    from it until it meets the edge or another cell; the rest stay."""
    return _slide_by_anchor(grid, colour, anchor, _away_from_anchor)
