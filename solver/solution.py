"""What the solver returns: attempts per test input, the programs behind them, and a trace."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

GridList = list[list[int]]


@dataclass(frozen=True)
class Attempt:
    """One predicted output grid for one test input."""

    grid: GridList
    program: str
    consistent: bool
    reason: str
    mechanism: str = "search"


@dataclass(frozen=True)
class RankedProgram:
    """A program found by the search, with its rank inputs and its test predictions."""

    text: str
    cost: float
    steps: int
    consistent: bool
    demo_accuracy: float
    candidates_before: int
    predictions: list[GridList]
    mechanism: str = "search"


@dataclass(frozen=True)
class TraceStep:
    """One binding of the winning program evaluated on the first demonstration."""

    name: str
    line: str
    value_type: str
    grid: GridList | None
    summary: str


@dataclass(frozen=True)
class Trace:
    """What the search tried, how far it got and why the winner won."""

    candidates_evaluated: int
    candidates_per_second: float
    duplicates_pruned: int
    failed_evaluations: int
    values_kept: int
    depth_reached: int
    values_per_layer: list[int]
    stopped_by: str
    phase_seconds: dict[str, float]
    constants: dict[str, Any]
    consistent_programs: int
    candidates_before_first_solution: int | None
    winner_reason: str
    seconds_to_first_solution: float | None = None
    candidates_ruled_out_by_shape: int = 0  # not computed: a shape the beam had no place for
    prior: dict[str, Any] = field(default_factory=dict)
    winner_steps: list[TraceStep] = field(default_factory=list)
    closest_candidates: list[dict[str, Any]] = field(default_factory=list)
    predicted_sizes: list[list[int] | None] = field(default_factory=list)
    mechanisms: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Solution:
    """The solver's answer for one task."""

    task_id: str
    attempts: list[list[Attempt]]
    programs: list[RankedProgram]
    trace: Trace
    solved_demonstrations: bool
    seconds: float

    def submission_entry(self) -> list[dict[str, GridList]]:
        """The official submission format for this task: one dict per test input."""
        return [
            {
                "attempt_1": pair[0].grid,
                "attempt_2": pair[1].grid if len(pair) > 1 else pair[0].grid,
            }
            for pair in self.attempts
        ]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
