"""Fast paths of the search's inner loop give exactly what the plain code they replaced gave."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import solver.search as search_module
from dsl.registry import registry
from dsl.types import value_key
from solver import SearchConfig
from solver.params import infer_constants
from solver.search import Budget, Search, _Pool, _valid_picks
from tests.solver.conftest import make_task


def _search(
    seed: int = 3, seconds: float = 5, max_nodes: int = 200_000, cap: int = 4_000
) -> Search:
    rng = np.random.default_rng(seed)
    pairs = [
        (rng.integers(0, 4, size=(5, 6)).tolist(), rng.integers(0, 4, size=(5, 6)).tolist())
        for _ in range(2)
    ]
    task = make_task(pairs, [(rng.integers(0, 4, size=(5, 6)).tolist(), None)])
    config = SearchConfig(
        budget_seconds=seconds,
        prior="none",
        max_depth=2,
        max_nodes=max_nodes,
        max_combinations_per_primitive=cap,
    )
    search = Search(task, config, infer_constants(task, config.max_colours))
    search.run(Budget(seconds))
    return search


def _maps_onto(grid: np.ndarray, target: np.ndarray) -> bool:
    """The reference: each colour of the grid meets a single colour of the target."""
    codes = np.unique(grid.astype(np.int16) * 10 + target)
    return np.unique(codes // 10).size == codes.size


def test_the_first_pair_test_agrees_with_the_pairs_of_colours_it_replaced():
    search = _search()
    target = search.targets[0]
    rng = np.random.default_rng(11)
    grids = [rng.integers(0, 10, size=target.shape).astype(np.int8) for _ in range(200)]
    lookup = rng.permutation(10).astype(np.int8)
    grids += [lookup[target], target.copy(), np.zeros_like(target)]
    merged = lookup[target].copy()
    merged[merged == lookup[1]] = lookup[2]  # two target colours now share one grid colour
    grids.append(merged)
    for grid in grids:
        assert search._promising_on_first_pair(grid) == _maps_onto(grid, target)
    assert not search._promising_on_first_pair(np.zeros((2, 2), dtype=np.int8))


def _plain_combinations(
    search: Search, prim, layer: int, pools_by_type: dict, cap: int | None = None
) -> list[tuple]:
    """The reference: the product of the pools in order, filtered, cut at the cap."""
    return [
        combo
        for combo in itertools.product(*(pools_by_type[t] for t in prim.arg_types))
        if any(a.depth == layer - 1 for a in combo) and any(a.op or a.id == 0 for a in combo)
    ][: cap or search.config.max_combinations_per_primitive]


@pytest.mark.parametrize("largest", [2_000_000, 500, 7, 0])
def test_argument_tuples_are_the_filtered_product_in_the_same_order(monkeypatch, largest):
    monkeypatch.setattr(search_module, "MAX_VECTORISED_PRODUCT", largest)
    search = _search()
    types = {t for p in registry().values() for t in p.arg_types}
    for layer in (1, 2, 3):
        pools = {t: search._pool(t, layer - 1) for t in types}
        arrays = {t: _Pool(nodes, layer) for t, nodes in pools.items()}
        for prim, _ in search.primitives:
            arg_pools = [arrays[t] for t in prim.arg_types]
            picks = _valid_picks(arg_pools, search.config.max_combinations_per_primitive)
            got = [
                tuple(pool.nodes[k].id for pool, k in zip(arg_pools, row, strict=True))
                for row in zip(*picks, strict=True)
            ]
            expected = _plain_combinations(search, prim, layer, pools)
            assert got == [tuple(a.id for a in c) for c in expected], (prim.name, layer)


def test_a_product_laid_out_in_slices_stops_when_the_budget_has_expired(monkeypatch):
    monkeypatch.setattr(search_module, "MAX_VECTORISED_PRODUCT", 0)
    search = _search()
    types = {t for p in registry().values() for t in p.arg_types}
    arrays = {t: _Pool(search._pool(t, 0), 1) for t in types}
    for prim, _ in search.primitives:
        if len(prim.arg_types) > 1:
            picks = _valid_picks([arrays[t] for t in prim.arg_types], 4_000, Budget(0.0))
            assert all(len(pick) == 0 for pick in picks), prim.name


def _reference_candidates(search: Search, layer: int) -> list[tuple[float, int, tuple[int, ...]]]:
    """The plain code the vectorised layer replaced: price every tuple in Python, sort."""
    types = {t for prim, _ in search.primitives for t in prim.arg_types}
    pools_by_type = {t: search._pool(t, layer - 1) for t in types}
    weight = search.config.distance_weight
    derived = search.config.derived_analysis_penalty
    considered = search.config.max_combinations_considered
    candidates = []
    for index, (prim, prim_cost) in enumerate(search.primitives):
        grid_args = [i for i, t in enumerate(prim.arg_types) if t == "Grid"]
        own = []
        for args in _plain_combinations(search, prim, layer, pools_by_type, considered):
            cost = prim_cost + sum(a.cost for a in args)
            if prim.return_type == "Grid":
                closeness = max((args[i].score for i in grid_args), default=0.5)
                priority = cost + weight * (1.0 - closeness)
            else:
                priority = cost + derived * sum(args[i].id != 0 for i in grid_args)
            own.append((priority, cost, index, args))
        # the cap keeps the most promising tuples (first in product order among equals)
        kept = sorted(range(len(own)), key=lambda k: own[k][0])
        kept = sorted(kept[: search.config.max_combinations_per_primitive])
        candidates += [own[k] for k in kept]
    candidates.sort(key=lambda c: (c[0], c[2]))
    return [(cost, index, tuple(a.id for a in args)) for _, cost, index, args in candidates]


@pytest.mark.parametrize("cap", [4_000, 40])
def test_a_layers_candidates_come_in_the_order_and_at_the_costs_of_the_plain_code(cap):
    """With a small cap most primitives have more tuples than they may keep: the kept ones are
    the most promising."""
    search = _search(cap=cap)
    for layer in (1, 2, 3):
        got = [
            (cost, index, tuple(a.id for a in args))
            for cost, index, args in search._layer_candidates(layer, Budget(60))
        ]
        assert got == _reference_candidates(search, layer), layer


@pytest.mark.parametrize("largest", [500, 0])
def test_products_too_large_to_lay_out_at_once_give_the_same_layer(monkeypatch, largest):
    search = _search()
    expected = list(search._layer_candidates(2, Budget(60)))
    monkeypatch.setattr(search_module, "MAX_VECTORISED_PRODUCT", largest)
    sliced = list(search._layer_candidates(2, Budget(60)))
    assert [(c, i, tuple(a.id for a in args)) for c, i, args in sliced] == [
        (c, i, tuple(a.id for a in args)) for c, i, args in expected
    ]


def test_every_remembered_value_is_the_one_the_primitive_gives(monkeypatch):
    answers = []
    remembering_value = Search._value

    def recording_value(self, fn, args, i):
        value = remembering_value(self, fn, args, i)
        answers.append((fn, args, i, value))
        return value

    monkeypatch.setattr(Search, "_value", recording_value)
    search = _search(seconds=600, max_nodes=1500)
    assert search.stats.remembered > 0
    for fn, args, i, value in answers[:5000]:
        again = Search._call(fn, args, i)
        assert (value is None) == (again is None)
        if value is not None:
            assert value_key(value) == value_key(again)


def test_a_full_memo_is_emptied_and_the_search_finds_the_same(monkeypatch):
    unbounded = _search(seconds=600, max_nodes=1500)
    monkeypatch.setattr(search_module, "MEMO_MEGABYTES", 0.002)
    bounded = _search(seconds=600, max_nodes=1500)

    def hit_rate(search: Search) -> float:
        return search.stats.remembered / max(1, search.stats.evaluated)

    assert hit_rate(bounded) < hit_rate(unbounded)
    assert not bounded._memo and not unbounded._memo  # let go when the search ends
    if "exhausted" == bounded.stats.stopped_by == unbounded.stats.stopped_by:
        assert len(bounded.nodes) == len(unbounded.nodes)
    for made, remade in zip(bounded.nodes, unbounded.nodes, strict=False):  # both in one order
        assert [value_key(v) for v in made.values] == [value_key(v) for v in remade.values]


def _shrinking_search(rule_out_by_shape: bool) -> Search:
    """A search to depth 2 on a task whose outputs are smaller than its inputs."""
    rng = np.random.default_rng(5)
    pairs = []
    for _ in range(2):
        grid = rng.integers(0, 4, size=(6, 7))
        pairs.append((grid.tolist(), grid[1:4, 2:5].tolist()))
    task = make_task(pairs, [(rng.integers(0, 4, size=(6, 7)).tolist(), None)])
    config = SearchConfig(budget_seconds=600, solution_grace_seconds=600, prior="none", max_depth=2)
    search = Search(task, config, infer_constants(task, config.max_colours))
    if not rule_out_by_shape:
        search._shape_sources = [None] * len(search.primitives)
    search.run(Budget(600))
    return search


def test_ruling_grids_out_by_their_shape_builds_the_same_table():
    """Grids of a shape the beam has no place for are pruned before they are computed, not
    after: the same rows, in the same order, at the same costs."""
    fast, plain = _shrinking_search(True), _shrinking_search(False)
    assert fast.stats.shape_ruled_out > 0 and plain.stats.shape_ruled_out == 0
    assert fast.stats.judged == plain.stats.evaluated
    assert len(fast.nodes) == len(plain.nodes)
    for made, remade in zip(fast.nodes, plain.nodes, strict=True):
        assert (made.op, made.args, made.cost) == (remade.op, remade.args, remade.cost)
        assert [value_key(v) for v in made.values] == [value_key(v) for v in remade.values]
    assert [f.found_after for f in fast.found] == [f.found_after for f in plain.found]


def _gated_search(monkeypatch: pytest.MonkeyPatch, gates: bool, depth: int) -> Search:
    if not gates:  # every candidate is made and checked one by one, as before the chunk gates
        monkeypatch.setattr(Search, "_set_gates", lambda self, blocks, last: ([], []))
    rng = np.random.default_rng(8)
    pairs = [
        (rng.integers(0, 3, size=(4, 5)).tolist(), rng.integers(0, 3, size=(2, 5)).tolist())
        for _ in range(2)
    ]
    task = make_task(pairs, [(rng.integers(0, 3, size=(4, 5)).tolist(), None)])
    config = SearchConfig(
        prior="none", max_depth=depth, grid_beam=6, shape_beam=2, grids_per_shape=1, other_beam=4
    )
    search = Search(task, config, infer_constants(task, config.max_colours))
    search.run(Budget(120))
    monkeypatch.undo()
    return search


@pytest.mark.parametrize("depth", [2, 3])
def test_turning_candidates_away_a_chunk_at_a_time_changes_nothing(monkeypatch, depth):
    """Narrow beams fill early, so most candidates are turned away unmade."""
    gated = _gated_search(monkeypatch, gates=True, depth=depth)
    plain = _gated_search(monkeypatch, gates=False, depth=depth)
    assert gated.stats.stopped_by == plain.stats.stopped_by == "exhausted"
    assert [(n.op, n.args, n.cost) for n in gated.nodes] == [
        (n.op, n.args, n.cost) for n in plain.nodes
    ]
    for counter in ("evaluated", "skipped", "shape_ruled_out", "pruned", "failed"):
        assert getattr(gated.stats, counter) == getattr(plain.stats, counter), counter
    assert gated.stats.skipped > 0 and gated.stats.shape_ruled_out > 0


@pytest.mark.parametrize("depth", [2, 3])
def test_settling_repeated_first_input_calls_changes_nothing(monkeypatch, depth):
    """A grid pruned once in a layer is pruned again there and a call that failed fails again:
    settling their repeats unmade (in bulk at a chunk's start, or one by one) must build the
    same table with the same counters."""
    settling = _gated_search(monkeypatch, gates=True, depth=depth)
    monkeypatch.setattr(search_module._Settled, "add", lambda self, code, outcome: None)
    making = _gated_search(monkeypatch, gates=True, depth=depth)
    assert settling.stats.settled > 0 and making.stats.settled == 0
    assert settling.stats.stopped_by == making.stats.stopped_by == "exhausted"
    assert [(n.op, n.args, n.cost) for n in settling.nodes] == [
        (n.op, n.args, n.cost) for n in making.nodes
    ]
    for counter in ("evaluated", "skipped", "shape_ruled_out", "pruned", "failed", "remembered"):
        assert getattr(settling.stats, counter) == getattr(making.stats, counter), counter


def test_first_input_call_codes_name_one_call_each(monkeypatch):
    """Two candidates share a code only if they call one primitive on arguments that are equal
    on the first input."""
    search = _gated_search(monkeypatch, gates=True, depth=1)
    blocks = search._layer_blocks(2, Budget(60))
    search._set_call_codes(blocks)
    calls: dict[int, tuple] = {}
    coded = 0
    for block in blocks:
        if block.call_codes is None:
            continue
        for k, code in enumerate(block.call_codes.tolist()):
            args = tuple(pool[pick[k]] for pool, pick in zip(block.pools, block.picks, strict=True))
            call = (block.index, *[a.classes[0] for a in args])
            assert calls.setdefault(code, call) == call
            coded += 1
    assert coded > 1000 and len(set(calls.values())) == len(calls)
