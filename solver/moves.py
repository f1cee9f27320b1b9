"""Object moves induced per colour: which motion of dsl/moves.py puts each colour's cells where
the demonstrations' outputs have them.

For a task whose outputs have the inputs' shapes, every colour of the inputs either stays (its
cells are the same in input and output) or needs a motion. For each colour that moves, the
candidate motions (a shift by the offset the first demonstration shows, a shift by each
object's cell count or by its own height or width, a slide until blocked, a slide towards or
away from another colour, a slide straight or diagonally towards its nearest cell, a slide in
line towards the colour's largest object, erasing those out of line, a shift that centres the
colour on another colour's box) are tried on the input alone, and the first (simplest) whose
cells of that colour match every demonstration output is kept. If every moving colour has one,
the motions chain into one program, one step per colour
(`x1 = slide_colour(I, 2, (1, 0)); O = shift_colour(x1, 7, (-2, 0))`), added to the search's
table, which checks it against the demonstrations like any program.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from dsl.common import background, bbox
from dsl.moves import UNIT_STEPS
from dsl.registry import get as get_primitive
from dsl.types import NO_VALUE, Grid
from solver.search import Budget, Search

PREFERENCE = (
    "slide_colour",
    "attract_colour",
    "approach_colour",
    "gather_colour",
    "centre_colour_on",
    "repel_colour",
    "shift_colour_by_count",
    "shift_colour",
    "shift_colour_by_extent",
)
"""Kinds of motion, the more general first (a shift by a seen offset is the most specific), but
a jump by the object's own extent last: where a seen offset also fits, that is simpler."""

Motion = tuple[str, int, object]
"""A primitive of dsl/moves.py, the colour it moves and its second argument."""


@dataclass
class MoveReport:
    """What the move induction tried and made (for the trace)."""

    colours_moving: int = 0
    programs: int = 0
    consistent: int = 0
    seconds: float = 0.0


def _shown_offset(source: Grid, target: Grid, colour: int) -> tuple[int, int] | None:
    """How far the colour's cells moved in one demonstration, if its bounding box kept its size."""
    before, after = bbox(source == colour), bbox(target == colour)
    if before is None or after is None:
        return None
    if (before[1] - before[0], before[3] - before[2]) != (after[1] - after[0], after[3] - after[2]):
        return None
    offset = (after[0] - before[0], after[2] - before[2])
    return offset if offset != (0, 0) else None


def candidate_motions(colour: int, sources: list[Grid], targets: list[Grid]) -> list[Motion]:
    """The motions worth trying for one colour, simplest first."""
    motions: list[Motion] = []
    for source, target in zip(sources, targets, strict=True):
        offset = _shown_offset(source, target, colour)
        if offset is not None:
            motions.append(("shift_colour", colour, offset))
            break
    motions += [("slide_colour", colour, step) for step in UNIT_STEPS]
    present = sorted({int(c) for s in sources for c in np.unique(s)} - {colour})
    motions += [("attract_colour", colour, anchor) for anchor in present]
    motions += [("approach_colour", colour, anchor) for anchor in present]
    motions += [("gather_colour", colour, stray) for stray in _backgrounds(sources)]
    motions += [("centre_colour_on", colour, anchor) for anchor in present]
    motions += [("repel_colour", colour, anchor) for anchor in present]
    motions += [("shift_colour_by_count", colour, step) for step in UNIT_STEPS]
    motions += [("shift_colour_by_extent", colour, step) for step in UNIT_STEPS]
    return motions


def _backgrounds(sources: list[Grid]) -> list[int]:
    return sorted({background(source) for source in sources})


def _fits(motion: Motion, sources: list[Grid], targets: list[Grid]) -> bool:
    """Whether the motion puts the colour's cells where every target has them."""
    op, colour, argument = motion
    fn = get_primitive(op).fn
    for source, target in zip(sources, targets, strict=True):
        moved = fn(source, colour, argument)
        if moved is NO_VALUE or not np.array_equal(moved == colour, target == colour):
            return False
    return True


def moving_colours(sources: list[Grid], targets: list[Grid]) -> list[int] | None:
    """The colours whose cells differ between some input and its output (background excluded),
    or None when a colour appears that no input has (a move cannot make it)."""
    source_colours = {int(c) for s in sources for c in np.unique(s)}
    target_colours = {int(c) for t in targets for c in np.unique(t)}
    if not target_colours <= source_colours:
        return None
    backgrounds = {background(s) for s in sources}
    return [
        c
        for c in sorted(source_colours - backgrounds)
        if any(not np.array_equal(s == c, t == c) for s, t in zip(sources, targets, strict=True))
    ]


def find_motions(
    sources: list[Grid], targets: list[Grid], tests: list[Grid], budget: Budget
) -> list[Motion] | None:
    """One motion per moving colour, or None if some moving colour has none that fits.

    A motion that fits several colours is preferred to one fitted to a single colour (the same
    slide for every colour generalises; a shift seen once may not): greedily, the primitive and
    argument that fit the most colours not yet explained, simpler kinds first on ties. Where one
    motion moves every moving colour, colours that only the test inputs have move the same way.
    """
    colours = moving_colours(sources, targets)
    if not colours:
        return None
    fitting: dict[tuple[str, object], set[int]] = {}
    for colour in colours:
        if budget.expired():
            return None
        fits = [
            m for m in candidate_motions(colour, sources, targets) if _fits(m, sources, targets)
        ]
        if not fits:
            return None
        for op, _, argument in fits:
            fitting.setdefault((op, argument), set()).add(colour)
    chosen: dict[int, Motion] = {}
    while len(chosen) < len(colours):
        (op, argument), covered = max(
            fitting.items(),
            key=lambda item: (len(item[1] - chosen.keys()), -PREFERENCE.index(item[0][0])),
        )
        for colour in covered - chosen.keys():
            chosen[colour] = (op, colour, argument)
    motions = [chosen[colour] for colour in colours]
    shared = {(op, argument) for op, _, argument in motions}
    if len(shared) == 1 and len(colours) > 1:
        op, argument = shared.pop()
        motions += [(op, colour, argument) for colour in _unseen_colours(sources, tests, argument)]
    return motions


def _unseen_colours(sources: list[Grid], tests: list[Grid], anchor: object) -> list[int]:
    """Colours of the test inputs (not their background) that no demonstration input has."""
    seen = {int(c) for s in sources for c in np.unique(s)}
    unseen = {int(c) for t in tests for c in np.unique(t) if int(c) != background(t)}
    return sorted(unseen - seen - {anchor})


def induce_moves(search: Search, budget: Budget) -> MoveReport:
    """The chained per-colour motions that explain the demonstrations, added to the search's
    table (only where every output has its input's shape)."""
    started = time.monotonic()
    report = MoveReport()
    sources = list(search.inputs[: search.n_train])
    targets = search.targets
    if any(s.shape != t.shape for s, t in zip(sources, targets, strict=True)):
        return report
    tests = list(search.inputs[search.n_train :])
    motions = find_motions(sources, targets, tests, budget)
    if motions is not None:
        report.colours_moving = len(motions)
        before = len(search.found)
        row: int | None = 0
        for op, colour, argument in motions:
            colour_row = search.literal_row("Colour", colour)
            argument_type = "Colour" if isinstance(argument, int) else "Position"
            argument_row = search.literal_row(argument_type, argument)
            row = search.derive(op, (row, colour_row, argument_row), "moves")
            if row is None:
                break
        # only the whole chain answers: a shorter one reproduces the demonstrations too when
        # the last motions move colours only the test inputs have
        search.found[before:] = [found for found in search.found[before:] if found.node == row]
        report.programs = 1
        report.consistent = len(search.found) - before
    report.seconds = time.monotonic() - started
    return report
