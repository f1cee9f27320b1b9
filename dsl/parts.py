"""Parts: a whole program applied to each object's box of a grid, the rest left as it is.

Many tasks change each object by one rule (turn it, fill it, outline it, recolour it by its
size) and leave everything between the objects alone. Seen one box at a time, such a task has
many small demonstrations instead of a few large ones, and the rule is often a short program on
the box. `map_boxes` runs that program on each box (an object's bounding box) and writes each
result back in place; `map_boxes_wide` does the same on boxes one cell wider on every side
(clipped to the grid), for rules that reach just outside an object:

    x1 = objects(I)
    O = map_boxes(I, x1, «x1 = flip_h(I); O = recolour_foreground(x1, 2)»)
"""

from __future__ import annotations

import numpy as np

from dsl.program import Program, run
from dsl.registry import primitive
from dsl.types import NO_VALUE, Grid, Objects, freeze

MAX_MARGIN = 1
"""The widest margin a box may take around its object."""

Box = tuple[int, int, int, int]
"""(top, left, bottom, right), bottom and right exclusive."""


def object_boxes(shape: tuple[int, int], objects: Objects, margin: int) -> list[Box] | None:
    """Each object's bounding box widened by `margin` and clipped to the grid, in the objects'
    order; None when two boxes overlap (a cell would have two programs' values)."""
    if not 0 <= margin <= MAX_MARGIN:
        return None
    height, width = shape
    covered = np.zeros(shape, dtype=bool)
    boxes = []
    for obj in objects:
        top, left = max(obj.top - margin, 0), max(obj.left - margin, 0)
        bottom = min(obj.top + obj.height + margin, height)
        right = min(obj.left + obj.width + margin, width)
        if top >= bottom or left >= right or covered[top:bottom, left:right].any():
            return None
        covered[top:bottom, left:right] = True
        boxes.append((top, left, bottom, right))
    return boxes


def _map_boxes(grid: Grid, objects: Objects, program: Program, margin: int) -> Grid:
    """The grid with the program's output on each object's box (widened by `margin`) written
    over that box; no value if boxes overlap or the program changes a box's shape."""
    if not isinstance(program, Program) or not objects:
        return NO_VALUE
    boxes = object_boxes(grid.shape, objects, margin)
    if boxes is None:
        return NO_VALUE
    out = np.array(grid, dtype=np.int8)
    for top, left, bottom, right in boxes:
        part = run(program, grid[top:bottom, left:right])
        if not isinstance(part, np.ndarray) or part.shape != (bottom - top, right - left):
            return NO_VALUE
        out[top:bottom, left:right] = part
    return freeze(out)


@primitive(searchable=False, keeps_shape=True)
def map_boxes(grid: Grid, objects: Objects, program: Program) -> Grid:
    """The grid with the program's output on each object's bounding box written over it."""
    return _map_boxes(grid, objects, program, 0)


@primitive(searchable=False, keeps_shape=True)
def map_boxes_wide(grid: Grid, objects: Objects, program: Program) -> Grid:
    """The grid with the program's output on each object's box, one cell wider on every side
    (clipped to the grid), written over it."""
    return _map_boxes(grid, objects, program, 1)


MAP_BOXES_BY_MARGIN = {0: "map_boxes", 1: "map_boxes_wide"}
"""The primitive that maps a program over boxes of each margin."""
