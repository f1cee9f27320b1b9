"""The tasks the parts generator looks at: each demonstration changes cells only inside its
objects' boxes (solver/parts.py), so the task has at least one view of its parts.

    python -m benchmarks.parts_list --dataset arc-agi-1/evaluation > LIST

On the other tasks the parts generator neither runs nor keeps budget back, so a comparison of
settings with and without it needs only these tasks.
"""

from __future__ import annotations

import argparse

from benchmarks.evaluate import pick_tasks
from solver import DEFAULT_MECHANISMS, SearchConfig, load_tasks, parts_views


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="a bundled dataset name or a path")
    parser.add_argument("--tasks", help="file of task ids (whitespace separated)")
    parser.add_argument(
        "--panels",
        action="store_true",
        help="only the tasks with a view of their panels between separator lines (parts_panels)",
    )
    args = parser.parse_args(argv)
    mechanisms = tuple(dict.fromkeys((*DEFAULT_MECHANISMS, "parts")))
    config = SearchConfig(mechanisms=mechanisms, parts_panels=args.panels)
    for task in pick_tasks(load_tasks(args.dataset).tasks, args.tasks, None):
        segmentations = {view.segmentation for view in parts_views(task, config)}
        wanted = "panel_boxes" in segmentations if args.panels else bool(segmentations)
        if wanted:
            print(task.id)


if __name__ == "__main__":
    main()
