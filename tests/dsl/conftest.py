"""Shared helpers for the DSL tests."""

from __future__ import annotations

import numpy as np

from dsl.types import make_grid


def g(rows) -> np.ndarray:
    """A frozen grid from nested lists (shorthand for the tests)."""
    return make_grid(rows)


def same(a, b) -> bool:
    """Exact grid equality (shape and cells)."""
    return isinstance(a, np.ndarray) and a.shape == np.shape(b) and bool(np.array_equal(a, b))
