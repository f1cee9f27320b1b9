"""Colour-normalised demonstrations: each pair's colours renamed from its own input.

Where each demonstration draws its shapes in colours of its own, no fixed colour in a program
fits them all. Renamed from its input (`normalise_colours`: the colours that keep one meaning
across the task stay, the others are renamed by frequency), a role such as "the most frequent
shape colour" gets one name in every pair. The search runs on the renamed pairs, and each program
it finds is wrapped so that it runs on the original input and answers in its colours:

    x1 = normalise_colours(I, {0, 5})
    ...the program found, reading x1...
    O = restore_colours(x7, I, {0, 5})

After icecuber's normalize.cpp, which solves every task in colours renamed this way.
"""

from __future__ import annotations

from dataclasses import replace
from functools import reduce

import numpy as np

from dsl.colour import normalising_table, restore_colours
from dsl.program import INPUT, OUTPUT, Literal, Program, Ref, Step
from dsl.task import Pair, Task, frozen_grid
from dsl.types import Palette
from solver.rank import Candidate, consistent_candidates
from solver.search import Search

WRAP_COST = 2.0
"""What the two wrapping steps add to a program's cost (renaming is no free lunch)."""


def _colours(grid: np.ndarray) -> set[int]:
    return {int(c) for c in np.unique(grid)}


def kept_colours(task: Task) -> Palette:
    """Colours with one meaning across the task: 0; those in every input and every output; those
    every output adds or every input loses; every output colour when all outputs share them."""
    ins = [_colours(p.input) for p in task.train]
    outs = [_colours(p.output) for p in task.train if p.output is not None]
    every_in, any_in = reduce(set.intersection, ins), reduce(set.union, ins)
    every_out, any_out = reduce(set.intersection, outs), reduce(set.union, outs)
    kept = {0} | (every_in & every_out) | (every_out - any_in) | (every_in - any_out)
    if all(o == outs[0] for o in outs):
        kept |= every_out
    return Palette.of(kept)


def normalised_task(task: Task, keep: Palette) -> Task | None:
    """The task with each pair renamed by its input's table (None when every input gets the same
    renaming, so nothing changes, or an output holds a renamed colour its input lacks)."""
    tables = [normalising_table(p.input, keep) for p in task.train + task.test]
    if all(np.array_equal(t, tables[0]) for t in tables):
        return None
    for pair in task.train:
        assert pair.output is not None
        if not _colours(pair.output) <= set(keep) | _colours(pair.input):
            return None
    train = tuple(
        Pair(frozen_grid(t[p.input]), frozen_grid(t[p.output]))
        for p, t in zip(task.train, tables[: len(task.train)], strict=True)
    )
    test = tuple(
        Pair(frozen_grid(t[p.input]))
        for p, t in zip(task.test, tables[len(task.train) :], strict=True)
    )
    return Task(task.id, train, test)


def wrap(program: Program, keep: Palette) -> Program:
    """The program on renamed colours as one on the original input: rename, run, rename back."""
    names = {INPUT: "x1"}
    steps = [Step("x1", "normalise_colours", (Ref(INPUT), Literal(keep)))]
    for number, step in enumerate(program.steps, start=2):
        args = tuple(Ref(names[a.name]) if isinstance(a, Ref) else a for a in step.args)
        steps.append(Step(f"x{number}", step.op, args))
        names[step.target] = f"x{number}"
    steps.append(
        Step(OUTPUT, "restore_colours", (Ref(steps[-1].target), Ref(INPUT), Literal(keep)))
    )
    return Program(tuple(steps))


def normalised_candidates(search: Search, task: Task, keep: Palette) -> list[Candidate]:
    """The consistent programs of a search on the renamed task, wrapped to run on the original
    task and answering in its test inputs' colours."""
    return [
        replace(
            candidate,
            program=wrap(candidate.program, keep),
            predictions=tuple(
                restore_colours(grid, pair.input, keep)
                for pair, grid in zip(task.test, candidate.predictions, strict=True)
            ),
            cost=candidate.cost + WRAP_COST,
        )
        for candidate in consistent_candidates(search, len(task.train), "normalise")
    ]
