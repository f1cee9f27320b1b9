"""Request and response bodies of the service.

What makes a task valid (cells 0-9, rows of equal length, sides 1..max side, 1..20 train and
1..10 test pairs) is checked by the solver's own task parser, `task_from_json`, so the service and
the command line accept exactly the same tasks; here grids are checked cell by cell (integers 0-9;
as JSON Schema has it, a float with no fractional part is an integer: 3.0 is colour 3).
`request_model(limits)` states the same limits as JSON-schema bounds in /openapi.json (rows of
equal length too, as one branch per width), so a client generated from it cannot build a task the
server refuses.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    create_model,
)
from pydantic_core import PydanticCustomError

from api.pool import MIN_SOLVE_SECONDS
from solver import Task, TaskLimits, task_from_json

TraceLevel = Literal["none", "summary", "full"]


def _colour_from_float(value: Any) -> Any:
    """A float with no fractional part as the colour it stands for (JSON Schema counts 3.0 as an
    integer: 3.0 is colour 3); anything else as it is, for StrictInt to accept or refuse (true,
    "3", 3.5, infinity and NaN are refused)."""
    if type(value) is not float or not math.isfinite(value):
        return value
    if not value.is_integer():
        raise PydanticCustomError(
            "int_from_float", "Input should be a valid integer, got a number with a fractional part"
        )
    if not 0 <= value <= 9:  # said as a float: 1e300 as an int would be 301 digits
        raise ValueError(f"colour {value:g} is outside 0-9")
    return int(value)


def _colour(value: int) -> int:
    if not 0 <= value <= 9:
        raise ValueError(f"colour {value} is outside 0-9")
    return value


Colour = Annotated[
    StrictInt,
    BeforeValidator(_colour_from_float),
    AfterValidator(_colour),
    Field(json_schema_extra={"minimum": 0, "maximum": 9}),
]
"""A colour 0-9: an integer, or a float with no fractional part (3.0 is colour 3)."""


def _items(most: int) -> dict[str, int]:
    """JSON-schema bounds of a list of 1..most items (the parser checks them)."""
    return {"minItems": 1, "maxItems": most}


def _same_width_rows(max_side: int) -> dict[str, Any]:
    """JSON schema for rows of equal length: one branch per width, the row length fixed in each.

    JSON Schema cannot compare one row's length with another's, but with the width bounded it
    can list them: a grid matches `{"items": {"minItems": w, "maxItems": w}}` for some w in
    1..max_side exactly when all its rows have w cells.
    """
    widths = [{"items": {"minItems": w, "maxItems": w}} for w in range(1, max_side + 1)]
    return {**_items(max_side), "anyOf": widths}


def grid_type(max_side: int) -> Any:
    """A grid of 1..max_side rows of 1..max_side colours; fail_fast: one error per bad grid.

    Validated cell by cell here; rows of equal length are checked by the task parser. The JSON
    schema states both (see `_same_width_rows`).
    """
    row = Annotated[list[Colour], Field(fail_fast=True, json_schema_extra=_items(max_side))]
    return Annotated[
        list[row],
        Field(
            fail_fast=True,
            json_schema_extra=_same_width_rows(max_side),
            description=f"Rows of colours 0-9; 1..{max_side} rows, each of the same "
            f"1..{max_side} cells.",
        ),
    ]


Grid = grid_type(TaskLimits().max_side)

EXAMPLE_TASK: dict[str, Any] = {
    "train": [
        {"input": [[2, 2, 1], [2, 1, 2], [2, 8, 1]], "output": [[1, 8, 2], [2, 1, 2], [1, 2, 2]]},
        {"input": [[9, 2, 4], [2, 4, 4], [2, 9, 2]], "output": [[2, 9, 2], [4, 4, 2], [4, 2, 9]]},
        {"input": [[8, 8, 8], [5, 5, 8], [8, 5, 5]], "output": [[5, 5, 8], [8, 5, 5], [8, 8, 8]]},
        {"input": [[3, 2, 9], [9, 9, 9], [2, 3, 3]], "output": [[3, 3, 2], [9, 9, 9], [9, 2, 3]]},
    ],
    "test": [{"input": [[6, 4, 4], [6, 6, 4], [4, 6, 7]]}],
    "task_id": "3c9b0459",
    "budget_seconds": 5,
    "trace": "summary",
}
"""ARC-AGI-1 training task 3c9b0459 (the output is the input turned half a turn)."""


# -------------------------------------------------------------------------------------- request


class TrainPairIn(BaseModel):
    """A demonstration: an input grid and its output."""

    input: Grid
    output: Grid


class TestPairIn(BaseModel):
    """A test input; an output, if sent, is ignored (accepted and dropped unchecked)."""

    input: Grid
    output: Any = Field(None, description="Ignored: accepted and dropped without validation.")


class SolveIn(BaseModel):
    """An ARC task in the standard JSON layout, with options for the solve."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_TASK]})

    train: list[TrainPairIn] = Field(
        json_schema_extra=_items(TaskLimits().max_train_pairs),
        description="Demonstrations, outputs required.",
    )
    test: list[TestPairIn] = Field(
        json_schema_extra=_items(TaskLimits().max_test_pairs),
        description="Test inputs; their outputs are ignored.",
    )
    task_id: str = Field("task", min_length=1, max_length=100, description="Echoed back.")
    budget_seconds: StrictFloat | None = Field(
        None,
        ge=MIN_SOLVE_SECONDS,
        description=f"Seconds for the search, at least {MIN_SOLVE_SECONDS} (less is refused: "
        "a solve needs that long); capped by the server's maximum. The response's "
        "timing.budget_seconds is the budget used.",
    )
    trace: TraceLevel = Field(
        "summary",
        description="Reasoning trace: none, summary (search counters and why the winner won) "
        "or full (also the winner's steps on the first demonstration, the constants inferred "
        "and the closest candidates).",
    )

    def to_task(self, limits: TaskLimits) -> Task:
        """The solver's Task; TaskError (with a message saying where and why) if invalid."""
        data = {
            "train": [{"input": pair.input, "output": pair.output} for pair in self.train],
            "test": [{"input": pair.input} for pair in self.test],
        }
        return task_from_json(data, self.task_id, limits)


@cache
def request_model(limits: TaskLimits) -> type[SolveIn]:
    """SolveIn whose JSON schema states `limits`: grid sides and numbers of pairs."""
    grid = grid_type(limits.max_side)
    train_pair = create_model(
        "TrainPairIn", __base__=TrainPairIn, __doc__=TrainPairIn.__doc__, input=grid, output=grid
    )
    test_pair = create_model(
        "TestPairIn", __base__=TestPairIn, __doc__=TestPairIn.__doc__, input=grid
    )
    train, test = SolveIn.model_fields["train"], SolveIn.model_fields["test"]
    return create_model(
        "SolveIn",
        __base__=SolveIn,
        __doc__=SolveIn.__doc__,
        train=(
            list[train_pair],
            Field(json_schema_extra=_items(limits.max_train_pairs), description=train.description),
        ),
        test=(
            list[test_pair],
            Field(json_schema_extra=_items(limits.max_test_pairs), description=test.description),
        ),
    )


# ------------------------------------------------------------------------------------- response


class AttemptOut(BaseModel):
    """One predicted output grid and the program behind it."""

    grid: list[list[int]]
    program: str = Field(description="The program in DSL text (x1 = ... O = ...).")
    consistent: bool = Field(description="Whether the program reproduces every demonstration.")
    reason: str
    mechanism: str = Field(
        "search",
        description="The answer generator that made it: search, stack, rules, augment or normalise"
        " (joined with + when one ran on another's pairs, e.g. normalise+stack).",
    )


class ProgramOut(BaseModel):
    """A program consistent with every demonstration, cheapest first."""

    text: str
    cost: float
    steps: int
    mechanism: str = Field(
        "search",
        description="The answer generator that made it: search, stack, rules, augment or normalise"
        " (joined with + when one ran on another's pairs, e.g. normalise+stack).",
    )


class TraceSummary(BaseModel):
    """What the search did and why the winner won."""

    candidates_evaluated: int
    candidates_per_second: float
    duplicates_pruned: int
    failed_evaluations: int
    values_kept: int
    depth_reached: int
    stopped_by: str
    consistent_programs: int
    candidates_before_first_solution: int | None
    seconds_to_first_solution: float | None = None
    candidates_ruled_out_by_shape: int = Field(
        0,
        description="Candidates not computed because the shape their value would have (known"
        " beforehand) had no place in the search's beam.",
    )
    winner_reason: str
    phase_seconds: dict[str, float]
    prior: dict[str, Any] = Field(
        default_factory=dict,
        description="The prior's mode, its seconds, and its likeliest primitives for the task.",
    )
    predicted_sizes: list[list[int] | None] = Field(
        default_factory=list,
        description="Per test input, the predicted output shape [rows, columns], or null.",
    )
    mechanisms: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Per answer generator: seconds spent, candidates produced and so on.",
    )


class TraceStepOut(BaseModel):
    """One binding of the winning program evaluated on the first demonstration."""

    name: str
    line: str
    value_type: str
    grid: list[list[int]] | None
    summary: str


class FullTrace(TraceSummary):
    """The summary plus the search's layers, inferred constants, the winner's steps and the
    closest candidates."""

    values_per_layer: list[int]
    constants: dict[str, Any]
    winner_steps: list[TraceStepOut]
    closest_candidates: list[dict[str, Any]]


class Timing(BaseModel):
    """Where the request's time went, in seconds."""

    budget_seconds: float = Field(
        description="The budget used: requested or default, capped at the server's maximum."
    )
    queued_seconds: float = Field(description="Waiting for a free worker (part of the budget).")
    solve_seconds: float = Field(description="The solver's own time.")
    total_seconds: float = Field(description="From the request's arrival to the answer.")


class SolveOut(BaseModel):
    """Two attempts per test input, the programs behind them, the trace and the timing."""

    task_id: str
    solved_demonstrations: bool = Field(
        description="Whether some program reproduces every demonstration."
    )
    attempts: list[list[AttemptOut]] = Field(
        description="Per test input (in order), two attempts, best first."
    )
    programs: list[ProgramOut]
    trace: FullTrace | TraceSummary | None = Field(union_mode="left_to_right")
    timing: Timing

    @classmethod
    def from_solution(cls, solution: dict[str, Any], trace: TraceLevel, timing: Timing) -> SolveOut:
        """The response for a `Solution.to_json()`, with the trace at the requested detail."""
        shown: FullTrace | TraceSummary | None = None
        if trace == "full":
            shown = FullTrace.model_validate(solution["trace"])
        elif trace == "summary":
            shown = TraceSummary.model_validate(solution["trace"])
        return cls(
            task_id=solution["task_id"],
            solved_demonstrations=solution["solved_demonstrations"],
            attempts=solution["attempts"],
            programs=solution["programs"],
            trace=shown,
            timing=timing,
        )


class PoolOut(BaseModel):
    """The worker pool now."""

    workers: int
    busy: int
    waiting: int
    queue: int


class HealthOut(BaseModel):
    """Liveness and versions."""

    status: Literal["ok"]
    version: str = Field(description="The arcsynth package version.")
    primitives: int = Field(description="How many DSL primitives the search may use.")
    prior: str = Field(
        description="The neural prior guiding the search: none, fp32 or int8; '+tta' if adapted."
    )
    pool: PoolOut


class PrimitiveOut(BaseModel):
    """One DSL primitive."""

    name: str
    signature: str
    family: str
    doc: str


class ErrorOut(BaseModel):
    """An error the client can read."""

    detail: str
