"""The solver's public entry point on small tasks made by hand."""

from __future__ import annotations

import time

import numpy as np

from dsl.program import parse, run
from dsl.task import task_from_json
from solver import SearchConfig, solve

FAST = SearchConfig(budget_seconds=5.0)


def _task(pairs, tests, task_id="hand"):
    return task_from_json(
        {
            "train": [{"input": i, "output": o} for i, o in pairs],
            "test": [{"input": i, "output": o} for i, o in tests],
        },
        task_id,
    )


def _solved(solution, task) -> bool:
    return all(
        pair.output.tolist() in [a.grid for a in attempts]
        for pair, attempts in zip(task.test, solution.attempts, strict=True)
    )


def test_finds_a_one_step_geometry_program():
    task = _task(
        [([[1, 2], [3, 4]], [[2, 1], [4, 3]]), ([[5, 0, 0]], [[0, 0, 5]])],
        [([[7, 8, 9]], [[9, 8, 7]])],
    )
    solution = solve(task, FAST)
    assert solution.solved_demonstrations
    assert solution.programs[0].text == "O = flip_h(I)"
    assert _solved(solution, task)
    assert solution.attempts[0][0].consistent


def test_infers_a_colour_map_as_the_last_step():
    task = _task(
        [([[1, 2], [2, 1]], [[3, 2], [2, 3]]), ([[1, 1, 2]], [[3, 3, 2]])],
        [([[2, 1]], [[2, 3]])],
    )
    solution = solve(task, FAST)
    assert "apply_colour_map" in solution.programs[0].text
    assert _solved(solution, task)


def test_winning_program_text_parses_and_reproduces_the_demonstrations():
    task = _task(
        [
            ([[0, 0, 0], [0, 3, 0], [0, 0, 0]], [[3]]),
            ([[0, 0, 0, 0], [0, 4, 4, 0], [0, 0, 0, 0]], [[4, 4]]),
        ],
        [([[6, 0], [6, 0]], [[6], [6]])],
    )
    solution = solve(task, FAST)
    program = parse(solution.programs[0].text)
    for pair in task.train:
        assert np.array_equal(run(program, pair.input), pair.output)
    assert solution.trace.winner_steps[-1].grid == task.train[0].output.tolist()


def test_two_attempts_for_every_test_input_even_when_unsolved():
    rng = np.random.default_rng(0)
    pairs = [(rng.integers(0, 10, (4, 4)).tolist(), rng.integers(0, 10, (3, 5)).tolist())]
    tests = [(rng.integers(0, 10, (4, 4)).tolist(), None), ([[1]], None)]
    task = _task(pairs * 2, tests)
    solution = solve(task, SearchConfig(budget_seconds=1.0))
    assert len(solution.attempts) == 2
    assert all(len(a) == 2 for a in solution.attempts)
    assert not solution.solved_demonstrations
    assert not solution.attempts[0][0].consistent


def test_budget_is_honoured_on_large_tasks():
    rng = np.random.default_rng(1)
    big = [(rng.integers(0, 10, (30, 30)).tolist(),) * 2 for _ in range(10)]
    pairs = [(i, rng.integers(0, 10, (30, 30)).tolist()) for i, _ in big]
    task = _task(pairs, [(rng.integers(0, 10, (30, 30)).tolist(), None)])
    start = time.monotonic()
    solution = solve(task, SearchConfig(budget_seconds=2.0))
    assert time.monotonic() - start < 4.0
    assert solution.trace.stopped_by in {"time", "exhausted", "nodes"}


def test_one_cell_task():
    task = _task([([[1]], [[2]]), ([[3]], [[3]])], [([[1]], [[2]])])
    solution = solve(task, FAST)
    assert _solved(solution, task)


def test_search_is_deterministic():
    task = _task(
        [([[1, 2], [3, 4]], [[1, 2, 2, 1], [3, 4, 4, 3]]), ([[5, 6]], [[5, 6, 6, 5]])],
        [([[7, 8]], [[7, 8, 8, 7]])],
    )
    first, second = solve(task, FAST), solve(task, FAST)
    assert [p.text for p in first.programs] == [p.text for p in second.programs]
    assert first.trace.candidates_before_first_solution == (
        second.trace.candidates_before_first_solution
    )


def test_trace_reports_counters():
    task = _task([([[1, 2]], [[2, 1]])], [([[3, 4]], [[4, 3]])])
    trace = solve(task, FAST).trace
    assert trace.candidates_evaluated > 0
    assert trace.candidates_per_second > 0
    assert trace.depth_reached >= 1
    assert set(trace.phase_seconds) == {"prior", "parameters", "search", "ranking"}
