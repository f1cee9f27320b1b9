"""A clock for time-bound tests that does not depend on how busy the machine is."""

from __future__ import annotations

import types

import pytest


class SteppingClock:
    """A `time` stand-in whose clock moves `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 0.0
        self.reads = 0

    def monotonic(self) -> float:
        self.reads += 1
        self.now += self.step
        return self.now


def install(
    monkeypatch: pytest.MonkeyPatch, step: float, *modules: types.ModuleType
) -> SteppingClock:
    """Let `modules` read `time.monotonic` from one stepping clock for the rest of the test."""
    clock = SteppingClock(step)
    for module in modules:
        monkeypatch.setattr(module, "time", types.SimpleNamespace(monotonic=clock.monotonic))
    return clock
