"""What kinds of tasks a run fails: tasks grouped by how output size relates to input (and, for
same-size tasks, by what the changed cells undergo).

python -m benchmarks.failures OUT_DIR/report.json --dataset arc-agi-1/training
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from solver import Task, load_tasks


def _background(grid: np.ndarray) -> int:
    """The most common colour, lowest on ties (the DSL's rule; benchmarks do not import dsl)."""
    colours, counts = np.unique(grid, return_counts=True)
    return int(colours[counts.argmax()])


def change_kind(source: np.ndarray, target: np.ndarray) -> str:
    """What a same-size pair does to the cells it changes, relative to the input's background:
    draws on background, erases to background, recolours foreground, or a mix of these."""
    changed = source != target
    if not changed.any():
        return "unchanged"
    background = _background(source)
    was_background = source[changed] == background
    if was_background.all():
        return "draws"
    if (target[changed] == background).all():
        return "erases"
    if not was_background.any() and (target[changed] != background).all():
        return "recolours"
    return "mixed"


def shape_relation(task: Task) -> str:
    """How the outputs' sizes relate to the inputs' across the demonstrations; for same-size
    tasks, also what the changed cells undergo (`change_kind`, one kind or "mixed")."""
    relations = set()
    for pair in task.train:
        (hi, wi), (ho, wo) = pair.input.shape, pair.output.shape
        if (hi, wi) == (ho, wo):
            relations.add("same size")
        elif ho <= hi and wo <= wi:
            relations.add("smaller")
        elif ho >= hi and wo >= wi:
            relations.add("larger")
        else:
            relations.add("reshaped")
    if relations != {"same size"}:
        return relations.pop() if len(relations) == 1 else "mixed"
    kinds = {change_kind(pair.input, pair.output) for pair in task.train} - {"unchanged"}
    kind = kinds.pop() if len(kinds) == 1 else "mixed"
    return f"same size: {kind}"


def classify(report: dict, tasks: dict[str, Task]) -> dict[str, Counter]:
    """Counts of solved and unsolved tasks per size relation, and of overfit programs."""
    table: dict[str, Counter] = {}
    for entry in report["per_task"]:
        task = tasks[entry["task_id"]]
        row = table.setdefault(shape_relation(task), Counter())
        if entry["score"]:
            row["solved"] += 1
        elif entry["solved_demonstrations"]:
            row["demos reproduced, test wrong"] += 1
        else:
            row["no consistent program"] += 1
    return table


def render(table: dict[str, Counter]) -> str:
    columns = ["solved", "demos reproduced, test wrong", "no consistent program"]
    lines = ["| output vs input | " + " | ".join(columns) + " |", "|---" * 4 + "|"]
    for relation, row in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
        lines.append(f"| {relation} | " + " | ".join(str(row[c]) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--dataset", required=True)
    args = parser.parse_args()
    report = json.loads(args.report.read_text())
    tasks = {t.id: t for t in load_tasks(args.dataset).tasks}
    print(render(classify(report, tasks)))


if __name__ == "__main__":
    main()
