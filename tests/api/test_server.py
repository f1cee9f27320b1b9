"""`arcsynth serve` as a real process on a loopback port: solve, disconnect, SIGTERM."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.api.conftest import EXAMPLE, EXAMPLE_ANSWER, ROOT, noise_task, wait_until

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("arcsynth")
    return [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]


class Server:
    """An `arcsynth serve` process and a tiny client for it."""

    def __init__(self, workers: int) -> None:
        self.port = _free_port()
        env = {**os.environ, "ARCSYNTH_MAX_BUDGET": "5", "ARCSYNTH_QUEUE": "2"}
        self.process = subprocess.Popen(
            [*_command(), "serve", "--host", HOST, "--port", str(self.port)]
            + ["--workers", str(workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_until(self._healthy, timeout=30)

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the server exited: {self.process.stdout.read()}")
        try:
            return self.get("/health")["status"] == "ok"
        except OSError:
            return False

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(f"http://{HOST}:{self.port}{path}", timeout=5) as response:
            return json.load(response)

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"http://{HOST}:{self.port}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def solve_workers(self) -> list[int]:
        """Process ids of the server's solve workers (spawned children, not its resource
        tracker)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                command = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            if parent == self.process.pid and b"spawn_main" in command:
                found.append(int(stat.parent.name))
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server(workers=2)
    yield running
    running.stop()


def test_serve_solves_the_bundled_task(server):
    status, body = server.post("/solve", {**EXAMPLE, "budget_seconds": 5})
    assert status == 200
    assert body["attempts"][0][0]["grid"] == EXAMPLE_ANSWER
    assert body["attempts"][0][0]["program"] == "O = rot180(I)"
    health = server.get("/health")
    assert health["primitives"] > 0 and health["pool"]["workers"] == 2


def test_a_client_that_disconnects_frees_its_worker(server):
    body = json.dumps({**noise_task(), "budget_seconds": 5}).encode()
    head = (
        f"POST /solve HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((HOST, server.port)) as client:
        client.sendall(head + body)
        wait_until(lambda: server.get("/health")["pool"]["busy"] == 1)
    hung_up = time.monotonic()
    wait_until(lambda: server.get("/health")["pool"]["busy"] == 0, timeout=3)
    assert time.monotonic() - hung_up < 3  # long before the 5 s budget is spent
    status, _ = server.post("/solve", {**EXAMPLE, "budget_seconds": 5})
    assert status == 200


def test_sigterm_finishes_in_flight_requests_then_exits_cleanly():
    server = Server(workers=1)
    try:
        workers = server.solve_workers()
        assert len(workers) == 1
        with ThreadPoolExecutor(max_workers=1) as threads:
            in_flight = threads.submit(
                server.post, "/solve", {**noise_task(), "budget_seconds": 1.5}
            )
            wait_until(lambda: server.get("/health")["pool"]["busy"] == 1)
            server.process.send_signal(signal.SIGTERM)
            status, body = in_flight.result(timeout=15)
        assert status == 200 and len(body["attempts"]) == 1
        assert server.process.wait(timeout=15) == 0
        log = server.process.stdout.read()
        assert "Application shutdown complete" in log
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    finally:
        server.stop()


def test_every_client_sees_the_413_for_a_body_over_the_limit(server):
    # 3 MB against the default 1 MB limit: the server must read it (it drains up to a bound)
    # before answering, or the client is still sending when the connection closes.
    body = b" " * 3_000_000
    statuses = []
    for _ in range(20):
        connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
        try:
            connection.request(
                "POST", "/solve", body=body, headers={"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            statuses.append(response.status)
            assert "the limit is 1000000 bytes" in json.load(response)["detail"]
        finally:
            connection.close()
    assert statuses == [413] * 20
