"""The solver's public entry point on small tasks made by hand."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from dsl.program import parse, run
from dsl.task import task_from_json
from solver import SearchConfig, load_tasks, solve
from solver.params import infer_constants
from solver.search import Budget, Search

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
    # a budget no generator nears, so that a busy machine cannot cut one short in one solve only
    roomy = SearchConfig(budget_seconds=120.0)
    first, second = solve(task, roomy), solve(task, roomy)
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


def test_the_beam_keeps_grids_of_other_shapes_for_shape_changing_programs():
    # 8f2ea7aa: trim the 9x9 input to its 3x3 figure, then make a 9x9 fractal of it. Every
    # trimmed grid scores 0 against the 9x9 outputs, so only the shape places of the beam
    # carry it into the second layer.
    task = next(t for t in load_tasks("arc-agi-1/training").tasks if t.id == "8f2ea7aa")
    exhaustive = SearchConfig(budget_seconds=120.0, max_depth=2, prior="none")
    with_shapes = solve(task, replace(exhaustive, shape_beam=20))
    assert with_shapes.programs[0].text.endswith("\nO = fractal(x1)")  # trim or the like first
    assert _solved(with_shapes, task)
    by_score_only = solve(task, replace(exhaustive, shape_beam=0))
    assert by_score_only.trace.stopped_by == "exhausted"
    assert not any(p.text.endswith("fractal(x1)") for p in by_score_only.programs)


def test_shape_beam_must_fit_in_the_grid_beam():
    with pytest.raises(ValueError, match="shape_beam"):
        SearchConfig(grid_beam=10, shape_beam=11)


def _input_mapped(task):
    """What a one-layer search records for `O = apply_colour_map(I, ...)`."""
    config = SearchConfig(budget_seconds=5.0, max_depth=1, prior="none")
    search = Search(task, config, infer_constants(task, config.max_colours))
    search.run(Budget(config.budget_seconds))
    return next(f for f in search.found if f.node == 0), search


def test_a_colour_map_meeting_a_colour_no_demonstration_shows_is_doubtful():
    # Demonstrations paint colour 1 red; the test shape is green, which the map {1:2} keeps.
    task = _task(
        [([[1, 0], [0, 1]], [[2, 0], [0, 2]]), ([[1, 1, 0]], [[2, 2, 0]])],
        [([[3, 0, 3]], [[2, 0, 2]])],
    )
    input_mapped, search = _input_mapped(task)  # O = apply_colour_map(I, {1:2})
    assert input_mapped.colour_map.changed() == {1: 2} and input_mapped.doubtful
    assert any(not f.doubtful for f in search.found)
    same_colours = _task([([[1, 0]], [[2, 0]])], [([[0, 1]], [[0, 2]])])
    assert not _input_mapped(same_colours)[0].doubtful


def test_a_colour_map_whose_demonstrations_each_need_their_own_entries_is_doubtful():
    # Each shape takes its marker's colour: the map {1:4, 4:0, 2:6, 6:0} fits both
    # demonstrations, but no entry serves two of them, so it is a list of cases, not a rule.
    task = _task(
        [([[1, 1, 0, 4]], [[4, 4, 0, 0]]), ([[2, 0, 2, 6]], [[6, 0, 6, 0]])],
        [([[2, 2, 0, 4]], [[4, 4, 0, 0]])],
    )
    input_mapped, _ = _input_mapped(task)
    assert input_mapped.colour_map.changed() == {1: 4, 2: 6, 4: 0, 6: 0}
    assert input_mapped.doubtful
    shared = _task([([[1, 2]], [[5, 6]]), ([[1, 3]], [[5, 7]])], [([[2, 3]], [[6, 7]])])
    assert not _input_mapped(shared)[0].doubtful


def test_the_part_of_the_input_under_an_object_is_checked_as_soon_as_the_object_is_made():
    # The answer is the box of the figure with the most 1s: objects, the pick and the crop
    # are three steps, but the crop is checked when the picked object is made (depth 2).
    def scene(boxes):
        grid = np.zeros((8, 8), dtype=int)
        for top, left, ones in boxes:
            grid[top : top + 3, left : left + 3] = 8
            grid.flat[[(top + r) * 8 + left + c for r, c in ones]] = 1
        return grid

    def box(ones):
        grid = np.full((3, 3), 8)
        for r, c in ones:
            grid[r, c] = 1
        return grid.tolist()

    a, b, c = [(0, 0)], [(0, 1), (2, 2)], [(1, 1), (2, 0), (0, 2)]
    pairs = [  # boxes meet at a corner: no blank line splits the scene into panels
        (scene([(0, 0, a), (3, 3, c)]).tolist(), box(c)),
        (scene([(0, 3, c), (3, 0, b)]).tolist(), box(c)),
        (scene([(1, 1, b), (4, 4, a)]).tolist(), box(b)),
    ]
    task = _task(pairs, [(scene([(2, 5, b), (5, 2, c)]).tolist(), box(c))])
    solution = solve(task, SearchConfig(budget_seconds=20.0, max_depth=2, prior="none"))
    assert _solved(solution, task)
    assert solution.programs[0].text.endswith("O = crop(I, x2)")  # x2: the picked object


@pytest.mark.parametrize("when_sure", [True, False])
def test_rules_give_a_second_opinion_after_a_sure_program_only_when_asked(when_sure):
    task = _task(
        [([[1, 2], [3, 4]], [[2, 1], [4, 3]]), ([[5, 0, 0]], [[0, 0, 5]])],
        [([[7, 8, 9]], [[9, 8, 7]])],
    )
    solution = solve(task, replace(FAST, rules_when_sure=when_sure))
    assert solution.trace.stopped_by == "solved"
    assert ("rules" in solution.trace.mechanisms) == when_sure
    assert solution.attempts[0][0].grid == [[9, 8, 7]]
