"""The neural prior's say in the search: a cost per primitive from its probability for the task.

The prior (neural/) reads the demonstrations and gives every primitive a probability of being in
the task's program. A primitive's search cost becomes its own cost plus
`prior_weight * clip(log(p_k / p), 0, prior_max_penalty)`, where p_k is the probability of the
k-th most likely primitive: the k likeliest pay nothing extra, unlikely ones pay up to a fixed
cap, so they are tried later but never excluded.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from dsl.registry import registry
from dsl.task import Pair, Task
from solver.config import SearchConfig
from solver.params import create_z3_context

if TYPE_CHECKING:
    from neural.prior import Prior

TOP_REPORTED = 10


@dataclass(frozen=True)
class Guidance:
    """Primitive costs for one task's search and how they were obtained (for the trace).

    `deep_primitives`: with `prior_prune`, the only primitives the deep layers apply (None: all).
    """

    prior: str
    adapted: bool = False
    costs: dict[str, float] = field(default_factory=dict)
    top_primitives: list[tuple[str, float]] = field(default_factory=list)
    deep_primitives: frozenset[str] | None = None
    predict_seconds: float = 0.0
    adapt_seconds: float = 0.0


def _load(config: SearchConfig) -> Prior:
    """The committed prior (imported lazily: onnxruntime takes a while to import)."""
    from neural.prior import load_prior

    return load_prior(quantized=config.prior == "int8")


_ONE_CELL = np.zeros((1, 1), dtype=np.int8)
WARM_UP_TASK = Task("warm-up", train=(Pair(_ONE_CELL, _ONE_CELL),), test=(Pair(_ONE_CELL),))
"""A one-cell task the prior reads once in `prepare`."""


def prepare(config: SearchConfig) -> None:
    """Load what the search needs once per process (before forking workers, say).

    The prior also reads one tiny task: its first inference sets up state that forked workers
    would otherwise each set up again (in `arcsynth eval`, median inference per task 57 -> 23
    ms; see benchmarks/results/2026-12-02-prior-prune-dev-43d34da.md).
    """
    create_z3_context()
    if config.prior != "none":
        _load(config).predict(WARM_UP_TASK)


def costs_from_probabilities(
    probabilities: dict[str, float], config: SearchConfig
) -> dict[str, float]:
    """Each primitive's search cost given the prior's probabilities for the task."""
    ranked = sorted(probabilities.values(), reverse=True)
    k = min(max(config.prior_free_top_k, 1), len(ranked))
    reference = max(ranked[k - 1], 1e-12) if ranked else 1.0
    costs = {}
    for name, primitive in registry().items():
        p = max(probabilities.get(name, reference), 1e-12)
        penalty = min(max(math.log(reference / p), 0.0), config.prior_max_penalty)
        costs[name] = primitive.cost + config.prior_weight * penalty
    return costs


def guide(task: Task, config: SearchConfig) -> Guidance:
    """The prior's costs for this task (none when the prior is off), adapted first with `tta`."""
    if config.prior == "none":
        return Guidance("none")
    prior = _load(config)
    head, adapt_seconds = None, 0.0
    if config.tta:
        started = time.monotonic()
        head = prior.adapt(task, seconds=config.tta_budget_fraction * config.budget_seconds)
        adapt_seconds = time.monotonic() - started
    started = time.monotonic()
    probabilities = prior.predict(task, head)
    predict_seconds = time.monotonic() - started
    ranked = sorted(probabilities.items(), key=lambda item: (-item[1], item[0]))
    top = ranked[:TOP_REPORTED]
    deep = None
    if config.prior_prune:
        deep = frozenset(name for name, _ in ranked[: config.prior_prune_keep])
    return Guidance(
        prior=config.prior,
        adapted=head is not None,
        costs=costs_from_probabilities(probabilities, config),
        top_primitives=[(name, round(p, 4)) for name, p in top],
        deep_primitives=deep,
        predict_seconds=predict_seconds,
        adapt_seconds=adapt_seconds,
    )
