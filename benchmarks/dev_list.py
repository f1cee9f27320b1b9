"""The development task list: where primitives and thresholds may be tuned.

    python -m benchmarks.dev_list > benchmarks/tasks/dev.txt

ARC-AGI-1 training, then the ARC-AGI-2 training tasks that are in neither ARC-AGI-1 set
(ARC-AGI-2 training holds 376 of the 400 ARC-AGI-1 evaluation tasks, so it is not a development
set as a whole). Run it with
`--dataset arc-agi-1/training+arc-agi-2/training --tasks benchmarks/tasks/dev.txt`.
"""

from __future__ import annotations

from solver import load_development_tasks


def development_ids() -> list[str]:
    """ARC-AGI-1 training ids, then ARC-AGI-2 training ids in no ARC-AGI-1 set, each sorted."""
    return [task.id for task in load_development_tasks().tasks]


def main() -> None:
    for task_id in development_ids():
        print(task_id)


if __name__ == "__main__":
    main()
