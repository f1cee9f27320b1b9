"""Steps that several primitives share are computed once per grid and stay read-only."""

from __future__ import annotations

import numpy as np

from dsl import common
from dsl.common import memoised
from dsl.fill import _enclosed
from dsl.symmetry import _complete_pattern


def test_memoised_steps_are_computed_once_per_grid_and_arguments_and_cannot_be_changed():
    calls = []

    def compute(grid, colour):
        calls.append(colour)
        return int(grid.sum()) + colour

    grid = np.array([[1, 2], [3, 4]], dtype=np.int8)
    assert memoised("test", compute, grid, 1) == memoised("test", compute, grid.copy(), 1) == 11
    assert memoised("test", compute, grid, 2) == 12
    assert calls == [1, 2]
    stripes = np.array([[1, 2, 1, 2, 1, 2]] * 3, dtype=np.int8)
    stripes[1, 2] = 0
    filled = _complete_pattern(stripes, 0)
    assert filled is _complete_pattern(stripes.copy(), 0)
    assert filled[1, 2] == 1 and not filled.flags.writeable
    ring = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.int8)
    assert not _enclosed(ring)[0].flags.writeable


def test_a_full_memo_forgets_its_older_half_and_keeps_the_recent_steps():
    calls = []

    def compute(grid, n):
        calls.append(n)
        return n

    grid = np.zeros((2, 2), dtype=np.int8)
    limit = common._MEMO_LIMIT
    for n in range(limit + 1):  # one past the limit: the older half goes
        memoised("overflow test", compute, grid, n)
    assert len(common._MEMO) <= limit
    memoised("overflow test", compute, grid, limit)  # the newest is remembered
    memoised("overflow test", compute, grid, limit - 1)
    memoised("overflow test", compute, grid, 0)  # the oldest was forgotten
    assert calls == [*range(limit + 1), 0]
