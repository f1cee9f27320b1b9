"""Augmented demonstrations: the task's pairs plus their images under a transform of both grids.

A program must then explain the original and the flipped pairs, which filters programs that
merely fit the few demonstrations (stacked pieces, colour maps). The test inputs stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dsl.task import Pair, Task, frozen_grid

TRANSFORMS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "transpose": lambda grid: grid.T,
    "antitranspose": lambda grid: np.rot90(grid, 2).T,
}
"""Transforms of a grid whose images the augmented pairs are (both diagonals)."""


def augmented_task(task: Task, transforms: tuple[str, ...]) -> Task | None:
    """The task with each demonstration's transformed pair appended (None if none is new)."""
    pairs = list(task.train)
    for name in transforms:
        transform = TRANSFORMS[name]
        for pair in task.train:
            assert pair.output is not None
            image = Pair(frozen_grid(transform(pair.input)), frozen_grid(transform(pair.output)))
            if image not in pairs:
                pairs.append(image)
    if len(pairs) == len(task.train):
        return None
    return Task(task.id, tuple(pairs), task.test)
