"""Properties every demonstration has, checked on the answers to the test inputs."""

from __future__ import annotations

import numpy as np

from dsl.task import Pair, Task
from solver.plausible import (
    PROPERTIES,
    added_colours,
    background_for_test,
    count_violations,
    task_properties,
)


def _grid(rows: list[list[int]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.int8)


def _recolour_task() -> Task:
    """Colour 1 becomes 2; background 0 and colour 5 stay."""
    pairs = (
        Pair(_grid([[0, 1, 0], [5, 1, 0]]), _grid([[0, 2, 0], [5, 2, 0]])),
        Pair(_grid([[1, 0, 0], [0, 0, 5]]), _grid([[2, 0, 0], [0, 0, 5]])),
    )
    return Task("recolour", pairs, (Pair(_grid([[0, 0, 1], [1, 5, 0]])),))


def test_the_task_keeps_the_properties_all_its_pairs_have():
    properties = task_properties(_recolour_task())
    assert "changes_the_input" in properties
    assert "keeps_background" in properties
    assert "same_foreground_count" in properties
    assert "no_new_colours" not in properties  # colour 2 is new in every output
    assert "keeps_foreground" not in properties
    assert added_colours(_recolour_task()) == frozenset({2})


def test_an_unchanged_answer_or_an_unseen_colour_counts_as_violations():
    task = _recolour_task()
    properties, added = task_properties(task), added_colours(task)
    right = _grid([[0, 0, 2], [2, 5, 0]])
    unchanged = task.test[0].input
    unseen_colour = _grid([[0, 0, 7], [7, 5, 0]])
    assert count_violations(task, properties, added, (right,)) == 0
    assert count_violations(task, properties, added, (unchanged,)) >= 1
    assert count_violations(task, properties, added, (unseen_colour,)) >= 1


def test_every_property_answers_for_answers_of_another_shape():
    source, answer = _grid([[1, 2], [3, 4]]), _grid([[1, 2, 3]])
    for name, holds in PROPERTIES.items():
        assert isinstance(holds(source, answer, 0), bool), name


def test_a_test_input_mostly_covered_by_shapes_keeps_the_demonstrations_background():
    task = _recolour_task()
    crowded = _grid([[1, 1, 1], [1, 0, 5]])  # 1 is its most common colour, 0 the task's
    crowded_task = Task("crowded", task.train, (Pair(crowded),))
    assert background_for_test(crowded_task, crowded) == 0
    properties, added = task_properties(crowded_task), added_colours(crowded_task)
    right = _grid([[2, 2, 2], [2, 0, 5]])
    assert count_violations(crowded_task, properties, added, (right,)) == 0
