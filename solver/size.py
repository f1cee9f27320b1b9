"""Output size first: the shape of each test output, predicted from the demonstrations.

The simplest rule that fits every demonstration wins: the input's own shape, one constant shape,
then a linear rule per axis (out = a * in + b, solved with z3 in `params.infer_size_rule`). When
no rule fits, the shapes of a value the search made (an object's box, a panel, a crop) can: the
cheapest grid whose shape equals the output's on every demonstration lends its test shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from dsl.task import Task
from solver.params import SizeRule

Shape2 = tuple[int, int]


@dataclass(frozen=True)
class SizePrediction:
    """One predicted shape per test input (None where nothing fits) and the rule behind them."""

    shapes: tuple[Shape2 | None, ...]
    rule: str
    source: str  # "rule", "search" or "none"

    @property
    def known(self) -> bool:
        return all(shape is not None for shape in self.shapes)


NO_PREDICTION_RULE = "no rule fits every demonstration"


def _as_shape(shape: tuple[int, ...]) -> Shape2:
    return int(shape[0]), int(shape[1])


def _fits(shape: Shape2) -> bool:
    return 1 <= shape[0] <= 30 and 1 <= shape[1] <= 30


def _describe_axis(name: str, scale: int, offset: int) -> str:
    if scale == 0:
        return f"{name} {offset}"
    term = name if scale == 1 else f"{scale}*{name}"
    return term if offset == 0 else f"{term}{offset:+d}"


def predict_from_rules(task: Task, size_rule: SizeRule | None) -> SizePrediction:
    """The simplest size rule that fits every demonstration, or no prediction."""
    tests = [_as_shape(p.input.shape) for p in task.test]
    outs = [_as_shape(p.output.shape) for p in task.train]
    if all(_as_shape(p.input.shape) == _as_shape(p.output.shape) for p in task.train):
        return SizePrediction(tuple(tests), "the input's shape", "rule")
    if len(set(outs)) == 1:
        return SizePrediction(
            (outs[0],) * len(tests), f"constant {outs[0][0]}x{outs[0][1]}", "rule"
        )
    if size_rule is not None:
        shapes = tuple(size_rule.predict(shape) for shape in tests)
        rule = (
            _describe_axis("rows", size_rule.row_scale, size_rule.row_offset)
            + ", "
            + _describe_axis("cols", size_rule.col_scale, size_rule.col_offset)
        )
        return SizePrediction(
            tuple(shape if _fits(shape) else None for shape in shapes), rule, "rule"
        )
    return SizePrediction((None,) * len(tests), NO_PREDICTION_RULE, "none")


def predict_from_values(
    prediction: SizePrediction, value_shapes: list[tuple[str, tuple[Shape2, ...]]]
) -> SizePrediction:
    """Fill a missing prediction from the cheapest search value that has the outputs' shapes.

    `value_shapes` holds (program text, test shapes) of grids whose shape equals the output's on
    every demonstration, cheapest first.
    """
    if prediction.known or not value_shapes:
        return prediction
    program, shapes = value_shapes[0]
    if not all(_fits(shape) for shape in shapes):
        return prediction
    last_line = program.splitlines()[-1] if program else "I"
    return SizePrediction(tuple(shapes), f"the shape of {last_line}", "search")


def has_output_shapes(values: tuple, targets: list, prediction: SizePrediction) -> bool:
    """Whether a value vector (demonstrations first, then tests) has every demonstration
    output's shape and, where the prediction is known, every predicted test shape."""
    n_demos = len(targets)
    if any(v.shape != t.shape for v, t in zip(values[:n_demos], targets, strict=True)):
        return False
    tests = zip(values[n_demos:], prediction.shapes, strict=True)
    return not prediction.known or all(v.shape == shape for v, shape in tests)


def sizes_right(prediction: SizePrediction, task: Task) -> list[bool | None]:
    """Per test input: whether the predicted shape is the known output's (None if unknown)."""
    return [
        None if pair.output is None else shape == _as_shape(pair.output.shape)
        for shape, pair in zip(prediction.shapes, task.test, strict=True)
    ]
