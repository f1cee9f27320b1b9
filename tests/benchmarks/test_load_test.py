"""The load test's own pieces: the hard task, percentiles, Retry-After accuracy, the report; and
one short run of its clients against a stand-in server (no solver, loopback, a few requests)."""

from __future__ import annotations

import json
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.schemas import request_model
from benchmarks import load_test
from solver import TaskLimits


def test_the_hard_task_is_fixed_random_noise_the_service_accepts():
    task = load_test.hard_task()
    assert task == load_test.hard_task()
    assert len(task["train"]) == 3 and "output" not in task["test"][0]
    for pair in task["train"]:
        assert len(pair["input"]) == 20 and {len(row) for row in pair["input"]} == {20}
        assert len(pair["output"]) == 15 and {len(row) for row in pair["output"]} == {15}
    colours = {c for pair in task["train"] for row in pair["input"] for c in row}
    assert colours == set(range(10))
    request_model(TaskLimits()).model_validate({**task, "budget_seconds": 3})


def test_percentiles_pick_a_value_seen_and_nan_for_none():
    values = [float(v) for v in range(1, 101)]
    assert load_test._percentile(values, 0.5) == 51
    assert load_test._percentile(values, 0.99) == 100
    assert load_test._percentile([3.0, 1.0, 2.0], 0.99) == 3
    assert math.isnan(load_test._percentile([], 0.5))


def test_retry_after_is_compared_with_the_wait_until_the_next_admitted_job_left():
    refusals = [(10.0, 2), (10.5, 3), (11.0, None), (20.0, 1)]  # the last is never followed
    departures = [9.0, 11.6, 12.0]
    accuracy = load_test.retry_after_accuracy(refusals, departures)
    assert accuracy["refusals"] == 4 and accuracy["measured"] == 2
    assert accuracy["wait_max_s"] == pytest.approx(1.6)
    assert accuracy["retry_after_minus_wait_max_s"] == pytest.approx(3 - 1.1)
    assert accuracy["overstated"] == 1  # 3 s said, 1.1 s waited


def test_retry_after_headers_are_whole_seconds_or_none():
    assert load_test._retry_after("3") == 3
    assert load_test._retry_after(None) is None
    assert load_test._retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None


class _StandIn(BaseHTTPRequestHandler):
    """One solve slot and no queue: 200 after 0.2 s, or 503 with Retry-After while busy."""

    protocol_version = "HTTP/1.1"
    slot = threading.Semaphore(1)

    def log_message(self, *args) -> None:
        pass

    def _answer(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        pool = {"workers": 1, "busy": 0, "waiting": 0, "queue": 0}
        self._answer(200, {"status": "ok", "pool": pool})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        if not self.slot.acquire(blocking=False):
            detail = "all 1 solve workers are busy and the queue of 0 is full; retry later"
            self._answer(503, {"detail": detail}, {"Retry-After": "1"})
            return
        try:
            time.sleep(0.2)
        finally:
            self.slot.release()
        self._answer(200, {"attempts": [[{"grid": [[0]]}, {"grid": [[0]]}]]})


def test_a_hard_run_against_a_stand_in_counts_statuses_and_retry_after(tmp_path, capsys):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = tmp_path / "load.md"
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        argv = ["--hard", "--url", url, "--requests", "12", "--duration", "10"]
        argv += ["--budget", "0.2", "--backoff", "0.05", "--out", str(out)]
        assert load_test.main(argv) == 0
    finally:
        server.shutdown()
        server.server_close()
    report = out.read_text()
    assert report.startswith("# Service load test, hard task, ")
    assert "| requests sent (concurrency 2) | 12 |" in report  # 2 x (1 worker + queue 0)
    assert "| every 503 has Retry-After | yes (" in report
    assert "| statuses | 200: " in report and "503: " in report
    assert "| p99 of 200s within budget + 0.5 s | yes |" in report
    assert "- commit: `" in report and " cores, " in report
    assert report in capsys.readouterr().out
