"""One candidate type for every answer generator, and the ranking that turns them into attempts.

Consistent programs (they reproduce every demonstration) come first, those whose test answers
break fewer of the properties every demonstration has (solver/plausible.py) before the others,
then cheapest first, except that a doubtful one (its final colour map meets a test colour no
demonstration shows, or each demonstration uses map entries no other one uses, or its cell rule
fails leave-one-out) yields first place. A second opinion (a generator that ran only after the
search had a sure program) that predicts otherwise takes first place if it breaks fewer
properties than the first answer, second place if it breaks as many and is cheaper; other
second opinions follow the consistent programs. Then, when fewer than two test answers are sure,
partial candidates: the programs that reproduce the most demonstrations exactly, then the fewest
broken properties, then the most demonstration cells, then the cheapest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dsl.program import Program
from solver.search import Found, Search
from solver.size import SizePrediction

PARTIAL_ROWS_CHECKED = 3_000
"""How many of the closest grid rows are checked for exactly reproduced demonstrations."""


@dataclass(frozen=True)
class Candidate:
    """A program, what it predicts for each test input, and which generator made it and why."""

    program: Program
    predictions: tuple[np.ndarray, ...]
    cost: float
    mechanism: str
    consistent: bool
    demos_matched: int
    demo_accuracy: float
    found_after: int = 0
    doubtful: bool = False
    second_opinion: bool = False
    violations: int = 0
    """Properties of every demonstration that the test answers break (solver/plausible.py)."""

    def key(self) -> bytes:
        """Equal for candidates with the same test predictions."""
        return b"|".join(p.tobytes() + bytes(str(p.shape), "ascii") for p in self.predictions)


def _predictions(search: Search, found: Found) -> tuple[np.ndarray, ...]:
    tests = search.nodes[found.node].values[search.n_train :]
    if found.colour_map is None:
        return tuple(tests)
    table = np.asarray(found.colour_map, dtype=np.int8)
    return tuple(table[grid] for grid in tests)


def consistent_candidates(search: Search, n_demos: int, mechanism: str) -> list[Candidate]:
    """The search's programs that reproduce every demonstration.

    `mechanism` prefixes the generator recorded with each program (e.g. "augment" for a search
    on augmented demonstrations); `n_demos` is the original task's number of demonstrations.
    """
    made = []
    for found in search.found:
        label = "+".join(m for m in (mechanism, found.mechanism) if m != "search") or "search"
        made.append(
            Candidate(
                program=search.program(found.node, found.colour_map),
                predictions=_predictions(search, found),
                cost=found.cost,
                mechanism=label,
                consistent=True,
                demos_matched=n_demos,
                demo_accuracy=1.0,
                found_after=found.found_after,
                doubtful=found.doubtful,
            )
        )
    return made


def _demos_matched(search: Search, values: tuple, n_demos: int) -> int:
    return sum(
        v.shape == t.shape and bool(np.array_equal(v, t))
        for v, t in zip(values[:n_demos], search.targets[:n_demos], strict=True)
    )


def _fits_sizes(search: Search, values: tuple, sizes: SizePrediction | None) -> bool:
    if sizes is None or not sizes.known:
        return True
    tests = values[search.n_train :]
    return all(v.shape == shape for v, shape in zip(tests, sizes.shapes, strict=True))


def partial_candidates(
    search: Search, n_demos: int, sizes: SizePrediction | None, count: int, mechanism: str
) -> list[Candidate]:
    """The grid rows that come closest: most demonstrations exact, then cells, then cost.

    With a size prediction, rows whose test values have another shape are left out.
    """
    floor = 1.0 / len(search.targets)  # a row matching no demonstration may score below it
    rows = [
        search.nodes[i]
        for i in search.by_type.get("Grid", ())
        if search.nodes[i].op is not None and search.nodes[i].score > 0.0
    ]
    rows.sort(key=lambda node: -node.score)
    scored = []
    for node in rows[:PARTIAL_ROWS_CHECKED]:
        if not _fits_sizes(search, node.values, sizes):
            continue
        matched = _demos_matched(search, node.values, n_demos) if node.score >= floor else 0
        scored.append((-matched, -node.score, node.cost, node.id, matched))
    scored.sort()
    return [
        Candidate(
            program=search.program(node_id),
            predictions=tuple(search.nodes[node_id].values[search.n_train :]),
            cost=cost,
            mechanism=mechanism,
            consistent=False,
            demos_matched=matched,
            demo_accuracy=-neg_score,
        )
        for _, neg_score, cost, node_id, matched in scored[:count]
    ]


def _sure_first(consistent: list[Candidate]) -> list[Candidate]:
    """Fewest violations first; among equals cheapest first, except that the cheapest doubtful
    one follows the cheapest sure one."""
    ordered: list[Candidate] = []
    for level in sorted({c.violations for c in consistent}):
        equals = sorted(
            (c for c in consistent if c.violations == level), key=lambda c: (c.cost, c.found_after)
        )
        sure = [c for c in equals if not c.doubtful]
        doubtful = [c for c in equals if c.doubtful]
        ordered += sure[:1] + doubtful[:1] + sure[1:] + doubtful[1:]
    return ordered


def rank(candidates: list[Candidate]) -> list[Candidate]:
    """Consistent first (sure before doubtful at the top; a cheaper second opinion second), then
    partials; one per prediction."""
    first = _sure_first([c for c in candidates if c.consistent and not c.second_opinion])
    opinions = _sure_first([c for c in candidates if c.consistent and c.second_opinion])
    partial = sorted(
        (c for c in candidates if not c.consistent),
        key=lambda c: (-c.demos_matched, c.violations, -c.demo_accuracy, c.cost),
    )
    if first:
        differing = [c for c in opinions if c.key() != first[0].key()]
        if differing and differing[0].violations < first[0].violations:
            first = differing[:1] + first
        elif differing and (differing[0].violations, differing[0].cost) < (
            first[0].violations,
            first[0].cost,
        ):
            first = first[:1] + differing[:1] + first[1:]
    ordered = first + opinions + partial
    ranked, seen = [], set()
    for candidate in ordered:
        if candidate.key() not in seen:
            seen.add(candidate.key())
            ranked.append(candidate)
    return ranked
