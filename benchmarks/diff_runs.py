"""Two finished batches on the same tasks, side by side: which tasks each one alone solves.

    python -m benchmarks.diff_runs out/rules-off out/rules-on --names "rules off,rules on"

Reads each folder's results.jsonl (what `arcsynth eval --out` writes; a `compare` run's arcsynth
part is OUT/arcsynth) and prints a Markdown table: score, demonstrations reproduced, right/won by
the mechanism of the first attempt with its overfit rate, then the tasks only one batch solves,
each with the mechanism and last line (`O = ...`) of its winning program. Both batches must hold
the same task ids, else it says which differ: a diff over different lists means nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.evaluate import TaskResult, from_entry, winners_by_mechanism
from benchmarks.outputs import JOURNAL, Journal


@dataclass(frozen=True)
class Batch:
    """One batch's results by task id, and the name it is shown under."""

    name: str
    results: dict[str, TaskResult]

    @property
    def score(self) -> float:
        return sum(r.score or 0.0 for r in self.results.values())

    def solved(self, task_id: str) -> float:
        return self.results[task_id].score or 0.0


def load_batch(folder: Path, name: str) -> Batch:
    """The batch in `folder` (ValueError, naming it, when it holds no results)."""
    if not (folder / JOURNAL).is_file():
        raise ValueError(f"{folder}: no {JOURNAL} (is it an eval --out folder?)")
    entries = Journal(folder, resume=True).kept
    if not entries:
        raise ValueError(f"{folder}: {JOURNAL} holds no finished task")
    return Batch(name, {task_id: from_entry(e) for task_id, e in entries.items()})


def check_same_tasks(first: Batch, second: Batch) -> None:
    """ValueError naming the tasks only one of the batches holds."""
    only_first = sorted(set(first.results) - set(second.results))
    only_second = sorted(set(second.results) - set(first.results))
    if only_first or only_second:
        raise ValueError(
            f"the batches hold different tasks: {len(only_first)} only in {first.name} "
            f"({' '.join(only_first[:10])}), {len(only_second)} only in {second.name} "
            f"({' '.join(only_second[:10])})"
        )


def winners(batch: Batch) -> dict[str, tuple[int, int]]:
    """Per mechanism of the first attempt, over tasks whose demonstrations some program
    reproduced: (won, right)."""
    by_mechanism = winners_by_mechanism(list(batch.results.values()))
    return {name: (int(w["won"]), int(w["right"])) for name, w in by_mechanism.items()}


def _winner_text(batch: Batch) -> str:
    parts = [
        f"{name} {right}/{won} ({1 - right / won:.0%} overfit)"
        for name, (won, right) in winners(batch).items()
    ]
    return ", ".join(parts) or "-"


def _task_line(batch: Batch, task_id: str) -> str:
    result = batch.results[task_id]
    mechanism = result.first_mechanisms[0] if result.first_mechanisms else "-"
    program = (result.program or "").strip().splitlines()
    last_line = f"`{program[-1]}`" if program else "no program"
    return f"- `{task_id}` ({batch.name}: {mechanism}, {last_line})"


def render(first: Batch, second: Batch) -> str:
    """The side-by-side table and the tasks only one batch solves, as Markdown."""
    tasks = sorted(first.results)
    only_second = [t for t in tasks if second.solved(t) > first.solved(t)]
    only_first = [t for t in tasks if first.solved(t) > second.solved(t)]
    lines = [
        "| batch | score (pass@2) | tasks solved | demos reproduced | right/won by winner |",
        "|---|---|---|---|---|",
    ]
    for batch in (first, second):
        demos = sum(r.solved_demonstrations for r in batch.results.values())
        lines.append(
            f"| {batch.name} | {batch.score / len(tasks):.1%} | {batch.score:.1f} of "
            f"{len(tasks)} | {demos} | {_winner_text(batch)} |"
        )
    lines += ["", f"Solved better by {second.name} ({len(only_second)}):"]
    lines += [_task_line(second, t) for t in only_second] or ["- none"]
    lines += ["", f"Solved better by {first.name} ({len(only_first)}):"]
    lines += [_task_line(first, t) for t in only_first] or ["- none"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("first", type=Path, help="the baseline batch's --out folder")
    parser.add_argument("second", type=Path, help="the other batch's --out folder")
    parser.add_argument("--names", help="two names, comma-separated (default: the folders)")
    args = parser.parse_args(argv)
    names = args.names.split(",") if args.names else [str(args.first), str(args.second)]
    if len(names) != 2:
        parser.error("--names takes two names, comma-separated")
    try:
        first = load_batch(args.first, names[0].strip())
        second = load_batch(args.second, names[1].strip())
        check_same_tasks(first, second)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render(first, second), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
