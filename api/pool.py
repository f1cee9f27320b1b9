"""Solve workers: one process per worker, a bounded queue, and a hard deadline per job.

Each worker is a long-lived process with its own pipe to the server; it takes one job at a time,
so killing a worker kills exactly one job. A job is admitted only while fewer than
`workers + queue` jobs are admitted; otherwise `PoolBusy` (503). An admitted job waits for an idle
worker, runs with whatever is left of its budget, and is killed with its worker at
`arrival + budget + margin`. A worker that is killed (deadline, a client that went away) or dies
(out of memory, a signal) is replaced by a fresh one; only its own job fails.

    pool = SolvePool(workers=2, queue=8, timeout_margin=2.0)
    await pool.start()
    result = await pool.run(task_json, "my-task", budget_seconds=10.0)
    await pool.shutdown(grace=32.0)

Everything here runs on the event loop; pipes and process sentinels are watched with
`loop.add_reader`, so no thread ever waits on a worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing as mp
import os
import resource
import signal
import statistics
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from solver import SearchConfig, TaskLimits, prepare, primitives, solve, task_from_json

log = logging.getLogger("arcsynth.pool")

MIN_SOLVE_SECONDS = 0.1
"""A queued job starts only while at least this much of its budget is left."""

START_TIMEOUT = 60.0
"""Seconds a new worker may take to import the solver and report ready."""

STOP_TIMEOUT = 5.0
"""Seconds a worker asked to stop may take before it is killed."""

RETRY_SLACK = 0.1
"""Seconds a solve may run past its budget (the search stops, the answer is sent back): added to
a job's budget when Retry-After estimates when it ends."""

MAX_RETRY_AFTER = 60
"""The largest Retry-After the pool sends, in seconds."""


class PoolError(Exception):
    """A job that did not produce a solution; the message says why, for the client."""


class PoolBusy(PoolError):
    """Every worker is busy and the queue is full (or the job waited past its budget)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PoolClosed(PoolError):
    """The pool is shutting down and takes no new jobs."""


class JobTimeout(PoolError):
    """The job overran its budget plus the margin; its worker was killed."""


class WorkerDied(PoolError):
    """The worker running the job died (killed, out of memory); it has been replaced."""


class JobFailed(PoolError):
    """The solver raised an exception on the job."""


@dataclass(frozen=True)
class Job:
    """What a worker needs to solve one task: ARC JSON, an id, limits and a budget."""

    task: dict[str, Any]
    task_id: str
    limits: TaskLimits
    budget_seconds: float


@dataclass(frozen=True)
class JobResult:
    """A solution (`Solution.to_json()`) and where the job's time went."""

    solution: dict[str, Any]
    budget_seconds: float
    queued_seconds: float
    run_seconds: float


# ------------------------------------------------------------------------------- Retry-After


class Running(NamedTuple):
    """A job on a worker, in loop time: when it started and when its budget ends."""

    started: float
    budget_ends: float


class Waiting(NamedTuple):
    """A job waiting for a worker, in loop time: the latest it may start (else it gives up with
    503) and when its budget ends."""

    latest_start: float
    budget_ends: float


def retry_after_seconds(
    now: float,
    workers: int,
    running: Sequence[Running],
    waiting: Sequence[Waiting],
    typical: float | None = None,
    until: str = "admitted",
) -> int:
    """Seconds a refused client should wait, estimated from the jobs ahead of it, never more.

    A running job ends when its budget does (plus `RETRY_SLACK`), or sooner: after `typical`
    seconds (recent jobs' time on a worker) if it has not run that long yet. A waiting job takes
    the first worker that frees up, in arrival order, and gives up if none does by its latest
    start. `until="admitted"` (the queue is full): until an admitted job leaves, which makes room
    for one more. `until="worker"` (the client waited past its budget): until a worker would be
    free for a new job behind all those waiting. Whole seconds, rounded up, at least 1 and at
    most `MAX_RETRY_AFTER`; a worker that is not running a job (starting up) counts as free now.
    """
    if until not in ("admitted", "worker"):
        raise ValueError(f"until must be 'admitted' or 'worker', not {until!r}")

    def end(started: float, budget_ends: float) -> float:
        if typical is not None and started + typical > now:
            return min(budget_ends, started + typical) + RETRY_SLACK
        return budget_ends + RETRY_SLACK

    ends = [end(*job) for job in running]
    free_now = [now] * max(workers - len(ends), 0)
    if until == "admitted":
        soonest = min([*ends, *free_now, *(job.latest_start for job in waiting)], default=now)
    else:
        frees = sorted([*ends, *free_now])
        for job in waiting:
            free = frees[0]
            if free > job.latest_start:
                continue  # it gives up; the worker stays free for the next one
            started = max(free, now)
            frees[0] = end(started, max(job.budget_ends, started + MIN_SOLVE_SECONDS))
            frees.sort()
        soonest = frees[0] if frees else now
    wait = max(soonest - now, 0.0)
    return max(1, min(MAX_RETRY_AFTER, math.ceil(wait - 1e-9)))


# ---------------------------------------------------------------------------------- the worker


def _worker_main(conn: Any, memory_mb: int, search: SearchConfig) -> None:
    """Worker process body: report ready, then solve jobs from the pipe until told to stop."""
    # The server handles Ctrl+C and stops workers itself; SIGTERM kills (a forked worker would
    # otherwise inherit the server's handlers and its event loop's wake-up pipe).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    primitives()  # load every DSL family (and the prior) now, not in the first job's budget
    prepare(search)
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))  # heap and anonymous maps
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        if job is None:
            return
        try:
            task = task_from_json(job.task, job.task_id, job.limits)
            solution = solve(task, replace(search, budget_seconds=job.budget_seconds))
            reply: tuple[Any, ...] = ("ok", solution.to_json())
        except BaseException as error:  # MemoryError included: report it, the pool recycles us
            reply = ("error", f"{type(error).__name__}: {error}")
        try:
            conn.send(reply)
        except OSError:
            return


def _exit_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "it stopped answering"
    if exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else "?"
        hint = " (out of memory, or killed from outside)" if -exitcode == signal.SIGKILL else ""
        return f"it was killed by signal {-exitcode} ({name}){hint}"
    return f"it exited with status {exitcode}"


async def _readable(fds: tuple[int, ...], timeout: float) -> None:
    """Wait until one of `fds` is readable; TimeoutError after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    for fd in fds:
        loop.add_reader(fd, wake)
    try:
        async with asyncio.timeout(max(timeout, 0.0)):
            await ready
    finally:
        for fd in fds:
            loop.remove_reader(fd)


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context: Any, memory_mb: int, search: SearchConfig) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_worker_main,
            args=(child, memory_mb, search),
            name="arcsynth-solve",
            daemon=True,
        )
        self.process.start()
        child.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    async def receive(self, deadline: float) -> tuple[Any, ...]:
        """The worker's next message; TimeoutError at `deadline` (loop time), WorkerDied if
        the worker ends first."""
        if not self.conn.poll() and self.process.is_alive():
            timeout = deadline - asyncio.get_running_loop().time()
            await _readable((self.conn.fileno(), self.process.sentinel), timeout)
        if self.conn.poll():
            with contextlib.suppress(EOFError, OSError):
                return self.conn.recv()
        self.process.join(timeout=1.0)
        raise WorkerDied(f"the solve worker died: {_exit_reason(self.process.exitcode)}")

    def send(self, message: Any) -> None:
        try:
            self.conn.send(message)
        except OSError:
            self.process.join(timeout=1.0)
            raise WorkerDied(
                f"the solve worker died: {_exit_reason(self.process.exitcode)}"
            ) from None

    async def stop(self, timeout: float) -> None:
        """Ask the worker to exit, kill it if it does not within `timeout`, and reap it."""
        if self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            await self._exited(timeout)
        await self.kill()

    async def kill(self) -> None:
        """Kill the worker (if alive) and reap it."""
        if self.process.is_alive():
            self.process.kill()
            await self._exited(STOP_TIMEOUT)
        self.process.join(timeout=1.0)
        self.conn.close()

    async def _exited(self, timeout: float) -> bool:
        # Polled rather than watched: `receive` may be watching the sentinel at the same time.
        loop = asyncio.get_running_loop()
        give_up = loop.time() + timeout
        while self.process.is_alive() and loop.time() < give_up:
            await asyncio.sleep(0.02)
        return not self.process.is_alive()


# ------------------------------------------------------------------------------------ the pool


class SolvePool:
    """A fixed number of solve worker processes behind a bounded queue."""

    def __init__(
        self,
        workers: int,
        queue: int,
        timeout_margin: float,
        memory_mb: int = 0,
        start_method: str = "spawn",
        search: SearchConfig | None = None,
    ) -> None:
        self.workers = workers
        self.search = search or SearchConfig()
        self.queue = queue
        self.timeout_margin = timeout_margin
        self._memory_mb = memory_mb
        self._context = mp.get_context(start_method)
        self._live: set[_Worker] = set()
        self._idle: list[_Worker] = []
        self._busy: dict[_Worker, Running] = {}
        self._waiters: deque[tuple[asyncio.Future[_Worker], Waiting]] = deque()
        self._admitted = 0
        self._drained = asyncio.Event()
        self._drained.set()
        self._closing = False
        self._background: set[asyncio.Task[None]] = set()
        self._dying: set[_Worker] = set()
        self._recent_seconds: deque[float] = deque(maxlen=20)

    # -------------------------------------------------------------------- life cycle

    async def start(self) -> None:
        """Start every worker and wait until each is ready; RuntimeError if one is not."""
        fresh = [_Worker(self._context, self._memory_mb, self.search) for _ in range(self.workers)]
        self._live.update(fresh)
        outcomes = await asyncio.gather(*(self._ready(w) for w in fresh), return_exceptions=True)
        failed = [o for o in outcomes if isinstance(o, BaseException)]
        if failed:
            await self.shutdown(grace=0)
            raise RuntimeError(f"a solve worker did not start: {failed[0]}")
        for worker in fresh:
            self._release(worker)

    async def shutdown(self, grace: float) -> None:
        """Take no new jobs, let admitted ones finish (up to `grace` seconds), stop workers."""
        self._closing = True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                await self._drained.wait()
        # Replacements under way finish (or give up: closing stops their retries) first.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(START_TIMEOUT):
                await asyncio.gather(*self._background, return_exceptions=True)
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await asyncio.gather(*(w.stop(STOP_TIMEOUT) for w in self._live))
        await asyncio.gather(*(w.kill() for w in self._dying))
        self._live.clear()
        self._dying.clear()
        self._idle.clear()

    # --------------------------------------------------------------------------- jobs

    async def run(
        self, task: dict[str, Any], task_id: str, budget_seconds: float, limits: TaskLimits
    ) -> JobResult:
        """Solve one task in a worker within `budget_seconds` (queue time included).

        Raises PoolBusy, PoolClosed, JobTimeout, WorkerDied or JobFailed. Cancelling the
        call kills the worker running the job (and replaces it).
        """
        if self._closing:
            raise PoolClosed("the server is shutting down and takes no new solves")
        if self._admitted >= self.workers + self.queue:
            raise PoolBusy(
                f"all {self.workers} solve workers are busy and the queue of {self.queue} "
                "is full; retry later",
                self._retry_after(),
            )
        loop = asyncio.get_running_loop()
        arrived = loop.time()
        deadline = arrived + budget_seconds + self.timeout_margin
        self._admitted += 1
        self._drained.clear()
        try:
            worker = await self._acquire(arrived, arrived + budget_seconds)
            started = loop.time()
            left = max(budget_seconds - (started - arrived), MIN_SOLVE_SECONDS)
            message = await self._run_on(worker, Job(task, task_id, limits, left), deadline)
            finished = loop.time()
            self._recent_seconds.append(finished - started)
            return JobResult(message[1], budget_seconds, started - arrived, finished - started)
        finally:
            self._admitted -= 1
            if self._admitted == 0:
                self._drained.set()

    async def _run_on(self, worker: _Worker, job: Job, deadline: float) -> tuple[Any, ...]:
        """Send the job to the worker and wait for its answer; retire the worker on failure."""
        started = asyncio.get_running_loop().time()
        self._busy[worker] = Running(started, started + job.budget_seconds)
        try:
            worker.send(job)
            message = await worker.receive(deadline)
        except TimeoutError:
            self._retire(worker)
            raise JobTimeout(
                f"the solve ran {self.timeout_margin:.1f} s past its budget "
                f"({job.budget_seconds:.1f} s left when it started); its worker was stopped"
            ) from None
        except BaseException:  # WorkerDied, or cancelled (the client went away)
            self._retire(worker)
            raise
        finally:
            self._busy.pop(worker, None)
        if message[0] != "ok":
            self._retire(worker)
            raise JobFailed(f"the solver failed on this task: {message[1]}")
        self._release(worker)
        return message

    async def _acquire(self, arrived: float, budget_ends: float) -> _Worker:
        """An idle, live worker; PoolBusy if none frees up while `MIN_SOLVE_SECONDS` of the
        budget (ending at `budget_ends`, loop time) are left."""
        loop = asyncio.get_running_loop()
        latest_start = budget_ends - MIN_SOLVE_SECONDS
        while True:
            if self._idle:
                worker = self._idle.pop()
            else:
                waiter: asyncio.Future[_Worker] = loop.create_future()
                self._waiters.append((waiter, Waiting(latest_start, budget_ends)))
                try:
                    async with asyncio.timeout(max(latest_start - loop.time(), 0.0)):
                        worker = await waiter
                except TimeoutError:
                    if waiter.done() and not waiter.cancelled():
                        self._release(waiter.result())
                    raise PoolBusy(
                        f"waited {loop.time() - arrived:.1f} s for a solve worker and no "
                        "budget is left; retry later",
                        self._retry_after(until="worker"),
                    ) from None
                except BaseException:
                    if waiter.done() and not waiter.cancelled():
                        self._release(waiter.result())
                    raise
            if worker.process.is_alive():
                return worker
            self._retire(worker)  # died while idle

    def _release(self, worker: _Worker) -> None:
        """Give an idle worker to the longest-waiting job, or keep it idle."""
        while self._waiters:
            waiter, _ = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker now; reap it and start its replacement in the background."""
        if worker.process.is_alive():
            worker.process.kill()
        self._live.discard(worker)
        self._dying.add(worker)
        self._background_task(self._replace(worker))

    async def _replace(self, dead: _Worker) -> None:
        await dead.kill()
        self._dying.discard(dead)
        while not self._closing:
            fresh = _Worker(self._context, self._memory_mb, self.search)
            self._live.add(fresh)
            try:
                await self._ready(fresh)
            except (WorkerDied, TimeoutError) as error:
                log.error("a replacement solve worker did not start: %s", error)
                self._live.discard(fresh)
                await fresh.kill()
                await asyncio.sleep(1.0)
                continue
            self._release(fresh)
            return

    async def _ready(self, worker: _Worker) -> None:
        """Wait for a new worker's ready message."""
        deadline = asyncio.get_running_loop().time() + START_TIMEOUT
        message = await worker.receive(deadline)
        if message[0] != "ready":
            raise WorkerDied(f"the solve worker sent {message[0]!r} instead of 'ready'")

    def _background_task(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _retry_after(self, until: str = "admitted", now: float | None = None) -> int:
        """Retry-After for a refused job, from the jobs running and waiting now (see
        `retry_after_seconds`); `now` is the loop's time unless given."""
        if now is None:
            now = asyncio.get_running_loop().time()
        recent = self._recent_seconds
        return retry_after_seconds(
            now,
            self.workers,
            list(self._busy.values()),
            [waiting for waiter, waiting in self._waiters if not waiter.done()],
            typical=statistics.median(recent) if recent else None,
            until=until,
        )

    # ------------------------------------------------------------------------ reports

    def stats(self) -> dict[str, int]:
        """Workers, how many are solving, how many jobs wait, and the queue's size."""
        return {
            "workers": self.workers,
            "busy": len(self._busy),
            "waiting": self._admitted - len(self._busy),
            "queue": self.queue,
        }

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers."""
        return sorted(w.pid for w in self._live)

    def busy_pids(self) -> list[int]:
        """Process ids of the workers solving a job now."""
        return sorted(w.pid for w in self._busy)
