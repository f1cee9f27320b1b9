"""Lookup answers: outputs read from the demonstrations by a key the search computed."""

from __future__ import annotations

import numpy as np

from dsl.program import parse, run
from solver import SearchConfig, Task, solve
from solver.lookup import lookup_answers
from solver.params import infer_constants
from solver.search import Budget, Search
from tests.solver.conftest import make_task

CROSS = [[0, 4, 0], [4, 4, 4], [0, 4, 0]]
CORNERS = [[6, 0, 6], [0, 0, 0], [6, 0, 6]]


def _by_colours(*pairs: tuple[list[list[int]], list[list[int]]]) -> Task:
    """One colour in, a cross out; two colours in, corners out."""
    return make_task(list(pairs), [([[2, 2, 2], [2, 5, 2]], CORNERS), ([[8, 8], [8, 8]], CROSS)])


SORTED = _by_colours(
    ([[1, 1], [1, 1]], CROSS),
    ([[3, 3, 3], [3, 3, 3], [3, 3, 3]], CROSS),
    ([[1, 2], [2, 2]], CORNERS),
    ([[7, 7, 9], [9, 9, 9]], CORNERS),
)


def _config(**fields) -> SearchConfig:
    return SearchConfig(
        budget_seconds=10, prior="none", max_depth=2, mechanisms=("search", "lookup"), **fields
    )


def _search(task: Task) -> Search:
    config = _config()
    search = Search(task, config, infer_constants(task, config.max_colours))
    search.run(Budget(5))
    return search


def test_outputs_fixed_by_how_many_colours_the_input_has_are_looked_up():
    solution = solve(SORTED, _config())
    for attempts, pair in zip(solution.attempts, SORTED.test, strict=True):
        first = attempts[0]
        assert first.mechanism == "lookup" and first.consistent
        assert np.array_equal(np.array(first.grid), pair.output)
        program = parse(first.program)  # it prints, parses and reruns like any program
        assert "lookup" in first.program and str(program) == first.program
        assert np.array_equal(run(program, pair.input), pair.output)


def test_a_key_value_only_one_demonstration_shows_makes_the_answer_doubtful():
    task = _by_colours(
        ([[1, 1], [1, 1]], CROSS),
        ([[3, 3, 3], [3, 3, 3], [3, 3, 3]], CROSS),
        ([[1, 2], [2, 2]], CORNERS),
    )
    search = _search(task)
    report = lookup_answers(search, Budget(5))
    assert report.answers > 0 and report.doubtful == report.answers
    assert all(f.doubtful for f in search.found if f.mechanism == "lookup")


def test_nothing_is_looked_up_when_no_two_outputs_agree():
    task = make_task(
        [([[1, 1]], [[1]]), ([[2, 2]], [[2, 2]]), ([[1, 2]], [[3]])], [([[1, 1]], None)]
    )
    report = lookup_answers(_search(task), Budget(5))
    assert report.keys == 0 and report.answers == 0


def test_a_key_whose_test_value_no_demonstration_shows_gives_no_answer():
    task = make_task(
        [
            ([[1, 1], [1, 1]], CROSS),
            ([[3, 3], [3, 3]], CROSS),
            ([[1, 2], [2, 2]], CORNERS),
            ([[7, 9], [9, 9]], CORNERS),
        ],
        [([[1, 2], [3, 4]], None)],  # four colours: no demonstration has as many
    )
    search = _search(task)
    lookup_answers(search, Budget(5))
    for found in search.found:
        if found.mechanism == "lookup":
            key_row = search.nodes[search.nodes[found.node].args[0]]
            assert key_row.values[-1] in set(key_row.values[: search.n_train])


def test_after_a_sure_program_the_lookup_still_runs_unless_told_not_to():
    task = make_task(
        [([[1, 1]], [[1]]), ([[1]], [[1]]), ([[2, 2, 2]], [[2]]), ([[2]], [[2]])],
        [([[1, 1, 1]], [[1]])],
    )
    on = solve(task, _config())
    assert on.attempts[0][0].consistent and on.attempts[0][0].mechanism != "lookup"
    assert on.trace.mechanisms["lookup"]["answers"] > 0
    off = solve(task, _config(lookup_when_sure=False))
    assert "lookup" not in off.trace.mechanisms
