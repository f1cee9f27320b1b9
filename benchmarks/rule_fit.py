"""Cell rules alone: a rule read off the input, on every same-size task of a list.

    python -m benchmarks.rule_fit --dataset arc-agi-1/training+arc-agi-2/training \\
        --tasks benchmarks/tasks/dev.txt

For each task whose outputs keep their inputs' shapes, `solve` runs with the search held at depth
0 and the rules generator only, so an answer is a rule over the input's cells (or a colour map
of the input). Counts the tasks a rule fits (reproduces every demonstration), those where the
first attempt is then right on every test output, and the fitting rules that were doubtful
(failed leave-one-out) and how many of those were right: a quick, search-free measure of rule
induction's reach and precision.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from benchmarks.evaluate import pick_tasks
from solver import SearchConfig, Task, load_tasks, solve

RULES_SECONDS = 5.0
"""What rule induction may spend per task (its share of the budget)."""


@dataclass(frozen=True)
class RuleFit:
    """One task's outcome."""

    task_id: str
    fits: bool
    right: bool
    doubtful: bool


def _same_size(task: Task) -> bool:
    return all(p.output is not None and p.input.shape == p.output.shape for p in task.train)


def fit_rule(task: Task) -> RuleFit:
    """Solve with rules over the input alone; whether a rule fits and is right on the test."""
    config = SearchConfig(
        budget_seconds=RULES_SECONDS / SearchConfig.rules_share,
        max_depth=0,
        mechanisms=("search", "rules"),
        prior="none",
    )
    solution = solve(task, config)
    rules = solution.trace.mechanisms.get("rules", {})
    fits = rules.get("consistent", 0) > 0
    first = [attempts[0] for attempts in solution.attempts]
    right = fits and all(
        pair.output is not None and a.mechanism == "rules" and a.grid == pair.output.tolist()
        for a, pair in zip(first, task.test, strict=True)
    )
    return RuleFit(task.id, fits, right, fits and rules.get("doubtful", 0) > 0)


def summary(fits: list[RuleFit]) -> str:
    fitting = [f for f in fits if f.fits]
    doubtful = [f for f in fitting if f.doubtful]
    return (
        f"{len(fits)} same-size tasks: a rule fits {len(fitting)}, right on the test "
        f"{sum(f.right for f in fitting)}; doubtful {len(doubtful)}, of them right "
        f"{sum(f.right for f in doubtful)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default="arc-agi-1/training+arc-agi-2/training")
    parser.add_argument("--tasks", help="file of task ids (whitespace separated)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    tasks = [
        t for t in pick_tasks(load_tasks(args.dataset).tasks, args.tasks, None) if _same_size(t)
    ]
    with ProcessPoolExecutor(args.workers) as pool:
        fits = list(pool.map(fit_rule, tasks, chunksize=4))
    for fit in fits:
        if fit.fits:
            print(f"{fit.task_id} {'right' if fit.right else 'wrong'}{' doubtful' * fit.doubtful}")
    print(summary(fits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
