"""The Ray backend: the local backend's submission and score, crashes and overruns scored 0."""

from __future__ import annotations

import io
import json
import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import benchmarks.evaluate as evaluate
import benchmarks.ray_backend as ray_backend
from api.cli import main
from benchmarks.evaluate import EvalConfig, run_batch, summarise, write_outputs
from benchmarks.stress import random_task
from dsl.task import Pair, Task
from solver import load_tasks


def _ray_importable() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


needs_ray = pytest.mark.skipif(
    not _ray_importable(), reason="ray is not installed (pip install 'arcsynth[cluster]')"
)

FAST = ("3c9b0459", "6150a2bd", "67a3c6ac", "68b16354", "74dd1130", "9dfd6313")
"""ARC-AGI-1 training tasks that arcsynth solves at depth 1 in well under a second."""
BUDGET = 5.0
BACKENDS = ("local", "ray")


@pytest.fixture(scope="module")
def ray_instance():
    import ray

    ray.init(
        address="local",  # a new instance, even where a cluster runs on this machine
        num_cpus=2,
        include_dashboard=False,
        logging_level=logging.WARNING,
        log_to_driver=False,
    )
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def fast_tasks() -> list[Task]:
    by_id = {task.id: task for task in load_tasks("arc-agi-1/training").tasks}
    return [by_id[task_id] for task_id in FAST]


def _broken(task_id: str) -> Task:
    """A train pair without its output (the parser rejects it): the solver raises on it."""
    grid = np.array([[1, 2]], dtype=np.int8)
    return Task(task_id, (Pair(grid, None),), (Pair(grid, grid),))


@needs_ray
def test_ray_and_local_backends_write_the_same_submission_and_score(
    ray_instance, fast_tasks, tmp_path
):
    reports = {}
    for backend in BACKENDS:
        config = EvalConfig(budget_seconds=BUDGET, workers=2, backend=backend)
        progress = io.StringIO()
        results = run_batch(fast_tasks, config, progress=progress)
        assert [r.task_id for r in results] == list(FAST)
        assert f"{len(FAST)}/{len(FAST)} score 100.0%" in progress.getvalue()
        reports[backend] = summarise(results, config, "fast")
        write_outputs(tmp_path / backend, results, reports[backend], fast_tasks)
    submissions = [json.loads((tmp_path / b / "submission.json").read_text()) for b in BACKENDS]
    # the first attempts are the cheapest programs, found at depth 1 whatever the load; which
    # grid fills a second attempt depends on how far the search got in its time
    first_attempts = [
        {task: [test["attempt_1"] for test in tests] for task, tests in submission.items()}
        for submission in submissions
    ]
    assert first_attempts[0] == first_attempts[1]
    assert all(len(tests) == 1 and "attempt_2" in tests[0] for tests in submissions[1].values())
    assert reports["local"]["score"] == reports["ray"]["score"] == 1.0
    assert reports["ray"]["statuses"] == {"ok": len(FAST)}


@needs_ray
def test_a_task_that_makes_the_solver_raise_is_scored_0_like_the_local_backend(
    ray_instance, fast_tasks
):
    tasks = [fast_tasks[0], _broken("broken"), fast_tasks[1]]
    by_backend = {}
    for backend in BACKENDS:
        config = EvalConfig(budget_seconds=BUDGET, workers=2, backend=backend)
        by_backend[backend] = run_batch(tasks, config, progress=None)
    local, ray = by_backend["local"], by_backend["ray"]
    assert [r.score for r in ray] == [1.0, 0.0, 1.0]
    assert ray[1].status == local[1].status == "crash"
    assert ray[1].error == local[1].error and ray[1].error.startswith("TypeError")
    assert ray[1].attempts == [{"attempt_1": [[0]], "attempt_2": [[0]]}]


@needs_ray
def test_a_task_over_its_memory_limit_crashes_and_the_workers_go_on(ray_instance, fast_tasks):
    # A long budget: the search must run out of memory well before it runs out of time.
    config = EvalConfig(budget_seconds=30, workers=2, memory_mb_per_worker=1, backend="ray")
    [result] = run_batch([random_task(pairs=10, side=30, seed=3)], config, progress=None)
    assert result.status.startswith("crash") and result.score == 0.0
    again = run_batch(fast_tasks[:2], EvalConfig(BUDGET, 2, backend="ray"), progress=None)
    assert [r.score for r in again] == [1.0, 1.0]


KILL_AFTER = 6.0
"""Seconds after its start when an overdue task is killed in the deadline test: several times
what a fast task needs, so a loaded machine does not push a fast task past it."""
LONG_BUDGET = 60.0
"""The deadline test's budget: a search that is not killed runs this long."""
LATE = 30.0


@needs_ray
@pytest.mark.parametrize(
    ("margin", "grace"),
    [
        (KILL_AFTER - LONG_BUDGET, ray_backend.RAY_GRACE_SECONDS),
        (KILL_AFTER - LONG_BUDGET + LATE, -LATE),
    ],
    ids=["worker", "driver"],
)
def test_a_task_past_its_deadline_is_killed_and_scored_0(
    ray_instance, fast_tasks, monkeypatch, margin, grace
):
    """The Ray worker kills the solve at budget + margin; the driver cancels the Ray task itself
    `grace` seconds after that (here, with a negative grace, long before the worker would). Either
    way the overdue task goes KILL_AFTER seconds after its start, and fast ones are untouched."""
    monkeypatch.setattr(evaluate, "HARD_TIMEOUT_MARGIN", margin)
    monkeypatch.setattr(ray_backend, "RAY_GRACE_SECONDS", grace)
    tasks = [random_task(pairs=10, side=30, seed=3), *fast_tasks[:2]]
    start = time.monotonic()
    results = run_batch(tasks, EvalConfig(LONG_BUDGET, 2, backend="ray"), progress=None)
    assert time.monotonic() - start < LONG_BUDGET
    assert (results[0].status, results[0].score) == ("timeout", 0.0)
    # Not before its deadline, and well before the search's own end or the later killer's.
    assert KILL_AFTER <= results[0].seconds < KILL_AFTER + 15.0
    assert results[0].attempts == [{"attempt_1": [[0]], "attempt_2": [[0]]}]
    assert [r.score for r in results[1:]] == [1.0, 1.0]


@needs_ray
def test_cli_eval_on_a_ray_cluster_writes_the_submission(ray_instance, fast_tasks, tmp_path):
    folder = tmp_path / "tasks"
    folder.mkdir()
    for task in fast_tasks[:2]:
        (folder / f"{task.id}.json").write_text(json.dumps(task.to_json()))
    script = Path(sys.executable).parent / "arcsynth"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]
    address = ray_instance.get_runtime_context().gcs_address
    options = ["--dataset", str(folder), "--budget", str(BUDGET), "--out", str(tmp_path / "out")]
    done = subprocess.run(
        [*command, "eval", "--backend", "ray", "--address", address, *options],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "score 100.0% (2.0/2)" in done.stdout
    submission = json.loads((tmp_path / "out" / "submission.json").read_text())
    assert sorted(submission) == sorted(FAST[:2])


def test_eval_config_rejects_an_unknown_backend():
    with pytest.raises(ValueError, match="backend must be one of local, ray"):
        EvalConfig(backend="spark")


def test_cli_address_needs_the_ray_backend(tmp_path, capsys):
    arguments = ["eval", "--dataset", "arc-agi-1/training", "--limit", "1", "--address", "x:1"]
    assert main([*arguments, "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: --address needs --backend ray\n"


def test_cli_ray_backend_without_ray_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    arguments = ["eval", "--dataset", "arc-agi-1/training", "--limit", "1", "--backend", "ray"]
    assert main([*arguments, "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "error: ray backend needs the cluster extra: pip install 'arcsynth[cluster]'\n"
    )


class _UnconnectedRay:
    """Stands in for the `ray` module where no cluster is connected; `init` fails as Ray's does."""

    def is_initialized(self) -> bool:
        return False

    def init(self, **options: object) -> None:
        raise ConnectionError(f"Failed to connect to Ray cluster at {options['address']}")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_cli_says_when_nothing_listens_at_the_address(tmp_path, capsys, monkeypatch, scheme):
    monkeypatch.setattr(ray_backend, "require_ray", _UnconnectedRay)
    address = f"{scheme}127.0.0.1:{_closed_port()}"
    arguments = ["eval", "--dataset", "arc-agi-1/training", "--limit", "1", "--backend", "ray"]
    assert main([*arguments, "--address", address, "--out", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    # refused before Ray's own (slow, retrying) connection attempt was made
    assert error.startswith(f"error: cannot reach a Ray cluster at {address} ([Errno")
    assert "ray start --head" in error
    assert not (tmp_path / "submission.json").exists()


def test_cli_turns_rays_connection_error_into_a_clear_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(ray_backend, "require_ray", _UnconnectedRay)
    arguments = ["eval", "--dataset", "arc-agi-1/training", "--limit", "1", "--backend", "ray"]
    assert main([*arguments, "--address", "auto", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(
        "error: cannot reach a Ray cluster at auto (Failed to connect to Ray cluster at auto)"
    )
