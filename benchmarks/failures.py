"""What kinds of tasks a run fails: unsolved tasks grouped by how output size relates to input.

python -m benchmarks.failures OUT_DIR/report.json --dataset arc-agi-1/training
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from solver import Task, load_tasks


def shape_relation(task: Task) -> str:
    """How the outputs' sizes relate to the inputs' across the demonstrations."""
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
    return relations.pop() if len(relations) == 1 else "mixed"


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
