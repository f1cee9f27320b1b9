"""The service's settings: one class, read from `ARCSYNTH_*` environment variables.

ARCSYNTH_WORKERS           solve worker processes (default: the number of CPU cores)
ARCSYNTH_QUEUE             requests that may wait for a worker; beyond that, 503 (default 8)
ARCSYNTH_DEFAULT_BUDGET    seconds per solve when the request names none, at least 0.1 (10)
ARCSYNTH_MAX_BUDGET        cap on a request's budget_seconds, 0.1..3600 (default 30)
ARCSYNTH_TIMEOUT_MARGIN    seconds past the budget before a job is killed (default 2)
ARCSYNTH_MAX_BODY_BYTES    largest request body; beyond that, 413 (default 1000000)
ARCSYNTH_WORKER_MEMORY_MB  limit on each worker's writable memory, 0 for none (default 4096)
ARCSYNTH_START_METHOD      multiprocessing start method: spawn, forkserver or fork (spawn)
ARCSYNTH_PRIOR             neural prior guiding the search: none, fp32 or int8 (int8)
ARCSYNTH_TTA               adapt the prior to each task first: true or false (false)
ARCSYNTH_MAX_SIDE          largest grid side a task may have, up to 60 (default 30, ARC's own)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from api.pool import MIN_SOLVE_SECONDS
from solver import PRIOR_MODES, SearchConfig, TaskLimits

START_METHODS = ("spawn", "forkserver", "fork")
DEFAULT_BUDGET = 10.0


@dataclass(frozen=True)
class Settings:
    """Limits, workers and budgets of one service instance."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    queue: int = 8
    default_budget: float | None = None
    max_budget: float = 30.0
    timeout_margin: float = 2.0
    max_body_bytes: int = 1_000_000
    worker_memory_mb: int = 4096
    start_method: str = "spawn"
    prior: str = "int8"
    tta: bool = False
    max_side: int = TaskLimits.max_side

    def __post_init__(self) -> None:
        if self.default_budget is None:
            object.__setattr__(self, "default_budget", min(DEFAULT_BUDGET, self.max_budget))
        problems = []
        if self.workers < 1:
            problems.append("workers must be at least 1")
        if self.queue < 0:
            problems.append("queue must be 0 or more")
        # A solve always gets MIN_SOLVE_SECONDS: a smaller budget would be reported, not used.
        if not MIN_SOLVE_SECONDS <= self.max_budget <= 3600:
            problems.append(f"max_budget must be in [{MIN_SOLVE_SECONDS}, 3600] seconds")
        if not MIN_SOLVE_SECONDS <= self.default_budget <= self.max_budget:
            problems.append(f"default_budget must be in [{MIN_SOLVE_SECONDS}, max_budget]")
        if self.timeout_margin <= 0:
            problems.append("timeout_margin must be positive")
        if self.max_body_bytes < 1:
            problems.append("max_body_bytes must be at least 1")
        if self.worker_memory_mb < 0:
            problems.append("worker_memory_mb must be 0 (no limit) or more")
        if self.start_method not in START_METHODS:
            problems.append(f"start_method must be one of {', '.join(START_METHODS)}")
        if self.prior not in PRIOR_MODES:
            problems.append(f"prior must be one of {', '.join(PRIOR_MODES)}")
        try:
            TaskLimits(max_side=self.max_side)
        except ValueError as error:
            problems.append(str(error))
        if problems:
            raise ValueError("invalid settings: " + "; ".join(problems))

    @property
    def limits(self) -> TaskLimits:
        """The largest task a request may send."""
        return TaskLimits(max_side=self.max_side)

    @property
    def search(self) -> SearchConfig:
        """The search settings every solve starts from (the budget is set per request)."""
        return SearchConfig(prior=self.prior, tta=self.tta)

    @property
    def shutdown_grace(self) -> float:
        """How long shutdown waits for in-flight solves: the longest a solve may take."""
        return self.max_budget + self.timeout_margin

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `ARCSYNTH_<FIELD>` variables, then `overrides`; ValueError if invalid."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for item in fields(cls):
            name = f"ARCSYNTH_{item.name.upper()}"
            if name not in environ:
                continue
            convert = _CONVERTERS[item.type]
            try:
                values[item.name] = convert(environ[name].strip())
            except ValueError:
                kind = str(item.type).split(" ")[0]
                raise ValueError(f"{name}={environ[name]!r} is not a valid {kind}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _boolean(text: str) -> bool:
    """true/false, 1/0, yes/no, on/off (any case); ValueError otherwise."""
    words = {"true": True, "1": True, "yes": True, "on": True}
    words |= {"false": False, "0": False, "no": False, "off": False}
    if text.lower() not in words:
        raise ValueError(text)
    return words[text.lower()]


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "int": int,
    "float": float,
    "float | None": float,
    "str": str,
    "bool": _boolean,
}
