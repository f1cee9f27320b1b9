"""Stacked pieces: answers no single program gives, layered from several, as one program."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from dsl.program import parse, run
from solver import SearchConfig, solve
from solver.search import Budget
from solver.stack import Layer, _greedy_layers, _PieceBits, _predicts_a_held_out_demo
from tests.solver.conftest import all_but, make_task

STACKING = ("search", "size", "stack")


def _two_mirrors(grid: list[list[int]]) -> list[list[int]]:
    """The left-right mirror's coloured cells over the top-bottom mirror."""
    g = np.array(grid)
    return np.where(np.fliplr(g) != 0, np.fliplr(g), np.flipud(g)).tolist()


INPUTS = [
    [[1, 0, 0], [0, 2, 0], [0, 0, 0], [3, 3, 0]],
    [[0, 4, 0, 0], [5, 0, 0, 0], [0, 0, 6, 6]],
    [[7, 0], [0, 0], [0, 8]],
]
TEST_INPUT = [[0, 0, 9], [0, 1, 0], [2, 0, 0], [0, 0, 3]]
TWO_MIRRORS = make_task(
    [(grid, _two_mirrors(grid)) for grid in INPUTS], [(TEST_INPUT, _two_mirrors(TEST_INPUT))]
)


def _config(mechanisms: tuple[str, ...]) -> SearchConfig:
    return SearchConfig(
        budget_seconds=10.0,
        max_depth=1,
        disabled_primitives=all_but("flip_h", "flip_v"),
        mechanisms=mechanisms,
        prior="none",
    )


def test_no_single_program_gives_the_two_mirrors():
    solution = solve(TWO_MIRRORS, _config(("search",)))
    assert not solution.solved_demonstrations


def test_a_stack_of_two_pieces_reproduces_every_demonstration_and_the_test():
    solution = solve(TWO_MIRRORS, _config(STACKING))
    assert solution.solved_demonstrations
    first = solution.attempts[0][0]
    assert first.mechanism == "stack"
    assert first.grid == TWO_MIRRORS.test[0].output.tolist()
    assert "paint_coloured" in first.program


def test_a_stacked_answer_prints_parses_and_reruns():
    solution = solve(TWO_MIRRORS, _config(STACKING))
    program = parse(solution.programs[0].text)
    assert str(program) == solution.programs[0].text
    for pair in TWO_MIRRORS.train + TWO_MIRRORS.test:
        assert run(program, pair.input).tolist() == pair.output.tolist()


def test_the_trace_says_what_stacking_spent_and_made():
    solution = solve(TWO_MIRRORS, _config(STACKING))
    stack = solution.trace.mechanisms["stack"]
    assert stack["pieces"] >= 2 and stack["consistent"] >= 1
    assert stack["doubtful"] == 0  # the stack of two demonstrations gives the third
    assert stack["seconds"] < 10.0


def _mirror_shadow(grid: list[list[int]]) -> list[list[int]]:
    """Black cells whose left-right mirror cell is coloured become 3."""
    g = np.array(grid)
    return np.where((g == 0) & (np.fliplr(g) != 0), 3, g).tolist()


def test_a_layer_may_paint_one_colour_through_a_pieces_mask():
    task = make_task(
        [(grid, _mirror_shadow(grid)) for grid in INPUTS],
        [(TEST_INPUT, _mirror_shadow(TEST_INPUT))],
    )
    config = SearchConfig(
        budget_seconds=10.0,
        max_depth=1,
        disabled_primitives=all_but("flip_h"),
        mechanisms=("search", "size", "stack"),
        prior="none",
    )
    solution = solve(task, config)
    assert solution.solved_demonstrations
    assert "_as(" in solution.programs[0].text  # paint_coloured_as or paint_black_as
    assert solution.attempts[0][0].grid == task.test[0].output.tolist()


def test_layers_that_must_reach_two_demonstrations_still_stack_the_two_mirrors():
    config = replace(_config(STACKING), stack_min_layer_demos=2)
    solution = solve(TWO_MIRRORS, config)
    assert solution.attempts[0][0].grid == TWO_MIRRORS.test[0].output.tolist()


def _bits(pieces: list[list[int]], target: list[int], demo_sizes: list[int]) -> _PieceBits:
    """Packed piece cells over demonstrations of the given sizes (flattened, one after another)."""
    grid, goal = np.array(pieces), np.array(target)
    starts = np.cumsum([0, *demo_sizes])
    demos = [np.arange(goal.size) >= a for a in starts[:-1]]
    demos = [d & (np.arange(goal.size) < b) for d, b in zip(demos, starts[1:], strict=True)]
    return _PieceBits(
        ids=list(range(len(pieces))),
        wrong=np.packbits(grid != goal, axis=1),
        coloured=np.packbits(grid != 0, axis=1),
        black=np.packbits(grid == 0, axis=1),
        costs=np.ones(len(pieces)),
        demo_masks=[np.packbits(d) for d in demos],
        cells=goal.size,
        other_than={int(c): np.packbits(goal != c) for c in np.unique(goal)},
    )


def test_a_layer_reaching_one_demonstration_only_is_refused_when_two_are_required():
    target = [2, 2, 2, 2, 2, 2, 3, 3, 0, 0]  # demonstration 0: six cells; 1: four
    one_demo = [2, 2, 2, 2, 2, 2, 0, 0, 0, 0]  # right, but coloured in demonstration 0 only
    two_demos = [2, 2, 0, 0, 0, 0, 3, 3, 0, 0]
    bits = _bits([one_demo, two_demos], target, [6, 4])
    care = np.packbits(np.ones(10, dtype=bool))
    assert _greedy_layers(bits, care, 8, min_demos=1)[0] == Layer(0, "coloured")
    assert _greedy_layers(bits, care, 8, min_demos=2)[0] == Layer(1, "coloured")


def test_a_stack_no_held_out_demonstration_confirms_is_doubtful():
    target = [1, 1, 0, 0, 2, 2, 0, 0]  # demonstrations of four cells each
    first_only = [1, 1, 0, 0, 0, 0, 0, 0]  # right on demonstration 0 only
    second_only = [0, 0, 0, 0, 2, 2, 0, 0]  # right on demonstration 1 only
    bits = _bits([first_only, second_only], target, [4, 4])
    care = np.packbits(np.ones(8, dtype=bool))
    assert _greedy_layers(bits, care, 8, min_demos=1) == [Layer(0, "coloured"), Layer(1, "all")]
    assert not _predicts_a_held_out_demo(bits, SearchConfig(), Budget(10.0))
    both = [1, 1, 0, 0, 2, 2, 0, 0]
    bits = _bits([first_only, both], target, [4, 4])
    assert _predicts_a_held_out_demo(bits, SearchConfig(), Budget(10.0))
