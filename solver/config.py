"""The solver's settings, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from dsl.parts import MAX_MARGIN

PRIOR_MODES = ("none", "fp32", "int8")

MECHANISMS = (
    "search",
    "inverse",
    "size",
    "stack",
    "augment",
    "rules",
    "moves",
    "normalise",
    "lookup",
    "parts",
)
"""The answer generators `solve` may run, in the order it runs them (DEFAULT_MECHANISMS are on
by default).

search: the typed program search; inverse: the grid each output must come from under a turn, mirror,
tiling, scaling, concatenation with the input or kron, an answer one primitive away whenever the
search makes it (solver/goals.py); size: the predicted output shape of each test input, which
filters pieces and partial answers; stack: pieces of the output's shape layered under masks into one
program; augment: the search and stack again on the demonstrations plus their transposes; rules: a
per-cell decision list induced from the demonstrations finishes a grid of the output's shape
(solver/rules.py); moves: for same-shape tasks, one motion per colour that moves (a shift, a slide
until blocked, towards or away from another colour, by the object's size), chained into one
program (solver/moves.py); normalise: the search again on the pairs with each one's colours
renamed from its input, its programs wrapped to rename back (solver/normalise.py); lookup: each
output read from a table of the demonstrations' outputs by a key the search computed from the
input, where equal keys give equal outputs (solver/lookup.py); parts: where each demonstration
changes only cells inside its objects' boxes, the boxes solved as a task of their own and each
program found run on every box (solver/parts.py).
"""

AUGMENT_TRANSFORMS = ("transpose", "antitranspose")
"""Transforms whose images of the pairs `augment` appends (the two diagonal flips)."""

DEFAULT_MECHANISMS = (
    "search",
    "size",
    "stack",
    "rules",
    "moves",
    "normalise",
    "lookup",
    "parts",
)
"""The generators on by default: augment measured no gain on the development sample (see
benchmarks/results/2026-12-01-answers-ablation.md) and inverse none on 271 development tasks
(benchmarks/results/2026-12-04-inverse-goals-and-wider-shapes-dev-d620c25.md); both stay
available for ablations;
normalise gained 4 tasks net on 450 development tasks at 10 s (see
benchmarks/results/2026-12-01-renamed-colours-dev.md)."""


@dataclass(frozen=True)
class SearchConfig:
    """Budgets and widths of the program search.

    `budget_seconds` is a hard wall-clock limit for one task; `max_nodes` and
    `max_value_megabytes` cap the value table (and so memory: the table's real size is about
    1.7 times what it counts, and a solve must stay under 1 GiB with the rules' working memory
    on top; `python -m benchmarks.stress`). The beam widths bound how many
    values of each type feed the next layer; `shape_beam` of the `grid_beam` places keep grids
    of shapes other than the closest grids', at most `grids_per_shape` of each (see
    `Search._grid_beam`). A primitive's argument
    tuples in one layer are its `max_combinations_per_primitive` most promising of the first
    `max_combinations_considered` in product order (equal values: the first in product order).
    When every layer is done with time left, the search widens its beams `widening_factor`
    times, up to `widening_passes` times, and goes through the layers again, trying only the
    argument tuples that hold a row the narrower beam did not.

    The neural prior (`prior`: none, fp32 or int8) turns each primitive's probability p for the
    task into an extra cost: `prior_weight` times log(p_k / p), where p_k is the probability of
    the `prior_free_top_k`-th most likely primitive, clipped to [0, `prior_max_penalty`], so
    likely primitives are tried first and none is excluded. With `prior_prune`, layers from
    `prior_prune_from_depth` on apply only the `prior_prune_keep` likeliest primitives, so the
    budget reaches deeper where the prior is right; shallower layers stay exhaustive. With
    `tta` the prior's head is refitted on the task's own inputs first, in at most
    `tta_budget_fraction` of the budget.

    `mechanisms` names the answer generators that run (see MECHANISMS); each after the search
    runs only while no sure consistent program is found, in its share of the budget: `rules`
    (`rules_share`; at most `rules_max_sources` source grids and `rules_max_tests` conditions
    per rule; for the first `rules_symmetric_sources` of them, when no rule fits or the one that
    fits fails leave-one-out, a rule that fits the pairs in all 8 orientations too; with
    `rules_when_sure` also after a sure program, on the input alone: a rule cheaper than that
    program, with another answer, becomes the second attempt; with `rules_alternative`, for the
    input, the shortest rule without one of the first rule's features that answers otherwise, a
    doubtful candidate), `moves` (at most
    `moves_seconds`, taken from the shares after it: one motion per moving colour), `stack`
    (`stack_share`; the `stack_max_pieces` cheapest of the grids of the output's shape, of which
    the search keeps up to `max_pieces` that its beam turns away; at most `stack_max_layers`
    layers, each explaining cells in `stack_min_layer_demos` demonstrations or in all that have
    cells left), `augment` (`augment_share`; the pairs' images under `augment_transforms`),
    `normalise` (`normalise_share`, only for tasks whose pairs the renaming changes), `lookup`
    (only where two demonstrations share an output; with `lookup_when_sure` also after a sure
    program, its answers then second opinions as the rules' are), `parts` (`parts_share`, only
    for tasks whose demonstrations change cells only inside their objects' boxes widened by one
    of `parts_margins`, or with `parts_panels` inside the panels between separator lines; at
    most `parts_max_boxes` boxes per grid, `parts_max_pairs` distinct demonstration boxes and
    `parts_max_tests` test boxes; the `parts_programs` first consistent programs of each
    view, doubtful answers with `parts_doubtful`; views whose boxes are all single cells only
    with `parts_single_cells`). The first search stops early enough to leave those shares. With
    `rank_plausible`, candidates whose test answers break properties every demonstration has
    rank after those that break fewer (solver/plausible.py).
    """

    budget_seconds: float = 30.0
    max_depth: int = 4
    max_nodes: int = 200_000
    max_value_megabytes: int = 400
    max_colours: int = 6
    grid_beam: int = 120
    shape_beam: int = 40
    grids_per_shape: int = 3
    other_beam: int = 60
    widening_passes: int = 0
    widening_factor: float = 2.0
    max_combinations_per_primitive: int = 4_000
    max_combinations_considered: int = 20_000
    distance_weight: float = 1.0
    derived_analysis_penalty: float = 0.5
    solution_grace_seconds: float = 1.0
    trace_candidates: int = 10
    disabled_primitives: frozenset[str] = field(default_factory=frozenset)
    prior: str = "int8"
    prior_weight: float = 0.5
    prior_free_top_k: int = 10
    prior_max_penalty: float = 4.0
    prior_prune: bool = False
    prior_prune_from_depth: int = 3
    prior_prune_keep: int = 60
    tta: bool = False
    tta_budget_fraction: float = 0.08
    mechanisms: tuple[str, ...] = DEFAULT_MECHANISMS
    max_pieces: int = 8_000
    stack_max_pieces: int = 6_000
    stack_max_layers: int = 4  # on the development runs, stacks of 5-7 layers were right on 0 of 32
    stack_min_layer_demos: int = 1
    stack_share: float = 0.05
    augment_share: float = 0.3
    augment_transforms: tuple[str, ...] = AUGMENT_TRANSFORMS
    normalise_share: float = 0.25
    rules_share: float = 0.1
    rules_max_sources: int = 20
    rules_max_tests: int = 8
    rules_symmetric_sources: int = 1
    rules_when_sure: bool = True
    rules_alternative: bool = True
    moves_seconds: float = 0.5
    lookup_when_sure: bool = True
    rank_plausible: bool = True
    parts_share: float = 0.2
    parts_margins: tuple[int, ...] = (0, 1)
    parts_panels: bool = False
    parts_single_cells: bool = False
    parts_doubtful: bool = False
    parts_max_boxes: int = 30
    parts_max_pairs: int = 20
    parts_max_tests: int = 30
    parts_programs: int = 2

    @property
    def keep_pieces(self) -> bool:
        """Whether the search keeps grids of the output's shape as pieces for stacking."""
        return "stack" in self.mechanisms

    def uses(self, mechanism: str) -> bool:
        """Whether the answer generator `mechanism` (one of MECHANISMS) is on."""
        return mechanism in self.mechanisms

    def __post_init__(self) -> None:
        unknown = [m for m in self.mechanisms if m not in MECHANISMS]
        if unknown:
            raise ValueError(
                f"unknown mechanism {unknown[0]!r}: choose from {', '.join(MECHANISMS)}"
            )
        if "search" not in self.mechanisms:
            raise ValueError("the search mechanism cannot be turned off: the others build on it")
        if self.prior not in PRIOR_MODES:
            raise ValueError(f"prior must be one of {', '.join(PRIOR_MODES)}, not {self.prior!r}")
        if self.max_combinations_considered < self.max_combinations_per_primitive:
            raise ValueError(
                "max_combinations_considered must be >= max_combinations_per_primitive"
            )
        if self.widening_passes < 0 or self.widening_factor < 1.0:
            raise ValueError("widening_passes must be >= 0 and widening_factor >= 1")
        if self.grids_per_shape < 1:
            raise ValueError("grids_per_shape must be >= 1")
        if not 0 <= self.shape_beam <= self.grid_beam:
            raise ValueError("shape_beam must be between 0 and grid_beam")
        if not set(self.augment_transforms) <= set(AUGMENT_TRANSFORMS):
            raise ValueError(f"augment_transforms may hold {', '.join(AUGMENT_TRANSFORMS)} only")
        shares = {
            "rules": self.rules_share,
            "stack": self.stack_share * 3,
            "augment": self.augment_share,
            "normalise": self.normalise_share,
            "parts": self.parts_share,
        }
        used = sum(share for name, share in shares.items() if self.uses(name))
        if min(shares.values()) < 0 or used >= 0.9:
            raise ValueError("the generators' budget shares must be >= 0 and leave the search 10%")
        if not set(self.parts_margins) <= set(range(MAX_MARGIN + 1)):
            raise ValueError(f"parts_margins must be in 0..{MAX_MARGIN}")
        if self.prior_prune_from_depth < 1 or self.prior_prune_keep < 1:
            raise ValueError("prior_prune_from_depth and prior_prune_keep must be at least 1")
        if not 0.0 <= self.tta_budget_fraction <= 0.15:
            raise ValueError("tta_budget_fraction must be in [0, 0.15]")
