"""A learned value for the grids a search makes: how likely a grid is a step of the task's program.

The search keeps a beam of grids per layer. Its measure of a grid, the fraction of cells equal to
the outputs, is blind to grids of another shape (every one scores 0), yet a program that changes
the shape goes through them: a panel, a crop, a grid to be scaled up. This model scores every grid
row on the demonstrations from a few cheap features of the grid beside the output (shape
relations, colours shared, cells equal) and is fitted on search tables where the right steps are
known (synthetic tasks from the DSL and the hand-written programs, development tasks only):

    value = GridValue.load()
    p = value.score(grid_features(values, outputs, inputs, depth, cost))

Logistic regression in numpy: a weight per feature and a bias, in one small JSON file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np

WEIGHTS_FILE: Final = Path(__file__).resolve().parent / "weights" / "grid_value.json"

PER_DEMO: Final = (
    "same_shape",
    "cells_equal",
    "output_is_multiple",
    "is_multiple_of_output",
    "transposed_shape",
    "one_side_equal",
    "input_shape",
    "equals_input",
    "colours_jaccard",
    "output_colours_present",
    "histogram_overlap",
    "area_ratio",
    "one_colour",
    "foreground_ratio",
)
"""Features of one demonstration's grid beside its output and input, averaged over them."""

ACROSS_DEMOS: Final = ("ratio_constant", "shape_varies_like_output", "depth", "cost")
"""Features of the grid's values over all demonstrations, and of how it was made."""

FEATURES: Final = PER_DEMO + ACROSS_DEMOS


def _colour_counts(grid: np.ndarray) -> np.ndarray:
    return np.bincount(grid.reshape(-1).astype(np.intp), minlength=10)[:10]


def _foreground(counts: np.ndarray) -> int:
    """Cells not of the grid's most frequent colour."""
    return int(counts.sum() - counts.max())


def _demo_features(grid: np.ndarray, output: np.ndarray, source: np.ndarray) -> list[float]:
    """PER_DEMO for one demonstration."""
    same = grid.shape == output.shape
    (gh, gw), (oh, ow) = grid.shape, output.shape
    grid_counts, output_counts = _colour_counts(grid), _colour_counts(output)
    grid_colours, output_colours = grid_counts > 0, output_counts > 0
    shared = np.count_nonzero(grid_colours & output_colours)
    histogram = np.minimum(grid_counts / grid.size, output_counts / output.size).sum()
    ratio = math.log(grid.size / output.size)
    fg_grid, fg_output = _foreground(grid_counts), _foreground(output_counts)
    fg_ratio = min(fg_grid, fg_output) / max(fg_grid, fg_output) if max(fg_grid, fg_output) else 1.0
    return [
        float(same),
        float(np.count_nonzero(grid == output)) / output.size if same else 0.0,
        float(not same and oh % gh == 0 and ow % gw == 0),
        float(not same and gh % oh == 0 and gw % ow == 0),
        float(not same and (gh, gw) == (ow, oh)),
        float(not same and (gh == oh or gw == ow)),
        float(grid.shape == source.shape),
        float(grid.shape == source.shape and np.array_equal(grid, source)),
        shared / np.count_nonzero(grid_colours | output_colours),
        shared / np.count_nonzero(output_colours),
        float(histogram),
        min(abs(ratio), 3.0) / 3.0,
        float(np.count_nonzero(grid_colours) == 1),
        fg_ratio,
    ]


def grid_features(
    values: Sequence[np.ndarray],
    outputs: Sequence[np.ndarray],
    inputs: Sequence[np.ndarray],
    depth: int,
    cost: float,
) -> np.ndarray:
    """FEATURES of a grid row: `values` on the demonstrations, beside their outputs and inputs."""
    per_demo = np.array(
        [_demo_features(v, o, i) for v, o, i in zip(values, outputs, inputs, strict=False)]
    ).mean(axis=0)
    ratios = {
        (o.shape[0] / v.shape[0], o.shape[1] / v.shape[1])
        for v, o in zip(values, outputs, strict=False)
    }
    shapes_vary = len({v.shape for v in values}) > 1
    outputs_vary = len({o.shape for o in outputs}) > 1
    across = [
        float(len(ratios) == 1),
        float(shapes_vary == outputs_vary),
        min(depth, 6) / 6.0,
        min(cost, 12.0) / 12.0,
    ]
    return np.concatenate([per_demo, across])


@dataclass(frozen=True)
class GridValue:
    """Logistic regression over FEATURES: p = sigmoid(features @ weight + bias)."""

    weight: np.ndarray  # [len(FEATURES)]
    bias: float

    def score(self, features: np.ndarray) -> float:
        """The probability that the grid is a step of the program."""
        logit = float(np.clip(features @ self.weight + self.bias, -30.0, 30.0))
        return 1.0 / (1.0 + math.exp(-logit))

    def save(self, path: Path = WEIGHTS_FILE, about: dict[str, object] | None = None) -> None:
        document = {
            "features": list(FEATURES),
            "weight": [round(float(w), 6) for w in self.weight],
            "bias": round(self.bias, 6),
            "about": about or {},
        }
        path.write_text(json.dumps(document, indent=1) + "\n")

    @staticmethod
    def load(path: Path = WEIGHTS_FILE) -> GridValue:
        document = json.loads(path.read_text())
        if tuple(document["features"]) != FEATURES:
            raise ValueError(f"{path} was fitted on other features; refit it (neural.grid_value)")
        return GridValue(np.array(document["weight"], dtype=np.float64), float(document["bias"]))


@cache
def shipped_grid_value() -> GridValue:
    """The committed model (read once per process)."""
    return GridValue.load()


def fit(
    features: np.ndarray, labels: np.ndarray, groups: np.ndarray, l2: float = 1e-3, steps: int = 300
) -> GridValue:
    """Logistic regression by Newton's method; each group (one task's rows) weighs the same, its
    positive and negative rows half each, so large tables and rare positives do not dominate."""
    weights = _balanced_weights(labels, groups)
    x = np.hstack([features, np.ones((len(features), 1))])
    theta = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ theta, -30, 30)))
        gradient = x.T @ (weights * (p - labels)) + penalty @ theta
        hessian = (x * (weights * p * (1 - p))[:, None]).T @ x + penalty
        update = np.linalg.solve(hessian, gradient)
        theta -= update
        if np.abs(update).max() < 1e-8:
            break
    return GridValue(theta[:-1], float(theta[-1]))


def _balanced_weights(labels: np.ndarray, groups: np.ndarray) -> np.ndarray:
    weights = np.zeros(len(labels))
    for group in np.unique(groups):
        rows = groups == group
        for label in (0, 1):
            part = rows & (labels == label)
            if part.any():
                weights[part] = 0.5 / np.count_nonzero(part)
    return weights / len(np.unique(groups))
