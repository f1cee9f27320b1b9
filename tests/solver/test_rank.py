"""Ranking candidates from every generator into attempts."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from dsl.program import parse
from solver.rank import Candidate, rank


def _candidate(name: int, cost: float, **fields) -> Candidate:
    defaults = {
        "program": parse("O = identity(I)"),
        "predictions": (np.full((1, 1), name, dtype=np.int8),),
        "cost": cost,
        "mechanism": "search",
        "consistent": True,
        "demos_matched": 2,
        "demo_accuracy": 1.0,
    }
    return Candidate(**(defaults | fields))


def _names(ranked: list[Candidate]) -> list[int]:
    return [int(c.predictions[0][0, 0]) for c in ranked]


def test_a_doubtful_program_yields_first_place_and_keeps_second():
    cheap_doubtful = _candidate(1, 1.0, doubtful=True)
    sure = [_candidate(n, 2.0 + n) for n in (2, 3)]
    later_doubtful = _candidate(4, 1.5, doubtful=True)
    assert _names(rank([*sure, later_doubtful, cheap_doubtful])) == [2, 1, 3, 4]
    assert _names(rank([later_doubtful, cheap_doubtful])) == [1, 4]


def test_partials_rank_by_demonstrations_matched_then_cells_then_cost_after_consistent():
    partial = {"consistent": False}
    close_cells = _candidate(5, 1.0, demos_matched=0, demo_accuracy=0.99, **partial)
    one_exact = _candidate(6, 3.0, demos_matched=1, demo_accuracy=0.6, **partial)
    one_exact_cheaper = _candidate(7, 2.0, demos_matched=1, demo_accuracy=0.6, **partial)
    consistent = _candidate(8, 9.0)
    ranked = rank([close_cells, one_exact, one_exact_cheaper, consistent])
    assert _names(ranked) == [8, 7, 6, 5]


def test_candidates_with_equal_predictions_are_ranked_once():
    ranked = rank([_candidate(1, 2.0), _candidate(1, 1.0, mechanism="stack")])
    assert len(ranked) == 1
    assert ranked[0].cost == 1.0


def test_a_second_opinion_cheaper_than_the_first_answer_takes_second_place():
    first, runner_up = _candidate(1, 5.0), _candidate(2, 6.0)
    cheaper_rule = _candidate(3, 3.0, mechanism="rules", second_opinion=True)
    assert _names(rank([first, runner_up, cheaper_rule])) == [1, 3, 2]


def test_a_second_opinion_no_cheaper_than_the_first_answer_follows_the_consistent_ones():
    first, runner_up = _candidate(1, 5.0), _candidate(2, 6.0)
    dearer_rule = _candidate(3, 5.5, mechanism="rules", second_opinion=True)
    partial = _candidate(4, 1.0, consistent=False, demos_matched=1)
    assert _names(rank([partial, dearer_rule, first, runner_up])) == [1, 2, 3, 4]


def test_a_second_opinion_that_agrees_with_the_first_answer_changes_nothing():
    first, runner_up = _candidate(1, 5.0), _candidate(2, 6.0)
    agreeing_rule = _candidate(1, 2.0, mechanism="rules", second_opinion=True)
    other_rule = _candidate(3, 2.5, mechanism="rules", second_opinion=True, doubtful=True)
    # the first differing opinion (sure ones before doubtful) is the agreeing one's successor
    assert _names(rank([first, runner_up, agreeing_rule, other_rule])) == [1, 3, 2]


def test_fewer_broken_properties_rank_first_then_sure_before_doubtful():
    cheap_breaking = _candidate(1, 1.0, violations=2)
    dear_plausible = _candidate(2, 5.0)
    plausible_doubtful = _candidate(3, 0.5, doubtful=True)
    ranked = rank([cheap_breaking, dear_plausible, plausible_doubtful])
    assert _names(ranked) == [2, 3, 1]


def test_a_second_opinion_breaking_fewer_properties_takes_first_place():
    first = _candidate(1, 1.0, violations=1)
    opinion = _candidate(2, 3.0, second_opinion=True)
    assert _names(rank([first, opinion])) == [2, 1]
    assert _names(rank([replace(first, violations=0), opinion])) == [1, 2]
