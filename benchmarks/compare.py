"""arcsynth side by side with icecuber (the 2020 ARC Kaggle winner) on one task list and budget.

Both solvers see the same tasks (test outputs hidden from both), the same per-task budget and the
same number of parallel jobs; each writes its own submission.json, and both are scored here by the
official pass@2 rule against the same truths.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.evaluate import EvalConfig, evaluate_into, score_task
from benchmarks.outputs import write_atomic
from solver import Task

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PEER = REPO.parent / "shared" / "peers" / "icecuber" / "run-peer"


@dataclass(frozen=True)
class PeerRun:
    """The peer's per-task scores and seconds, or why it could not run."""

    available: bool
    reason: str
    scores: dict[str, float]
    seconds: dict[str, float]


def peer_path() -> Path:
    """Where the peer's runner is: $ARCSYNTH_PEER, else ../shared/peers/icecuber/run-peer."""
    return Path(os.environ.get("ARCSYNTH_PEER", DEFAULT_PEER))


def peer_unavailable_reason(runner: Path) -> str | None:
    """Why the peer cannot run here, or None if it can."""
    if not runner.exists():
        return f"peer runner not found at {runner}"
    for tool in ("g++", "make"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (needed to build the peer)"
    return None


def write_task_folder(tasks: list[Task], folder: Path) -> None:
    """One ARC JSON file per task (test outputs included: the peer hides them from its solver)."""
    folder.mkdir(parents=True, exist_ok=True)
    for task in tasks:
        (folder / f"{task.id}.json").write_text(json.dumps(task.to_json()))


def run_peer(tasks: list[Task], out: Path, budget: float, jobs: int) -> PeerRun:
    """Run icecuber on the tasks and score its submission by the official rule."""
    runner = peer_path()
    reason = peer_unavailable_reason(runner)
    if reason is not None:
        return PeerRun(False, reason, {}, {})
    folder = out / "tasks"
    write_task_folder(tasks, folder)
    command = [str(runner), str(folder), str(out / "peer"), "--budget", str(budget)]
    command += ["--jobs", str(jobs)]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        return PeerRun(False, f"peer failed: {completed.stderr.strip()[-500:]}", {}, {})
    submission = json.loads((out / "peer" / "submission.json").read_text())
    report = json.loads((out / "peer" / "peer-report.json").read_text())
    scores, seconds = {}, {}
    for task in tasks:
        score, _ = score_task(task, submission.get(task.id, []))
        scores[task.id] = score or 0.0
        seconds[task.id] = report["tasks"].get(task.id, {}).get("seconds", budget)
    return PeerRun(True, "ok", scores, seconds)


def compare(
    tasks: list[Task], config: EvalConfig, out: Path, dataset: str, resume: bool = False
) -> dict[str, Any]:
    """Run both solvers and report both scores, exclusive solves and the median-time ratio.

    arcsynth's outputs go to OUT/arcsynth as each task finishes (see `evaluate_into`; with
    `resume` the tasks already there are kept); the peer runs on every task afterwards.
    """
    report = evaluate_into(out / "arcsynth", tasks, config, dataset, resume, sys.stderr)
    ours = {r["task_id"]: r["score"] or 0.0 for r in report["per_task"]}
    our_seconds = [r["seconds"] for r in report["per_task"]]
    peer = run_peer(tasks, out, config.budget_seconds, config.workers)
    comparison: dict[str, Any] = {
        "dataset": dataset,
        "tasks": len(tasks),
        "budget_seconds": config.budget_seconds,
        "jobs": config.workers,
        "commit": report["commit"],
        "arcsynth": {
            "score": report["score"],
            "solved": report["solved"],
            "median_seconds": statistics.median(our_seconds),
            "median_peak_rss_mb": report["median_peak_rss_mb"],
            "max_peak_rss_mb": report["max_peak_rss_mb"],
            "winners": report["winners"],
        },
        "peer": {"name": "icecuber", "available": peer.available, "reason": peer.reason},
    }
    if peer.available:
        peer_median = statistics.median(peer.seconds.values())
        comparison["peer"] |= {
            "score": sum(peer.scores.values()) / len(tasks),
            "solved": sum(peer.scores.values()),
            "median_seconds": peer_median,
        }
        comparison["only_arcsynth"] = sorted(t for t in ours if ours[t] > peer.scores[t])
        comparison["only_peer"] = sorted(t for t in ours if peer.scores[t] > ours[t])
        comparison["median_seconds_ratio"] = (
            statistics.median(our_seconds) / peer_median if peer_median else None
        )
    write_atomic(out / "comparison.json", json.dumps(comparison, indent=1))
    write_atomic(out / "comparison.md", render(comparison))
    return comparison


def _memory(ours: dict[str, Any]) -> list[str]:
    if not ours.get("max_peak_rss_mb"):
        return []
    return [
        "",
        f"arcsynth peak RSS per solve: median {ours['median_peak_rss_mb']:.0f} MiB, "
        f"max {ours['max_peak_rss_mb']:.0f} MiB",
    ]


def render(comparison: dict[str, Any]) -> str:
    """The comparison as Markdown."""
    ours, peer = comparison["arcsynth"], comparison["peer"]
    lines = [
        f"# arcsynth vs icecuber on {comparison['dataset']}",
        "",
        f"{comparison['tasks']} tasks, {comparison['budget_seconds']} s per task, "
        f"{comparison['jobs']} parallel jobs, commit `{comparison['commit']}`.",
        "",
        "| solver | score (pass@2) | tasks solved | median s/task |",
        "|---|---|---|---|",
        f"| arcsynth | {ours['score']:.1%} | {ours['solved']:.1f} | {ours['median_seconds']:.2f} |",
    ]
    if not peer["available"]:
        lines += ["", f"icecuber could not run: {peer['reason']}. arcsynth is reported alone."]
        return "\n".join(lines + _memory(ours)) + "\n"
    lines.append(
        f"| icecuber | {peer['score']:.1%} | {peer['solved']:.1f} | {peer['median_seconds']:.2f} |"
    )
    ratio = comparison["median_seconds_ratio"]
    lines += [
        "",
        f"Median seconds per task, arcsynth / icecuber: {ratio:.2f}" if ratio else "",
        "",
        f"Solved by arcsynth only ({len(comparison['only_arcsynth'])}): "
        + ", ".join(comparison["only_arcsynth"]),
        "",
        f"Solved by icecuber only ({len(comparison['only_peer'])}): "
        + ", ".join(comparison["only_peer"]),
    ]
    return "\n".join(lines + _memory(ours)) + "\n"
