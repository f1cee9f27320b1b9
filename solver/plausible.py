"""Properties every demonstration shares, checked on a candidate's answers to the test inputs.

A candidate reproduces the demonstrations, yet its answer to a test input may still break a
property that every demonstration pair has: a cell rule that fires on no test cell returns the
input unchanged where every demonstration changed something; a fitted colour map or a stack may
bring in a colour that no demonstration ever added, or lose the mirror symmetry every output has.
Such an answer is less plausible. A property (`PROPERTIES`) is a yes/no question about an (input,
output) pair; the properties that hold on every demonstration are the task's, and a candidate's
`violations` counts the (property, test input) pairs its answers break. Ranking puts fewer
violations first among equally consistent candidates.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dsl.common import background, colour_counts
from dsl.symmetry import is_symmetric_diag, is_symmetric_h, is_symmetric_v
from dsl.task import Task
from dsl.types import Grid

Property = Callable[[Grid, Grid, int], bool]
"""A yes/no question about (input, output, the input's background colour)."""


def _colours(grid: Grid) -> frozenset[int]:
    return frozenset(np.flatnonzero(colour_counts(grid)).tolist())


def _same_shape(source: Grid, answer: Grid) -> bool:
    return source.shape == answer.shape


def _changes_the_input(source: Grid, answer: Grid, _: int) -> bool:
    return not np.array_equal(source, answer)


def _keeps_foreground(source: Grid, answer: Grid, bg: int) -> bool:
    """Every input cell that is not background keeps its colour."""
    if not _same_shape(source, answer):
        return False
    kept = source != bg
    return bool(np.array_equal(source[kept], answer[kept]))


def _keeps_background(source: Grid, answer: Grid, bg: int) -> bool:
    """Every background cell of the input stays background."""
    if not _same_shape(source, answer):
        return False
    return bool((answer[source == bg] == bg).all())


def _same_colour_counts(source: Grid, answer: Grid, _: int) -> bool:
    return bool(np.array_equal(colour_counts(source), colour_counts(answer)))


def _same_foreground_count(source: Grid, answer: Grid, bg: int) -> bool:
    return int((source != bg).sum()) == int((answer != bg).sum())


def _lacks_input_background(_: Grid, answer: Grid, bg: int) -> bool:
    return not (answer == bg).any()


MIRROR_MIN_CELLS = 20
"""Fewest cells an output needs for its mirror symmetry to count: small shapes are often
symmetric by chance (on the development list, 3x3 crops misled the ranking)."""


def _mirrored(symmetric: Callable[[Grid], bool]) -> Property:
    """The answer, large enough to tell, has the symmetry."""
    return lambda _, answer, __: answer.size >= MIRROR_MIN_CELLS and symmetric(answer)


PROPERTIES: dict[str, Property] = {
    "changes_the_input": _changes_the_input,
    "no_new_colours": lambda source, answer, _: _colours(answer) <= _colours(source),
    "same_colours": lambda source, answer, _: _colours(answer) == _colours(source),
    "keeps_foreground": _keeps_foreground,
    "keeps_background": _keeps_background,
    "same_colour_counts": _same_colour_counts,
    "same_foreground_count": _same_foreground_count,
    "lacks_input_background": _lacks_input_background,
    "mirror_lr": _mirrored(is_symmetric_h),
    "mirror_ud": _mirrored(is_symmetric_v),
    "mirror_diag": _mirrored(is_symmetric_diag),
    "turn_half": _mirrored(lambda answer: bool(np.array_equal(answer, answer[::-1, ::-1]))),
}
"""Yes/no questions about an (input, output) pair; a task keeps those all its pairs answer yes."""


def _demonstrations(task: Task) -> list[tuple[Grid, Grid]]:
    return [(pair.input, pair.output) for pair in task.train if pair.output is not None]


def task_properties(task: Task) -> tuple[str, ...]:
    """The names of the properties that every demonstration pair has."""
    pairs = _demonstrations(task)
    return tuple(
        name
        for name, holds in PROPERTIES.items()
        if all(holds(source, target, background(source)) for source, target in pairs)
    )


def background_for_test(task: Task, source: Grid) -> int:
    """The demonstrations' background where they share one and the test input has it, else
    the test input's own: a test input with more shape than background keeps the task's."""
    shared = {background(source) for source, _ in _demonstrations(task)}
    if len(shared) == 1 and (source == next(iter(shared))).any():
        return shared.pop()
    return background(source)


def added_colours(task: Task) -> frozenset[int]:
    """Colours that some demonstration output has and its input lacks."""
    added: set[int] = set()
    for pair in task.train:
        if pair.output is not None:
            added |= _colours(pair.output) - _colours(pair.input)
    return frozenset(added)


def count_violations(
    task: Task, properties: tuple[str, ...], added: frozenset[int], answers: tuple[Grid, ...]
) -> int:
    """How many (property, test input) pairs the answers break; a colour that is neither in its
    test input nor added by any demonstration counts as one more."""
    broken = 0
    for pair, answer in zip(task.test, answers, strict=True):
        bg = background_for_test(task, pair.input)
        broken += sum(not PROPERTIES[name](pair.input, answer, bg) for name in properties)
        broken += not _colours(answer) <= _colours(pair.input) | added
    return broken
