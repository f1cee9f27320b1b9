"""The prior's costs for the search, and the search following them."""

from __future__ import annotations

import math

import pytest

import neural.prior
import solver.guidance
from dsl.registry import registry
from dsl.task import task_from_json
from solver import SearchConfig, solve
from solver.guidance import costs_from_probabilities, guide, prepare
from solver.params import infer_constants
from solver.search import Budget, Search
from tests.clock import install

TASK = task_from_json(
    {
        "train": [
            {"input": [[1, 2], [3, 4]], "output": [[2, 1], [4, 3]]},
            {"input": [[5, 0, 0]], "output": [[0, 0, 5]]},
        ],
        "test": [{"input": [[7, 8, 9]], "output": [[9, 8, 7]]}],
    },
    "mirror",
)


def _probabilities(likely: dict[str, float], rest: float = 1e-4) -> dict[str, float]:
    return {name: likely.get(name, rest) for name in registry()}


def test_the_likeliest_primitives_keep_their_own_cost():
    config = SearchConfig(prior_free_top_k=2, prior_weight=0.5)
    costs = costs_from_probabilities(_probabilities({"flip_h": 0.9, "rot90": 0.5}), config)
    assert costs["flip_h"] == registry()["flip_h"].cost
    assert costs["rot90"] == registry()["rot90"].cost


def test_less_likely_primitives_cost_more_up_to_a_cap():
    config = SearchConfig(prior_free_top_k=1, prior_weight=0.5, prior_max_penalty=4.0)
    probabilities = _probabilities({"flip_h": 0.8, "flip_v": 0.2, "rot90": 0.01}, rest=0.0)
    costs = costs_from_probabilities(probabilities, config)
    base = registry()["flip_v"].cost
    assert costs["flip_v"] == pytest.approx(base + 0.5 * math.log(0.8 / 0.2))
    assert costs["flip_h"] < costs["flip_v"] < costs["rot90"]
    assert costs["transpose"] == pytest.approx(registry()["transpose"].cost + 0.5 * 4.0)
    assert all(math.isfinite(c) for c in costs.values())


def test_no_prior_means_no_costs():
    guidance = guide(TASK, SearchConfig(prior="none"))
    assert guidance.costs == {} and guidance.prior == "none"


@pytest.mark.parametrize("mode", ["int8", "fp32"])
def test_the_shipped_prior_prices_every_primitive(mode):
    guidance = guide(TASK, SearchConfig(prior=mode))
    assert set(guidance.costs) == set(registry())
    assert all(c >= registry()[n].cost for n, c in guidance.costs.items())
    assert len(guidance.top_primitives) == 10 and not guidance.adapted


def test_adaptation_stays_within_its_share_of_the_budget(monkeypatch):
    config = SearchConfig(budget_seconds=4.0, tta=True, tta_budget_fraction=0.1)
    prepare(config)  # loading the model is not adaptation
    # each read of the clock is 10 ms: the share holds whatever the machine's load
    clock = install(monkeypatch, 0.01, neural.prior, solver.guidance)
    guidance = guide(TASK, config)
    assert guidance.adapted
    assert 0.4 <= guidance.adapt_seconds <= 0.4 + 4 * clock.step


def test_unknown_prior_and_oversized_adaptation_share_are_rejected():
    with pytest.raises(ValueError, match="prior must be one of"):
        SearchConfig(prior="int4")
    with pytest.raises(ValueError, match="tta_budget_fraction"):
        SearchConfig(tta_budget_fraction=0.5)


def _candidates_to_solution(costs: dict[str, float]) -> int:
    config = SearchConfig(budget_seconds=5.0, prior="none")
    search = Search(TASK, config, infer_constants(TASK, config.max_colours), costs)
    search.run(Budget(config.budget_seconds))
    return min(f.found_after for f in search.found)


def test_the_search_tries_cheap_primitives_first():
    favoured = {name: 3.0 for name in registry()} | {"flip_h": 1.0}
    disfavoured = {name: 1.0 for name in registry()} | {"flip_h": 3.0}
    assert _candidates_to_solution(favoured) < _candidates_to_solution(disfavoured)


def test_solve_reports_the_prior_in_its_trace():
    solution = solve(TASK, SearchConfig(budget_seconds=5.0, prior="int8", tta=True))
    prior = solution.trace.prior
    assert prior["mode"] == "int8" and prior["adapted"]
    assert 0 < prior["adapt_seconds"] <= solution.trace.phase_seconds["prior"]
    assert solution.trace.seconds_to_first_solution is not None
    assert solution.programs[0].text == "O = flip_h(I)"


def _search_with_deep_primitives(deep: frozenset[str], from_depth: int) -> Search:
    config = SearchConfig(budget_seconds=5.0, prior="none", prior_prune_from_depth=from_depth)
    constants = infer_constants(TASK, config.max_colours)
    search = Search(TASK, config, constants, deep_primitives=deep)
    search.run(Budget(config.budget_seconds))
    return search


def test_pruned_layers_apply_only_the_primitives_the_prior_keeps():
    kept = _search_with_deep_primitives(frozenset({"flip_h"}), from_depth=1)
    assert kept.found and kept.stats.prior_pruned > 0
    assert {kept.nodes[i].op for i in range(len(kept.nodes))} <= {None, "flip_h"}
    cut = _search_with_deep_primitives(frozenset({"rot90"}), from_depth=1)
    # no chain of quarter turns mirrors a 1x3 row (a fitted colour map may still fake the 2x2)
    assert not [f for f in cut.found if f.colour_map is None]


def test_layers_above_the_pruning_depth_stay_exhaustive():
    search = _search_with_deep_primitives(frozenset({"rot90"}), from_depth=2)
    assert search.found  # flip_h is still applied to the input in the first layer
    assert any(search.nodes[f.node].op == "flip_h" for f in search.found)


def test_with_pruning_on_the_prior_names_its_likeliest_primitives_for_the_deep_layers():
    config = SearchConfig(prior="int8", prior_prune=True, prior_prune_keep=25)
    guidance = guide(TASK, config)
    assert guidance.deep_primitives is not None and len(guidance.deep_primitives) == 25
    assert {name for name, _ in guidance.top_primitives} <= guidance.deep_primitives
    assert guide(TASK, SearchConfig(prior="int8")).deep_primitives is None
    with pytest.raises(ValueError, match="prior_prune_keep"):
        SearchConfig(prior_prune_keep=0)


def test_prepare_runs_the_prior_once_so_forked_workers_inherit_it_warm(monkeypatch):
    read: list[str] = []

    class Recording:
        def predict(self, task, head=None):
            read.append(task.id)
            return {}

    monkeypatch.setattr(solver.guidance, "_load", lambda config: Recording())
    prepare(SearchConfig(prior="int8"))
    assert read == ["warm-up"]
    prepare(SearchConfig(prior="none"))
    assert read == ["warm-up"]  # no prior, nothing to warm
