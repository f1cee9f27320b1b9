"""One step back from the outputs: the grid each demonstration's output must come from.

Some primitives fix their grid argument once their result is known: a turn or a mirror image
(undo it), a grid beside its mirror image (keep the first half), a tiling or a scaling (keep one
tile, one cell per block), a fractal (keep a copy of the whole). For each such primitive that
explains every demonstration's output with the same integer arguments, `inverse_goals` returns
the grids it needs as its argument. The search checks every grid it makes against them: a match
on every demonstration is an answer one primitive away, found at once, even in the search's last
layer and even when the beam would have turned the grid away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

import numpy as np

from dsl.registry import get as get_primitive
from dsl.task import Task
from dsl.types import value_key

MAX_TILINGS = 3
"""How many readings (repeat counts, factors) of one primitive become goals, most repeats (the
smallest grid argument) first."""

Preimage = Callable[[np.ndarray], list[tuple[tuple[int, ...], np.ndarray]]]
"""An output -> (integer arguments, candidate grid argument) for every way to read it back."""


@dataclass(frozen=True)
class Goal:
    """A primitive, its integer arguments, and the grid argument each demonstration needs."""

    op: str
    literals: tuple[int, ...]
    grids: tuple[np.ndarray, ...]

    def keys(self) -> tuple[object, ...]:
        """The grids' value keys, as the search keys its values."""
        return tuple(value_key(g) for g in self.grids)


def _undo(inverse: Callable[[np.ndarray], np.ndarray]) -> Preimage:
    return lambda out: [((), inverse(out))]


def _half(axis: int, first: bool) -> Preimage:
    """The first (or second) half of the output along an axis."""

    def read(out: np.ndarray) -> list[tuple[tuple[int, ...], np.ndarray]]:
        size = out.shape[axis]
        if size % 2:
            return []
        half = size // 2
        part = slice(0, half) if first else slice(half, size)
        return [((), out[part] if axis == 0 else out[:, part])]

    return read


def _quarter(out: np.ndarray) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """The top-left quarter of the output."""
    height, width = out.shape
    if height % 2 or width % 2:
        return []
    return [((), out[: height // 2, : width // 2])]


def _fractal_copy(out: np.ndarray) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """The first block that is not blank, when the output's sides are squares."""
    height, width = (int(round(np.sqrt(side))) for side in out.shape)
    if height * height != out.shape[0] or width * width != out.shape[1]:
        return []
    for row, col in product(range(height), range(width)):
        block = out[row * height : (row + 1) * height, col * width : (col + 1) * width]
        if block.any():
            return [((), block)]
    return []


def _scales(out: np.ndarray) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """One cell per factor x factor block, for every factor that divides both sides."""
    height, width = out.shape
    return [
        ((factor,), out[::factor, ::factor])
        for factor in range(2, min(height, width) + 1)
        if height % factor == 0 and width % factor == 0
    ]


def _tiles(out: np.ndarray) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """The top-left tile for every repeat count (rows, cols) that divides the sides."""
    height, width = out.shape
    return [
        ((rows, cols), out[: height // rows, : width // cols])
        for rows in range(1, height + 1)
        for cols in range(1, width + 1)
        if height % rows == 0 and width % cols == 0 and rows * cols > 1
    ]


PREIMAGES: dict[str, Preimage] = {
    "rot90": _undo(lambda out: np.rot90(out, 1)),
    "rot180": _undo(lambda out: np.rot90(out, 2)),
    "rot270": _undo(lambda out: np.rot90(out, -1)),
    "flip_h": _undo(lambda out: out[:, ::-1]),
    "flip_v": _undo(lambda out: out[::-1]),
    "transpose": _undo(lambda out: out.T),
    "antitranspose": _undo(lambda out: np.rot90(out, 2).T),
    "mirror_right": _half(1, first=True),
    "mirror_left": _half(1, first=False),
    "mirror_down": _half(0, first=True),
    "mirror_up": _half(0, first=False),
    "mirror_four": _quarter,
    "tile_rotations": _quarter,
    "fractal": _fractal_copy,
    "scale_up": _scales,
    "tile": _tiles,
    "tile_mirrored": _tiles,
}
"""The primitives read back, each with how to read an output back into its grid argument."""


def _readings(op: str, out: np.ndarray) -> dict[tuple[int, ...], np.ndarray]:
    """The grid arguments that make `op` give exactly `out`, by integer arguments."""
    fn = get_primitive(op).fn
    found = {}
    for literals, grid in PREIMAGES[op](out):
        grid = np.ascontiguousarray(grid, dtype=out.dtype)
        made = fn(grid, *literals)
        if isinstance(made, np.ndarray) and np.array_equal(made, out):
            found[literals] = grid
    return found


def _reads_back_as_itself(grids: tuple[np.ndarray, ...], outputs: list[np.ndarray]) -> bool:
    """Whether every grid is its output (the search checks those already)."""
    return all(
        g.shape == o.shape and np.array_equal(g, o) for g, o in zip(grids, outputs, strict=True)
    )


def _most_repeats_first(literals: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    return -int(np.prod(literals or (1,))), literals


def inverse_goals(task: Task, ops: frozenset[str] | None = None) -> list[Goal]:
    """The goals of every primitive in `ops` (default all that can be read back) that explain
    every demonstration's output with the same integer arguments and ask for a grid that is not
    the output itself."""
    goals = []
    outputs = [pair.output for pair in task.train]
    for op in sorted(PREIMAGES if ops is None else ops & PREIMAGES.keys()):
        readings = [_readings(op, out) for out in outputs]
        shared = set(readings[0]).intersection(*readings[1:])
        for literals in sorted(shared, key=_most_repeats_first)[:MAX_TILINGS]:
            grids = tuple(reading[literals] for reading in readings)
            if not _reads_back_as_itself(grids, outputs):
                goals.append(Goal(op, literals, grids))
    return goals
