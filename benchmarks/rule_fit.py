"""Cell rules alone: a rule read off the input, on every same-size task of a list.

    python -m benchmarks.rule_fit --dataset arc-agi-1/training+arc-agi-2/training \\
        --tasks benchmarks/tasks/dev.txt

For each task whose outputs keep their inputs' shapes, `solve` runs with the search held at depth
0 and the rules generator only, so an answer is a rule over the input's cells (or a colour map
of the input). Counts the tasks a rule fits (reproduces every demonstration), those where the
first attempt is then right on every test output, those where one of the two attempts is, and
the fitting rules that were doubtful (failed leave-one-out) and how many of those were right: a
quick, search-free measure of rule induction's reach and precision. `--set FIELD=VALUE` sets a
number or switch of the search's config (as in `benchmarks.ablation`), so two settings can be
compared in one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from benchmarks.ablation import parse_override
from benchmarks.evaluate import pick_tasks
from solver import Attempt, SearchConfig, Task, load_tasks, solve

RULES_SECONDS = 5.0
"""What rule induction may spend per task (its share of the budget)."""


@dataclass(frozen=True)
class RuleFit:
    """One task's outcome."""

    task_id: str
    fits: bool
    right: bool
    doubtful: bool
    right_in_two: bool = False
    seconds: float = 0.0


def _same_size(task: Task) -> bool:
    return all(p.output is not None and p.input.shape == p.output.shape for p in task.train)


def _rules_right(attempts: list[Attempt], output: np.ndarray | None) -> bool:
    """Whether one of these attempts was made by rules and is the test output."""
    return output is not None and any(
        a.mechanism == "rules" and a.grid == output.tolist() for a in attempts
    )


def fit_rule(task: Task, overrides: tuple[tuple[str, Any], ...] = ()) -> RuleFit:
    """Solve with rules over the input alone; whether a rule fits and is right on the test."""
    config = SearchConfig(
        budget_seconds=RULES_SECONDS / SearchConfig.rules_share,
        max_depth=0,
        mechanisms=("search", "rules"),
        prior="none",
    )
    config = replace(config, **dict(overrides))
    started = time.monotonic()
    solution = solve(task, config)
    seconds = time.monotonic() - started
    rules = solution.trace.mechanisms.get("rules", {})
    fits = rules.get("consistent", 0) > 0
    pairs = list(zip(solution.attempts, task.test, strict=True))
    right = fits and all(_rules_right(attempts[:1], pair.output) for attempts, pair in pairs)
    right_in_two = fits and all(_rules_right(attempts[:2], pair.output) for attempts, pair in pairs)
    doubtful = fits and rules.get("doubtful", 0) > 0
    return RuleFit(task.id, fits, right, doubtful, right_in_two, seconds)


def summary(fits: list[RuleFit]) -> str:
    fitting = [f for f in fits if f.fits]
    doubtful = [f for f in fitting if f.doubtful]
    seconds = [f.seconds for f in fits] or [0.0]
    in_two = sum(f.right_in_two for f in fitting)
    return (
        f"{len(fits)} same-size tasks: a rule fits {len(fitting)}, right on the test "
        f"{sum(f.right for f in fitting)} (in two attempts {in_two}); "
        f"doubtful {len(doubtful)}, of them right {sum(f.right for f in doubtful)}; "
        f"seconds per task median {statistics.median(seconds):.2f}, max {max(seconds):.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default="arc-agi-1/training+arc-agi-2/training")
    parser.add_argument("--tasks", help="file of task ids (whitespace separated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a number or switch of the search's config, e.g. rules_max_tests=6 (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        overrides = tuple(parse_override("--set", item) for item in args.set)
    except ValueError as error:
        parser.error(str(error))
    tasks = [
        t for t in pick_tasks(load_tasks(args.dataset).tasks, args.tasks, None) if _same_size(t)
    ]
    with ProcessPoolExecutor(args.workers) as pool:
        fits = list(pool.map(partial(fit_rule, overrides=overrides), tasks, chunksize=4))
    for fit in fits:
        if fit.fits:
            verdict = "right" if fit.right else "second" if fit.right_in_two else "wrong"
            print(f"{fit.task_id} {verdict}{' doubtful' * fit.doubtful} {fit.seconds:.2f}s")
    print(summary(fits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
