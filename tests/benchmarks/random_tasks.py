"""Tasks of random grids: nothing solves them, so the search runs until a budget stops it."""

from __future__ import annotations

import numpy as np

from dsl.task import Task, TaskLimits, task_from_json


def random_task(task_id: str, side: int, seed: int, pairs: int = 10) -> Task:
    """`pairs` demonstrations and one test input, all random `side` x `side` grids."""
    rng = np.random.default_rng(seed)
    grids = [rng.integers(0, 10, (side, side)).tolist() for _ in range(2 * pairs + 1)]
    train = [{"input": grids[2 * i], "output": grids[2 * i + 1]} for i in range(pairs)]
    data = {"train": train, "test": [{"input": grids[-1], "output": grids[0]}]}
    return task_from_json(data, task_id, TaskLimits(max_side=max(side, 30)))
