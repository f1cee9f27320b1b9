"""The rules-alone benchmark: a rule read off the input, counted as fitting and right."""

from __future__ import annotations

import numpy as np

from benchmarks.rule_fit import RuleFit, fit_rule, summary
from tests.solver.conftest import make_task


def _ring(side: int, colour: int) -> np.ndarray:
    grid = np.zeros((side + 2, side + 2), dtype=int)
    grid[1 : side + 1, 1 : side + 1] = colour
    grid[2:side, 2:side] = 0
    return grid


def _filled(grid: np.ndarray) -> list[list[int]]:
    out = grid.copy()
    out[2:-2, 2:-2] = 4
    return out.tolist()


def test_an_enclosed_fill_is_a_rule_that_fits_and_is_right():
    pairs = [(_ring(side, 2).tolist(), _filled(_ring(side, 2))) for side in (4, 5, 6)]
    task = make_task(pairs, [(_ring(7, 2).tolist(), _filled(_ring(7, 2)))])
    fit = fit_rule(task)
    assert fit.fits and fit.right and fit.right_in_two and not fit.doubtful


def test_the_summary_counts_fits_rights_and_doubts():
    fits = [
        RuleFit("a", True, True, False, True, 1.0),
        RuleFit("b", True, False, True, True, 3.0),
        RuleFit("c", False, False, False, False, 2.0),
    ]
    assert summary(fits) == (
        "3 same-size tasks: a rule fits 2, right on the test 1 (in two attempts 2); "
        "doubtful 1, of them right 0; seconds per task median 2.00, max 3.00"
    )
