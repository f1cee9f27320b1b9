"""The search with the learned grid value: the shape places go to the grids it rates highest."""

from __future__ import annotations

import numpy as np

from neural.grid_value import FEATURES, GridValue
from solver import SearchConfig
from solver.params import infer_constants
from solver.search import Budget, Search
from tests.solver.conftest import make_task


def _task():
    """The output tiles the input's top-left 2x2 part twice each way."""
    inputs = ([[1, 0, 0], [0, 2, 0], [0, 0, 0]], [[0, 3, 0], [3, 3, 0], [0, 0, 0]])
    pairs = [(grid, np.tile(np.array(grid)[:2, :2], (2, 2)).tolist()) for grid in inputs]
    return make_task(pairs, [([[4, 0, 0], [0, 4, 0], [0, 0, 0]], None)])


def _search(grid_value: bool, **widths) -> Search:
    task = _task()
    config = SearchConfig(prior="none", max_depth=2, grid_value=grid_value, **widths)
    return Search(task, config, infer_constants(task, config.max_colours))


def test_with_the_grid_value_a_two_step_answer_is_still_found():
    search = _search(grid_value=True)
    search.run(Budget(20))
    assert search.found, "tile(trim(I), 2, 2) or an equal program should be found"


def test_the_shape_places_go_to_the_likeliest_grids_not_the_cheapest():
    search = _search(grid_value=True, grid_beam=6, shape_beam=3, grids_per_shape=1)
    search.run(Budget(20))
    favour_divisors = np.zeros(len(FEATURES))
    favour_divisors[FEATURES.index("output_is_multiple")] = 5.0
    search._grid_value = GridValue(favour_divisors, -2.0)
    search._grid_values.clear()
    rows = [search.nodes[i] for i in search.by_type["Grid"]]
    rows.sort(key=lambda r: (-r.score, r.cost, r.id))
    beam = search._grid_beam(rows)
    places = beam[search.config.grid_beam - search.config.shape_beam :]
    values = [search.grid_value(row) for row in places]
    others = [search.grid_value(r) for r in rows[3:] if r not in places]
    assert values and max(others, default=0.0) <= max(values)
    assert values == sorted(values, reverse=True)


def test_without_the_grid_value_the_search_does_not_rate_grids():
    search = _search(grid_value=False)
    search.run(Budget(5))
    assert search._grid_values == {}
