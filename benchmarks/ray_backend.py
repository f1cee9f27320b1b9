"""Batch evaluation on Ray: one Ray task per ARC task, on a running cluster or a local instance.

Inside its Ray task an ARC task is solved exactly as the local backend solves it
(`benchmarks/evaluate.py`): in a forked process with the task's budget and a memory limit, killed
at budget + HARD_TIMEOUT_MARGIN, so a task that raises, dies, runs out of memory or overruns is
scored 0 and logged with the same status, and the batch goes on. The Ray worker itself never runs
under the limit, and is cancelled with force (scored 0 as a timeout) if it has not answered
RAY_GRACE_SECONDS after that; a Ray task that fails (its worker or node died, Ray's own memory
monitor killed it) is scored 0 as a crash. Ray is imported only here, and only when used.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any, TextIO

import benchmarks.evaluate as evaluate
from benchmarks.evaluate import EvalConfig, OnResult, TaskResult
from solver import Task, prepare

MISSING_RAY = "ray backend needs the cluster extra: pip install 'arcsynth[cluster]'"
STARTED = "started"
"""The Ray task's first message: it is running, so its deadline counts from now."""
REACH_TIMEOUT_SECONDS = 3.0
"""How long to wait for a TCP connection to `--address` before saying it cannot be reached."""
RAY_GRACE_SECONDS = 5.0
"""Seconds past budget + margin before the driver cancels a Ray task that has not answered."""
POLL_SECONDS = 0.02
_FORK = mp.get_context("fork")


class ClusterUnreachable(ConnectionError):
    """The Ray cluster at the given address cannot be reached."""


def require_ray() -> ModuleType:
    """The `ray` module, or an ImportError that says how to install it."""
    try:
        import ray
    except ImportError as error:
        raise ImportError(MISSING_RAY) from error
    return ray


def _solve_remote(task: Task, config: EvalConfig, margin: float) -> Iterator[Any]:
    """The Ray task: say it has started, then solve in a forked process as `run_batch` does."""
    prepare(config.search)  # load the prior once per Ray worker; every fork inherits it
    yield STARTED
    # A Ray worker holds hundreds of MiB (its heap, thread stacks) before any task runs, and
    # the fork inherits them: the task may add its memory to that.
    memory_mb = evaluate.writable_memory_mb() + config.memory_mb_per_worker
    job = evaluate._Running(task, replace(config, memory_mb_per_worker=memory_mb), _FORK, margin)
    try:
        while (result := job.poll()) is None:
            time.sleep(POLL_SECONDS)
    finally:  # interrupted (a cancel): take the solve down too
        job.stop()
    yield result


@dataclass
class _Job:
    """One submitted Ray task."""

    task: Task
    stream: Any  # ray.ObjectRefGenerator: STARTED, then the TaskResult
    started: float  # when submitted, then when the Ray task reported that it started
    deadline: float | None = None  # set once started


def run_ray_batch(
    tasks: list[Task],
    config: EvalConfig,
    progress: TextIO | None = sys.stderr,
    on_result: OnResult | None = None,
) -> list[TaskResult]:
    """Solve every task as a Ray task with one CPU; results in task order, each also passed to
    `on_result` as it comes. Interrupted, it cancels the Ray tasks still running.

    Uses Ray as it is when this process is already connected; otherwise joins the cluster at
    `config.address`, or starts a local instance with `config.workers` CPUs, and disconnects after.
    """
    ray = require_ray()
    connected_here = _connect(ray, config)
    try:
        return _run(ray, tasks, config, progress, on_result)
    finally:
        if connected_here:
            ray.shutdown()


def _connect(ray: ModuleType, config: EvalConfig) -> bool:
    """Connect to Ray unless already connected; True when this call connected."""
    if ray.is_initialized():
        return False
    quiet = {"logging_level": logging.WARNING, "log_to_driver": False}
    if config.address:
        _check_reachable(config.address)
        try:
            ray.init(address=config.address, **quiet)
        except ConnectionError as error:
            raise ClusterUnreachable(_unreachable(config.address, error)) from None
    else:  # "local": a new instance, even where `ray start` runs a cluster on this machine
        ray.init(address="local", num_cpus=config.workers, include_dashboard=False, **quiet)
    return True


def _check_reachable(address: str) -> None:
    """Fail fast, with a clear message, when nothing listens at a `host:port` address.

    Ray itself retries for about 20 s and then raises from deep inside; "auto" and addresses
    that are not `host:port` are left to Ray.
    """
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), REACH_TIMEOUT_SECONDS):
            pass
    except OSError as error:
        raise ClusterUnreachable(_unreachable(address, error)) from None


def _unreachable(address: str, error: Exception) -> str:
    return (
        f"cannot reach a Ray cluster at {address} ({error}); start one there with "
        "`ray start --head`, or leave out --address to run a local instance"
    )


def _submit(ray: ModuleType, tasks: list[Task], config: EvalConfig) -> list[_Job]:
    """One Ray task per ARC task: one CPU, no retries, its messages streamed back."""
    remote = ray.remote(_solve_remote).options(num_cpus=1, max_retries=0, num_returns="streaming")
    margin = evaluate.HARD_TIMEOUT_MARGIN
    return [_Job(task, remote.remote(task, config, margin), time.monotonic()) for task in tasks]


def _run(
    ray: ModuleType,
    tasks: list[Task],
    config: EvalConfig,
    progress: TextIO | None,
    on_result: OnResult | None,
) -> list[TaskResult]:
    jobs = _submit(ray, tasks, config)
    try:
        results = _collect(ray, jobs, config, progress, on_result)
    finally:
        for job in jobs:  # left only when interrupted
            ray.cancel(job.stream, force=True)
    return [results[task.id] for task in tasks]


def _collect(
    ray: ModuleType,
    jobs: list[_Job],
    config: EvalConfig,
    progress: TextIO | None,
    on_result: OnResult | None,
) -> dict[str, TaskResult]:
    """Wait for every job's result, cancelling overdue ones; `jobs` empties as they finish."""
    total = len(jobs)
    results: dict[str, TaskResult] = {}
    begun = time.monotonic()
    while jobs:
        streams = [job.stream for job in jobs]
        ready, _ = ray.wait(streams, num_returns=len(streams), timeout=POLL_SECONDS)
        ready_ids = {id(stream) for stream in ready}
        for job in list(jobs):
            result = _step(ray, job, config) if id(job.stream) in ready_ids else _check(ray, job)
            if result is not None:
                jobs.remove(job)
                results[job.task.id] = result
                if on_result is not None:
                    on_result(result)
                if progress is not None:
                    evaluate._progress(progress, results, total, time.monotonic() - begun)
    if progress is not None:
        progress.write("\n")
    return results


def _step(ray: ModuleType, job: _Job, config: EvalConfig) -> TaskResult | None:
    """Take the job's next message: note that it started, or return its result."""
    try:
        message = ray.get(next(job.stream))
    except StopIteration:
        message = {"error": "the Ray task ended without a result"}
    except ray.exceptions.RayError as error:  # its worker or node died, or Ray killed it
        message = {"error": _describe(ray, error), "trace": str(error)}
    if isinstance(message, TaskResult):
        return message
    if message != STARTED:
        return evaluate._finish(job.task, job.started, message, "crash")
    job.started = time.monotonic()
    overdue = config.budget_seconds + evaluate.HARD_TIMEOUT_MARGIN + RAY_GRACE_SECONDS
    job.deadline = job.started + overdue
    return None


def _check(ray: ModuleType, job: _Job) -> TaskResult | None:
    """Cancel the job (killing its Ray worker) and score it 0 once it is overdue."""
    if job.deadline is None or time.monotonic() <= job.deadline:
        return None
    ray.cancel(job.stream, force=True)
    return evaluate._finish(job.task, job.started, None, "timeout")


def _describe(ray: ModuleType, error: Exception) -> str:
    """`Type: message` of what went wrong: the task's own exception where it raised one."""
    if isinstance(error, ray.exceptions.RayTaskError) and error.cause is not None:
        error = error.cause
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"
