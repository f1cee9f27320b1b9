"""Parts: the boxes of a task's objects solved as a task of their own."""

from __future__ import annotations

import numpy as np

from dsl.program import run
from solver import SearchConfig, parts_views, solve
from tests.solver.conftest import all_but, make_task

PARTS = SearchConfig(
    budget_seconds=60.0,
    max_depth=2,
    disabled_primitives=all_but("transpose"),
    mechanisms=("search", "parts"),
    prior="none",
)


def _boxes_turned(corners: list[tuple[int, int]], seed: int) -> tuple[list, list]:
    """Multi-colour 2x2 objects at `corners`; the answer: each object transposed in place."""
    rng = np.random.default_rng(seed)
    grid = np.zeros((9, 9), dtype=int)
    answer = grid.copy()
    for row, col in corners:
        block = rng.permutation(np.arange(1, 10))[:4].reshape(2, 2)
        grid[row : row + 2, col : col + 2] = block
        answer[row : row + 2, col : col + 2] = block.T
    return grid.tolist(), answer.tolist()


TURNED = make_task(
    [_boxes_turned([(0, 0), (5, 4)], 1), _boxes_turned([(2, 6), (6, 1)], 2)],
    [_boxes_turned([(1, 1), (4, 5), (7, 0)], 3)],
)


def test_a_task_of_boxes_is_seen_under_each_segmentation_that_makes_new_pairs():
    views = parts_views(TURNED, PARTS)
    assert views, "each demonstration changes cells only inside its objects' boxes"
    whole = {(v.segmentation, v.margin): v.task for v in views}[("objects_multi", 0)]
    assert len(whole.train) == 4 and len(whole.test) == 3
    assert all(pair.input.shape == (2, 2) for pair in whole.train + whole.test)
    keys = {(v.task.train, v.task.test) for v in views}
    assert len(keys) == len(views)


def test_no_view_when_a_cell_outside_the_boxes_changes_or_nothing_changes():
    grid, answer = _boxes_turned([(0, 0), (5, 4)], 1)
    answer[8][8] = 5
    outside = make_task([(grid, answer), _boxes_turned([(2, 6), (6, 1)], 2)], [(grid, None)])
    unchanged = make_task([(grid, grid), (answer, answer)], [(grid, None)])
    assert parts_views(outside, PARTS) == []
    assert parts_views(unchanged, PARTS) == []
    assert parts_views(TURNED, SearchConfig(prior="none", mechanisms=("search",))) == []


def test_the_program_on_the_boxes_answers_the_whole_task():
    solution = solve(TURNED, PARTS)
    assert solution.solved_demonstrations
    assert solution.attempts[0][0].mechanism == "parts"
    assert solution.attempts[0][0].grid == TURNED.test[0].output.tolist()
    winner = solution.programs[0].text
    assert "map_boxes" in winner and "«O = transpose(I)»" in winner
    assert solution.trace.mechanisms["parts"]["answers"] >= 1


def test_without_parts_the_narrowed_search_finds_nothing():
    solution = solve(TURNED, SearchConfig(**{**PARTS.__dict__, "mechanisms": ("search",)}))
    assert not solution.solved_demonstrations


def test_a_parts_answer_reruns_from_its_text():
    from dsl.program import parse

    program = parse(solve(TURNED, PARTS).programs[0].text)
    assert np.array_equal(run(program, TURNED.test[0].input), TURNED.test[0].output)


def _panels_turned(seed: int) -> tuple[list, list]:
    """Two 3x3 panels divided by a line of 5s; the answer: each panel transposed."""
    rng = np.random.default_rng(seed)
    left, right = (rng.integers(0, 5, size=(3, 3)) for _ in range(2))
    grid = np.hstack([left, np.full((3, 1), 5), right])
    answer = np.hstack([left.T, np.full((3, 1), 5), right.T])
    return grid.tolist(), answer.tolist()


def test_panels_are_boxes_only_with_parts_panels():
    task = make_task([_panels_turned(1), _panels_turned(2)], [_panels_turned(3)])
    with_panels = SearchConfig(**{**PARTS.__dict__, "parts_panels": True})
    assert "panel_boxes" not in {v.segmentation for v in parts_views(task, PARTS)}
    assert "panel_boxes" in {v.segmentation for v in parts_views(task, with_panels)}
    solution = solve(task, with_panels)
    assert solution.attempts[0][0].grid == task.test[0].output.tolist()
