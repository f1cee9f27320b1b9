"""report.html: the batch's results in the viewer page (viewer/), the data embedded as JSON.

Per task the page shows the demonstrations, each test input with its two attempts (program,
consistency, right or wrong against the truth when known) and the winner's steps with their
intermediate grids. The page is one file with no network use: open it from disk.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from solver import Task
from viewer import viewer_page

if TYPE_CHECKING:
    from benchmarks.evaluate import TaskResult

SUMMARY_KEYS = (
    "dataset",
    "commit",
    "budget_seconds",
    "workers",
    "prior",
    "tta",
    "cpu_count",
    "tasks",
    "scored_tasks",
    "score",
    "solved",
    "demonstrations_solved",
    "median_seconds",
    "total_seconds",
    "statuses",
)


def _finite(value: Any) -> Any:
    """The value, with NaN and infinities (which JSON cannot hold) as None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _attempts(result: TaskResult, t: int, truth: list[list[int]] | None) -> list[dict[str, Any]]:
    """Test input t's two attempts: grid, program, consistency and (when known) correctness."""
    entry = result.attempts[t] if t < len(result.attempts) else {}
    programs = result.attempt_programs[t] if t < len(result.attempt_programs) else []
    attempts = []
    for k, key in enumerate(("attempt_1", "attempt_2")):
        about = programs[k] if k < len(programs) else {}
        grid = entry.get(key)
        attempts.append(
            {
                "grid": grid,
                "program": about.get("program"),
                "consistent": about.get("consistent"),
                "correct": None if truth is None else grid == truth,
            }
        )
    return attempts


def _tests(result: TaskResult, task: Task | None) -> list[dict[str, Any]]:
    pairs = task.test if task is not None else ()
    count = max(len(pairs), len(result.attempts))
    tests = []
    for t in range(count):
        pair = pairs[t] if t < len(pairs) else None
        truth = pair.output.tolist() if pair is not None and pair.output is not None else None
        tests.append(
            {
                "input": pair.input.tolist() if pair is not None else None,
                "output": truth,
                "attempts": _attempts(result, t, truth),
            }
        )
    return tests


def task_view(result: TaskResult, task: Task | None) -> dict[str, Any]:
    """One task as the viewer draws it (task None: attempts only, no pairs or truths)."""
    return {
        "id": result.task_id,
        "status": result.status,
        "score": _finite(result.score),
        "seconds": _finite(result.seconds),
        "solved_demonstrations": result.solved_demonstrations,
        "candidates": result.candidates,
        "depth_reached": result.depth_reached,
        "program": result.program,
        "error": result.error,
        "train": [pair.to_json() for pair in task.train] if task is not None else [],
        "test": _tests(result, task),
        "steps": result.steps,
    }


def render_report_html(tasks: list[Task], results: list[TaskResult], report: dict[str, Any]) -> str:
    """The viewer page in report mode for a batch's tasks, results and summary."""
    by_id = {task.id: task for task in tasks}
    data = {
        "summary": {key: _finite(report.get(key)) for key in SUMMARY_KEYS},
        "tasks": [task_view(result, by_id.get(result.task_id)) for result in results],
    }
    return viewer_page(data)
