"""Completing the fragments of multicolour templates (dsl/templates.py)."""

import numpy as np

from dsl.templates import complete_fragments, stamp_fragments
from dsl.types import NO_VALUE, make_grid


def _grid(rows: list[str]) -> np.ndarray:
    return make_grid([[int(c) for c in row] for row in rows])


TEMPLATE_AND_MARKER = _grid(
    [
        "120000",
        "300000",
        "000000",
        "000000",
        "000020",
        "000000",
    ]
)
"""A three-cell template (1 2 over 3) and a lone 2: the only cell of its colour in the template."""


def test_a_lone_marker_is_completed_into_the_template_around_it():
    completed = _grid(["120000", "300000", "000000", "000000", "000120", "000300"])
    assert np.array_equal(complete_fragments(TEMPLATE_AND_MARKER), completed)


def test_stamping_keeps_only_the_completed_copies():
    stamped = _grid(["000000", "000000", "000000", "000000", "000120", "000300"])
    assert np.array_equal(stamp_fragments(TEMPLATE_AND_MARKER), stamped)


def test_a_fragment_two_placements_explain_equally_is_left_alone():
    # the lone 1 fits either 1 of the template 1 2 1: no single placement wins
    grid = _grid(["121000", "000000", "000000", "000100"])
    assert complete_fragments(grid) is NO_VALUE


def test_a_placement_may_not_cover_a_cell_of_another_colour():
    # the 2 sits where the template's 3 would go under the only placement for it: no copy
    grid = _grid(["120000", "300000", "000000", "000020", "000200"])
    assert complete_fragments(grid) is NO_VALUE


def test_without_a_multicolour_template_there_is_no_value():
    assert complete_fragments(_grid(["110", "000", "001"])) is NO_VALUE
