"""The worker pool behind /solve: a bounded queue, hard deadlines, dead workers replaced."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

from tests.api.conftest import EXAMPLE, EXAMPLE_ANSWER, client_for, noise_task, wait_until


def _gone(pid: int) -> bool:
    """Whether the process has exited and been reaped (no zombie left)."""
    return not Path(f"/proc/{pid}").exists()


def _dead(pid: int) -> bool:
    """Whether the process has exited: reaped, or a zombie whose threads have all ended."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        threads = len(list(Path(f"/proc/{pid}/task").iterdir()))
    except FileNotFoundError:
        return True
    return state == "Z" and threads <= 1


def _solves_example(client) -> bool:
    """Whether the pool still solves the bundled example. Its budget counts the wait for a
    replacement worker to start, which takes seconds when other processes hold the cores; the
    search stops as soon as it has the answer, so the large budget costs nothing."""
    response = client.post("/solve", json={**EXAMPLE, "budget_seconds": 30})
    assert response.status_code == 200, response.text
    return response.json()["attempts"][0][0]["grid"] == EXAMPLE_ANSWER


def test_503_with_retry_after_when_the_only_worker_is_busy_and_there_is_no_queue(background):
    with client_for(workers=1, queue=0) as client:
        pool = client.app.state.pool
        slow = background(client.post, "/solve", json={**noise_task(), "budget_seconds": 1})
        wait_until(lambda: pool.stats()["busy"] == 1)
        response = client.post("/solve", json=EXAMPLE)
        assert response.status_code == 503
        # the busy job's 1 s budget ends within 1.1 s (budget and slack, rounded up: 2)
        assert 1 <= int(response.headers["Retry-After"]) <= 2
        assert (
            "all 1 solve workers are busy and the queue of 0 is full" in response.json()["detail"]
        )
        assert slow.result(timeout=10).status_code == 200


def test_queued_requests_are_served_and_503_only_beyond_the_queue(background):
    with client_for(workers=1, queue=1) as client:
        pool = client.app.state.pool
        slow = background(client.post, "/solve", json={**noise_task(), "budget_seconds": 1})
        wait_until(lambda: pool.stats()["busy"] == 1)
        queued = background(client.post, "/solve", json={**EXAMPLE, "budget_seconds": 5})
        wait_until(lambda: pool.stats()["waiting"] == 1)
        refused = client.post("/solve", json=EXAMPLE)
        assert refused.status_code == 503 and "Retry-After" in refused.headers
        assert slow.result(timeout=10).status_code == 200
        served = queued.result(timeout=10)
        assert served.status_code == 200
        assert served.json()["timing"]["queued_seconds"] > 0.3


def test_a_queued_request_that_waits_past_its_budget_gets_503(background):
    with client_for(workers=1, queue=1) as client:
        pool = client.app.state.pool
        slow = background(client.post, "/solve", json={**noise_task(), "budget_seconds": 1.5})
        wait_until(lambda: pool.stats()["busy"] == 1)
        response = client.post("/solve", json={**EXAMPLE, "budget_seconds": 0.3})
        assert response.status_code == 503
        assert "no budget is left" in response.json()["detail"]
        assert slow.result(timeout=10).status_code == 200


def test_a_killed_worker_fails_only_its_request_and_is_replaced(background):
    with client_for(workers=1, queue=2) as client:
        pool = client.app.state.pool
        first_pids = pool.worker_pids()
        doomed = background(client.post, "/solve", json={**noise_task(), "budget_seconds": 3})
        wait_until(lambda: pool.busy_pids() == first_pids)
        os.kill(first_pids[0], signal.SIGKILL)
        response = doomed.result(timeout=10)
        assert response.status_code == 500
        assert "the solve worker died" in response.json()["detail"]
        assert "signal 9 (SIGKILL)" in response.json()["detail"]
        assert _solves_example(client)
        replacement_pids = pool.worker_pids()
        assert len(replacement_pids) == 1 and replacement_pids != first_pids
        assert _gone(first_pids[0])
    assert all(_gone(pid) for pid in replacement_pids)
    assert not [p for p in multiprocessing.active_children() if p.name == "arcsynth-solve"]


def test_a_job_past_its_hard_deadline_is_killed_with_504(background):
    with client_for(workers=1, queue=2, timeout_margin=0.5) as client:
        pool = client.app.state.pool
        first_pids = pool.worker_pids()
        stuck = background(client.post, "/solve", json={**noise_task(), "budget_seconds": 0.5})
        wait_until(lambda: pool.busy_pids() == first_pids)
        os.kill(first_pids[0], signal.SIGSTOP)  # a worker that stops answering
        response = stuck.result(timeout=10)
        assert response.status_code == 504
        assert "past its budget" in response.json()["detail"]
        # killed at budget + margin (1 s), not left hanging; the slack is for a loaded machine
        assert response.elapsed.total_seconds() < 0.5 + 0.5 + 3.0
        assert _solves_example(client)
        assert _gone(first_pids[0])


def test_a_worker_that_died_while_idle_is_replaced_before_the_next_job():
    with client_for(workers=1, queue=2) as client:
        pool = client.app.state.pool
        first_pids = pool.worker_pids()
        os.kill(first_pids[0], signal.SIGKILL)
        wait_until(lambda: _dead(first_pids[0]))
        assert _solves_example(client)
        assert pool.worker_pids() != first_pids
