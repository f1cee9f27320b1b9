"""Augmented demonstrations: the pairs' transposes filter programs that only fit by chance."""

from __future__ import annotations

from solver.augment import augmented_task
from solver.config import SearchConfig
from solver.params import infer_constants
from solver.search import Budget, Search
from tests.solver.conftest import all_but, make_task

# One demonstration whose input is symmetric top to bottom: turning it half round and mirroring
# it left to right give the same output; only the transposed pair tells them apart.
AMBIGUOUS = make_task(
    [([[1, 2, 3], [1, 2, 3]], [[3, 2, 1], [3, 2, 1]])],
    [([[1, 2], [3, 4]], [[4, 3], [2, 1]])],
)


def test_transposed_pairs_are_appended_and_tests_kept():
    augmented = augmented_task(AMBIGUOUS, ("transpose", "antitranspose"))
    assert augmented is not None
    assert len(augmented.train) == 3
    assert augmented.train[1].input.tolist() == [[1, 1], [2, 2], [3, 3]]
    assert augmented.train[1].output.tolist() == [[3, 3], [2, 2], [1, 1]]
    assert augmented.test == AMBIGUOUS.test


def test_pairs_equal_to_their_transposes_add_nothing():
    symmetric = make_task([([[1, 0], [0, 1]], [[2, 0], [0, 2]])], [([[1]], None)])
    assert augmented_task(symmetric, ("transpose",)) is None


def _programs(task) -> set[str]:
    config = SearchConfig(
        budget_seconds=5.0, max_depth=1, disabled_primitives=all_but("flip_h", "rot180")
    )
    search = Search(task, config, infer_constants(task, config.max_colours))
    search.run(Budget(config.budget_seconds))
    return {str(search.program(f.node, f.colour_map)) for f in search.found}


def test_only_the_transposed_pairs_rule_out_the_program_that_fits_by_chance():
    plain = _programs(AMBIGUOUS)
    assert {"O = flip_h(I)", "O = rot180(I)"} <= plain
    augmented = _programs(augmented_task(AMBIGUOUS, ("transpose",)))
    assert "O = rot180(I)" in augmented
    assert "O = flip_h(I)" not in augmented
