"""Parts: the task seen one object box at a time, solved as a task of its own.

Where every demonstration changes only cells inside its objects' boxes (an object's bounding
box, widened by a margin), the boxes make a new task: each demonstration box is a pair (its
input cells -> its output cells, unchanged boxes included, so that a program must leave them
alone), each test box a test input. That task has more, smaller demonstrations than the original,
and a short program often reproduces them where no program reproduces the whole grids. The
solver solves it with the same generators (without this one); each program it finds becomes
`map_boxes(I, objects(I), «program»)` (`map_boxes_wide` for boxes one cell wider) on the
original task, which the search's table checks against the whole demonstrations like any other
answer (dsl/parts.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dsl.parts import object_boxes
from dsl.registry import get
from dsl.task import Pair, Task, frozen_grid
from dsl.types import Grid
from solver.config import SearchConfig

SEGMENTATIONS = ("objects", "objects_diag", "objects_multi", "objects_multi_diag")
"""The ways of cutting a grid into objects whose boxes may become demonstrations."""
PANELS = "panel_boxes"
"""The panels between full separator lines as boxes (with `parts_panels`)."""


@dataclass(frozen=True)
class PartsView:
    """The task's boxes under one segmentation and margin, as a task of their own."""

    segmentation: str
    margin: int
    task: Task


def _boxes(grid: Grid, segmentation: str, margin: int, config: SearchConfig) -> list | None:
    objects = get(segmentation).fn(grid)
    if not isinstance(objects, tuple) or not 1 <= len(objects) <= config.parts_max_boxes:
        return None
    return object_boxes(grid.shape, objects, margin)


def _box_pairs(pair: Pair, boxes: list) -> list[Pair] | None:
    """The demonstration's boxes as pairs (None when a cell outside every box changes)."""
    assert pair.output is not None
    if pair.output.shape != pair.input.shape:
        return None
    outside = pair.input != pair.output
    for top, left, bottom, right in boxes:
        outside[top:bottom, left:right] = False
    if outside.any():
        return None
    return [
        Pair(frozen_grid(pair.input[t:b, l:r]), frozen_grid(pair.output[t:b, l:r]))
        for t, l, b, r in boxes
    ]


def _view(task: Task, segmentation: str, margin: int, config: SearchConfig) -> PartsView | None:
    """The boxes' task, if each demonstration changes cells only inside its boxes and some box
    changes, within the limits on pairs and test boxes."""
    demos: list[Pair] = []
    for pair in task.train:
        boxes = _boxes(pair.input, segmentation, margin, config)
        made = None if boxes is None else _box_pairs(pair, boxes)
        if made is None:
            return None
        demos += made
    unique = list(dict.fromkeys(demos))
    changed = any(not np.array_equal(p.input, p.output) for p in unique)
    if not changed or not 2 <= len(unique) <= config.parts_max_pairs:
        return None
    if not config.parts_single_cells and all(p.input.size == 1 for p in unique):
        return None  # a program on one cell is a colour map, which the search tries already
    tests: list[Pair] = []
    for pair in task.test:
        boxes = _boxes(pair.input, segmentation, margin, config)
        if boxes is None:
            return None
        tests += [Pair(frozen_grid(pair.input[t:b, l:r])) for t, l, b, r in boxes]
    if len(tests) > config.parts_max_tests:
        return None
    part_task = Task(f"{task.id}:{segmentation}+{margin}", tuple(unique), tuple(tests))
    return PartsView(segmentation, margin, part_task)


def parts_views(task: Task, config: SearchConfig) -> list[PartsView]:
    """Every segmentation and margin under which the task is a task of its boxes (views that
    make the same pairs as an earlier one left out)."""
    if not config.uses("parts"):
        return []
    views, seen = [], set()
    segmentations = SEGMENTATIONS + ((PANELS,) if config.parts_panels else ())
    for margin in config.parts_margins:
        for segmentation in segmentations:
            view = _view(task, segmentation, margin, config)
            if view is None:
                continue
            key = (view.task.train, view.task.test)
            if key not in seen:
                seen.add(key)
                views.append(view)
    return views
