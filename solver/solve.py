"""The solver's public entry point: task in, two attempts per test input and a trace out."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import numpy as np

from dsl.program import Program, run_traced
from dsl.task import Task
from dsl.types import ColourMap
from solver.config import SearchConfig
from solver.guidance import Guidance, guide
from solver.params import infer_constants
from solver.search import Budget, Found, Node, Search
from solver.solution import Attempt, GridList, RankedProgram, Solution, Trace, TraceStep

MAX_REPORTED_PROGRAMS = 10


def _as_list(grid: np.ndarray) -> GridList:
    return np.asarray(grid).astype(int).tolist()


def _predictions(search: Search, node: Node, colour_map: ColourMap | None) -> list[np.ndarray]:
    tests = list(node.values[search.n_train :])
    if colour_map is not None:
        table = np.asarray(colour_map, dtype=np.int8)
        tests = [table[grid] for grid in tests]
    return tests


def _rank_order(found: list[Found]) -> list[Found]:
    """Cheapest first, except that a doubtful program yields first place to any other one.

    The cheapest doubtful program keeps second place, so both kinds get an attempt.
    """
    by_cost = sorted(found, key=lambda f: (f.cost, f.found_after, f.node))
    sure = [f for f in by_cost if not f.doubtful]
    doubtful = [f for f in by_cost if f.doubtful]
    return sure[:1] + doubtful[:1] + sure[1:] + doubtful[1:]


def _rank(search: Search) -> list[tuple[Found, Program, list[np.ndarray]]]:
    """Consistent programs, simplest first, one per distinct set of test predictions."""
    ranked = []
    seen: set[bytes] = set()
    for found in _rank_order(search.found):
        node = search.nodes[found.node]
        preds = _predictions(search, node, found.colour_map)
        key = b"|".join(p.tobytes() + bytes(str(p.shape), "ascii") for p in preds)
        if key in seen:
            continue
        seen.add(key)
        ranked.append((found, search.program(found.node, found.colour_map), preds))
        if len(ranked) >= MAX_REPORTED_PROGRAMS:
            break
    return ranked


def _fallback_partials(search: Search, count: int) -> list[tuple[Node, Program]]:
    return [(node, search.program(node.id)) for node in search.best_partial(count)]


def _candidates_for_test(
    t: int,
    ranked: list[tuple[Found, Program, list[np.ndarray]]],
    partials: list[tuple[Node, Program]],
    n_train: int,
    test_input: np.ndarray,
) -> Iterator[tuple[np.ndarray, str, bool, str]]:
    """Grids for test input t, best first: consistent programs, closest partials, the input."""
    for rank, (found, program, preds) in enumerate(ranked, start=1):
        reason = (
            f"consistent with all {n_train} demonstrations; rank {rank} by cost "
            f"{found.cost:.2f} ({len(program)} steps)"
        )
        if found.doubtful:
            reason += "; doubtful: its colour map meets test colours no demonstration shows"
        yield preds[t], str(program), True, reason
    for node, program in partials:
        reason = f"no consistent program; closest candidate ({node.score:.0%} of demo cells right)"
        yield node.values[n_train + t], str(program), False, reason
    yield test_input, "O = identity(I)", False, "fallback: the test input unchanged"


def _choose_attempts(
    task: Task,
    ranked: list[tuple[Found, Program, list[np.ndarray]]],
    partials: list[tuple[Node, Program]],
    n_train: int,
) -> list[list[Attempt]]:
    """Two distinct attempts per test input: consistent programs first, then closest partials."""
    attempts: list[list[Attempt]] = []
    for t, pair in enumerate(task.test):
        chosen: list[Attempt] = []
        keys: set[bytes] = set()
        for grid, program, consistent, reason in _candidates_for_test(
            t, ranked, partials, n_train, pair.input
        ):
            key = grid.tobytes() + bytes(str(grid.shape), "ascii")
            if key not in keys:
                keys.add(key)
                chosen.append(Attempt(_as_list(grid), program, consistent, reason))
            if len(chosen) == 2:
                break
        while len(chosen) < 2:
            chosen.append(chosen[0])
        attempts.append(chosen)
    return attempts


def _describe(value: Any) -> tuple[str, GridList | None, str]:
    if isinstance(value, np.ndarray):
        return "Grid", _as_list(value), f"{value.shape[0]}x{value.shape[1]} grid"
    if isinstance(value, tuple) and value and hasattr(value[0], "cells"):
        return "Objects", None, f"{len(value)} objects"
    if hasattr(value, "cells"):
        return "Object", None, f"object of {value.size} cells at ({value.top}, {value.left})"
    if isinstance(value, tuple) and value and isinstance(value[0], np.ndarray):
        return "Grids", None, f"{len(value)} grids"
    return type(value).__name__, None, repr(value)


def _winner_steps(program: Program, task: Task) -> list[TraceStep]:
    """The winning program's bindings evaluated on the first demonstration."""
    values = run_traced(program, task.train[0].input)[1:]
    steps = []
    for step, (name, value) in zip(program.steps, values, strict=True):
        value_type, grid, summary = _describe(value)
        steps.append(TraceStep(name, str(step), value_type, grid, summary))
    return steps


def _prior_summary(guidance: Guidance) -> dict[str, Any]:
    return {
        "mode": guidance.prior,
        "adapted": guidance.adapted,
        "predict_seconds": guidance.predict_seconds,
        "adapt_seconds": guidance.adapt_seconds,
        "top_primitives": [[name, p] for name, p in guidance.top_primitives],
    }


def solve(task: Task, config: SearchConfig | None = None) -> Solution:
    """Search for programs that reproduce every demonstration and predict the test outputs."""
    config = config or SearchConfig()
    started = time.monotonic()
    budget = Budget(config.budget_seconds)
    guidance = guide(task, config)
    after_prior = time.monotonic()
    constants = infer_constants(task, config.max_colours)
    after_params = time.monotonic()
    search = Search(task, config, constants, guidance.costs)
    search.run(budget)
    after_search = time.monotonic()
    ranked = _rank(search)
    partials = _fallback_partials(search, 4)
    attempts = _choose_attempts(task, ranked, partials, search.n_train)
    programs = [
        RankedProgram(
            str(program),
            found.cost,
            len(program),
            True,
            1.0,
            found.found_after,
            [_as_list(p) for p in preds],
        )
        for found, program, preds in ranked
    ]
    winner_steps = _winner_steps(ranked[0][1], task) if ranked else []
    if ranked:
        winner = ranked[0][0]
        which = "cheapest"
        if winner.doubtful:
            which = "cheapest; every one is doubtful (colour maps meeting unseen test colours)"
        elif any(f.doubtful for f in search.found):
            which = "cheapest that is not doubtful"
        reason = (
            f"{len(search.found)} consistent programs; the winner is the {which} "
            f"(cost {winner.cost:.2f}, {len(ranked[0][1])} steps)"
        )
    else:
        reason = "no program reproduced every demonstration; attempts are the closest candidates"
    finished = time.monotonic()
    stats = search.stats
    trace = Trace(
        candidates_evaluated=stats.evaluated,
        candidates_per_second=stats.evaluated / max(stats.seconds, 1e-9),
        duplicates_pruned=stats.duplicates,
        failed_evaluations=stats.failed,
        values_kept=len(search.nodes),
        depth_reached=stats.depth_reached,
        values_per_layer=list(stats.nodes_per_layer),
        stopped_by=stats.stopped_by,
        phase_seconds={
            "prior": after_prior - started,
            "parameters": after_params - after_prior,
            "search": after_search - after_params,
            "ranking": finished - after_search,
        },
        constants={k: v for k, v in asdict(constants).items() if k != "size_rule"}
        | {"size_rule": asdict(constants.size_rule) if constants.size_rule else None},
        consistent_programs=len(search.found),
        candidates_before_first_solution=min((f.found_after for f in search.found), default=None),
        seconds_to_first_solution=(
            None if search.solved_at is None else search.solved_at - started
        ),
        prior=_prior_summary(guidance),
        winner_reason=reason,
        winner_steps=winner_steps,
        closest_candidates=[
            {"program": str(program), "demo_cell_accuracy": node.score}
            for node, program in partials[: config.trace_candidates]
        ],
    )
    return Solution(
        task_id=task.id,
        attempts=attempts,
        programs=programs,
        trace=trace,
        solved_demonstrations=bool(ranked),
        seconds=finished - started,
    )
