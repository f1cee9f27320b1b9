"""Output size first: the simplest rule that fits every demonstration."""

from __future__ import annotations

from solver import SearchConfig, solve
from solver.params import infer_size_rule
from solver.size import SizePrediction, predict_from_rules, predict_from_values, sizes_right
from tests.solver.conftest import all_but, make_task


def _grid(h: int, w: int, colour: int = 1) -> list[list[int]]:
    return [[colour] * w for _ in range(h)]


def _predict(task):
    return predict_from_rules(task, infer_size_rule(task))


def test_same_shape_as_the_input():
    task = make_task(
        [(_grid(2, 3), _grid(2, 3, 2)), (_grid(4, 4), _grid(4, 4, 2))], [(_grid(5, 6), None)]
    )
    prediction = _predict(task)
    assert prediction.shapes == ((5, 6),)
    assert prediction.rule == "the input's shape"


def test_one_constant_shape():
    task = make_task(
        [(_grid(2, 3), _grid(3, 3)), (_grid(4, 4), _grid(3, 3))], [(_grid(9, 9), None)]
    )
    assert _predict(task).shapes == ((3, 3),)


def test_a_linear_rule_per_axis():
    task = make_task(
        [(_grid(2, 3), _grid(4, 4)), (_grid(3, 5), _grid(6, 6))],
        [(_grid(4, 2), _grid(8, 3))],
    )
    prediction = _predict(task)
    assert prediction.shapes == ((8, 3),)
    assert prediction.rule == "2*rows, cols+1"
    assert sizes_right(prediction, task) == [True]


def test_no_rule_leaves_the_size_unknown_until_a_search_value_fits():
    task = make_task(
        [(_grid(3, 3), _grid(1, 2)), (_grid(3, 3), _grid(2, 1))],
        [(_grid(3, 3), _grid(2, 2))],
    )
    prediction = _predict(task)
    assert not prediction.known and prediction.source == "none"
    assert sizes_right(prediction, task) == [False]
    filled = predict_from_values(prediction, [("x1 = objects(I)\nO = crop(I, x1)", ((2, 2),))])
    assert filled.shapes == ((2, 2),)
    assert filled.source == "search" and "crop" in filled.rule


def test_a_rule_is_not_replaced_by_a_search_value():
    known = SizePrediction(((3, 3),), "constant 3x3", "rule")
    assert predict_from_values(known, [("O = trim(I)", ((5, 5),))]) is known


def test_the_search_builds_on_the_predicted_shape():
    """Outputs twice the input's height and one column wider, the input at the top left: the
    size rule's shape is a value of the search, so a pad to it explains every pair."""

    def padded(grid: list[list[int]]) -> list[list[int]]:
        width = 2 * len(grid[0]) + 1
        rows = [row + [0] * (width - len(row)) for row in grid]
        return rows + [[0] * width for _ in grid]

    inputs = [[[1, 0, 0], [0, 0, 2]], [[0, 3], [0, 0], [4, 0]], [[5, 0, 0, 6]]]
    test = [[0, 0], [7, 0]]
    task = make_task([(i, padded(i)) for i in inputs], [(test, padded(test))])
    config = SearchConfig(
        budget_seconds=60,
        max_depth=2,
        prior="none",
        mechanisms=("search",),
        disabled_primitives=all_but("pad_to_shape", "shape_of"),
    )
    solution = solve(task, config)
    first = solution.attempts[0][0]
    assert "scaled_shape(I, (2, 2), (0, 1))" in first.program
    assert first.grid == padded(test)
