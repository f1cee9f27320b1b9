"""The solver's public entry point: task in, two attempts per test input and a trace out.

`solve` reads top to bottom and is the one place that orders the answer generators and splits
the task's single budget between them: prior, constants and output size, program search,
stacked pieces, the search and stack again on augmented demonstrations and on renamed colours,
outputs looked up by a key, ranking, attempts, trace.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from dsl.parts import MAP_BOXES_BY_MARGIN
from dsl.program import parse, run_traced
from dsl.task import Task
from dsl.types import Palette
from solver.augment import augmented_task
from solver.config import SearchConfig
from solver.guidance import Guidance, guide
from solver.lookup import lookup_answers, outputs_repeat
from solver.moves import induce_moves
from solver.normalise import kept_colours, normalised_candidates, normalised_task
from solver.params import Constants, infer_constants
from solver.parts import PartsView, parts_views
from solver.plausible import added_colours, count_violations, task_properties
from solver.rank import Candidate, consistent_candidates, partial_candidates, rank
from solver.rules import induce_rules
from solver.search import Budget, Search
from solver.size import SizePrediction, predict_from_rules, predict_from_values
from solver.solution import Attempt, GridList, RankedProgram, Solution, Trace, TraceStep
from solver.stack import stack_pieces

MAX_REPORTED_PROGRAMS = 10
LOOKUP_SECONDS = 0.25
"""What the generators before the lookup leave it (it checks the search's keys, cheapest first)."""
MIN_PART_SECONDS = 0.5
"""The least time worth solving one view of the task's parts in."""
PARTS_VALUE_FRACTION = 0.25
"""The share of `max_value_megabytes` a view's search may fill: the task's own table is still
alive beside it, and the whole solve must stay under its memory limit."""
PARTIAL_CANDIDATES = 8


@dataclass
class _Stages:
    """What each generator spent and produced, for the trace."""

    mechanisms: dict[str, dict[str, Any]] = field(default_factory=dict)


def _as_list(grid: np.ndarray) -> GridList:
    return np.asarray(grid).astype(int).tolist()


def _settled(search: Search) -> bool:
    """Whether the search found a program that is not doubtful."""
    return search.settled_at is not None


def _output_shape_values(search: Search) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """The cheapest grid row with the outputs' shapes on the demonstrations, and its test shapes."""
    rows = [
        search.nodes[i]
        for i in search.by_type.get("Grid", ())
        if all(
            v.shape == t.shape for v, t in zip(search.nodes[i].values, search.targets, strict=False)
        )
    ]
    if not rows:
        return []
    best = min(rows, key=lambda node: (node.cost, node.id))
    shapes = tuple(v.shape for v in best.values[search.n_train :])
    return [(str(search.program(best.id)), shapes)]


def _stack(
    search: Search, sizes: SizePrediction, budget: Budget, config: SearchConfig, stages: _Stages
) -> None:
    _add_up(stages, "stack", asdict(stack_pieces(search, sizes, budget, config)))


def _add_up(stages: _Stages, name: str, report: dict[str, Any]) -> None:
    """Add a generator's report to what its earlier runs (on other pairs) reported."""
    previous = stages.mechanisms.get(name, {})
    stages.mechanisms[name] = {k: previous.get(k, 0) + v for k, v in report.items()}


def _search_summary(search: Search, seconds: float) -> dict[str, Any]:
    return {
        "seconds": seconds,
        "candidates": search.stats.evaluated,
        "candidates_beyond_beam": search.stats.beyond_beam,
        "depth_reached": search.stats.depth_reached,
        "passes": search.stats.passes,
        "stopped_by": search.stats.stopped_by,
        "pieces_kept": search.pieces_kept,
        "primitives_pruned_by_prior": search.stats.prior_pruned,
        "consistent": len(search.found),
    }


def _search_again(
    derived: Task,
    name: str,
    config: SearchConfig,
    guidance: Guidance,
    sizes: SizePrediction,
    budget: Budget,
    stages: _Stages,
    reserve: float,
) -> Search:
    """The search (then rules and stacking) again on derived pairs, leaving `reserve` seconds to
    the generators after it; its summary goes in the trace under `name`."""
    started = time.monotonic()
    constants = infer_constants(derived, config.max_colours)
    search = Search(derived, config, constants, guidance.costs, guidance.deep_primitives)
    search.run(budget.share(1.0, reserve=_rules_reserve(config) + _stack_reserve(config) + reserve))
    if config.uses("rules") and not _settled(search):
        _rules(search, sizes, budget, config, stages)
    if config.uses("moves") and not _settled(search) and not budget.expired():
        _add_up(stages, "moves", asdict(induce_moves(search, _moves_budget(budget, config))))
    if config.uses("stack") and not _settled(search):
        _stack(search, sizes, _stack_budget(budget, config), config, stages)
    stages.mechanisms[name] = _search_summary(search, time.monotonic() - started)
    return search


def _stack_reserve(config: SearchConfig) -> float:
    return config.stack_share * config.budget_seconds if config.uses("stack") else 0.0


def _renamed(task: Task, config: SearchConfig) -> tuple[Task, Palette] | None:
    """The task in renamed colours and the colours kept (None if off or nothing changes)."""
    if not config.uses("normalise"):
        return None
    keep = kept_colours(task)
    renamed = normalised_task(task, keep)
    return None if renamed is None else (renamed, keep)


def _normalise_reserve(config: SearchConfig, renamed: tuple[Task, Palette] | None) -> float:
    """What the search on renamed colours (its rules included) and the stacks after it need
    kept for them (nothing when it will not run)."""
    if renamed is None:
        return 0.0
    return config.normalise_share * config.budget_seconds + _stack_reserve(config)


def _stack_budget(budget: Budget, config: SearchConfig) -> Budget:
    return Budget(min(budget.remaining(), config.stack_share * config.budget_seconds))


def _rules(
    search: Search, sizes: SizePrediction, budget: Budget, config: SearchConfig, stages: _Stages
) -> None:
    rules_budget = Budget(min(budget.remaining(), _rules_reserve(config)))
    _add_up(stages, "rules", asdict(induce_rules(search, sizes, rules_budget, config)))


def _rules_reserve(config: SearchConfig) -> float:
    return config.rules_share * config.budget_seconds if config.uses("rules") else 0.0


def _moves_budget(budget: Budget, config: SearchConfig) -> Budget:
    return Budget(min(budget.remaining(), config.moves_seconds))


def _looks_up(task: Task, config: SearchConfig) -> bool:
    """Whether the lookup will run (only where two demonstrations share an output)."""
    return config.uses("lookup") and outputs_repeat(task)


def _lookup_reserve(task: Task, config: SearchConfig) -> float:
    return LOOKUP_SECONDS if _looks_up(task, config) else 0.0


def _augment_reserve(config: SearchConfig) -> float:
    """What the search and stacks on augmented pairs need kept for them (nothing when off)."""
    if not config.uses("augment"):
        return 0.0
    return config.augment_share * config.budget_seconds + _stack_reserve(config)


def _parts_reserve(config: SearchConfig, views: list[PartsView]) -> float:
    return config.parts_share * config.budget_seconds if views else 0.0


def _parts(
    search: Search,
    views: list[PartsView],
    config: SearchConfig,
    budget: Budget,
    stages: _Stages,
    reserve: float,
) -> None:
    """Solve each view of the task's parts (the other generators on the boxes as a task), and add
    `map_boxes` with each program found to the search's table, which checks it on the whole
    demonstrations."""
    started = time.monotonic()
    parts_budget = Budget(
        min(budget.remaining() - reserve, config.parts_share * config.budget_seconds)
    )
    part_config = replace(
        config,
        mechanisms=tuple(m for m in config.mechanisms if m != "parts"),
        max_value_megabytes=int(config.max_value_megabytes * PARTS_VALUE_FRACTION),
    )
    report = {"views": len(views), "views_solved": 0, "answers": 0}
    for index, view in enumerate(views):
        seconds = parts_budget.remaining() / (len(views) - index)
        if seconds < MIN_PART_SECONDS:
            break
        solution = solve(view.task, replace(part_config, budget_seconds=seconds))
        programs = [p for p in solution.programs if p.consistent][: config.parts_programs]
        report["views_solved"] += bool(programs)
        for program in programs:
            added = _add_parts_answer(search, view, program.text, config.parts_doubtful)
            report["answers"] += added
    stages.mechanisms["parts"] = report | {"seconds": time.monotonic() - started}


def _add_parts_answer(search: Search, view: PartsView, program_text: str, doubtful: bool) -> bool:
    """`map_boxes(I, segmentation(I), «program»)` (or `map_boxes_wide`) as a row of the search's
    table (a doubtful answer if `doubtful`)."""
    objects_row = search.derive(view.segmentation, (0,), "parts")
    if objects_row is None:
        return False
    program_row = search.literal_row("Program", parse(program_text))
    op = MAP_BOXES_BY_MARGIN[view.margin]
    return search.derive(op, (0, objects_row, program_row), "parts", doubtful) is not None


def _plain_search_budget(
    budget: Budget,
    task: Task,
    config: SearchConfig,
    renamed: tuple[Task, Palette] | None,
    views: list[PartsView],
) -> Budget:
    """What the first search may spend: the rest is kept for the generators after it."""
    reserve = _rules_reserve(config) + _stack_reserve(config) + _lookup_reserve(task, config)
    reserve += _parts_reserve(config, views) + _augment_reserve(config)
    reserve += _normalise_reserve(config, renamed)
    return budget.share(1.0, reserve=reserve)


def _generate(
    task: Task, config: SearchConfig, guidance: Guidance, constants: Constants, budget: Budget
) -> tuple[Search, list[Candidate], SizePrediction, _Stages]:
    """Run the generators in order; every candidate they make, the first search and sizes."""
    stages = _Stages()
    n_demos = len(task.train)
    renamed = _renamed(task, config)
    views = parts_views(task, config)
    started = time.monotonic()
    search = Search(task, config, constants, guidance.costs, guidance.deep_primitives)
    search.run(_plain_search_budget(budget, task, config, renamed, views))
    stages.mechanisms["search"] = _search_summary(search, time.monotonic() - started)
    if _settled(search):
        renamed = None  # a sure program: no need to look again in renamed colours
    sizes = predict_from_rules(task, constants.size_rule)
    sizes = predict_from_values(sizes, _output_shape_values(search))
    filter_sizes = sizes if config.uses("size") else None
    stack_sizes = sizes if config.uses("size") else SizePrediction(sizes.shapes, "", "none")
    if config.uses("rules") and not _settled(search):
        _rules(search, stack_sizes, budget, config, stages)
    elif config.uses("rules") and config.rules_when_sure:  # a second opinion, on the input alone
        _rules(search, stack_sizes, budget, replace(config, rules_max_sources=1), stages)
    if config.uses("moves") and not _settled(search) and not budget.expired():
        _add_up(stages, "moves", asdict(induce_moves(search, _moves_budget(budget, config))))
    if config.uses("stack") and not _settled(search):
        _stack(search, stack_sizes, _stack_budget(budget, config), config, stages)
    if views and not _settled(search) and not budget.expired():
        after = _augment_reserve(config) + _normalise_reserve(config, renamed)
        _parts(search, views, config, budget, stages, after + _lookup_reserve(task, config))
    candidates = consistent_candidates(search, n_demos, "search")
    if _settled(search):  # rules ran after a sure program: their answers are second opinions
        candidates = [replace(c, second_opinion=c.mechanism == "rules") for c in candidates]
    candidates += partial_candidates(search, n_demos, filter_sizes, PARTIAL_CANDIDATES, "search")
    if config.uses("augment") and not _settled(search) and not budget.expired():
        augmented_pairs = augmented_task(task, config.augment_transforms)
        if augmented_pairs is not None:
            reserve = _normalise_reserve(config, renamed) + _lookup_reserve(task, config)
            augmented = _search_again(
                augmented_pairs, "augment", config, guidance, stack_sizes, budget, stages, reserve
            )
            candidates += consistent_candidates(augmented, n_demos, "augment")
            candidates += partial_candidates(
                augmented, n_demos, filter_sizes, PARTIAL_CANDIDATES, "augment"
            )
    if renamed is not None and not budget.expired():
        renamed_task, keep = renamed
        again = _search_again(
            renamed_task,
            "normalise",
            config,
            guidance,
            stack_sizes,
            budget,
            stages,
            _lookup_reserve(task, config),
        )
        stages.mechanisms["normalise"]["kept_colours"] = list(keep)
        candidates += normalised_candidates(again, task, keep)
    sure = _settled(search)
    if _looks_up(task, config) and (not sure or config.lookup_when_sure):
        _add_up(stages, "lookup", asdict(lookup_answers(search, budget)))
        made = consistent_candidates(search, n_demos, "search")
        # after a sure program the lookup's answers are second opinions, as the rules' are
        candidates += [replace(c, second_opinion=sure) for c in made if c.mechanism == "lookup"]
    return search, candidates, sizes, stages


def _with_violations(task: Task, candidates: list[Candidate]) -> list[Candidate]:
    """Each candidate with the count of demonstration properties its test answers break."""
    properties, added = task_properties(task), added_colours(task)
    return [
        replace(c, violations=count_violations(task, properties, added, c.predictions))
        for c in candidates
    ]


def _reason(candidate: Candidate, rank_number: int, n_demos: int) -> str:
    made_by = f"made by {candidate.mechanism}"
    if not candidate.consistent:
        return (
            f"no consistent program; closest candidate: reproduces {candidate.demos_matched} of "
            f"{n_demos} demonstrations exactly, {candidate.demo_accuracy:.0%} of demo cells "
            f"right; {made_by}"
        )
    reason = (
        f"consistent with all {n_demos} demonstrations; rank {rank_number} by cost "
        f"{candidate.cost:.2f} ({len(candidate.program)} steps); {made_by}"
    )
    if candidate.doubtful:
        reason += (
            "; doubtful: its colour map meets test colours no demonstration shows, or each"
            " demonstration uses entries of its own, or its cell rule, induced without one"
            " demonstration, never predicts that demonstration"
        )
    if candidate.violations:
        reason += (
            f"; its test answers break {candidate.violations} properties every demonstration"
            " has (ranked after those that break fewer)"
        )
    return reason


def _choose_attempts(task: Task, ranked: list[Candidate]) -> list[list[Attempt]]:
    """Two distinct attempts per test input, best candidates first, the input as a last resort."""
    n_demos = len(task.train)
    attempts: list[list[Attempt]] = []
    for t, pair in enumerate(task.test):
        chosen: list[Attempt] = []
        keys: set[bytes] = set()
        options = [
            (c.predictions[t], str(c.program), c.consistent, _reason(c, r, n_demos), c.mechanism)
            for r, c in enumerate(ranked, start=1)
        ]
        options.append((pair.input, "O = identity(I)", False, "fallback: the test input", "none"))
        for grid, program, consistent, reason, mechanism in options:
            key = grid.tobytes() + bytes(str(grid.shape), "ascii")
            if key not in keys:
                keys.add(key)
                chosen.append(Attempt(_as_list(grid), program, consistent, reason, mechanism))
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


def _winner_steps(candidate: Candidate, task: Task) -> list[TraceStep]:
    """The winning program's bindings evaluated on the first demonstration."""
    program = candidate.program
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


def _winner_reason(ranked: list[Candidate]) -> str:
    consistent = [c for c in ranked if c.consistent]
    if not consistent:
        return "no program reproduced every demonstration; attempts are the closest candidates"
    winner = consistent[0]
    which = "cheapest"
    if winner.doubtful:
        which = (
            "cheapest; every one is doubtful (colour maps or rules that may not carry to the test)"
        )
    elif any(c.doubtful for c in consistent):
        which = "cheapest that is not doubtful"
    return (
        f"{len(consistent)} consistent programs with distinct predictions; the winner is the "
        f"{which} (cost {winner.cost:.2f}, {len(winner.program)} steps, made by {winner.mechanism})"
    )


def _ranked_programs(ranked: list[Candidate]) -> list[RankedProgram]:
    return [
        RankedProgram(
            str(c.program),
            c.cost,
            len(c.program),
            True,
            1.0,
            c.found_after,
            [_as_list(p) for p in c.predictions],
            c.mechanism,
        )
        for c in ranked
        if c.consistent
    ][:MAX_REPORTED_PROGRAMS]


def solve(task: Task, config: SearchConfig | None = None) -> Solution:
    """Search for programs that reproduce every demonstration and predict the test outputs."""
    config = config or SearchConfig()
    started = time.monotonic()
    budget = Budget(config.budget_seconds)
    guidance = guide(task, config)
    after_prior = time.monotonic()
    constants = infer_constants(task, config.max_colours)
    after_params = time.monotonic()
    search, candidates, sizes, stages = _generate(task, config, guidance, constants, budget)
    after_search = time.monotonic()
    if config.rank_plausible:
        candidates = _with_violations(task, candidates)
    ranked = rank(candidates)
    attempts = _choose_attempts(task, ranked)
    consistent = [c for c in ranked if c.consistent]
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
        consistent_programs=len(consistent),
        candidates_before_first_solution=min((f.found_after for f in search.found), default=None),
        candidates_ruled_out_by_shape=stats.shape_ruled_out,
        seconds_to_first_solution=(
            None if search.solved_at is None else search.solved_at - started
        ),
        prior=_prior_summary(guidance),
        winner_reason=_winner_reason(ranked),
        winner_steps=_winner_steps(consistent[0], task) if consistent else [],
        closest_candidates=[
            {
                "program": str(c.program),
                "demo_cell_accuracy": c.demo_accuracy,
                "demos_matched": c.demos_matched,
                "mechanism": c.mechanism,
            }
            for c in ranked
            if not c.consistent
        ][: config.trace_candidates],
        predicted_sizes=[None if s is None else list(s) for s in sizes.shapes],
        mechanisms=stages.mechanisms | {"size": {"rule": sizes.rule, "source": sizes.source}},
    )
    return Solution(
        task_id=task.id,
        attempts=attempts,
        programs=_ranked_programs(ranked),
        trace=trace,
        solved_demonstrations=bool(consistent),
        seconds=finished - started,
    )
