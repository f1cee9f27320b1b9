"""A fingerprint of what the search builds, to check that a speed-up changed nothing else.

    python -m benchmarks.search_fingerprint --dataset arc-agi-1/training+arc-agi-2/training \\
        --tasks benchmarks/tasks/dev-sample.txt --limit 10

Runs the program search alone, without the prior, to a fixed depth (2 by default) with no time
limit that could cut a layer short, and hashes what its trace and answer say about the table it
built (candidates judged, duplicates, rows kept per layer, the consistent programs and the
closest candidates), task after task. Candidates judged are those evaluated plus those ruled out
by their shape before evaluation (from 2026-12-05; before that every candidate was evaluated, and
failures are left out since a ruled-out candidate is not called to fail). Two commits that
print the same hash built the same tables. Through `solve`: the search stops after the layer
where it finds a sure program, as it always does.
"""

from __future__ import annotations

import argparse
import hashlib
import sys

from benchmarks.evaluate import pick_tasks
from solver import SearchConfig, Task, load_tasks, solve

NO_TIME_LIMIT = 3600.0


def fingerprint(task: Task, depth: int) -> str:
    """A digest of the search's table and findings on one task, searched to `depth`."""
    config = SearchConfig(
        budget_seconds=NO_TIME_LIMIT,
        solution_grace_seconds=NO_TIME_LIMIT,
        prior="none",
        max_depth=depth,
        mechanisms=("search",),
    )
    solution = solve(task, config)
    trace = solution.trace
    seen = (
        tuple(program.text for program in solution.programs),
        trace.candidates_evaluated + getattr(trace, "candidates_ruled_out_by_shape", 0),
        trace.duplicates_pruned,
        trace.values_kept,
        tuple(trace.values_per_layer),
        trace.consistent_programs,
        trace.candidates_before_first_solution,
        tuple((c["program"], round(c["demo_cell_accuracy"], 9)) for c in trace.closest_candidates),
    )
    return hashlib.sha256(repr(seen).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="a bundled dataset name or a path")
    parser.add_argument("--tasks", help="file of task ids (whitespace separated)")
    parser.add_argument("--limit", type=int, help="only the first N tasks")
    parser.add_argument("--depth", type=int, default=2, help="layers to search (default 2)")
    args = parser.parse_args(argv)
    tasks = pick_tasks(load_tasks(args.dataset).tasks, args.tasks, args.limit)
    whole = hashlib.sha256()
    for task in tasks:
        digest = fingerprint(task, args.depth)
        whole.update(digest.encode())
        print(f"{task.id}: {digest[:16]}", flush=True)
    print(f"{len(tasks)} tasks, depth {args.depth}: {whole.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
