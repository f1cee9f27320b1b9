"""Helpers shared by the solver's tests."""

from __future__ import annotations

from dsl.registry import registry
from dsl.task import Task, task_from_json


def make_task(pairs, tests, task_id: str = "hand") -> Task:
    """A task from (input, output) lists; test outputs may be None."""
    return task_from_json(
        {
            "train": [{"input": i, "output": o} for i, o in pairs],
            "test": [{"input": i} if o is None else {"input": i, "output": o} for i, o in tests],
        },
        task_id,
    )


def all_but(*names: str) -> frozenset[str]:
    """Every primitive's name except `names` (to narrow the search in a test)."""
    return frozenset(registry()) - set(names)
