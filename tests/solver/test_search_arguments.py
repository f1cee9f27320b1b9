"""Integers the output sizes ask for, and which argument tuples a layer keeps."""

from __future__ import annotations

from solver import Attempt, SearchConfig, Task, solve
from solver.search import _wanted_values
from tests.solver.conftest import all_but, make_task


def _scaled(grid: list[list[int]], factor: int) -> list[list[int]]:
    return [[c for c in row for _ in range(factor)] for row in grid for _ in range(factor)]


def test_the_output_sizes_ask_for_their_sides_and_their_ratios_to_the_input():
    inputs = [[[1, 0], [0, 2]], [[3, 0, 4], [0, 5, 0], [6, 0, 0]]]
    task = make_task(
        [(inputs[0], _scaled(inputs[0], 3)), (inputs[1], _scaled(inputs[1], 2))], [([[1]], None)]
    )
    # both outputs are 6x6: only the ratio differs between the demonstrations
    assert _wanted_values(task) == {"Int": {(3, 2)}, "Shape": frozenset(), "Colour": frozenset()}


def test_sizes_that_do_not_change_between_demonstrations_ask_for_nothing():
    task = make_task([([[1, 2]], [[1]]), ([[3, 4]], [[3]])], [([[5, 6]], None)])
    assert _wanted_values(task) == {"Int": frozenset(), "Shape": frozenset(), "Colour": frozenset()}


def test_output_shapes_that_differ_between_demonstrations_are_wanted():
    task = make_task([([[1, 2]], [[1]]), ([[3, 4]], [[3], [4]])], [([[5, 6]], None)])
    assert _wanted_values(task)["Shape"] == {((1, 1), (2, 1))}


def _first_attempt(task: Task, keep: tuple[str, ...], **narrowed: int) -> Attempt:
    """The first attempt of a search (alone, no prior) over only the primitives `keep`, with
    the config fields `narrowed` set."""
    config = SearchConfig(
        budget_seconds=60,
        prior="none",
        mechanisms=("search",),
        disabled_primitives=all_but(*keep),
        **narrowed,
    )
    return solve(task, config).attempts[0][0]


def test_an_integer_the_sizes_ask_for_joins_the_beam_however_costly():
    """Scale by the number of colours: with a beam of one integer the seeded constants fill it,
    and only the wish of the output sizes lets the count in."""
    inputs = [[[1, 0], [0, 0]], [[1, 2], [0, 0]], [[1, 2], [3, 0]]]
    pairs = [(grid, _scaled(grid, n)) for grid, n in zip(inputs, (2, 3, 4), strict=True)]
    test = [[5, 6], [7, 8]]
    task = make_task(pairs, [(test, _scaled(test, 4))])
    first = _first_attempt(task, ("count_colours", "scale_up"), max_depth=2, other_beam=1)
    assert "count_colours(I)" in first.program
    assert first.grid == _scaled(test, 4)


def _blocks(*blocks: tuple[int, int, int, int, int]) -> list[list[int]]:
    """A 7x7 black grid with (top, left, height, width, colour) rectangles painted on it."""
    grid = [[0] * 7 for _ in range(7)]
    for top, left, height, width, colour in blocks:
        for r in range(top, top + height):
            for c in range(left, left + width):
                grid[r][c] = colour
    return grid


def _smallest_object_task() -> Task:
    """The output is the input's smallest object."""
    inputs = [
        _blocks((0, 0, 3, 3, 1), (4, 4, 2, 2, 2)),
        _blocks((0, 0, 4, 4, 3), (5, 0, 2, 3, 5)),
        _blocks((3, 0, 4, 4, 1), (0, 0, 1, 2, 6)),
    ]
    smallest = [[[2, 2], [2, 2]], [[5, 5, 5], [5, 5, 5]], [[6, 6]]]
    test = _blocks((0, 0, 4, 3, 4), (5, 3, 2, 4, 2))
    return make_task(list(zip(inputs, smallest, strict=True)), [(test, [[2] * 4, [2] * 4])])


OBJECT_PRIMITIVES = ("objects", "largest", "smallest", "crop")


def test_an_object_too_costly_for_the_beam_is_still_checked_as_the_answer():
    """With a beam of one object the largest (first in order at the same cost) takes the place,
    and the smallest must be checked anyway, since no later layer makes it again."""
    task = _smallest_object_task()
    first = _first_attempt(task, OBJECT_PRIMITIVES, max_depth=3, other_beam=1)
    assert "smallest" in first.program
    assert first.grid == [[2] * 4, [2] * 4]


def test_the_trace_counts_the_candidates_checked_beyond_the_beam():
    config = SearchConfig(
        budget_seconds=60,
        prior="none",
        mechanisms=("search",),
        disabled_primitives=all_but(*OBJECT_PRIMITIVES),
        max_depth=3,
        other_beam=1,
    )
    search = solve(_smallest_object_task(), config).trace.mechanisms["search"]
    assert 0 < search["candidates_beyond_beam"] <= search["candidates"]


def test_the_colour_each_output_adds_is_wanted_where_it_differs():
    pairs = [([[1, 0]], [[1, 3]]), ([[2, 0]], [[2, 4]])]
    assert _wanted_values(make_task(pairs, [([[5, 0]], None)]))["Colour"] == {(3, 4)}


def test_the_one_colour_beside_the_most_frequent_is_wanted():
    pairs = [([[1, 2, 2]], [[0, 0, 2]]), ([[1, 5, 5]], [[0, 0, 5]])]
    assert _wanted_values(make_task(pairs, [([[5, 0]], None)]))["Colour"] == {(2, 5)}


def _beside_its_turn(grid: list[list[int]]) -> list[list[int]]:
    """The grid with its quarter turn (clockwise) to its right."""
    turned = [list(row) for row in zip(*grid[::-1], strict=True)]
    return [a + b for a, b in zip(grid, turned, strict=True)]


def test_a_second_grid_of_a_shape_enters_the_beam_when_the_shape_may_hold_two():
    """Three places for grids of other shapes than the output's: with one grid per shape the
    input and its two halves take them, and the turned input (the input's shape) is left out of
    the next layer, so nothing can be put beside it."""
    inputs = [[[1, 2], [0, 0]], [[3, 0], [4, 0]], [[5, 6], [7, 0]]]
    test = [[0, 8], [9, 0]]
    task = make_task([(i, _beside_its_turn(i)) for i in inputs], [(test, _beside_its_turn(test))])

    def first(grids_per_shape: int) -> Attempt:
        keep = ("rot90", "hconcat", "left_half", "top_half")
        narrowed = {"max_depth": 2, "grid_beam": 4, "shape_beam": 3}
        return _first_attempt(task, keep, grids_per_shape=grids_per_shape, **narrowed)

    assert first(1).grid != _beside_its_turn(test)
    assert first(2).program == "x1 = rot90(I)\nO = hconcat(I, x1)"
    assert first(2).grid == _beside_its_turn(test)
