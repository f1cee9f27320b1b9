"""Fit the learned grid value (neural/grid_value.py) on search tables whose right steps are known.

    python -m solver.grid_value_fit --synthetic 400 --budget 3 --out neural/weights/grid_value.json

Each task is searched for `budget` seconds (no prior, no grid value); every grid row the search
made is an example, labelled 1 when its values on the demonstrations are a step of the program
behind the task (a grid the program makes before its output), else 0. Tasks: synthetic ones
from the DSL on development input grids (neural/data.py), and the ARC-AGI-1 training tasks with a
hand-written program outside the prior's held-out split. The report compares, on held-out tasks
(another synthetic seed and the held-out hand-written programs), how high a right step ranks
among a table's rows of other shapes than the outputs' by the search's old order (cheapest
first) and by the fitted value.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dsl.program import parse, run_traced
from dsl.task import Task
from dsl.types import value_key
from neural.data import Labelled, handwritten_tasks, is_held_out, synthetic_tasks
from neural.grid_value import FEATURES, WEIGHTS_FILE, fit, grid_features
from solver.config import SearchConfig
from solver.params import infer_constants
from solver.search import Budget, Node, Search

MAX_ROWS_PER_TASK = 3000
SHAPE_PLACES = 40
"""What the offline check counts as kept: the first this many rows of other shapes."""


@dataclass
class Examples:
    """Feature rows, labels, the task each row came from, each row's cost and id (the search's
    order among equal costs), and whether it has the outputs' shapes."""

    features: list[np.ndarray]
    labels: list[int]
    groups: list[int]
    costs: list[float]
    ids: list[int]
    same_shape: list[bool]

    @staticmethod
    def empty() -> Examples:
        return Examples([], [], [], [], [], [])

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        labels = np.array(self.labels, dtype=np.float64)
        return np.array(self.features), labels, np.array(self.groups)


def program_steps(labelled: Labelled) -> set[tuple[Any, ...]]:
    """The keys, on the demonstrations, of every grid the program makes before its output."""
    program = parse(labelled.program)
    traces = [run_traced(program, pair.input) for pair in labelled.task.train]
    steps = set()
    for position in range(1, len(program.steps)):  # not the input (0), not the output (last)
        values = [trace[position][1] for trace in traces]
        if all(isinstance(v, np.ndarray) and v.ndim == 2 for v in values):
            steps.add(tuple(value_key(v) for v in values))
    return steps


def searched_rows(task: Task, budget: float) -> tuple[Search, list[Node]]:
    """The grid rows a plain search of `budget` seconds makes (not the input, not answers)."""
    config = SearchConfig(budget_seconds=budget, prior="none")
    search = Search(task, config, infer_constants(task, config.max_colours))
    search.run(Budget(budget))
    rows = [search.nodes[i] for i in search.by_type.get("Grid", ()) if search.nodes[i].op]
    return search, [row for row in rows if row.score < 1.0]


Example = tuple[np.ndarray, int, float, int, bool]


def task_examples(job: tuple[Labelled, float, int, int]) -> list[Example]:
    """(features, label, cost, row id, same shape as the outputs) of one task's rows: every
    right step and a random sample of the rest, `max_rows` in all (none if the search made no
    right step)."""
    labelled, budget, seed, max_rows = job
    steps = program_steps(labelled)
    if not steps:
        return []
    search, rows = searched_rows(labelled.task, budget)
    labels = [tuple(value_key(v) for v in row.values[: search.n_train]) in steps for row in rows]
    if not any(labels):
        return []
    keep = [k for k, label in enumerate(labels) if label]
    others = [k for k, label in enumerate(labels) if not label]
    keep += random.Random(seed).sample(others, min(len(others), max_rows - len(keep)))
    examples = []
    for k in keep:
        row = rows[k]
        values = row.values[: search.n_train]
        features = grid_features(values, search.targets, search.inputs, row.depth, row.cost)
        same = all(v.shape == t.shape for v, t in zip(values, search.targets, strict=False))
        examples.append((features, int(labels[k]), row.cost, row.id, same))
    return examples


def collect(
    tasks: list[Labelled],
    budget: float,
    workers: int,
    seed: int,
    max_rows: int = MAX_ROWS_PER_TASK,
) -> Examples:
    """Examples from every task whose program has a step the search made, `workers` at once."""
    examples = Examples.empty()
    jobs = [(labelled, budget, seed + n, max_rows) for n, labelled in enumerate(tasks)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for group, rows in enumerate(pool.imap(task_examples, jobs)):
            for features, label, cost, row_id, same in rows:
                examples.features.append(features)
                examples.labels.append(label)
                examples.groups.append(group)
                examples.costs.append(cost)
                examples.ids.append(row_id)
                examples.same_shape.append(same)
    return examples


def save_examples(path: Path, train: Examples, check: Examples) -> None:
    """Both example sets in one .npz (for trying other fits without searching again)."""
    arrays = {}
    for name, examples in (("train", train), ("check", check)):
        for field_name in ("features", "labels", "groups", "costs", "ids", "same_shape"):
            arrays[f"{name}_{field_name}"] = np.array(getattr(examples, field_name))
    np.savez_compressed(path, **arrays)


def multi_step(tasks: Iterable[Labelled]) -> Iterator[Labelled]:
    """Tasks whose program has more than one step (one-step programs have no steps to find)."""
    return (t for t in tasks if len(parse(t.program).steps) > 1)


def shape_place_recall(examples: Examples, scores: np.ndarray) -> tuple[float, int]:
    """Of the tasks with a right step of another shape than the outputs', the fraction where
    one is among the first SHAPE_PLACES such rows when ordered by `scores` (high first, then
    cheap, then made first, as the search orders equal costs); and how many tasks that is."""
    groups = np.array(examples.groups)
    labels = np.array(examples.labels)
    other = ~np.array(examples.same_shape)
    costs = np.array(examples.costs)
    ids = np.array(examples.ids)
    hits, tasks = 0, 0
    for group in np.unique(groups):
        rows = np.flatnonzero((groups == group) & other)
        if not labels[rows].any():
            continue
        order = rows[np.lexsort((ids[rows], costs[rows], -scores[rows]))]
        tasks += 1
        hits += int(labels[order[:SHAPE_PLACES]].any())
    return (hits / tasks if tasks else 0.0), tasks


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300, help="synthetic tasks to fit on")
    parser.add_argument("--held-out", type=int, default=150, help="synthetic tasks to check on")
    parser.add_argument("--budget", type=float, default=3.0, help="seconds of search per task")
    parser.add_argument("--workers", type=int, default=2, help="tasks searched at once")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--examples", type=Path, help="also save the examples here (.npz)")
    args = parser.parse_args(argv)
    started = time.time()
    handwritten = list(multi_step(handwritten_tasks()))
    fit_tasks = [t for t in handwritten if not is_held_out(t.task.id)]
    fit_tasks += list(multi_step(synthetic_tasks("grid-value-fit", args.synthetic)))
    check_tasks = [t for t in handwritten if is_held_out(t.task.id)]
    check_tasks += list(multi_step(synthetic_tasks("grid-value-check", args.held_out)))
    train = collect(fit_tasks, args.budget, args.workers, seed=0)
    check_rows = 10 * MAX_ROWS_PER_TASK
    check = collect(check_tasks, args.budget, args.workers, seed=10**6, max_rows=check_rows)
    if args.examples:
        save_examples(args.examples, train, check)
    model = fit(*train.arrays())
    x_check = np.array(check.features)
    by_value = np.array([model.score(row) for row in x_check])
    by_cost = np.zeros(len(x_check))  # ties everywhere: the cheapest first, as the search did
    recall_value, tasks = shape_place_recall(check, by_value)
    recall_cost, _ = shape_place_recall(check, by_cost)
    about = {
        "command": " ".join(["python -m solver.grid_value_fit", *(argv or sys.argv[1:])]),
        "fit_rows": len(train.labels),
        "fit_positives": int(sum(train.labels)),
        "fit_tasks": len(set(train.groups)),
        "check_tasks_with_a_step_of_another_shape": tasks,
        f"check_recall_in_first_{SHAPE_PLACES}_by_cost": round(recall_cost, 3),
        f"check_recall_in_first_{SHAPE_PLACES}_by_value": round(recall_value, 3),
        "seconds": round(time.time() - started, 1),
    }
    model.save(args.out, about)
    print(json.dumps(about, indent=1))
    for name, weight in zip(FEATURES, model.weight, strict=True):
        print(f"{name:28s} {weight:+.3f}")


if __name__ == "__main__":
    main()
