"""Shared pieces of the service tests: tasks, a client factory, background requests."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = json.loads((ROOT / "examples" / "3c9b0459.json").read_text())
EXAMPLE_ANSWER = EXAMPLE["test"][0]["output"]


def noise_task() -> dict:
    """A task with no program to find: the search runs until its budget is spent."""
    rng = random.Random(1)

    def grid(side: int) -> list[list[int]]:
        return [[rng.randrange(10) for _ in range(side)] for _ in range(side)]

    return {
        "train": [{"input": grid(6), "output": grid(5)} for _ in range(3)],
        "test": [{"input": grid(6)}],
    }


@contextmanager
def client_for(**settings) -> Iterator[TestClient]:
    """A TestClient on a fresh app (and worker pool) with these settings."""
    defaults = {"workers": 1, "queue": 4, "default_budget": 2.0, "max_budget": 5.0}
    with TestClient(create_app(Settings(**{**defaults, **settings}))) as client:
        yield client


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    give_up = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


@pytest.fixture
def background() -> Iterator[Callable[..., Future]]:
    """Run a function (a request) in a thread; returns its Future."""
    with ThreadPoolExecutor(max_workers=4) as threads:
        yield threads.submit
