"""The failure table's grouping of tasks."""

from __future__ import annotations

import numpy as np

from benchmarks.failures import change_kind, shape_relation
from dsl.task import task_from_json


def test_a_change_is_named_by_what_the_changed_cells_undergo():
    source = np.array([[0, 0, 3], [0, 3, 3]])
    assert change_kind(source, np.array([[5, 0, 3], [0, 3, 3]])) == "draws"
    assert change_kind(source, np.array([[0, 0, 0], [0, 3, 3]])) == "erases"
    assert change_kind(source, np.array([[0, 0, 4], [0, 3, 3]])) == "recolours"
    assert change_kind(source, np.array([[4, 0, 0], [0, 3, 3]])) == "mixed"
    assert change_kind(source, source.copy()) == "unchanged"


def _task(pairs: list[tuple[list, list]]):
    train = [{"input": i, "output": o} for i, o in pairs]
    return task_from_json({"train": train, "test": [{"input": pairs[0][0]}]}, "t")


def test_same_size_tasks_are_split_by_their_change_and_others_by_size():
    draws = ([[0, 0], [0, 1]], [[2, 0], [0, 1]])
    erases = ([[0, 0], [1, 1]], [[0, 0], [0, 1]])
    unchanged = ([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    assert shape_relation(_task([draws, unchanged])) == "same size: draws"
    assert shape_relation(_task([draws, erases])) == "same size: mixed"
    assert shape_relation(_task([([[1, 2]], [[1]])])) == "smaller"
    assert shape_relation(_task([([[1]], [[1, 1]]), ([[1, 2]], [[1]])])) == "mixed"
