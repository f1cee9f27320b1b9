"""Renamed colours: the search on pairs whose colours are renamed from their own inputs."""

from __future__ import annotations

import importlib

import numpy as np

from dsl.program import parse, run
from dsl.types import Palette
from solver import SearchConfig, Task, solve
from solver.normalise import kept_colours, normalised_task
from solver.rules import RuleReport
from tests.solver.conftest import all_but, make_task


def _marked(shape: int, marker: int, offset: int) -> tuple[list[list[int]], list[list[int]]]:
    """A shape of one colour with a marker cell; the answer: the shape in the marker's colour."""
    grid = np.zeros((6, 6), dtype=int)
    grid[1 + offset : 4 + offset, 1:4] = shape
    grid[1 + offset, 1] = marker
    answer = np.where(grid == shape, marker, 0)
    return grid.tolist(), answer.tolist()


MARKED = make_task([_marked(2, 4, 0), _marked(3, 6, 1), _marked(8, 1, 2)], [_marked(7, 9, 1)])


def _config(mechanisms: tuple[str, ...]) -> SearchConfig:
    return SearchConfig(
        budget_seconds=10.0,
        max_depth=1,
        disabled_primitives=all_but("flip_h"),
        mechanisms=mechanisms,
        prior="none",
    )


def test_colours_with_one_meaning_are_kept():
    assert kept_colours(MARKED) == Palette.of([0])
    walled = make_task(
        [([[5, 1, 1]], [[5, 8, 1]]), ([[5, 2, 0]], [[5, 8, 0]])], [([[5, 3, 3]], None)]
    )
    assert kept_colours(walled) == Palette.of([0, 5, 8])  # in every pair; added by every output


def test_nothing_to_rename_when_every_input_gets_the_same_names():
    same_colours = make_task(
        [([[0, 2, 2]], [[0, 3, 3]]), ([[2, 2, 0]], [[3, 3, 0]])], [([[2]], None)]
    )
    assert normalised_task(same_colours, kept_colours(same_colours)) is None


def test_no_renaming_when_an_output_holds_a_renamed_colour_its_input_lacks():
    task = make_task(
        [([[0, 1, 1]], [[0, 1, 7]]), ([[0, 0, 2]], [[0, 6, 2]])], [([[0, 3, 3]], None)]
    )
    assert normalised_task(task, kept_colours(task)) is None


def test_the_search_alone_cannot_carry_the_marker_colour_to_the_test():
    solution = solve(MARKED, _config(("search",)))
    assert solution.attempts[0][0].grid != MARKED.test[0].output.tolist()


def test_renamed_colours_give_a_sure_program_that_runs_on_the_original_input():
    solution = solve(MARKED, _config(("search", "normalise")))
    first = solution.attempts[0][0]
    assert first.mechanism == "normalise" and first.consistent
    assert first.grid == MARKED.test[0].output.tolist()
    program = parse(first.program)
    assert str(program) == first.program
    assert program.steps[0].op == "normalise_colours" and program.steps[-1].op == "restore_colours"
    for pair in MARKED.train + MARKED.test:
        assert run(program, pair.input).tolist() == pair.output.tolist()
    assert solution.trace.mechanisms["normalise"]["kept_colours"] == [0]


def _scrambled() -> Task:
    """Two shape colours of its own per pair, a few cells swapped at random: nothing to find."""
    rng = np.random.default_rng(0)
    pairs = []
    for first, second in ((2, 4), (3, 6), (8, 1)):
        grid = np.zeros((6, 6), dtype=int)
        grid[1:4, 1:4], grid[4, 2:5] = first, second
        answer = grid.copy()
        cells = rng.choice(36, size=5, replace=False)
        answer.flat[cells] = rng.choice([first, second], size=5)
        pairs.append((grid.tolist(), answer.tolist()))
    return make_task(pairs, [(pairs[0][0], None)])


def test_rules_run_on_the_renamed_pairs_too(monkeypatch):
    targets_seen = []

    def recording(search, sizes, budget, config):
        targets_seen.append([t.tolist() for t in search.targets])
        return RuleReport(sources=1)

    solve_module = importlib.import_module("solver.solve")  # `solver.solve` is the function
    monkeypatch.setattr(solve_module, "induce_rules", recording)
    task = _scrambled()
    solution = solve(task, _config(("search", "rules", "normalise")))
    original = [p.output.tolist() for p in task.train]
    assert len(targets_seen) == 2 and targets_seen[0] == original != targets_seen[1]
    assert solution.trace.mechanisms["rules"]["sources"] == 2
