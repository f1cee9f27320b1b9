"""Load test for `arcsynth serve`: concurrent POST /solve beyond capacity, on loopback only.

    python -m benchmarks.load_test --requests 200 --concurrency 8 --workers 2 --queue 2
    python -m benchmarks.load_test --hard --workers 2 --queue 2 --budget 3 --duration 60
    python -m benchmarks.load_test --url http://127.0.0.1:8000 --server-pid 1234 --requests 100

A client that gets 503 waits --backoff seconds before its next request. Without --url it
starts its own server (`python -m api.cli serve`) on a free loopback port and
stops it with SIGTERM afterwards. Sends at most --requests requests for at most --duration
seconds from --concurrency threads (one keep-alive connection each), and reports throughput,
p50/p99 latency, how many got 503 (queue full), other errors, and the peak resident memory of the
server's process tree (psutil if installed, else /proc), as Markdown.

--hard sends, instead of --task, a task built here with no program to find (`hard_task`: random
20x20 grids), so every solve uses its whole budget; --concurrency defaults to twice what the
server admits at once (workers + queue). Its report adds every status's count, whether each 503
carried Retry-After, how long after a refusal an admitted job actually left (what Retry-After
estimates), and p50/p99 of the 200s against budget + --slack.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import http.client
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.outputs import git_commit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Tally:
    """What the client threads saw, shared under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    latencies_ok: list[float] = field(default_factory=list)
    latencies_all: list[float] = field(default_factory=list)
    solved: int = 0
    retry_after: list[int | None] = field(default_factory=list)
    """Retry-After of each 503 (None: missing or not an integer)."""
    refusals: list[tuple[float, int | None]] = field(default_factory=list)
    """(when, Retry-After) of each 503 for a full queue."""
    departures: list[float] = field(default_factory=list)
    """When each admitted request was answered (any status but a full queue's 503)."""


QUEUE_FULL = "is full"
"""In the detail of a 503 refused at the door (every worker busy and the queue full)."""


def hard_task(side: int = 20, out_side: int = 15, pairs: int = 3, seed: int = 13) -> dict:
    """A task with no program to find (random colours), so a solve runs its whole budget."""
    rng = random.Random(seed)

    def grid(height: int, width: int) -> list[list[int]]:
        return [[rng.randrange(10) for _ in range(width)] for _ in range(height)]

    return {
        "train": [
            {"input": grid(side, side), "output": grid(out_side, out_side)} for _ in range(pairs)
        ],
        "test": [{"input": grid(side, side)}],
    }


# ---------------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(host: str, port: int, path: str) -> dict:
    connection = http.client.HTTPConnection(host, port, timeout=5)
    try:
        connection.request("GET", path)
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def loopback_server(url: str) -> tuple[str, int]:
    """The host and port of an already running server at `url`, once it is healthy; loopback
    only."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    if host not in LOOPBACK:
        raise SystemExit(f"--url must be a loopback address ({', '.join(sorted(LOOPBACK))})")
    _wait_healthy(host, port, None, timeout=10)
    return host, port


def _wait_healthy(host: str, port: int, process: subprocess.Popen | None, timeout: float) -> None:
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server exited with status {process.returncode}")
        try:
            if _get_json(host, port, "/health").get("status") == "ok":
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"no healthy server at {host}:{port} after {timeout:.0f} s")


def _start_server(workers: int, queue: int, max_budget: float) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {**os.environ, "ARCSYNTH_QUEUE": str(queue), "ARCSYNTH_MAX_BUDGET": str(max_budget)}
    command = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _wait_healthy("127.0.0.1", port, process, timeout=60)
    return process, port


# --------------------------------------------------------------------------------------- memory


def _tree_rss_psutil(pid: int) -> int:
    import psutil

    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += process.memory_info().rss
    return total


def _tree_rss_proc(pid: int) -> int:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for member in tree:
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return total


def _rss_reader():
    try:
        import psutil  # noqa: F401

        return _tree_rss_psutil, "psutil"
    except ImportError:
        return _tree_rss_proc, "/proc"


def _sample_rss(
    pid: int, stop: threading.Event, peak: list[int], tally: Tally, samples: list[tuple[int, int]]
) -> None:
    """Track the peak RSS, and the RSS against how many requests were answered so far."""
    read, _ = _rss_reader()
    while not stop.is_set():
        rss = read(pid)
        peak[0] = max(peak[0], rss)
        with tally.lock:
            answered = sum(tally.statuses.values()) + sum(tally.errors.values())
        samples.append((answered, rss))
        stop.wait(0.05)


def _rss_by_quarter(samples: list[tuple[int, int]], total: int) -> list[float]:
    """RSS (MiB) when a quarter, half, three quarters and all of the requests were answered."""
    marks = []
    for quarter in (1, 2, 3, 4):
        wanted = total * quarter // 4
        reached = [rss for answered, rss in samples if answered >= wanted]
        marks.append((reached[0] if reached else samples[-1][1]) / 2**20 if samples else 0.0)
    return marks


# ------------------------------------------------------------------------------------- clients


def _client(host: str, port: int, body: bytes, args: argparse.Namespace, tally: Tally) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=args.budget + 30)
    while time.monotonic() < args.deadline:
        with tally.lock:
            if tally.sent >= args.requests:
                break
            tally.sent += 1
        started = time.monotonic()
        try:
            connection.request("POST", "/solve", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            with tally.lock:
                tally.errors[type(error).__name__] += 1
            continue
        answered = time.monotonic()
        seconds = answered - started
        refused = status == 503 and QUEUE_FULL in data.decode("utf-8", "replace")
        with tally.lock:
            tally.statuses[status] += 1
            tally.latencies_all.append(seconds)
            if status == 200:
                tally.latencies_ok.append(seconds)
                tally.solved += json.loads(data)["attempts"][0][0]["grid"] == args.expected
            retry_after = _retry_after(response.getheader("Retry-After"))
            if status == 503:
                tally.retry_after.append(retry_after)
                if refused:
                    tally.refusals.append((answered, retry_after))
            if not refused:
                tally.departures.append(answered)
        if status == 503:
            waits = args.obey_retry_after and retry_after is not None
            time.sleep(retry_after if waits else args.backoff)
    connection.close()


def _retry_after(header: str | None) -> int | None:
    """The Retry-After header as whole seconds; None if missing or not a number of seconds."""
    try:
        return int(header) if header is not None else None
    except ValueError:
        return None


def _percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1): the value at index q x count of the sorted values (the largest for
    p99 of fewer than 100), NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def retry_after_accuracy(
    refusals: list[tuple[float, int | None]], departures: list[float]
) -> dict[str, float | int]:
    """How Retry-After compared with the wait until an admitted request actually left.

    For each refusal (when, Retry-After) followed by a departure: the wait until the first
    departure after it, and Retry-After minus that wait. `overstated` counts refusals whose
    Retry-After was a second or more longer than the wait (a whole-second header that rounds up
    an exact estimate stays under a second longer)."""
    ordered = sorted(departures)
    waits, over = [], []
    for when, seconds in refusals:
        index = bisect.bisect_right(ordered, when)
        if index == len(ordered) or seconds is None:
            continue
        after = ordered[index]
        waits.append(after - when)
        over.append(seconds - (after - when))
    return {
        "refusals": len(refusals),
        "measured": len(waits),
        "wait_p50_s": _percentile(waits, 0.50),
        "wait_max_s": max(waits, default=float("nan")),
        "retry_after_minus_wait_p50_s": _percentile(over, 0.50),
        "retry_after_minus_wait_max_s": max(over, default=float("nan")),
        "overstated": sum(o >= 1.0 for o in over),
    }


# ---------------------------------------------------------------------------------------- main


def run(args: argparse.Namespace) -> dict:
    """Run the load test; return the numbers."""
    task = hard_task() if args.hard else json.loads(Path(args.task).read_text())
    args.expected = task["test"][0].get("output")
    body = json.dumps({**task, "budget_seconds": args.budget, "trace": "none"}).encode()
    process = None
    if args.url:
        host, port = loopback_server(args.url)
        server_pid = args.server_pid
    else:
        process, port = _start_server(args.workers, args.queue, max(args.budget, 1.0))
        host, server_pid = "127.0.0.1", process.pid
    pool = _get_json(host, port, "/health")["pool"]
    if args.concurrency is None:  # twice what the server admits at once, or 8
        args.concurrency = 2 * (pool["workers"] + pool["queue"]) if args.hard else 8
    stop, peak, samples = threading.Event(), [0], []
    load_before = os.getloadavg()[0]
    tally = Tally()
    sampler = None
    if server_pid:
        sampler = threading.Thread(
            target=_sample_rss, args=(server_pid, stop, peak, tally, samples), daemon=True
        )
        sampler.start()
    started = time.monotonic()
    args.deadline = started + args.duration
    clients = [
        threading.Thread(target=_client, args=(host, port, body, args, tally))
        for _ in range(args.concurrency)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    wall = time.monotonic() - started
    stop.set()
    if sampler is not None:
        sampler.join()
    exit_status = None
    if process is not None:
        process.send_signal(signal.SIGTERM)
        exit_status = process.wait(timeout=60)
    ok = tally.statuses.get(200, 0)
    with_header = [s for s in tally.retry_after if s is not None]
    return {
        "hard": args.hard,
        "task": "hard_task()" if args.hard else Path(args.task).name,
        "requests": tally.sent,
        "concurrency": args.concurrency,
        "workers": pool["workers"],
        "queue": pool["queue"],
        "budget_seconds": args.budget,
        "backoff_seconds": args.backoff,
        "wait_after_503": f"Retry-After (else {args.backoff} s)"
        if args.obey_retry_after
        else f"{args.backoff} s",
        "wall_seconds": wall,
        "ok": ok,
        "solved": tally.solved,
        "ok_per_second": ok / wall,
        "requests_per_second": tally.sent / wall,
        "p50_ms_ok": 1000 * _percentile(tally.latencies_ok, 0.50),
        "p99_ms_ok": 1000 * _percentile(tally.latencies_ok, 0.99),
        "p50_ms_all": 1000 * _percentile(tally.latencies_all, 0.50),
        "p99_ms_all": 1000 * _percentile(tally.latencies_all, 0.99),
        "status_503": tally.statuses.get(503, 0),
        "statuses": dict(sorted(tally.statuses.items())),
        "retry_after_present": len(with_header),
        "retry_after_seconds": (min(with_header), _percentile(with_header, 0.5), max(with_header))
        if with_header
        else None,
        "retry_after_accuracy": retry_after_accuracy(tally.refusals, tally.departures),
        "slack_seconds": args.slack,
        "other_statuses": {s: n for s, n in tally.statuses.items() if s not in (200, 503)},
        "connection_errors": dict(tally.errors),
        "peak_rss_mib": peak[0] / 2**20 if server_pid else None,
        "rss_mib_by_quarter": _rss_by_quarter(samples, tally.sent) if server_pid else None,
        "rss_source": _rss_reader()[1],
        "server_exit_status": exit_status,
        "load_average_before": load_before,
    }


def _hard_rows(result: dict) -> list[str]:
    """The hard-task run's own rows: statuses, Retry-After, latency against the budget."""
    budget, slack = result["budget_seconds"], result["slack_seconds"]
    p50, p99 = result["p50_ms_ok"] / 1000, result["p99_ms_ok"] / 1000
    within = "yes" if p99 <= budget + slack else "no"
    refused = result["status_503"]
    present = result["retry_after_present"]
    every = "yes" if present == refused else "no"
    values = result["retry_after_seconds"]
    shown = "n/a" if values is None else "{} / {:g} / {} s".format(*values)
    accuracy = result["retry_after_accuracy"]
    return [
        f"| statuses | {', '.join(f'{s}: {n}' for s, n in result['statuses'].items())} |",
        f"| every 503 has Retry-After | {every} ({present} of {refused}) |",
        f"| Retry-After, min / p50 / max | {shown} |",
        f"| 503s for a full queue, followed by an admitted job leaving | "
        f"{accuracy['measured']} of {accuracy['refusals']} |",
        f"| wait until it left, p50 / max | {accuracy['wait_p50_s']:.2f} / "
        f"{accuracy['wait_max_s']:.2f} s |",
        f"| Retry-After minus that wait, p50 / max | "
        f"{accuracy['retry_after_minus_wait_p50_s']:+.2f} / "
        f"{accuracy['retry_after_minus_wait_max_s']:+.2f} s |",
        f"| Retry-After a second or more over that wait | {accuracy['overstated']} |",
        f"| latency of 200s, p50 / p99, against the budget | {p50:.2f} / {p99:.2f} s = budget "
        f"{p50 - budget:+.2f} / {p99 - budget:+.2f} s |",
        f"| p99 of 200s within budget + {slack:g} s | {within} |",
    ]


def render(result: dict, command: str) -> str:
    """The result as a dated Markdown note with the command, commit and machine."""

    def ms(p50: float, p99: float) -> str:
        return f"{p50:.0f} / {p99:.0f} ms"

    rss = "n/a" if result["peak_rss_mib"] is None else f"{result['peak_rss_mib']:.0f} MiB"
    task = (
        "`benchmarks.load_test.hard_task()`, random 20x20 grids with no program to find, so each "
        "solve uses its whole budget"
        if result["hard"]
        else f"`{result['task']}`"
    )
    by_quarter = result["rss_mib_by_quarter"]
    quarters = "n/a" if not by_quarter else " / ".join(f"{m:.0f}" for m in by_quarter) + " MiB"
    lines = [
        f"# Service load test{', hard task' if result['hard'] else ''}, "
        f"{datetime.now(UTC):%Y-%m-%d}",
        "",
        f"- command: `{command}`",
        f"- commit: `{git_commit()}`",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}, {platform.system()}; 1-minute load average before the run "
        f"{result['load_average_before']:.2f}",
        f"- server: {result['workers']} solve workers, queue {result['queue']}, loopback; "
        f"budget {result['budget_seconds']} s per request; a client waits "
        f"{result['wait_after_503']} after a 503",
        f"- task: {task}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| requests sent (concurrency {result['concurrency']}) | {result['requests']} |",
        f"| wall time | {result['wall_seconds']:.1f} s |",
        f"| 200 OK (test output right) | {result['ok']} "
        f"({'n/a' if result['hard'] else result['solved']}) |",
        f"| throughput, 200s | {result['ok_per_second']:.1f} /s |",
        f"| throughput, all answers | {result['requests_per_second']:.1f} /s |",
        f"| latency of 200s, p50 / p99 | {ms(result['p50_ms_ok'], result['p99_ms_ok'])} |",
        f"| latency of all, p50 / p99 | {ms(result['p50_ms_all'], result['p99_ms_all'])} |",
        f"| 503 (queue full) | {result['status_503']} |",
        f"| other statuses | {result['other_statuses'] or 'none'} |",
        f"| connection errors | {result['connection_errors'] or 'none'} |",
        *(_hard_rows(result) if result["hard"] else []),
        f"| peak RSS, server process tree ({result['rss_source']}) | {rss} |",
        f"| RSS after 1/4, 1/2, 3/4, all requests answered | {quarters} |",
    ]
    if result["server_exit_status"] is not None:
        lines.append(f"| server exit status after SIGTERM | {result['server_exit_status']} |")
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", help="ARC task JSON to send (default: examples/3c9b0459.json)")
    parser.add_argument(
        "--hard", action="store_true", help="send hard_task(): no program, whole budget used"
    )
    parser.add_argument(
        "--requests", type=int, help="at most this many requests (200; 10000 with --hard)"
    )
    parser.add_argument("--duration", type=float, default=120.0, help="at most this many seconds")
    parser.add_argument(
        "--concurrency", type=int, help="client threads (8; with --hard, 2 x (workers + queue))"
    )
    parser.add_argument("--budget", type=float, default=5.0, help="budget_seconds per request")
    parser.add_argument(
        "--backoff", type=float, default=0.1, help="seconds a client waits after a 503"
    )
    parser.add_argument(
        "--obey-retry-after",
        action="store_true",
        help="wait a 503's Retry-After instead of --backoff",
    )
    parser.add_argument(
        "--slack",
        type=float,
        default=0.5,
        help="with --hard, report whether p99 of the 200s is within budget + this many seconds",
    )
    parser.add_argument("--workers", type=int, default=2, help="workers of the server started")
    parser.add_argument("--queue", type=int, default=2, help="queue of the server started")
    parser.add_argument("--url", help="an already running server (loopback only)")
    parser.add_argument("--server-pid", type=int, help="its process id, for the memory figure")
    parser.add_argument("--out", help="also write the Markdown report to this file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.hard and args.task:
        raise SystemExit("--hard sends its own task; drop --task")
    args.task = args.task or str(ROOT / "examples" / "3c9b0459.json")
    if args.requests is None:
        args.requests = 10_000 if args.hard else 200
    if args.requests < 1 or (args.concurrency or 1) < 1 or args.duration <= 0:
        raise SystemExit("--requests and --concurrency must be at least 1, --duration positive")
    result = run(args)
    command = "python -m benchmarks.load_test " + " ".join(sys.argv[1:] if argv is None else argv)
    report = render(result, command)
    print(report)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
