"""Integers the output sizes ask for, and which argument tuples a layer keeps."""

from __future__ import annotations

from solver import SearchConfig, solve
from solver.search import _wanted_ints
from tests.solver.conftest import all_but, make_task


def _scaled(grid: list[list[int]], factor: int) -> list[list[int]]:
    return [[c for c in row for _ in range(factor)] for row in grid for _ in range(factor)]


def test_the_output_sizes_ask_for_their_sides_and_their_ratios_to_the_input():
    inputs = [[[1, 0], [0, 2]], [[3, 0, 4], [0, 5, 0], [6, 0, 0]]]
    task = make_task(
        [(inputs[0], _scaled(inputs[0], 3)), (inputs[1], _scaled(inputs[1], 2))], [([[1]], None)]
    )
    # both outputs are 6x6: only the ratio differs between the demonstrations
    assert _wanted_ints(task) == {(3, 2)}


def test_sizes_that_do_not_change_between_demonstrations_ask_for_nothing():
    task = make_task([([[1, 2]], [[1]]), ([[3, 4]], [[3]])], [([[5, 6]], None)])
    assert _wanted_ints(task) == frozenset()


def test_an_integer_the_sizes_ask_for_joins_the_beam_however_costly():
    """Scale by the number of colours: with a beam of one integer the seeded constants fill it,
    and only the wish of the output sizes lets the count in."""
    inputs = [[[1, 0], [0, 0]], [[1, 2], [0, 0]], [[1, 2], [3, 0]]]
    pairs = [(grid, _scaled(grid, n)) for grid, n in zip(inputs, (2, 3, 4), strict=True)]
    test = [[5, 6], [7, 8]]
    task = make_task(pairs, [(test, _scaled(test, 4))])
    config = SearchConfig(
        budget_seconds=60,
        max_depth=2,
        other_beam=1,
        prior="none",
        mechanisms=("search",),
        disabled_primitives=all_but("count_colours", "scale_up"),
    )
    first = solve(task, config).attempts[0][0]
    assert "count_colours(I)" in first.program
    assert first.grid == _scaled(test, 4)
