"""Demonstrations become a fixed, small, bounded set of tokens per pair."""

from __future__ import annotations

import numpy as np

from dsl.task import Pair, Task
from neural.features import (
    MAX_PAIRS,
    TOKEN_DIM,
    TOKENS,
    TOKENS_PER_PAIR,
    _Grid,
    encode_pair,
    encode_task,
)


def _grid(rows) -> np.ndarray:
    return np.array(rows, dtype=np.int8)


def _task(pairs, test_output=None) -> Task:
    train = tuple(Pair(_grid(a), _grid(b)) for a, b in pairs)
    test = (Pair(_grid([[1, 2], [3, 4]]), None if test_output is None else _grid(test_output)),)
    return Task("t", train, test)


PAIRS = [
    ([[0, 1, 0], [0, 1, 1]], [[0, 1, 0], [1, 1, 0]]),
    ([[2, 0], [0, 0], [2, 2]], [[0, 2], [0, 0], [2, 2]]),
    ([[3, 3, 0, 0]], [[0, 0, 3, 3]]),
]


def test_every_token_group_fits_the_token_width():
    a, b = _Grid(_grid(PAIRS[0][0])), _Grid(_grid(PAIRS[0][1]))
    for name, token in TOKENS:
        assert len(token(a, b)) <= TOKEN_DIM, name


def test_a_task_has_fixed_shape_and_a_mask_of_its_real_pairs():
    tokens, mask = encode_task(_task(PAIRS))
    assert tokens.shape == (MAX_PAIRS, TOKENS_PER_PAIR, TOKEN_DIM)
    assert tokens.dtype == np.float32
    assert mask.tolist() == [1, 1, 1, 0]
    assert not tokens[3].any()


def test_encoding_is_deterministic_finite_and_bounded():
    first, _ = encode_task(_task(PAIRS))
    second, _ = encode_task(_task(PAIRS))
    assert np.array_equal(first, second)
    assert np.isfinite(first).all()
    assert np.abs(first).max() <= 2.0


def test_only_the_first_pairs_are_read_and_test_outputs_never():
    many = PAIRS * 3
    tokens, mask = encode_task(_task(many))
    assert mask.sum() == MAX_PAIRS
    hidden, _ = encode_task(_task(PAIRS, test_output=[[9, 9], [9, 9]]))
    assert np.array_equal(hidden, encode_task(_task(PAIRS))[0])


def test_a_mirrored_output_is_flagged_and_distinct_tasks_differ():
    grid = _grid([[1, 2, 0], [0, 3, 0]])
    mirrored = encode_pair(grid, grid[:, ::-1])
    recoloured = encode_pair(grid, np.where(grid == 1, 5, grid).astype(np.int8))
    relations = [name for name, _ in TOKENS].index("relations")
    assert mirrored[relations, 3] == 1.0  # output == flip_h(input)
    assert recoloured[relations, 3] == 0.0
    assert not np.array_equal(mirrored, recoloured)


def test_one_cell_and_full_size_grids_encode():
    one = _grid([[5]])
    big = np.tile(_grid([[1, 2], [3, 0]]), (15, 15))
    for a, b in ((one, one), (big, one), (one, big), (big, big)):
        tokens = encode_pair(a, b)
        assert np.isfinite(tokens).all()
