"""Search throughput: candidates judged per CPU second, the program search alone, one core.

    python -m benchmarks.throughput --dataset arc-agi-1/training+arc-agi-2/training \\
        --tasks benchmarks/tasks/dev-sample.txt --limit 20 --seconds 10

Solves each task in this process, one after another, with the search as the only mechanism and
no prior, and divides the candidates it judged by the CPU seconds the solve used: those it
evaluated and those it ruled out by the shape their value would have (a candidate the search
prunes either way; before 2026-12-05 all were evaluated). The median of evaluated candidates per
CPU second is printed too. CPU time,
not wall time: a process that shares its cores with others gets fewer seconds, not a lower rate,
so two commits can be compared on a busy machine (run them one after the other, same tasks).
Tasks the search settles early stop early and count with the rate they had. `--profile N` adds
a cProfile table of the N functions with the most own time and the share of the time spent
inside primitive calls (its rates are then not comparable).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from dataclasses import dataclass

from benchmarks.evaluate import pick_tasks
from solver import SearchConfig, Task, load_tasks, solve


@dataclass(frozen=True)
class Throughput:
    """One task's search: candidates judged (of them evaluated), CPU seconds, depth reached."""

    task_id: str
    candidates: int
    cpu_seconds: float
    depth: int
    evaluated: int

    @property
    def rate(self) -> float:
        return self.candidates / max(self.cpu_seconds, 1e-9)


def measure(task: Task, seconds: float) -> Throughput:
    """The search alone on one task for at most `seconds` (wall clock)."""
    config = SearchConfig(budget_seconds=seconds, prior="none", mechanisms=("search",))
    started = time.process_time()
    solution = solve(task, config)
    cpu = time.process_time() - started
    trace = solution.trace
    ruled_out = getattr(trace, "candidates_ruled_out_by_shape", 0)  # 0 before 2026-12-05
    judged = trace.candidates_evaluated + ruled_out
    return Throughput(task.id, judged, cpu, trace.depth_reached, trace.candidates_evaluated)


def summary(results: list[Throughput]) -> str:
    rates = [r.rate for r in results]
    cpu = max(sum(r.cpu_seconds for r in results), 1e-9)
    total = sum(r.candidates for r in results) / cpu
    evaluated = statistics.median(r.evaluated / max(r.cpu_seconds, 1e-9) for r in results)
    return (
        f"{len(results)} tasks: median {statistics.median(rates):,.0f} candidates per CPU second "
        f"(all tasks together {total:,.0f}; median evaluated {evaluated:,.0f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="a bundled dataset name or a path")
    parser.add_argument("--tasks", help="file of task ids (whitespace separated)")
    parser.add_argument("--limit", type=int, help="only the first N tasks")
    parser.add_argument("--seconds", type=float, default=10.0, help="wall seconds per task")
    parser.add_argument(
        "--profile", type=int, default=0, help="also print the N functions with most own time"
    )
    args = parser.parse_args(argv)
    tasks = pick_tasks(load_tasks(args.dataset).tasks, args.tasks, args.limit)
    profiler = cProfile.Profile() if args.profile else None
    results = []
    for task in tasks:
        if profiler is not None:
            profiler.enable()
        result = measure(task, args.seconds)
        if profiler is not None:
            profiler.disable()
        results.append(result)
        print(
            f"{result.task_id}: {result.candidates} candidates ({result.evaluated} evaluated), "
            f"{result.cpu_seconds:.1f} CPU s, "
            f"{result.rate:,.0f}/s, depth {result.depth}",
            flush=True,
        )
    print(summary(results))
    if profiler is not None:  # the profiler slows the search: its rates are not comparable
        stats = pstats.Stats(profiler, stream=sys.stdout)
        print(primitive_share(stats))
        stats.sort_stats("tottime").print_stats(args.profile)
    return 0


def _is_search_call(path: str, name: str) -> bool:
    return name == "_call" and path.replace("\\", "/").endswith("solver/search.py")


def primitive_share(stats: pstats.Stats) -> str:
    """How much of the profiled time the search spent inside primitive calls, and how that time
    splits by the cost of one call (the profiler's cost per Python call inflates the search's
    own bookkeeping more than numpy work, so the true share is higher)."""
    entries = stats.stats.items()  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    inside = sum(e[3] for (path, _, name), e in entries if _is_search_call(path, name))
    bands = {"<10 us": 0.0, "10-100 us": 0.0, ">=100 us": 0.0}
    for _, (_, _, _, _, callers) in entries:
        for (path, _, name), (_, calls, _, cumulative) in callers.items():
            if _is_search_call(path, name):
                per_call = cumulative / max(calls, 1)
                band = (
                    "<10 us" if per_call < 1e-5 else "10-100 us" if per_call < 1e-4 else ">=100 us"
                )
                bands[band] += cumulative
    split = ", ".join(f"{b} per call {100 * t / max(inside, 1e-9):.0f}%" for b, t in bands.items())
    return (
        f"inside primitive calls: {inside:.3f} of {total:.3f} profiled seconds "
        f"({100 * inside / max(total, 1e-9):.0f}%; {split})"
    )


if __name__ == "__main__":
    sys.exit(main())
