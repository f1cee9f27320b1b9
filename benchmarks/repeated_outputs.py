"""The tasks where two demonstrations share an output: the only ones the lookup mechanism
(solver/lookup.py) can answer, and so the task list of its ablation.

    python -m benchmarks.repeated_outputs --dataset arc-agi-1/training+arc-agi-2/training \\
        --tasks benchmarks/tasks/dev.txt > benchmarks/tasks/dev-repeated-outputs.txt

Prints one task id per line, in the order of `--tasks` (or sorted, without it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from solver import load_tasks, outputs_repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="a bundled dataset name, folder or file")
    parser.add_argument("--tasks", type=Path, help="a file of task ids (one per line) to keep")
    args = parser.parse_args()
    tasks = {t.id: t for t in load_tasks(args.dataset).tasks}
    ids = sorted(tasks)
    if args.tasks is not None:
        ids = [line.strip() for line in args.tasks.read_text().splitlines() if line.strip()]
    for task_id in ids:
        if task_id in tasks and outputs_repeat(tasks[task_id]):
            print(task_id)


if __name__ == "__main__":
    main()
