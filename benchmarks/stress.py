"""The largest task ARC allows, solved once: does the solve end on time, and under 1 GiB?

    python -m benchmarks.stress --budget 30 --pairs 10 --side 30

Makes a task of seeded random grids (nothing to find, so the search fills its table and every
generator runs to its share), solves it in this process with the default config and prints the
wall seconds, the process's peak RSS, the candidates, the depth reached and the seconds of each
generator. Run it in a fresh process: the peak RSS counts the interpreter and the prior's model.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from benchmarks.evaluate import peak_rss_mb
from solver import SearchConfig, Task, TaskLimits, solve, task_from_json

MEMORY_LIMIT_MB = 1024
"""Peak RSS one solve must stay under."""


def random_task(pairs: int, side: int, seed: int = 0) -> Task:
    """`pairs` demonstrations and one test pair (with its output, so a run can score it), every
    grid `side` x `side` random colours; grids above ARC's 30 are allowed."""
    rng = np.random.default_rng(seed)

    def grid() -> list[list[int]]:
        return rng.integers(0, 10, (side, side)).tolist()

    data = {
        "train": [{"input": grid(), "output": grid()} for _ in range(pairs)],
        "test": [{"input": grid(), "output": grid()}],
    }
    return task_from_json(data, f"stress-{pairs}x{side}", TaskLimits(max_side=max(side, 30)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=30.0, help="seconds for the solve")
    parser.add_argument("--pairs", type=int, default=10, help="demonstration pairs")
    parser.add_argument("--side", type=int, default=30, help="side of every grid")
    args = parser.parse_args(argv)
    task = random_task(args.pairs, args.side)
    started = time.monotonic()
    solution = solve(task, SearchConfig(budget_seconds=args.budget))
    seconds = time.monotonic() - started
    trace, peak = solution.trace, peak_rss_mb()
    generators = ", ".join(
        f"{name} {report['seconds']:.1f} s"
        for name, report in trace.mechanisms.items()
        if isinstance(report, dict) and "seconds" in report
    )
    print(
        f"{task.id}: {seconds:.1f} s for a {args.budget:g} s budget, peak RSS {peak:.0f} MiB "
        f"(limit {MEMORY_LIMIT_MB}), {trace.candidates_evaluated:,} candidates, depth "
        f"{trace.depth_reached}, stopped by {trace.stopped_by}; {generators or 'no generator'}"
    )
    return 0 if peak < MEMORY_LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
