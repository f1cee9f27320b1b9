"""The moves-alone benchmark: motions read off the demonstrations, counted as fitting and right."""

from __future__ import annotations

from benchmarks.moves_fit import fit_moves
from tests.solver.conftest import make_task


def test_a_fall_to_the_floor_fits_and_is_right_and_a_recolouring_does_not_fit():
    falls = make_task(
        [
            ([[1, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [1, 0]]),
            ([[0, 1], [0, 0]], [[0, 0], [0, 1]]),
        ],
        [([[0, 0], [1, 0], [0, 0]], [[0, 0], [0, 0], [1, 0]])],
    )
    fits, right, program = fit_moves(falls)
    assert fits and right and program is not None and "slide_colour" in program
    recolours = make_task([([[1, 0]], [[2, 0]]), ([[0, 1]], [[0, 2]])], [([[1, 1]], [[2, 2]])])
    assert fit_moves(recolours) == (False, False, None)
