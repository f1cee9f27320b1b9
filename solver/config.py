"""The solver's settings, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchConfig:
    """Budgets and widths of the program search.

    `budget_seconds` is a hard wall-clock limit for one task; `max_nodes` and
    `max_value_megabytes` cap the value table (and so memory). The beam widths bound how many
    values of each type feed the next layer.
    """

    budget_seconds: float = 30.0
    max_depth: int = 4
    max_nodes: int = 200_000
    max_value_megabytes: int = 1_000
    max_colours: int = 6
    grid_beam: int = 120
    other_beam: int = 60
    max_combinations_per_primitive: int = 4_000
    distance_weight: float = 1.0
    derived_analysis_penalty: float = 0.5
    solution_grace_seconds: float = 1.0
    trace_candidates: int = 10
    disabled_primitives: frozenset[str] = field(default_factory=frozenset)
