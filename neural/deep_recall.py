"""Would pruning by the prior keep the programs the search finds? Measured on solved tasks.

    python -m neural.deep_recall --results out/eval/results.jsonl \\
        --dataset arc-agi-1/training --from-depth 3 --keep 20,40,60,80,100

Reads the results of an earlier `arcsynth eval` run (its results.jsonl), takes the solved tasks
whose first attempt the program search made, and finds in each program the primitives applied at
`--from-depth` or deeper (a step's depth is one more than its deepest argument's; the input is
depth 0). Those are what `prior_prune` would cut when the prior does not rank them in its top k.
Prints, per k, on how many such programs every deep primitive is in the prior's top k: the
fraction of deep solutions pruning would keep. Run it on development tasks only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from dsl.program import INPUT, Program, ProgramError, Ref, parse
from dsl.task import load_tasks
from neural.prior import load_prior


def deep_primitives(program: Program, from_depth: int) -> set[str]:
    """The primitives a program applies at depth `from_depth` or deeper."""
    depths = {INPUT: 0}
    deep = set()
    for step in program.steps:
        refs = [depths.get(a.name, 0) for a in step.args if isinstance(a, Ref)]
        depths[step.target] = 1 + max(refs, default=0)
        if depths[step.target] >= from_depth:
            deep.add(step.op)
    return deep


def kept_counts(
    cases: Iterable[tuple[set[str], list[str]]], keeps: list[int]
) -> tuple[int, dict[int, int]]:
    """Over (deep primitives, prior's ranking) cases: how many, and per k how many keep all."""
    total = 0
    kept = dict.fromkeys(keeps, 0)
    for deep, ranking in cases:
        total += 1
        for k in keeps:
            kept[k] += deep <= set(ranking[:k])
    return total, kept


def _solved_search_programs(results: Path) -> Iterable[tuple[str, Program]]:
    for line in results.read_text().splitlines():
        entry = json.loads(line)
        mechanisms = entry.get("first_mechanisms") or ["search"]
        if not entry.get("score") or not entry.get("program") or mechanisms[0] != "search":
            continue
        try:
            yield entry["task_id"], parse(entry["program"])
        except ProgramError:
            continue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, required=True, help="an eval run's results.jsonl")
    parser.add_argument("--dataset", required=True, help="the dataset that run solved")
    parser.add_argument("--from-depth", type=int, default=3)
    parser.add_argument("--keep", default="20,40,60,80,100", help="values of k, comma-separated")
    args = parser.parse_args(argv)
    keeps = [int(k) for k in args.keep.split(",")]
    tasks = {task.id: task for task in load_tasks(args.dataset).tasks}
    prior = load_prior(quantized=True)
    cases = []
    solved = 0
    for task_id, program in _solved_search_programs(args.results):
        solved += 1
        deep = deep_primitives(program, args.from_depth)
        if deep and task_id in tasks:
            probabilities = prior.predict(tasks[task_id])
            ranking = sorted(probabilities, key=lambda name: (-probabilities[name], name))
            cases.append((deep, ranking))
    total, kept = kept_counts(cases, keeps)
    print(f"{solved} solved by the search; {total} apply primitives at depth >= {args.from_depth}")
    for k in keeps:
        print(f"top {k}: every deep primitive kept in {kept[k]} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
