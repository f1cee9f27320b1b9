"""Program search for ARC tasks. The one public entry point is `solve(task, config)`.

The task model and the DSL catalogue are re-exported here so that the layers above (the service,
the benchmarks) talk to the solver alone.
"""

from dsl.registry import Primitive
from dsl.registry import registry as _registry
from dsl.task import (
    LoadResult,
    Task,
    TaskError,
    TaskLimits,
    load_development_tasks,
    load_tasks,
    task_from_json,
)
from solver.config import DEFAULT_MECHANISMS, MECHANISMS, PRIOR_MODES, SearchConfig
from solver.guidance import prepare
from solver.lookup import outputs_repeat
from solver.parts import parts_views
from solver.solution import Attempt, RankedProgram, Solution, Trace, TraceStep
from solver.solve import solve


def primitives() -> list[Primitive]:
    """Every DSL primitive the search may use, sorted by family then name."""
    return sorted(_registry().values(), key=lambda p: (p.family, p.name))


__all__ = [
    "DEFAULT_MECHANISMS",
    "MECHANISMS",
    "PRIOR_MODES",
    "Attempt",
    "LoadResult",
    "Primitive",
    "RankedProgram",
    "SearchConfig",
    "Solution",
    "Task",
    "TaskError",
    "TaskLimits",
    "Trace",
    "TraceStep",
    "load_development_tasks",
    "load_tasks",
    "outputs_repeat",
    "parts_views",
    "prepare",
    "primitives",
    "solve",
    "task_from_json",
]
