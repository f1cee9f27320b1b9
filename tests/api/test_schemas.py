"""Response bodies: what the solver reports reaches the client."""

from __future__ import annotations

from api.schemas import SolveOut, Timing
from solver import Attempt, RankedProgram, Solution, Trace


def _solution() -> Solution:
    trace = Trace(
        candidates_evaluated=10,
        candidates_per_second=100.0,
        duplicates_pruned=0,
        failed_evaluations=0,
        values_kept=5,
        depth_reached=1,
        values_per_layer=[5],
        stopped_by="solution",
        phase_seconds={"search": 0.1},
        constants={},
        consistent_programs=1,
        candidates_before_first_solution=3,
        winner_reason="cheapest",
        predicted_sizes=[[3, 3], None],
        mechanisms={"stack": {"seconds": 0.2, "candidates": 4}},
    )
    attempt = Attempt([[1]], "O = I", True, "stacked pieces", mechanism="stack")
    program = RankedProgram("O = I", 1.0, 1, True, 1.0, 3, [[[1]]], mechanism="stack")
    return Solution("t", [[attempt], [attempt]], [program], trace, True, 0.1)


def test_attempts_and_programs_name_their_mechanism_and_the_trace_its_sizes():
    timing = Timing(budget_seconds=1, queued_seconds=0, solve_seconds=0.1, total_seconds=0.1)
    for level in ("summary", "full"):
        body = SolveOut.from_solution(_solution().to_json(), level, timing).model_dump()
        assert body["attempts"][0][0]["mechanism"] == "stack"
        assert body["programs"][0]["mechanism"] == "stack"
        assert body["trace"]["predicted_sizes"] == [[3, 3], None]
        assert body["trace"]["mechanisms"] == {"stack": {"seconds": 0.2, "candidates": 4}}


def test_a_trace_without_sizes_or_mechanisms_still_validates():
    timing = Timing(budget_seconds=1, queued_seconds=0, solve_seconds=0.1, total_seconds=0.1)
    solution = _solution().to_json()
    del solution["trace"]["predicted_sizes"], solution["trace"]["mechanisms"]
    del solution["attempts"][0][0]["mechanism"], solution["programs"][0]["mechanism"]
    body = SolveOut.from_solution(solution, "summary", timing).model_dump()
    assert body["trace"]["predicted_sizes"] == [] and body["trace"]["mechanisms"] == {}
    assert body["attempts"][0][0]["mechanism"] == "search"
