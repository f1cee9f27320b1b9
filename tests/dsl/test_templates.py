"""Completing the fragments of multicolour templates (dsl/templates.py)."""

import numpy as np

from dsl import templates
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


def _chosen_cell_by_cell(covers: dict) -> dict:
    """The rule as stated: each fragment cell takes the placement explaining the most fragment
    cells among those explaining it, when that placement is unique."""
    cells = sorted({tuple(cell) for cover in covers.values() for cell in np.argwhere(cover)})
    chosen = {}
    for cell in cells:
        options = [(int(c.sum()), p) for p, c in covers.items() if c[cell]]
        best = max(n for n, _ in options)
        winners = [p for n, p in options if n == best]
        if len(winners) == 1:
            chosen.setdefault(winners[0], covers[winners[0]])
    return chosen


def test_each_fragment_cell_takes_its_unique_best_placement_on_random_grids():
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(200):
        grid = np.zeros(rng.integers(6, 14, size=2), dtype=np.int8)
        template = rng.integers(1, 4, size=rng.integers(1, 4, size=2))
        grid[: template.shape[0], : template.shape[1]] = template
        grid[-1, -1] = 5  # keeps the template a multicolour object apart from the fragments
        scatter = rng.random(grid.shape) < 0.15
        scatter[: template.shape[0] + 1, : template.shape[1] + 1] = False
        grid[scatter] = rng.integers(1, 4, size=int(scatter.sum()))
        grid = make_grid(grid.tolist())
        found = templates._template_placements(grid)
        if found is None:
            continue
        kept, chosen = found
        fragment = grid != 0
        for t in kept:
            fragment[t.top : t.top + t.height, t.left : t.left + t.width] &= ~t.mask
        covers = templates._covers(grid, kept, fragment, 0)
        assert list(chosen) == list(_chosen_cell_by_cell(covers))
        checked += 1
    assert checked > 20
