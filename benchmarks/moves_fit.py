"""Moves alone: the per-colour motions of solver/moves.py on every same-size task of a list.

    python -m benchmarks.moves_fit --tasks benchmarks/tasks/dev.txt

For each task whose outputs keep their inputs' shapes, `solve` runs with the search held at
depth 0 and the moves generator only, so an answer is a chain of motions of the input's
colours. Counts the tasks where the motions reproduce every demonstration, and of those the
tasks where the first attempt is also right on every test output, and lists both: a quick,
search-free measure of the motions' reach and precision.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks.evaluate import pick_tasks
from solver import SearchConfig, Task, load_tasks, solve

MOVES_SECONDS = 2.0


def fit_moves(task: Task) -> tuple[bool, bool, str | None]:
    """Whether motions reproduce every demonstration, whether they are right on every test
    output, and the program."""
    config = SearchConfig(
        budget_seconds=MOVES_SECONDS,
        moves_seconds=MOVES_SECONDS,
        max_depth=0,
        mechanisms=("search", "moves"),
        prior="none",
    )
    solution = solve(task, config)
    firsts = [attempts[0] for attempts in solution.attempts]
    fits = solution.trace.mechanisms.get("moves", {}).get("consistent", 0) > 0
    right = fits and all(
        first.mechanism == "moves"
        and pair.output is not None
        and first.grid == pair.output.tolist()
        for first, pair in zip(firsts, task.test, strict=True)
    )
    return fits, right, firsts[0].program if fits else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default="arc-agi-1/training+arc-agi-2/training")
    parser.add_argument("--tasks", help="file of task ids (whitespace separated)")
    args = parser.parse_args(argv)
    tasks = pick_tasks(load_tasks(args.dataset).tasks, args.tasks, None)
    same_size = [t for t in tasks if all(p.input.shape == p.output.shape for p in t.train)]
    fitting = right = 0
    for task in same_size:
        fits, correct, program = fit_moves(task)
        if fits:
            fitting += 1
            right += correct
            print(f"{task.id} {'right' if correct else 'wrong'}: {program}".replace("\n", "; "))
    print(f"{len(same_size)} same-size tasks: motions fit {fitting}, right on the test {right}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
