"""Batch evaluation: solve many tasks in worker processes, score them, write the official files.

Each task runs in its own forked process with its own wall-clock budget and memory limit, so a
task that crashes, hangs or eats memory is scored 0 and logged while the batch goes on. With
`backend="ray"` each task runs the same way inside a Ray task instead, on a local Ray instance or
a cluster (`benchmarks/ray_backend.py`).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import resource
import signal
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TextIO

from benchmarks.outputs import Journal, git_commit, write_atomic
from benchmarks.report_html import render_report_html
from solver import MECHANISMS, SearchConfig, Task, prepare, solve

PLACEHOLDER = [[0]]
GridRows = list[list[int]]
"""A grid as JSON: a list of rows."""
HARD_TIMEOUT_MARGIN = 5.0
"""Seconds past a task's budget before its worker is killed (the search stops itself earlier)."""
BACKENDS = ("local", "ray")
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
"""The signals that stop a batch (its workers ignore them and are killed instead)."""
MEMORY_LIMIT = resource.RLIMIT_DATA
"""What a worker's memory limit caps: its writable private memory (heap and anonymous maps).
Not its address space: memory reserved but not yet writable (a thread's malloc arena, a Ray
worker's object store) would let a fork grow tens of MiB past a limit set from its size."""


@dataclass(frozen=True)
class EvalConfig:
    """How a batch is run: `local` forks worker processes here; `ray` runs one Ray task per ARC
    task on the cluster at `address`, or on a local Ray instance with `workers` CPUs."""

    budget_seconds: float = 30.0
    workers: int = max(1, os.cpu_count() or 1)
    memory_mb_per_worker: int = 4096
    search: SearchConfig = field(default_factory=SearchConfig)
    backend: str = "local"
    address: str | None = None

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}")


@dataclass
class TaskResult:
    """One task's outcome in a batch."""

    task_id: str
    status: str  # ok | timeout | crash | error
    seconds: float
    attempts: list[dict[str, Any]]
    score: float | None = None
    test_solved: list[bool] = field(default_factory=list)
    solved_demonstrations: bool = False
    program: str | None = None
    candidates: int = 0
    candidates_per_second: float = 0.0
    candidates_before_first_solution: int | None = None
    seconds_to_first_solution: float | None = None
    prior_seconds: float = 0.0
    prior_predict_seconds: float = 0.0
    depth_reached: int = 0
    error: str | None = None
    predicted_sizes: list[list[int] | None] = field(default_factory=list)
    size_right: list[bool | None] = field(default_factory=list)
    first_mechanisms: list[str] = field(default_factory=list)
    peak_rss_mb: float | None = None
    mechanism_seconds: dict[str, float] = field(default_factory=dict)
    attempt_programs: list[list[dict[str, Any]]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    right_program_rank: int | None = None
    """Rank (0: first) of the first consistent program right on every test output, if any."""


VIEWER_ONLY = ("attempt_programs", "steps")
"""TaskResult fields for report.html only, left out of report.json to keep it small."""
OnResult = Callable[[TaskResult], None]
"""Called with each task's result as soon as it is finished."""


class BatchInterrupted(Exception):
    """The batch was stopped (Ctrl-C, SIGTERM) after its finished tasks' outputs were written."""

    def __init__(self, done: int, total: int, out: Path) -> None:
        super().__init__(
            f"interrupted: {done} of {total} tasks finished, written to {out}; "
            "run the same command with --resume to solve the rest"
        )


def pick_tasks(tasks: list[Task], ids_file: str | None, limit: int | None) -> list[Task]:
    """The tasks listed in `ids_file` (whitespace-separated ids, in its order), then the first
    `limit`; ValueError for an unreadable file, an unknown id or a limit below 1."""
    if limit is not None and limit < 1:
        raise ValueError("--limit must be at least 1")
    if ids_file:
        try:
            wanted = Path(ids_file).read_text().split()
        except OSError as error:
            raise ValueError(f"{ids_file}: cannot read: {error}") from None
        by_id = {t.id: t for t in tasks}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise ValueError(f"{ids_file}: unknown task ids {missing[:5]}")
        tasks = [by_id[i] for i in wanted]
    return tasks[:limit]


def parse_mechanisms(text: str) -> tuple[str, ...]:
    """'search, stack' -> ('search', 'stack'), in MECHANISMS order; ValueError naming an unknown
    mechanism, or saying that search cannot be turned off."""
    names = {name.strip() for name in text.split(",") if name.strip()}
    known = tuple(m for m in MECHANISMS if m in names)
    unknown = tuple(sorted(names - set(MECHANISMS)))
    return SearchConfig(mechanisms=unknown + known).mechanisms


def _solve_in_child(task: Task, config: SearchConfig, memory_mb: int, conn: Any) -> None:
    """Worker body: solve one task under a memory limit and send back a small summary."""
    # Ctrl-C or SIGTERM stops the batch, which kills its workers: a worker that reported
    # "interrupted" instead would be kept as a finished (crashed) task.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held by the parent's fork
    _, hard = resource.getrlimit(MEMORY_LIMIT)
    try:
        resource.setrlimit(MEMORY_LIMIT, (memory_mb * 1024 * 1024, hard))
        solution = solve(task, config)
        conn.send(
            {
                "attempts": solution.submission_entry(),
                "solved_demonstrations": solution.solved_demonstrations,
                "program": solution.programs[0].text if solution.programs else None,
                "candidates": solution.trace.candidates_evaluated,
                "candidates_per_second": solution.trace.candidates_per_second,
                "first_solution": solution.trace.candidates_before_first_solution,
                "first_solution_seconds": solution.trace.seconds_to_first_solution,
                "prior_seconds": solution.trace.phase_seconds["prior"],
                "predict_seconds": solution.trace.prior.get("predict_seconds", 0.0),
                "depth": solution.trace.depth_reached,
                "predicted_sizes": [_shape(size) for size in solution.trace.predicted_sizes],
                "first_mechanisms": [pair[0].mechanism for pair in solution.attempts if pair],
                "attempt_programs": [
                    [{"program": a.program, "consistent": a.consistent} for a in pair]
                    for pair in solution.attempts
                ],
                "steps": [asdict(step) for step in solution.trace.winner_steps],
                "program_predictions": [program.predictions for program in solution.programs],
                "peak_rss_mb": peak_rss_mb(),
                "mechanism_seconds": _mechanism_seconds(solution.trace.mechanisms),
            }
        )
    except BaseException as error:  # report anything, including MemoryError, to the parent
        resource.setrlimit(MEMORY_LIMIT, (hard, hard))  # reporting needs memory too
        conn.send({"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()})
    finally:
        conn.close()


def _mechanism_seconds(mechanisms: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Seconds each answer generator spent on the task (those that ran and timed themselves)."""
    return {
        name: float(info["seconds"])
        for name, info in mechanisms.items()
        if isinstance(info.get("seconds"), (int, float))
    }


def writable_memory_mb() -> int:
    """This process's writable private memory in MiB: what `MEMORY_LIMIT` counts."""
    with open("/proc/self/status") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmData:"))
    return kib // 1024


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _shape(size: Any) -> list[int] | None:
    return None if size is None else [int(side) for side in size]


def score_task(task: Task, attempts: list[dict[str, Any]]) -> tuple[float | None, list[bool]]:
    """The official rule: a test input counts if either attempt equals its output exactly."""
    if not task.has_test_outputs:
        return None, []
    solved = []
    for pair, entry in zip(task.test, attempts, strict=False):
        truth = pair.output.astype(int).tolist()
        solved.append(truth in (entry.get("attempt_1"), entry.get("attempt_2")))
    solved += [False] * (len(task.test) - len(solved))
    return sum(solved) / len(task.test), solved


def size_checks(task: Task, predicted: list[list[int] | None]) -> list[bool | None]:
    """Per test input, whether the predicted output shape is the true one (None where the truth
    is unknown; a missing prediction is not right)."""
    checks: list[bool | None] = []
    for index, pair in enumerate(task.test):
        size = predicted[index] if index < len(predicted) else None
        checks.append(None if pair.output is None else size == list(pair.output.shape))
    return checks


def first_right_program(task: Task, predictions: list[list[GridRows]]) -> int | None:
    """The rank of the first program (each given by its test predictions) that is right on
    every test output (None when none is, or the truths are unknown)."""
    if not task.has_test_outputs:
        return None
    truths = [pair.output.astype(int).tolist() for pair in task.test]
    return next((rank for rank, grids in enumerate(predictions) if grids == truths), None)


def _placeholder(task: Task) -> list[dict[str, Any]]:
    return [{"attempt_1": PLACEHOLDER, "attempt_2": PLACEHOLDER} for _ in task.test]


def _finish(task: Task, started: float, message: dict[str, Any] | None, status: str) -> TaskResult:
    seconds = time.monotonic() - started
    if message is None or "error" in message:
        error = (message or {}).get("error", status)
        result = TaskResult(
            task.id,
            status if message is None else "crash",
            seconds,
            _placeholder(task),
            error=error,
        )
    else:
        result = TaskResult(
            task.id,
            "ok",
            seconds,
            message["attempts"],
            solved_demonstrations=message["solved_demonstrations"],
            program=message["program"],
            candidates=message["candidates"],
            candidates_per_second=message["candidates_per_second"],
            candidates_before_first_solution=message["first_solution"],
            seconds_to_first_solution=message["first_solution_seconds"],
            prior_seconds=message["prior_seconds"],
            prior_predict_seconds=message["predict_seconds"],
            depth_reached=message["depth"],
            predicted_sizes=message["predicted_sizes"],
            first_mechanisms=message["first_mechanisms"],
            attempt_programs=message["attempt_programs"],
            steps=message["steps"],
            peak_rss_mb=message.get("peak_rss_mb"),
            mechanism_seconds=message.get("mechanism_seconds", {}),
        )
    result.score, result.test_solved = score_task(task, result.attempts)
    result.size_right = size_checks(task, result.predicted_sizes)
    if message is not None and "error" not in message:
        result.right_program_rank = first_right_program(task, message["program_predictions"])
    return result


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM during a fork: one that lands inside the fork's own handlers is
    swallowed there ("Exception ignored"); held, it arrives just after, where it stops the batch."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Running:
    """A worker process solving one task (started at once unless `start` is False)."""

    def __init__(
        self,
        task: Task,
        config: EvalConfig,
        context: Any,
        margin: float | None = None,
        start: bool = True,
    ) -> None:
        self.task = task
        self.margin = HARD_TIMEOUT_MARGIN if margin is None else margin
        self.budget_seconds = config.budget_seconds
        receive, self.send = context.Pipe(duplex=False)
        self.conn = receive
        self.process = context.Process(
            target=_solve_in_child,
            args=(task, config.search, config.memory_mb_per_worker, self.send),
            daemon=True,
        )
        if start:
            self.start()

    def start(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.budget_seconds + self.margin
        with _stop_signals_held():
            self.process.start()
        self.send.close()

    def stop(self) -> None:
        """Kill the worker if it was started (it ignores SIGTERM, so only a kill ends it)."""
        if self.process.pid is not None:
            self.process.kill()
            self.process.join()

    def poll(self) -> TaskResult | None:
        """The result if the worker is done (or overdue and killed), else None."""
        if self.conn.poll():
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                message = None
            self.process.join(timeout=5)
            return _finish(self.task, self.started, message, "crash")
        if not self.process.is_alive():
            self.process.join()
            return _finish(self.task, self.started, None, f"crash (exit {self.process.exitcode})")
        if time.monotonic() > self.deadline:
            self.process.kill()
            self.process.join()
            return _finish(self.task, self.started, None, "timeout")
        return None


def run_batch(
    tasks: list[Task],
    config: EvalConfig,
    progress: TextIO | None = sys.stderr,
    on_result: OnResult | None = None,
) -> list[TaskResult]:
    """Solve every task with `config.workers` processes at a time (or on Ray with
    `config.backend == "ray"`); results in task order. Interrupted, it kills its workers."""
    search = replace(config.search, budget_seconds=config.budget_seconds)
    config = replace(config, search=search)
    if config.backend == "ray":
        from benchmarks.ray_backend import run_ray_batch

        return run_ray_batch(tasks, config, progress, on_result)
    prepare(search)  # load the prior once; every forked worker inherits it
    running: list[_Running] = []
    try:
        results = _run_local(tasks, config, running, progress, on_result)
    finally:
        for job in running:  # left only when interrupted
            job.stop()
    return [results[t.id] for t in tasks]


def _run_local(
    tasks: list[Task],
    config: EvalConfig,
    running: list[_Running],
    progress: TextIO | None,
    on_result: OnResult | None,
) -> dict[str, TaskResult]:
    context = mp.get_context("fork")
    pending = list(reversed(tasks))
    results: dict[str, TaskResult] = {}
    started = time.monotonic()
    while pending or running:
        while pending and len(running) < config.workers:
            # Listed before it starts: an interrupt (SIGTERM) between the two must not leave a
            # worker that nobody kills, which would keep the batch from exiting.
            job = _Running(pending.pop(), config, context, start=False)
            running.append(job)
            job.start()
        time.sleep(0.02)
        for job in list(running):
            result = job.poll()
            if result is not None:
                running.remove(job)
                results[job.task.id] = result
                if on_result is not None:
                    on_result(result)
                if progress is not None:
                    _progress(progress, results, len(tasks), time.monotonic() - started)
    if progress is not None:
        progress.write("\n")
    return results


def evaluate_into(
    out: Path,
    tasks: list[Task],
    config: EvalConfig,
    dataset: str,
    resume: bool = False,
    progress: TextIO | None = None,
) -> dict[str, Any]:
    """Solve the tasks and write their outputs to `out`, keeping each task as it finishes:
    in the journal, and in submission.json and report.json. With `resume`, the tasks the
    journal already holds are not solved again. Returns the report; BatchInterrupted (after
    writing the finished tasks' outputs) on Ctrl-C or SIGTERM. Progress goes to `progress`."""
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal(out, resume)
    wanted = {task.id for task in tasks}
    done = {i: from_entry(e) for i, e in journal.kept.items() if i in wanted}

    def keep(result: TaskResult) -> None:
        done[result.task_id] = result  # first: a signal after the journal line must not lose it
        journal.add(asdict(result))
        finished = [done[t.id] for t in tasks if t.id in done]
        report = summarise(finished, config, dataset, len(tasks))
        write_outputs(out, finished, report, html=False)

    interrupted = False
    try:
        run_batch([t for t in tasks if t.id not in done], config, progress, keep)
    except (KeyboardInterrupt, SystemExit):  # Ray turns SIGTERM into SystemExit
        interrupted = True
    finished = [done[t.id] for t in tasks if t.id in done]
    report = summarise(finished, config, dataset, len(tasks))
    write_outputs(out, finished, report, tasks)
    if interrupted:
        raise BatchInterrupted(len(finished), len(tasks), out)
    return report


def from_entry(entry: dict[str, Any]) -> TaskResult:
    """A TaskResult from its journal entry."""
    names = {f.name for f in fields(TaskResult)}
    return TaskResult(**{k: v for k, v in entry.items() if k in names})


def _progress(out: TextIO, results: dict[str, TaskResult], total: int, elapsed: float) -> None:
    done = len(results)
    scored = [r.score for r in results.values() if r.score is not None]
    score = f"{sum(scored) / len(scored):.1%}" if scored else "n/a"
    width = 30
    filled = int(width * done / max(total, 1))
    bar = "#" * filled + "-" * (width - filled)
    out.write(f"\r[{bar}] {done}/{total} score {score} ({sum(scored):.1f} tasks) {elapsed:.0f}s ")
    out.flush()


def _median(values: list[float | int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def summarise(
    results: list[TaskResult], config: EvalConfig, dataset: str, planned: int | None = None
) -> dict[str, Any]:
    """The report's numbers: official score, solved ids, timing and throughput; `planned` is
    how many tasks the batch set out to solve (all of `results` when not given)."""
    scored = [r for r in results if r.score is not None]
    seconds = [r.seconds for r in results]
    rates = [r.candidates_per_second for r in results if r.candidates]
    to_solution = [r.seconds_to_first_solution for r in results if r.score]
    candidates_to_solution = [r.candidates_before_first_solution for r in results if r.score]
    return {
        "dataset": dataset,
        "commit": git_commit(),
        "budget_seconds": config.budget_seconds,
        "workers": config.workers,
        "prior": config.search.prior,
        "tta": config.search.tta,
        "cpu_count": os.cpu_count(),
        "tasks": len(results),
        "tasks_planned": len(results) if planned is None else planned,
        "scored_tasks": len(scored),
        "score": sum(r.score for r in scored) / len(scored) if scored else None,
        "solved": sum(r.score for r in scored),
        "solved_ids": [r.task_id for r in scored if r.score and r.score > 0],
        "demonstrations_solved": sum(r.solved_demonstrations for r in results),
        "median_seconds": statistics.median(seconds) if seconds else None,
        "total_seconds": sum(seconds),
        "median_candidates_per_second": statistics.median(rates) if rates else None,
        "median_seconds_to_solution": _median(to_solution),
        "median_candidates_to_solution": _median(candidates_to_solution),
        "max_prior_seconds": max((r.prior_seconds for r in results), default=0.0),
        "statuses": {s: sum(r.status == s for r in results) for s in {r.status for r in results}},
        "mechanisms": list(config.search.mechanisms),
        "size_right": sum(check is True for r in results for check in r.size_right),
        "size_known": sum(check is not None for r in results for check in r.size_right),
        "right_program_anywhere": sum(r.right_program_rank is not None for r in results),
        "right_program_missed": sum(
            r.right_program_rank is not None and (r.score or 0) < 1 for r in results
        ),
        "first_mechanisms": dict(Counter(m for r in results for m in r.first_mechanisms)),
        "winners": winners_by_mechanism(results),
        "stacks_by_layers": stacks_by_layers(results),
        "median_peak_rss_mb": _median([r.peak_rss_mb for r in results]),
        "max_peak_rss_mb": max(
            (r.peak_rss_mb for r in results if r.peak_rss_mb is not None), default=None
        ),
        "mechanism_seconds": mechanism_seconds(results),
        "depth_reached": depth_counts(results),
        "per_task": [_per_task(r) for r in results],
    }


def depth_counts(results: list[TaskResult]) -> dict[str, int]:
    """How many finished tasks the first search took to each depth (keys are depths as text)."""
    depths = Counter(r.depth_reached for r in results if r.status == "ok")
    return {str(depth): depths[depth] for depth in sorted(depths)}


def mechanism_seconds(results: list[TaskResult]) -> dict[str, dict[str, float]]:
    """Per answer generator, over the tasks it ran on: how many, median and max seconds."""
    spent: dict[str, list[float]] = {}
    for r in results:
        for name, seconds in r.mechanism_seconds.items():
            spent.setdefault(name, []).append(seconds)
    return {
        name: {"tasks": len(values), "median": statistics.median(values), "max": max(values)}
        for name, values in sorted(spent.items())
    }


def winners_by_mechanism(results: list[TaskResult]) -> dict[str, dict[str, float]]:
    """Per mechanism of the first attempt, over the scored tasks whose demonstrations some
    program reproduced: how many it won, how many of those it got right, and its overfit rate
    (won but a test output wrong, over won)."""
    won: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for r in results:
        if r.score is None or not r.solved_demonstrations or not r.first_mechanisms:
            continue
        won[r.first_mechanisms[0]] += 1
        right[r.first_mechanisms[0]] += r.score == 1.0
    return {
        name: {"won": won[name], "right": right[name], "overfit": 1 - right[name] / won[name]}
        for name in sorted(won)
    }


STACK_LAYER_OPS = ("paint_coloured", "paint_black", "paint_coloured_as", "paint_black_as")
"""The primitives a stacked answer lays each layer with (solver/stack.py)."""


def stacks_by_layers(results: list[TaskResult]) -> dict[str, dict[str, int]]:
    """Over the scored tasks whose first attempt is a stack that reproduces every demonstration
    (on the original or renamed colours): by its number of layers, how many it won and how many
    of those it got right. Keys are layer counts as text."""
    tally: dict[int, tuple[int, int]] = {}
    for r in results:
        mechanism = r.first_mechanisms[0] if r.first_mechanisms else ""
        if r.score is None or not r.solved_demonstrations or "stack" not in mechanism:
            continue
        layers = _layer_count(r.program or "")
        won, right = tally.get(layers, (0, 0))
        tally[layers] = (won + 1, right + (r.score == 1.0))
    return {str(n): {"won": w, "right": r} for n, (w, r) in sorted(tally.items())}


def _layer_count(program: str) -> int:
    """How many steps of a program's text lay a stack's layer."""
    steps = [line.split("=", 1)[1] for line in program.splitlines() if "=" in line]
    ops = [step.strip().split("(", 1)[0] for step in steps]
    return sum(op in STACK_LAYER_OPS for op in ops)


def _listing(parts: Iterable[str], separator: str = "; ") -> str:
    """The parts joined, or "none" when there are none."""
    return separator.join(parts) or "none"


def _stack_layers(by_layers: dict[str, dict[str, int]]) -> str:
    return _listing((f"{n}: {t['right']}/{t['won']}" for n, t in by_layers.items()), separator=", ")


def _winners(winners: dict[str, dict[str, float]]) -> str:
    return _listing(
        f"{name} won {w['won']:.0f}, right on {w['right']:.0f} (overfit {w['overfit']:.0%})"
        for name, w in winners.items()
    )


def _per_task(result: TaskResult) -> dict[str, Any]:
    """A task's line in report.json: the result without its grids and viewer-only data."""
    entry = {k: v for k, v in asdict(result).items() if k not in VIEWER_ONLY}
    return entry | {"attempts": None}


def write_outputs(
    out_dir: Path,
    results: list[TaskResult],
    report: dict[str, Any],
    tasks: list[Task] | None = None,
    html: bool = True,
) -> None:
    """submission.json (official format), report.json, report.md and, with `html`, report.html
    (the viewer; without `tasks` it shows the attempts but no demonstrations, inputs or truths).
    Each file is replaced whole."""
    out_dir.mkdir(parents=True, exist_ok=True)
    submission = {r.task_id: r.attempts for r in results}
    write_atomic(out_dir / "submission.json", json.dumps(submission))
    write_atomic(out_dir / "report.json", json.dumps(report, indent=1))
    write_atomic(out_dir / "report.md", render_markdown(report))
    if html:
        write_atomic(out_dir / "report.html", render_report_html(tasks or [], results, report))


def text_or_na(value: float | None, spec: str) -> str:
    """The value formatted by `spec`, or "n/a" when there is none."""
    return "n/a" if value is None else format(value, spec)


def _depths(counts: dict[str, int]) -> str:
    return _listing((f"depth {depth}: {count}" for depth, count in counts.items()), ", ")


def _generator_seconds(spent: dict[str, dict[str, float]]) -> str:
    return _listing(
        f"{name} {s['median']:.2f} / {s['max']:.2f} ({s['tasks']:.0f} tasks)"
        for name, s in spent.items()
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items())) or "none"


def _unfinished(report: dict[str, Any]) -> list[str]:
    planned = report.get("tasks_planned", report["tasks"])
    if planned == report["tasks"]:
        return []
    return [f"- interrupted: {report['tasks']} of {planned} tasks finished (rerun with --resume)"]


def render_markdown(report: dict[str, Any]) -> str:
    """A human-readable report."""
    score = report["score"]
    lines = [
        f"# arcsynth on {report['dataset']}",
        "",
        f"- score (pass@2, official rule): **{score:.1%}** ({report['solved']:.1f} of "
        f"{report['scored_tasks']} tasks)"
        if score is not None
        else "- score: n/a (no test outputs)",
        f"- demonstrations reproduced: {report['demonstrations_solved']} of {report['tasks']}",
        f"- budget {report['budget_seconds']} s per task, {report['workers']} workers, "
        f"{report['cpu_count']} cores, prior {report['prior']}"
        f"{' + TTA' if report['tta'] else ''}, mechanisms {', '.join(report['mechanisms'])}, "
        f"commit `{report['commit']}`",
        f"- median seconds per task: {text_or_na(report['median_seconds'], '.2f')}; total "
        f"{report['total_seconds']:.0f} s",
        f"- median candidates/s: {report['median_candidates_per_second'] or 0:.0f}",
        f"- on solved tasks, median seconds to the first consistent program: "
        f"{text_or_na(report['median_seconds_to_solution'], '.2f')}; median candidates before it: "
        f"{text_or_na(report['median_candidates_to_solution'], '.0f')}",
        f"- output size right on {report['size_right']} of {report['size_known']} test outputs; "
        f"first attempts by mechanism: {_counts(report['first_mechanisms'])}",
        f"- a consistent program was right on every test output of "
        f"{report.get('right_program_anywhere', 'n/a')} tasks; the two attempts missed it on "
        f"{report.get('right_program_missed', 'n/a')} (what better ranking could gain)",
        f"- tasks whose demonstrations a program reproduced, by the first attempt's mechanism: "
        f"{_winners(report['winners'])}",
        f"- stacks that won, by layers (right/won): "
        f"{_stack_layers(report.get('stacks_by_layers', {}))}",
        f"- peak RSS per solve: median {text_or_na(report['median_peak_rss_mb'], '.0f')} MiB,"
        f" max {text_or_na(report['max_peak_rss_mb'], '.0f')} MiB",
        f"- tasks by the depth the first search reached: "
        f"{_depths(report.get('depth_reached', {}))}",
        f"- seconds per generator, median / max over the tasks it ran on: "
        f"{_generator_seconds(report.get('mechanism_seconds', {}))}",
        f"- statuses: {report['statuses']}",
        *_unfinished(report),
        "",
        "| task | score | seconds | candidates | depth | program |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["per_task"]:
        program = (r["program"] or "").replace("\n", "; ")
        score_text = "-" if r["score"] is None else f"{r['score']:.2f}"
        lines.append(
            f"| {r['task_id']} | {score_text} | {r['seconds']:.1f} | {r['candidates']} | "
            f"{r['depth_reached']} | `{program}` |"
        )
    return "\n".join(lines) + "\n"
