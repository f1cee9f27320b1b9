"""Rule induction: the shortest cell rule that explains every demonstration, or none."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

import solver.rules
from dsl.program import parse, run
from dsl.rules import apply_rule
from dsl.types import make_grid
from solver.config import SearchConfig
from solver.params import infer_constants
from solver.rules import (
    alternative_rule,
    find_rule,
    find_symmetric_rule,
    induce_rules,
    predicts_a_held_out_demo,
    rule_sources,
)
from solver.search import Budget, Search
from solver.size import predict_from_rules
from tests.solver.conftest import make_task

GENEROUS = 120.0  # seconds: never reached, so no test depends on the machine's speed
MAX_TESTS = SearchConfig().rules_max_tests


def _fill_enclosed(grid: np.ndarray, colour: int) -> np.ndarray:
    labels, _ = ndimage.label(grid == 0)
    border = set(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    inside = (labels > 0) & ~np.isin(labels, list(border))
    return np.where(inside, colour, grid)


def _rings(boxes: list[tuple[int, int, int, int]], colour: int, side: int = 9) -> np.ndarray:
    grid = np.zeros((side, side), dtype=np.int8)
    for top, left, height, width in boxes:
        grid[top : top + height, left : left + width] = colour
        grid[top + 1 : top + height - 1, left + 1 : left + width - 1] = 0
    return grid


RING_INPUTS = [
    _rings([(0, 0, 4, 4), (5, 4, 3, 5)], 2),
    _rings([(1, 1, 5, 3), (2, 5, 3, 3)], 2),
    _rings([(4, 0, 5, 5), (0, 5, 3, 4)], 2),
]
TEST_RING = _rings([(2, 2, 5, 5)], 2)


def _neighbours_marked(grid: np.ndarray) -> np.ndarray:
    """Background cells next (4-way) to a 2 become 3."""
    near = ndimage.binary_dilation(grid == 2, structure=ndimage.generate_binary_structure(2, 1))
    return np.where((grid == 0) & near, 3, grid)


def _dots(points: list[tuple[int, int]], side: int = 8) -> np.ndarray:
    grid = np.zeros((side, side), dtype=np.int8)
    for row, col in points:
        grid[row, col] = 2
    return grid


def _extended(grid: np.ndarray) -> np.ndarray:
    """Each row's colour at the left edge runs to the right edge."""
    out = grid.copy()
    for row in range(grid.shape[0]):
        if grid[row, 0]:
            out[row] = grid[row, 0]
    return out


def _seeds(colours: dict[int, int], side: int = 7) -> np.ndarray:
    grid = np.zeros((side, side), dtype=np.int8)
    for row, colour in colours.items():
        grid[row, 0] = colour
    return grid


SYMMETRIC = [
    np.array([[1, 2, 0, 0, 2, 1], [3, 3, 4, 4, 3, 3], [0, 6, 1, 1, 6, 0], [2, 0, 7, 7, 0, 2]]),
    np.array([[4, 4, 1, 1, 4, 4], [0, 2, 2, 2, 2, 0], [3, 1, 0, 0, 1, 3], [6, 6, 2, 2, 6, 6]]),
    np.array([[7, 0, 3, 3, 0, 7], [1, 1, 6, 6, 1, 1], [2, 4, 4, 4, 4, 2], [0, 3, 1, 1, 3, 0]]),
]
HOLES = [[(0, 0), (2, 1), (3, 2)], [(1, 0), (0, 2), (3, 1)], [(2, 0), (1, 2), (0, 1), (3, 0)]]


def _masked(grid: np.ndarray, holes: list[tuple[int, int]]) -> np.ndarray:
    out = grid.copy()
    for hole in holes:
        out[hole] = 5
    return out


def _by_size(grid: np.ndarray) -> np.ndarray:
    """Each 5-coloured object takes a colour by its size: 1 cell -> 3, 2 -> 2, 3 -> 1."""
    labels, count = ndimage.label(grid == 5)
    out = grid.copy()
    for label in range(1, count + 1):
        cells = labels == label
        out[cells] = {1: 3, 2: 2, 3: 1}[int(cells.sum())]
    return out


def _pieces(shapes: list[list[tuple[int, int]]], side: int = 8) -> np.ndarray:
    grid = np.zeros((side, side), dtype=np.int8)
    for shape in shapes:
        for cell in shape:
            grid[cell] = 5
    return grid


KINDS = {
    "enclosed fill": (
        [(grid, _fill_enclosed(grid, 4)) for grid in RING_INPUTS],
        (TEST_RING, _fill_enclosed(TEST_RING, 4)),
    ),
    "neighbour recolour": (
        [
            (grid, _neighbours_marked(grid))
            for grid in (_dots([(1, 1), (5, 5)]), _dots([(3, 2), (6, 6), (0, 7)]), _dots([(4, 4)]))
        ],
        (_dots([(2, 5), (6, 1)]), _neighbours_marked(_dots([(2, 5), (6, 1)]))),
    ),
    "ray extension": (
        [
            (grid, _extended(grid))
            for grid in (_seeds({1: 3, 4: 6}), _seeds({0: 2, 3: 3, 6: 1}), _seeds({2: 1, 5: 4}))
        ],
        (_seeds({1: 8, 3: 2}), _extended(_seeds({1: 8, 3: 2}))),
    ),
    "mirror completion": (
        [(_masked(grid, holes), grid) for grid, holes in zip(SYMMETRIC, HOLES, strict=True)],
        (_masked(SYMMETRIC[0], [(1, 1), (3, 0)]), SYMMETRIC[0]),
    ),
    "recolour by object size": (
        [
            (grid, _by_size(grid))
            for grid in (
                _pieces([[(0, 0)], [(2, 2), (2, 3)], [(5, 1), (6, 1), (7, 1)], [(7, 7)]]),
                _pieces([[(1, 6)], [(4, 4), (5, 4)], [(0, 2), (0, 3), (0, 4)]]),
                _pieces([[(6, 6)], [(3, 0), (3, 1)], [(1, 3), (2, 3), (3, 3)], [(7, 3)]]),
            )
        ],
        (
            _pieces([[(0, 7)], [(4, 1), (4, 2), (4, 3)], [(7, 5), (7, 6)]]),
            _by_size(_pieces([[(0, 7)], [(4, 1), (4, 2), (4, 3)], [(7, 5), (7, 6)]])),
        ),
    ),
}


def _grids(pairs) -> tuple[list[np.ndarray], list[np.ndarray]]:
    return [make_grid(i) for i, _ in pairs], [make_grid(o) for _, o in pairs]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_short_rule_explains_every_demonstration_and_the_test(kind):
    pairs, (test_in, test_out) = KINDS[kind]
    sources, targets = _grids(pairs)
    rule = find_rule(sources, targets, MAX_TESTS, Budget(GENEROUS))
    assert rule is not None, kind
    assert rule.size <= 3, str(rule)
    for source, target in zip(sources, targets, strict=True):
        assert np.array_equal(apply_rule(source, rule), target), str(rule)
    assert np.array_equal(apply_rule(make_grid(test_in), rule), test_out), str(rule)


def test_the_simplest_feature_explains_an_enclosed_fill():
    pairs, _ = KINDS["enclosed fill"]
    assert str(find_rule(*_grids(pairs), MAX_TESTS)) == "[enclosed -> 4]"


def _random_recolouring(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    pairs = []
    for _ in range(3):
        grid = rng.integers(0, 3, size=(8, 8))
        noise = rng.integers(0, 10, size=(8, 8))
        pairs.append((grid, np.where(rng.random((8, 8)) < 0.4, noise, grid)))
    return pairs


@pytest.mark.parametrize("seed", range(5))
def test_no_short_rule_explains_a_random_recolouring(seed):
    assert find_rule(*_grids(_random_recolouring(seed)), MAX_TESTS, Budget(GENEROUS)) is None


def test_nothing_to_learn_gives_no_rule():
    grids = [make_grid(grid) for grid in RING_INPUTS]
    assert find_rule(grids, grids, MAX_TESTS) is None


def test_a_rule_as_big_as_the_data_is_no_rule():
    pairs, _ = KINDS["recolour by object size"]
    assert find_rule(*_grids(pairs), max_tests=2) is None


def _colour_rings(colour: int, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    grid = _rings(boxes, colour)
    grid[8, 8] = 1  # a marker so the ring's colour is not the only one
    return grid


def test_a_role_carries_the_rule_to_a_colour_no_demonstration_shows():
    inputs = [
        _colour_rings(2, [(0, 0, 4, 4), (4, 4, 4, 4)]),
        _colour_rings(3, [(1, 1, 5, 5)]),
        _colour_rings(6, [(0, 3, 4, 5), (5, 0, 3, 3)]),
    ]
    pairs = [(grid, np.where(_fill_enclosed(grid, 9) == 9, grid.max(), grid)) for grid in inputs]
    rule = find_rule(*_grids(pairs), MAX_TESTS)
    assert rule is not None
    test = _colour_rings(8, [(2, 2, 5, 5)])
    out = apply_rule(make_grid(test), rule)
    assert out[4, 4] == 8 and out[0, 0] == 0, str(rule)


# ------------------------------------------------------------------------------- in the search


def _search(pairs, test) -> tuple[Search, object]:
    task = make_task(
        [(i.tolist(), o.tolist()) for i, o in pairs], [(t.tolist(), None) for t in test]
    )
    config = SearchConfig(max_depth=0, prior="none")
    constants = infer_constants(task, config.max_colours)
    search = Search(task, config, constants)
    search.run(Budget(GENEROUS))
    return search, predict_from_rules(task, constants.size_rule)


def test_an_induced_rule_is_a_consistent_program_made_by_rules():
    pairs, (test_in, test_out) = KINDS["neighbour recolour"]
    search, sizes = _search(pairs, [test_in])
    report = induce_rules(search, sizes, Budget(GENEROUS), SearchConfig())
    assert (report.sources, report.rules, report.consistent) == (1, 1, 1)
    found = search.found[-1]
    assert found.mechanism == "rules"
    assert np.array_equal(search.nodes[found.node].values[-1], test_out)


def test_an_induced_program_prints_parses_and_reruns():
    pairs, (test_in, test_out) = KINDS["ray extension"]
    search, sizes = _search(pairs, [test_in])
    induce_rules(search, sizes, Budget(GENEROUS), SearchConfig())
    text = str(search.program(search.found[-1].node))
    assert text.startswith("O = apply_rule(I, [")
    program = parse(text)
    assert str(program) == text
    assert np.array_equal(run(program, make_grid(test_in)), test_out)


def test_no_rule_is_added_when_none_fits():
    pairs = _random_recolouring(0)
    search, sizes = _search(pairs, [pairs[0][0]])
    report = induce_rules(search, sizes, Budget(GENEROUS), SearchConfig())
    assert report.sources == 1 and report.rules == 0 and not search.found


def test_an_expired_budget_tries_no_source():
    pairs, (test_in, _) = KINDS["enclosed fill"]
    search, sizes = _search(pairs, [test_in])
    report = induce_rules(search, sizes, Budget(0.0), SearchConfig())
    assert report.sources == 0 and not search.found


def test_the_input_is_the_first_source_and_only_grids_of_the_output_shape_count():
    pairs, (test_in, _) = KINDS["mirror completion"]
    task_pairs = [(i.tolist(), o.tolist()) for i, o in pairs]
    task = make_task(task_pairs, [(test_in.tolist(), None)])
    config = SearchConfig(max_depth=1, prior="none")
    constants = infer_constants(task, config.max_colours)
    search = Search(task, config, constants)
    search.run(Budget(GENEROUS))
    sizes = predict_from_rules(task, constants.size_rule)
    sources = rule_sources(search, sizes, limit=5)
    assert sources[0] == 0 and len(sources) <= 5
    for row in sources:
        values = search.nodes[row].values
        assert all(v.shape == o.shape for v, (_, o) in zip(values, pairs, strict=False))


# ------------------------------------------------------------------------ held-out demonstrations


def _two_colours_two_demos_each() -> list[tuple[np.ndarray, np.ndarray]]:
    """Demonstrations 1-2 recolour 1 to 2, demonstrations 3-4 recolour 3 to 4."""
    pairs = []
    for old, new, corner in ((1, 2, 0), (1, 2, 1), (3, 4, 0), (3, 4, 1)):
        grid = np.zeros((5, 5), dtype=int)
        grid[1 + corner : 3 + corner, 1:3] = old
        grid[4, 4] = 7
        pairs.append((grid, np.where(grid == old, new, grid)))
    return pairs


def test_a_rule_the_held_out_demonstrations_confirm_is_sure():
    pairs, (test_in, _) = KINDS["neighbour recolour"]
    assert predicts_a_held_out_demo(*_grids(pairs), MAX_TESTS)
    search, sizes = _search(pairs, [test_in])
    report = induce_rules(search, sizes, Budget(GENEROUS), SearchConfig())
    assert report.rules == 1 and report.doubtful == 0
    assert not search.found[-1].doubtful and search.settled_at is not None


def test_a_rule_no_held_out_demonstration_confirms_is_doubtful():
    pairs = _two_colours_two_demos_each()
    rule = find_rule(*_grids(pairs), MAX_TESTS)
    assert str(rule) == "[colour=1 -> 2; colour=3 -> 4]"
    assert not predicts_a_held_out_demo(*_grids(pairs), MAX_TESTS)
    search, sizes = _search(pairs, [pairs[0][0]])
    report = induce_rules(search, sizes, Budget(GENEROUS), SearchConfig())
    assert report.rules == 1 and report.doubtful == 1
    assert search.found[-1].mechanism == "rules" and search.found[-1].doubtful


def test_one_demonstration_leaves_nothing_to_hold_out():
    pairs = _two_colours_two_demos_each()[:1]
    assert predicts_a_held_out_demo(*_grids(pairs), MAX_TESTS)


# ------------------------------------------------------------------------------ symmetric rules


def _eight_orientations(grid: np.ndarray) -> list[np.ndarray]:
    turned = [np.rot90(grid, k) for k in range(4)]
    return turned + [t.T for t in turned]


def test_a_symmetric_rule_explains_every_pair_in_all_eight_orientations():
    pairs, (test_in, test_out) = KINDS["enclosed fill"]
    rule = find_symmetric_rule(*_grids(pairs), MAX_TESTS, Budget(GENEROUS))
    assert rule is not None
    for source, target in pairs + [(test_in, test_out)]:
        for turned_in, turned_out in zip(
            _eight_orientations(source), _eight_orientations(target), strict=True
        ):
            assert np.array_equal(apply_rule(make_grid(turned_in), rule), turned_out), str(rule)


def _right_of_a_two_marked(grid: np.ndarray) -> np.ndarray:
    """A background cell just right of a 2 becomes 3: a rule with one direction."""
    out = grid.copy()
    left = np.zeros_like(grid, dtype=bool)
    left[:, 1:] = grid[:, :-1] == 2
    out[(grid == 0) & left] = 3
    return out


def test_a_rule_that_leans_on_one_direction_has_no_symmetric_form():
    inputs = [_dots([(1, 1), (4, 5)]), _dots([(2, 3), (6, 0), (5, 6)]), _dots([(0, 2), (3, 3)])]
    pairs = [(grid, _right_of_a_two_marked(grid)) for grid in inputs]
    assert find_rule(*_grids(pairs), MAX_TESTS, Budget(GENEROUS)) is not None
    assert find_symmetric_rule(*_grids(pairs), MAX_TESTS, Budget(GENEROUS)) is None


def _recording_symmetric_rule(monkeypatch) -> list[int]:
    """Replace the symmetric induction with one that records its calls and returns a new rule."""
    calls = []

    def reordered(sources, targets, max_tests, budget=None):
        calls.append(len(sources))
        rule = find_rule(sources, targets, max_tests, budget)
        return type(rule)(tuple(reversed(rule.clauses)))

    monkeypatch.setattr(solver.rules, "find_symmetric_rule", reordered)
    return calls


def test_a_doubtful_rule_on_the_input_brings_a_symmetric_one(monkeypatch):
    calls = _recording_symmetric_rule(monkeypatch)
    pairs = _two_colours_two_demos_each()
    search, sizes = _search(pairs, [pairs[0][0]])
    report = induce_rules(search, sizes, Budget(GENEROUS), SearchConfig())
    assert calls == [len(pairs)]
    assert report.doubtful == 1 and report.symmetric == 1


def test_a_sure_rule_or_a_switched_off_setting_tries_no_symmetric_rule(monkeypatch):
    calls = _recording_symmetric_rule(monkeypatch)
    pairs, (test_in, _) = KINDS["neighbour recolour"]
    search, sizes = _search(pairs, [test_in])
    induce_rules(search, sizes, Budget(GENEROUS), SearchConfig())
    pairs = _two_colours_two_demos_each()
    search, sizes = _search(pairs, [pairs[0][0]])
    report = induce_rules(search, sizes, Budget(GENEROUS), SearchConfig(rules_symmetric_sources=0))
    assert calls == [] and report.symmetric == 0


def test_an_expired_budget_stops_induction_before_any_grid_features(monkeypatch):
    computed = []
    monkeypatch.setattr(solver.rules, "cell_features", lambda grid: computed.append(grid))
    pairs, _ = KINDS["enclosed fill"]
    assert find_rule(*_grids(pairs), MAX_TESTS, Budget(0.0)) is None
    assert find_symmetric_rule(*_grids(pairs), MAX_TESTS, Budget(0.0)) is None
    assert computed == []


def test_no_symmetric_rule_is_tried_on_pairs_too_big_for_its_memory():
    grids = [np.zeros((30, 30), dtype=np.int8) for _ in range(10)]
    for number, grid in enumerate(grids):
        grid[number, number] = 2  # ten distinct pairs: 8 x 9,000 cells in their images
    sources = [make_grid(grid) for grid in grids]
    targets = [make_grid(np.where(grid == 0, 1, grid)) for grid in grids]
    assert find_rule(sources, targets, MAX_TESTS) is not None
    assert find_symmetric_rule(sources, targets, MAX_TESTS) is None


def test_an_alternative_rule_tests_another_feature_and_answers_otherwise():
    # in the demonstrations the 1s are exactly the top row: colour and row explain them equally
    sources = [
        make_grid([[1, 1, 1], [0, 0, 0], [0, 3, 0]]),
        make_grid([[1, 1, 1], [3, 0, 0], [0, 0, 0]]),
    ]
    targets = [
        make_grid([[2, 2, 2], [0, 0, 0], [0, 3, 0]]),
        make_grid([[2, 2, 2], [3, 0, 0], [0, 0, 0]]),
    ]
    test = make_grid([[0, 0, 0], [1, 1, 0], [3, 3, 3]])
    rule = find_rule(sources, targets, MAX_TESTS)
    other = alternative_rule(sources, targets, [test], rule, MAX_TESTS, Budget(GENEROUS))
    assert rule is not None and other is not None
    assert all(
        np.array_equal(apply_rule(s, other), t) for s, t in zip(sources, targets, strict=True)
    )
    assert not np.array_equal(apply_rule(test, other), apply_rule(test, rule))
    features = {c.feature for clause in rule.clauses for c in clause.conditions}
    other_features = {c.feature for clause in other.clauses for c in clause.conditions}
    assert not features <= other_features


def test_no_alternative_when_every_other_rule_answers_the_same():
    sources = [make_grid([[1, 0], [0, 0]]), make_grid([[0, 0], [0, 1]])]
    targets = [make_grid([[2, 0], [0, 0]]), make_grid([[0, 0], [0, 2]])]
    rule = find_rule(sources, targets, MAX_TESTS)
    assert rule is not None
    same = alternative_rule(sources, targets, [sources[0]], rule, MAX_TESTS, Budget(GENEROUS))
    assert same is None
