"""One step back from the outputs: read-back goals, and answers found one primitive early."""

from __future__ import annotations

import numpy as np
import pytest

from dsl.program import parse, run
from solver import SearchConfig, solve
from solver.goals import inverse_goals
from tests.solver.conftest import all_but, make_task


def _mirrored_four(grid: list[list[int]]) -> list[list[int]]:
    top = [row + row[::-1] for row in grid]
    return top + top[::-1]


def _flipped(grid: list[list[int]]) -> list[list[int]]:
    return [row[::-1] for row in grid]


def _goal_grids(task, op: str) -> dict[tuple[int, ...], list[list[list[int]]]]:
    return {
        g.literals: [grid.tolist() for grid in g.grids] for g in inverse_goals(task) if g.op == op
    }


def test_a_kaleidoscope_output_asks_for_its_top_left_quarter():
    inputs = [[[1, 2], [0, 3]], [[4, 0, 5]]]
    task = make_task([(grid, _mirrored_four(grid)) for grid in inputs], [([[6]], None)])
    assert _goal_grids(task, "mirror_four") == {(): inputs}


def test_repeat_counts_must_be_the_same_in_every_demonstration():
    once_across = ([[1, 2]], [[1, 2, 1, 2]])
    three_across = ([[3, 4]], [[3, 4, 3, 4, 3, 4]])
    task = make_task([once_across, three_across], [([[5, 6]], None)])
    assert _goal_grids(task, "tile") == {}
    same_counts = make_task([once_across, ([[3, 4]], [[3, 4, 3, 4]])], [([[5, 6]], None)])
    assert _goal_grids(same_counts, "tile") == {(1, 2): [[[1, 2]], [[3, 4]]]}


def test_an_output_that_reads_back_as_itself_is_no_goal():
    symmetric = [[1, 2, 1], [3, 4, 3]]
    task = make_task([([[0]], symmetric), ([[5]], symmetric)], [([[6]], None)])
    assert "flip_h" not in {g.op for g in inverse_goals(task)}
    assert "flip_v" in {g.op for g in inverse_goals(task)}


def _scaled(grid: list[list[int]], factor: int) -> list[list[int]]:
    return [[c for c in row for _ in range(factor)] for row in grid for _ in range(factor)]


def _flip_then_scale_task():
    """Mirror left to right, then scale by 2: two primitives."""
    inputs = [[[1, 2, 0], [0, 3, 0]], [[4, 0], [5, 6], [0, 7]]]
    test = [[8, 0], [0, 9]]
    pairs = [(grid, _scaled(_flipped(grid), 2)) for grid in inputs]
    return make_task(pairs, [(test, _scaled(_flipped(test), 2))]), test


def _turned_beside_input_task():
    """The input, and its half turn on the right: two primitives."""
    inputs = [[[1, 2, 0], [0, 3, 0]], [[4, 0], [5, 6], [0, 7]]]
    test = [[8, 0], [0, 9]]

    def answer(grid: list[list[int]]) -> list[list[int]]:
        turned = [row[::-1] for row in grid[::-1]]
        return [left + right for left, right in zip(grid, turned, strict=True)]

    return make_task([(g, answer(g)) for g in inputs], [(test, answer(test))]), test


TWO_STEP_TASKS = {
    "scale the mirror image": (_flip_then_scale_task, ("flip_h", "scale_up")),
    "the input beside its half turn": (_turned_beside_input_task, ("rot180", "hconcat")),
}


def _one_layer(mechanisms: tuple[str, ...], primitives: tuple[str, ...]) -> SearchConfig:
    return SearchConfig(
        budget_seconds=60,
        prior="none",
        max_depth=1,
        mechanisms=mechanisms,
        disabled_primitives=all_but(*primitives),
    )


@pytest.mark.parametrize("name", TWO_STEP_TASKS)
def test_a_grid_the_goal_asks_for_is_finished_by_the_read_back_primitive(name: str):
    make, primitives = TWO_STEP_TASKS[name]
    task, test = make()
    first = solve(task, _one_layer(("search", "inverse"), primitives)).attempts[0][0]
    assert first.grid == task.test[0].output.tolist()
    assert first.mechanism == "inverse"
    program = parse(first.program)
    assert str(program) == first.program
    assert np.array_equal(run(program, np.array(test, dtype=np.int8)), np.array(first.grid))


@pytest.mark.parametrize("name", TWO_STEP_TASKS)
def test_without_the_goals_one_layer_cannot_make_two_primitives(name: str):
    make, primitives = TWO_STEP_TASKS[name]
    task, _ = make()
    assert not solve(task, _one_layer(("search",), primitives)).solved_demonstrations
