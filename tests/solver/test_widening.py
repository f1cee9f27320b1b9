"""Widening: when every layer is done with time left, the search goes through them again with
wider beams, trying only what the narrower pass did not."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from solver import SearchConfig, Task
from solver.params import infer_constants
from solver.search import Budget, Search, _in_priority_order, _Pool, _valid_picks
from tests.solver.conftest import all_but, make_task

NARROW = {"grid_beam": 4, "shape_beam": 1, "grids_per_shape": 1, "other_beam": 3}


def _random_task(seed: int = 5) -> Task:
    rng = np.random.default_rng(seed)
    pairs = [
        (rng.integers(0, 4, size=(4, 5)).tolist(), rng.integers(0, 4, size=(4, 5)).tolist())
        for _ in range(2)
    ]
    return make_task(pairs, [(rng.integers(0, 4, size=(4, 5)).tolist(), None)])


def _search(task: Task, passes: int, **fields: Any) -> Search:
    widths = {**NARROW, **fields}
    config = SearchConfig(prior="none", max_depth=2, widening_passes=passes, **widths)
    return Search(task, config, infer_constants(task, config.max_colours))


def _record_candidates(search: Search) -> list[set[tuple[Any, ...]]]:
    """Wrap the search's layer lists so that each pass's (layer, primitive, argument ids) are
    kept, one set per pass."""
    passes: list[set[tuple[Any, ...]]] = []
    plain = search._layer_blocks

    def recording(layer: int, budget: Budget):
        if layer == 1:
            passes.append(set())
        blocks = plain(layer, budget)
        for _, index, args in _in_priority_order(blocks):
            passes[-1].add((layer, index, tuple(a.id for a in args)))
        return blocks

    search._layer_blocks = recording  # type: ignore[method-assign]
    return passes


def test_a_wider_pass_tries_only_argument_tuples_the_narrower_pass_did_not():
    search = _search(_random_task(), passes=2)
    passes = _record_candidates(search)
    search.run(Budget(60))
    assert search.stats.passes == 3 and len(passes) == 3
    assert all(passes)
    assert not passes[0] & passes[1] and not passes[1] & passes[2]
    assert search.config.grid_beam == 4 * NARROW["grid_beam"]


def test_widening_is_off_by_default_and_stops_when_a_pass_is_cut_short():
    assert SearchConfig().widening_passes == 0
    plain = _search(_random_task(), passes=0)
    plain.run(Budget(60))
    assert plain.stats.passes == 1
    capped = _search(_random_task(), passes=3, max_nodes=50)
    capped.run(Budget(60))
    assert capped.stats.stopped_by == "nodes" and capped.stats.passes == 1


def test_a_wider_beam_finds_the_colour_the_narrow_one_left_out():
    pairs = [
        ([[1, 2, 1], [2, 1, 2], [1, 3, 1]], [[3, 3, 3], [3, 1, 3], [3, 3, 3]]),
        ([[2, 2, 3, 1], [1, 1, 2, 2], [2, 1, 1, 2]], [[3, 3, 3, 3], [3, 1, 2, 3], [3, 3, 3, 3]]),
    ]
    task = make_task(pairs, [([[1, 1], [3, 2]], [[3, 3], [3, 3]])])
    only = all_but("draw_border")
    narrow = _search(task, passes=0, other_beam=1, disabled_primitives=only)
    narrow.run(Budget(60))
    assert not narrow.found
    wide = _search(task, passes=3, other_beam=1, disabled_primitives=only)
    wide.run(Budget(60))
    assert wide.found and wide.stats.passes > 1


def test_tuples_of_rows_every_argument_tried_already_are_not_valid_picks():
    search = _search(_random_task(), passes=0)
    search._seed()
    rows = search._pool("Grid", 0) + search._pool("Colour", 0)
    tried = frozenset(row.id for row in rows[:1])
    pool = _Pool(rows, 1, tried)
    picks = _valid_picks([pool, pool], 1_000)
    assert len(picks[0]) > 0
    for a, b in zip(*picks, strict=True):
        assert pool.untried[a] or pool.untried[b]


@pytest.mark.parametrize("factor", [0.5])
def test_a_narrowing_factor_is_refused(factor: float):
    with pytest.raises(ValueError):
        SearchConfig(widening_passes=1, widening_factor=factor)
