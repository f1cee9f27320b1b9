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
from typing import Any

import numpy as np

from dsl.registry import get as get_primitive
from dsl.task import Task
from dsl.types import value_key

MAX_TILINGS = 3
"""How many readings (repeat counts, factors) of one primitive become goals, most repeats (the
smallest grid argument) first."""

Form = tuple[tuple[int, ...], int | None]
"""How a primitive is called around the grid sought: its integer arguments, and which of its
two grid arguments is the input (None for a primitive of one grid)."""

Reading = tuple[Form, np.ndarray]
"""One way to read an output back: the call's form and the grid it needs."""

ReadBack = Callable[[np.ndarray, np.ndarray], list[Reading]]
"""(output, input) -> every way to read the output back."""

UnaryReadBack = Callable[[np.ndarray], list[tuple[tuple[int, ...], np.ndarray]]]
"""output -> (integer arguments, grid argument) for a primitive of one grid."""


@dataclass(frozen=True)
class Goal:
    """A primitive, how it is called, and the grid argument each demonstration needs."""

    op: str
    literals: tuple[int, ...]
    grids: tuple[np.ndarray, ...]
    input_at: int | None = None

    def keys(self) -> tuple[object, ...]:
        """The grids' value keys, as the search keys its values."""
        return tuple(value_key(g) for g in self.grids)


def call_arguments(sought: Any, given: Any, form: Form) -> tuple[Any, ...]:
    """The primitive's arguments: the grid sought (and the input where the form puts it), then
    the integers."""
    literals, input_at = form
    if input_at is None:
        return (sought, *literals)
    grids = [sought, sought]
    grids[input_at] = given
    return (*grids, *literals)


def _unary(read: UnaryReadBack) -> ReadBack:
    """A reading of a primitive of one grid (it ignores the input)."""
    return lambda out, _input: [((literals, None), grid) for literals, grid in read(out)]


def _undo(inverse: Callable[[np.ndarray], np.ndarray]) -> ReadBack:
    return _unary(lambda out: [((), inverse(out))])


def _half(axis: int, first: bool) -> ReadBack:
    """The first (or second) half of the output along an axis."""

    def read(out: np.ndarray) -> list[tuple[tuple[int, ...], np.ndarray]]:
        size = out.shape[axis]
        if size % 2:
            return []
        half = size // 2
        part = slice(0, half) if first else slice(half, size)
        return [((), out[part] if axis == 0 else out[:, part])]

    return _unary(read)


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


def _beside_input(axis: int) -> ReadBack:
    """What lies beside the input when the output starts or ends with it along an axis."""

    def read(out: np.ndarray, given: np.ndarray) -> list[Reading]:
        size = given.shape[axis]
        if out.shape[axis] <= size or out.shape[1 - axis] != given.shape[1 - axis]:
            return []
        after_input = np.split(out, [size], axis=axis)[1]
        before_input = np.split(out, [out.shape[axis] - size], axis=axis)[0]
        return [(((), 0), after_input), (((), 1), before_input)]

    return read


def _blocks_of_input(out: np.ndarray, given: np.ndarray) -> list[Reading]:
    """The block that each non-zero input cell becomes, when the output is made of such blocks."""
    height, width = given.shape
    if out.shape[0] % height or out.shape[1] % width or not given.any():
        return []
    block_height, block_width = out.shape[0] // height, out.shape[1] // width
    row, col = np.argwhere(given != 0)[0]
    block = out[
        row * block_height : (row + 1) * block_height, col * block_width : (col + 1) * block_width
    ]
    return [(((), 0), block)]


PREIMAGES: dict[str, ReadBack] = {
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
    "mirror_four": _unary(_quarter),
    "tile_rotations": _unary(_quarter),
    "fractal": _unary(_fractal_copy),
    "scale_up": _unary(_scales),
    "tile": _unary(_tiles),
    "tile_mirrored": _unary(_tiles),
    "hconcat": _beside_input(1),
    "vconcat": _beside_input(0),
    "kron": _blocks_of_input,
}
"""The primitives read back, each with how to read an output (and the input) back into the
grid argument it needs."""


def _readings(op: str, out: np.ndarray, given: np.ndarray) -> dict[Form, np.ndarray]:
    """The grid arguments that make `op` give exactly `out`, by form of the call."""
    fn = get_primitive(op).fn
    found = {}
    for form, grid in PREIMAGES[op](out, given):
        grid = np.ascontiguousarray(grid, dtype=out.dtype)
        made = fn(*call_arguments(grid, given, form))
        if isinstance(made, np.ndarray) and np.array_equal(made, out):
            found[form] = grid
    return found


def _reads_back_as_itself(grids: tuple[np.ndarray, ...], outputs: list[np.ndarray]) -> bool:
    """Whether every grid is its output (the search checks those already)."""
    return all(
        g.shape == o.shape and np.array_equal(g, o) for g, o in zip(grids, outputs, strict=True)
    )


def _most_repeats_first(form: Form) -> tuple[int, tuple[int, ...], int]:
    literals, input_at = form
    return -int(np.prod(literals or (1,))), literals, -1 if input_at is None else input_at


def inverse_goals(task: Task) -> list[Goal]:
    """The goals of every primitive that can be read back, that explains every demonstration's
    output with the same integer arguments and asks for a grid that is not the output itself."""
    goals = []
    outputs = [pair.output for pair in task.train]
    for op in sorted(PREIMAGES):
        readings = [_readings(op, pair.output, pair.input) for pair in task.train]
        shared = set(readings[0]).intersection(*readings[1:])
        for form in sorted(shared, key=_most_repeats_first)[:MAX_TILINGS]:
            grids = tuple(reading[form] for reading in readings)
            if not _reads_back_as_itself(grids, outputs):
                goals.append(Goal(op, form[0], grids, form[1]))
    return goals
