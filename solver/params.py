"""Parameter inference: the constants a task's programs may need, read off its demonstrations.

The search never enumerates constants blindly: colours come from the grids (new output colours
first), integers from size ratios and counts, shapes from the outputs, and the output-size rule is
solved across all pairs at once with z3.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import z3

from dsl.task import Task


@dataclass(frozen=True)
class SizeRule:
    """out_side = a * in_side + b for rows and columns, or a constant shape (a = 0)."""

    row_scale: int
    row_offset: int
    col_scale: int
    col_offset: int

    def predict(self, shape: tuple[int, int]) -> tuple[int, int]:
        return (
            self.row_scale * shape[0] + self.row_offset,
            self.col_scale * shape[1] + self.col_offset,
        )


@dataclass(frozen=True)
class Constants:
    """Literal pools per DSL type, ordered most plausible first."""

    colours: tuple[int, ...]
    ints: tuple[int, ...]
    shapes: tuple[tuple[int, int], ...]
    offsets: tuple[tuple[int, int], ...]
    size_rule: SizeRule | None


def create_z3_context() -> None:
    """Create z3's context now, before any memory limit: z3 crashes or hangs when it runs out of
    memory while creating it (a solve under a limit would end as a segfault or a timeout)."""
    z3.main_ctx()


def _solve_axis(pairs: list[tuple[int, int]], timeout_ms: int = 200) -> tuple[int, int] | None:
    """Integers (a, b) with out = a * in + b on every pair, preferring a constant, then small a."""
    solver = z3.Optimize()
    solver.set("timeout", timeout_ms)
    a, b = z3.Int("a"), z3.Int("b")
    solver.add(a >= 0, a <= 5, b >= -30, b <= 30)
    for size_in, size_out in pairs:
        solver.add(a * size_in + b == size_out)
    solver.minimize(a)
    if solver.check() != z3.sat:
        return None
    model = solver.model()
    return model[a].as_long(), model[b].as_long()


def infer_size_rule(task: Task) -> SizeRule | None:
    """The linear rule mapping input size to output size on all pairs, if there is one."""
    shapes = [(p.input.shape, p.output.shape) for p in task.train]
    rows = _solve_axis([(i[0], o[0]) for i, o in shapes])
    cols = _solve_axis([(i[1], o[1]) for i, o in shapes])
    if rows is None or cols is None:
        return None
    return SizeRule(rows[0], rows[1], cols[0], cols[1])


def _colour_order(task: Task) -> list[int]:
    """Colours of the task, most likely to be a program's constant first.

    New output colours (painted by the program) come first, then colours that every output
    drops (removed or used as noise), then the rest by how many pairs use them.
    """
    in_colours: Counter[int] = Counter()
    out_colours: Counter[int] = Counter()
    for pair in task.train:
        in_colours.update(set(np.unique(pair.input).tolist()))
        out_colours.update(set(np.unique(pair.output).tolist()))
    for pair in task.test:
        in_colours.update(set(np.unique(pair.input).tolist()))
    new = sorted((c for c in out_colours if c not in in_colours), key=lambda c: -out_colours[c])
    dropped = sorted((c for c in in_colours if c not in out_colours), key=lambda c: -in_colours[c])
    rest = sorted(
        (c for c in out_colours if c in in_colours),
        key=lambda c: -(out_colours[c] + in_colours[c]),
    )
    return new + dropped + rest


def infer_constants(task: Task, max_colours: int) -> Constants:
    """Literal pools for the search, read off the task's grids."""
    ints: list[int] = [2, 3, 1]
    for pair in task.train:
        for side_in, side_out in zip(pair.input.shape, pair.output.shape, strict=True):
            for ratio in (side_out / side_in, side_in / side_out):
                if ratio.is_integer() and 2 <= ratio <= 10 and int(ratio) not in ints:
                    ints.append(int(ratio))
    out_shapes = Counter(p.output.shape for p in task.train)
    shapes = [tuple(int(s) for s in shape) for shape, _ in out_shapes.most_common(2)]
    offsets = [(0, 1), (1, 0), (0, -1), (-1, 0)]
    return Constants(
        colours=tuple(_colour_order(task)[:max_colours]),
        ints=tuple(ints[:5]),
        shapes=tuple(shapes),
        offsets=tuple(offsets),
        size_rule=infer_size_rule(task),
    )
