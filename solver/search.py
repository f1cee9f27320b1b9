"""Bottom-up typed search over DSL programs with observational-equivalence pruning.

State is data: every value the search makes is a row of one table (`Node`), holding the value on
every input of the task (demonstrations first, then test inputs). Two candidates with identical
values on every input are one row: the cheaper, found first, is kept. Each layer applies every
primitive to the best rows of the previous layers (a beam per type), so a row's depth is the
length of the longest chain of primitives behind it.
"""

from __future__ import annotations

import bisect
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import repeat
from typing import Any

import numpy as np

from dsl.program import INPUT, OUTPUT, Literal, Program, Ref, Step, literal_cost
from dsl.registry import Primitive, registry
from dsl.registry import get as get_primitive
from dsl.task import Task
from dsl.types import NO_VALUE, ColourMap, value_key
from solver.config import SearchConfig
from solver.goals import Goal, call_arguments, inverse_goals
from solver.params import Constants

LITERAL_COST = 0.25

OBJECT_VIEWS = ("crop", "object_grid")
"""Grids of an object checked as answers the moment the object is made: the input's part
under its box, and the object alone."""


@dataclass(slots=True)
class Node:
    """One distinct value vector and the cheapest way found to make it."""

    id: int
    type: str
    values: tuple[Any, ...]
    op: str | None
    args: tuple[int, ...]
    cost: float
    depth: int
    literal: Any = None
    score: float = 0.0
    classes: tuple[int, ...] = ()  # per input, the id of this value among all values seen there


@dataclass(slots=True)
class Found:
    """A program consistent with every demonstration.

    `doubtful`: its final colour map meets, on a test input, a colour that no demonstration
    showed it, so the map cannot say what that colour becomes; or each demonstration needs
    entries of the map that no other demonstration uses; or its maker says so (a cell rule
    that, induced without one demonstration, never predicts that demonstration).
    """

    node: int
    colour_map: ColourMap | None
    cost: float
    found_after: int
    doubtful: bool = False
    mechanism: str = "search"


@dataclass
class SearchStats:
    """Counters of one search: the trace's raw material."""

    evaluated: int = 0
    duplicates: int = 0
    failed: int = 0
    pruned: int = 0
    skipped: int = 0
    remembered: int = 0  # primitive calls answered from the memo (see Search._value)
    beyond_beam: int = 0  # of `evaluated`: values the cost gate skips, checked as wanted or answers
    prior_pruned: int = 0
    shape_ruled_out: int = 0  # grids not computed: their known shape cannot enter the beam
    settled: int = 0  # of `evaluated`: grids whose first-input call the layer already pruned or
    # saw fail, counted pruned or failed again without being made (see `_Settled`)
    depth_reached: int = 0
    passes: int = 0  # passes over the layers: 1, and one more per widening of the beams
    nodes_per_layer: list[int] = field(default_factory=list)
    stopped_by: str = "exhausted"
    seconds: float = 0.0

    @property
    def judged(self) -> int:
        """Candidates the search has decided on: evaluated, or ruled out by their shape."""
        return self.evaluated + self.shape_ruled_out


class Budget:
    """A wall-clock deadline checked cheaply in the inner loop."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def share(self, fraction: float, reserve: float = 0.0) -> Budget:
        """A budget of `fraction` of the time left, ending at least `reserve` s before this one."""
        left = self.remaining()
        return Budget(max(0.0, min(left * fraction, left - reserve)))


def _approx_bytes(value: Any) -> int:
    """Roughly how much memory a DSL value holds."""
    if isinstance(value, np.ndarray):
        return value.nbytes + 112
    if isinstance(value, tuple):
        return 56 + sum(_approx_bytes(v) for v in value)
    cells = getattr(value, "cells", None)
    return 32 if cells is None else cells.nbytes + 200


def _grid_similarity(values: tuple[Any, ...], targets: list[np.ndarray]) -> float:
    """Mean over demonstrations of the fraction of right cells (0 for a wrong shape)."""
    total = 0.0
    for value, target in zip(values, targets, strict=False):
        if value.shape == target.shape:
            total += float(np.count_nonzero(value == target)) / target.size
    return total / len(targets)


def infer_colour_map(values: tuple[Any, ...], targets: list[np.ndarray]) -> ColourMap | None:
    """A colour map that turns each value into its target, if one exists and changes something."""
    if any(v.shape != t.shape for v, t in zip(values, targets, strict=False)):
        return None
    source = np.concatenate([v.ravel() for v in values[: len(targets)]])
    target = np.concatenate([t.ravel() for t in targets])
    mapping = {}
    for colour in np.unique(source):
        images = np.unique(target[source == colour])
        if images.size != 1:
            return None
        mapping[int(colour)] = int(images[0])
    if all(a == b for a, b in mapping.items()):
        return None
    return ColourMap.from_pairs(mapping)


def _wanted_values(task: Task) -> dict[str, frozenset[tuple[Any, ...]]]:
    """Per type, values the outputs' sizes ask for, one per demonstration: the output's shape,
    each side's length and its whole ratio to (or from) the input's; only those that differ
    between demonstrations (the constants are seeded already)."""
    ints: list[tuple[int, ...]] = []
    for axis in (0, 1):
        sides = [(p.input.shape[axis], p.output.shape[axis]) for p in task.train]
        ints.append(tuple(out for _, out in sides))
        if all(out % inp == 0 for inp, out in sides):
            ints.append(tuple(out // inp for inp, out in sides))
        if all(inp % out == 0 for inp, out in sides):
            ints.append(tuple(inp // out for inp, out in sides))
    shapes = [tuple(tuple(int(n) for n in p.output.shape) for p in task.train)]
    return {
        "Int": frozenset(row for row in ints if len(set(row)) > 1),
        "Shape": frozenset(row for row in shapes if len(set(row)) > 1),
        "Colour": frozenset(row for row in _wanted_colours(task) if len(set(row)) > 1),
    }


def _wanted_colours(task: Task) -> list[tuple[int, ...]]:
    """The one colour each output adds to its input, and the one colour each output shows
    besides its most frequent, where every demonstration has one."""
    new, other = [], []
    for pair in task.train:
        colours, counts = np.unique(pair.output, return_counts=True)
        added = set(colours.tolist()) - set(np.unique(pair.input).tolist())
        new.append(added.pop() if len(added) == 1 else None)
        others = colours[counts != counts.max()] if colours.size == 2 else colours[:0]
        other.append(int(others[0]) if others.size == 1 else None)
    return [tuple(row) for row in (new, other) if None not in row]


def _is_fresh(node: Node, layer: int) -> bool:
    """Whether a row was made in the layer before `layer`."""
    return node.depth == layer - 1


def _is_computed(node: Node) -> bool:
    """Whether a row is the input or made by a primitive (not a constant)."""
    return node.op is not None or node.id == 0


MEMO_MEGABYTES = 64
"""How much the memo of primitive calls may hold before it is emptied (see Search._value)."""

MAX_VECTORISED_PRODUCT = 2_000_000
"""Largest product of argument pools whose validity is laid out as one boolean array; larger
products are laid out a slice of the first pool at a time."""


class _Pool:
    """One type's beam for a layer, with what pricing and filtering its rows needs as arrays."""

    def __init__(self, nodes: list[Node], layer: int, tried: frozenset[int] | None = None) -> None:
        self.nodes = nodes
        self.rows = np.empty(len(nodes), dtype=object)  # the nodes, for indexing many at once
        self.rows[:] = nodes
        self.cost = np.array([n.cost for n in nodes], dtype=np.float64)
        self.score = np.array([n.score for n in nodes], dtype=np.float64)
        self.fresh = np.array([_is_fresh(n, layer) for n in nodes], dtype=bool)
        self.computed = np.array([_is_computed(n) for n in nodes], dtype=bool)
        self.not_input = np.array([n.id != 0 for n in nodes], dtype=np.intp)
        # rows this layer's pool did not hold in an earlier, narrower pass (all rows if none ran)
        self.untried = (
            np.ones(len(nodes), dtype=bool)
            if tried is None
            else np.array([n.id not in tried for n in nodes], dtype=bool)
        )


def _valid_picks(
    pools: list[_Pool], cap: int, budget: Budget | None = None
) -> tuple[np.ndarray, ...]:
    """Per argument, the pool positions of the first `cap` tuples, in product order, that have
    at least one fresh, at least one computed and at least one untried row (fewer if `budget`
    expires first)."""
    needs = [[pool.fresh for pool in pools], [pool.computed for pool in pools]]
    if not all(pool.untried.all() for pool in pools):  # only in a wider pass: a cost otherwise
        needs.append([pool.untried for pool in pools])
    return tuple(_product_picks(needs, cap, budget, (False,) * len(needs)))


def _product_picks(
    needs: list[list[np.ndarray]],
    cap: int,
    budget: Budget | None,
    prefix: tuple[bool, ...],
) -> list[np.ndarray]:
    """`_valid_picks` over these axes (`needs[r][d]`: which rows of axis d meet requirement r;
    a tuple is valid when each requirement is met by one of its rows), after fixed earlier
    arguments that meet the requirements `prefix` says: laid out at once when the product is
    small enough, else a slice of the first axis at a time (one position when the other axes
    alone are too many)."""
    sizes = [len(a) for a in needs[0]]
    if math.prod(sizes) <= MAX_VECTORISED_PRODUCT or len(sizes) == 1:
        valid = np.ones(sizes, dtype=bool)
        for met, arrays in zip(prefix, needs, strict=True):
            if met:
                continue
            anywhere = np.zeros(sizes, dtype=bool)
            for d in range(len(sizes)):
                shape = [1] * len(sizes)
                shape[d] = sizes[d]
                anywhere |= arrays[d].reshape(shape)
            valid &= anywhere
        flat = np.flatnonzero(valid)[:cap]
        return list(np.unravel_index(flat, sizes))
    rest = math.prod(sizes[1:])
    step = max(1, MAX_VECTORISED_PRODUCT // rest)
    parts: list[list[np.ndarray]] = [[] for _ in sizes]
    found = 0
    for start in range(0, sizes[0], step):
        if found >= cap or (budget is not None and budget.expired()):
            break
        if step == 1:
            first = tuple(
                met or bool(arrays[0][start]) for met, arrays in zip(prefix, needs, strict=True)
            )
            tail = _product_picks([a[1:] for a in needs], cap - found, budget, first)
            picks = [np.full(len(tail[0]), start, dtype=np.intp), *tail]
        else:
            axis = slice(start, start + step)
            picks = _product_picks(
                [[a[0][axis], *a[1:]] for a in needs], cap - found, budget, prefix
            )
            picks[0] = picks[0] + start
        for d, pick in enumerate(picks):
            parts[d].append(pick)
        found += len(picks[0])
    return [np.concatenate(part)[:cap] if part else np.zeros(0, dtype=np.intp) for part in parts]


_Candidate = tuple[float, int, tuple[Node, ...], int]
"""A layer's candidate: its cost, primitive index, argument rows and first-input call's code
(see `_Settled`; -1 if it has none)."""


@dataclass(slots=True)
class _Block:
    """One primitive's candidates in a layer: argument positions, costs and priorities.

    `gate` says how the beam may turn them away before they are made (see `_Gate`), with the
    code of their value's type (`type_code`) or, per candidate, of their value's first shape
    (`shape_codes`)."""

    index: int
    pools: list[np.ndarray]  # per argument, its pool's rows (an object array of Nodes)
    picks: tuple[np.ndarray, ...]
    cost: np.ndarray
    priority: np.ndarray
    gate: int = 0
    type_code: int = 0
    shape_codes: np.ndarray | None = None
    call_codes: np.ndarray | None = None  # per candidate, its first-input call's code, or -1

    def __len__(self) -> int:
        return len(self.cost)

    def candidates(self, at: np.ndarray) -> list[_Candidate]:
        """The candidates at these positions."""
        columns = [
            pool[pick[at]].tolist() for pool, pick in zip(self.pools, self.picks, strict=True)
        ]
        codes = repeat(-1) if self.call_codes is None else self.call_codes[at].tolist()
        return list(
            zip(
                self.cost[at].tolist(),
                repeat(self.index),
                zip(*columns, strict=True),
                codes,
                strict=False,
            )
        )


def _shape_source(prim: Primitive) -> tuple[int, bool] | None:
    """Where a primitive's value's shape is known from before calling it: the argument's
    position, and True if its value is the shape itself (a Shape), False if a grid of it."""
    if prim.shape_source is not None:
        return prim.shape_source, False
    if prim.shape_argument is not None:
        return prim.shape_argument, True
    return None


def _first_shape(source: Node, is_shape: bool) -> tuple[int, ...]:
    """The shape a shape-keeping or shape-making primitive's value has on the first input."""
    first = source.values[0]
    return tuple(first) if is_shape else first.shape


_UNKNOWN = object()
"""A memo's answer for a call it has not seen (None is a call's answer: no value)."""

CANDIDATE_CHUNK = 4096
"""How many of a layer's sorted candidates are turned into argument tuples at a time."""


class _Gate:
    """How the beam can turn a block's candidates away before they are made."""

    NONE = 0
    SKIP = 1  # the last layer: a value that is neither a grid nor an object is never used
    COST = 2  # a non-grid value dearer than its type's beam holds (none wanted, not an object)
    SHAPE = 3  # a grid of a known shape for which the beam has no room


class _Settled:
    """A layer's first-input calls of grid candidates known to end pruned or failed.

    A call's value never changes, and the beam only fills and the pieces only add up while a
    layer goes on, so a grid once pruned is pruned again and a call that failed fails again:
    their repeats are counted so without being made, at the start of a chunk in bulk or one by
    one. A call is named by an integer code (`Search._set_call_codes`) valid in its layer only.
    """

    PRUNED = 0
    FAILED = 1

    def __init__(self) -> None:
        self.outcomes: dict[int, int] = {}

    def add(self, code: int, outcome: int) -> None:
        if code >= 0:
            self.outcomes[code] = outcome

    def clear(self) -> None:
        self.outcomes.clear()

    def of(self, codes: np.ndarray) -> np.ndarray:
        """Each code's outcome, or -1 where it is not settled (always for a code of -1)."""
        outcome = np.full(len(codes), -1, dtype=np.int8)
        coded = np.flatnonzero(codes >= 0)
        get = self.outcomes.get
        outcome[coded] = [get(c, -1) for c in codes[coded].tolist()]
        return outcome


CODE_BITS = 62
"""Bits a first-input call's code may use: the primitive's index, then each argument's class."""


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Some of a layer's candidates, in priority order: whose block, where in it, and what the
    gate reads (the block's gate and type code, the candidate's cost and shape code)."""

    owner: np.ndarray
    local: np.ndarray
    gate: np.ndarray
    type_code: np.ndarray
    cost: np.ndarray
    shape_code: np.ndarray
    call_code: np.ndarray


def _chunks(blocks: list[_Block]) -> Iterator[_Chunk]:
    """Every block's candidates by priority, then primitive index, then position (one stable
    sort over the whole layer), CANDIDATE_CHUNK at a time."""
    if not blocks:
        return
    sizes = [len(b) for b in blocks]
    priority = np.concatenate([b.priority for b in blocks])
    index = np.repeat([b.index for b in blocks], sizes)
    owner = np.repeat(np.arange(len(blocks)), sizes)
    local = np.concatenate([np.arange(n) for n in sizes])
    gate = np.repeat([b.gate for b in blocks], sizes)
    type_code = np.repeat([b.type_code for b in blocks], sizes)
    cost = np.concatenate([b.cost for b in blocks])
    shape_code = np.concatenate(
        [b.shape_codes if b.shape_codes is not None else np.full(len(b), -1) for b in blocks]
    )
    call_code = np.concatenate(
        [b.call_codes if b.call_codes is not None else np.full(len(b), -1) for b in blocks]
    )
    order = np.lexsort((index, priority))
    for start in range(0, len(order), CANDIDATE_CHUNK):
        at = order[start : start + CANDIDATE_CHUNK]
        yield _Chunk(
            owner[at], local[at], gate[at], type_code[at], cost[at], shape_code[at], call_code[at]
        )


def _made(blocks: list[_Block], owner: np.ndarray, local: np.ndarray) -> list[_Candidate]:
    """The candidates at these (block, position) pairs, in their order, made a block at a time."""
    made: list[Any] = [None] * len(owner)
    if not made:
        return made
    by_owner = np.argsort(owner, kind="stable")
    owners, starts = np.unique(owner[by_owner], return_index=True)
    ends = [*starts[1:].tolist(), len(owner)]
    for n, start, end in zip(owners.tolist(), starts.tolist(), ends, strict=True):
        at = by_owner[start:end]
        for position, candidate in zip(at.tolist(), blocks[n].candidates(local[at]), strict=True):
            made[position] = candidate
    return made


def _in_priority_order(blocks: list[_Block]) -> Iterator[tuple[float, int, tuple[Node, ...]]]:
    """Every block's candidates in priority order (see `_chunks`), made a chunk at a time as
    the layer reaches them."""
    for chunk in _chunks(blocks):
        for cost, index, args, _ in _made(blocks, chunk.owner, chunk.local):
            yield cost, index, args


class _BeamGate:
    """Admits a layer's candidates only if they could enter the next layer's beam.

    The next layer draws the `other_beam` cheapest values of each non-grid type and the
    `grid_beam` grids closest to the demonstrations; a candidate that cannot get in is not
    worth evaluating on every input.
    """

    def __init__(self, search: Search, config: SearchConfig) -> None:
        self.config = config
        self.costs: dict[str, list[float]] = defaultdict(list)
        self.scores: list[float] = []
        self.first_shapes: Counter[tuple[int, ...]] = Counter()
        for node in search.nodes:
            self.record(node)

    def admits_cost(self, node_type: str, cost: float) -> bool:
        costs = self.costs[node_type]
        return len(costs) < self.config.other_beam or cost < costs[self.config.other_beam - 1]

    def admits_score(self, grid: np.ndarray, target: np.ndarray) -> bool:
        if grid.shape != target.shape:
            return self.admits_shape(grid.shape)
        if len(self.scores) < self.config.grid_beam:
            return True
        similarity = float(np.count_nonzero(grid == target)) / target.size
        return -similarity < self.scores[self.config.grid_beam - 1]

    def admits_shape(self, shape: tuple[int, ...]) -> bool:
        """Whether a grid of a shape other than the first output's could enter the beam: while
        it is not full, or in the shape slots while few grids have that shape."""
        if len(self.scores) < self.config.grid_beam:
            return True
        return self.config.shape_beam > 0 and self.first_shapes[shape] < self.config.grids_per_shape

    def cost_limits(self, types: list[str]) -> np.ndarray:
        """Per type, the cost a new value must stay under to enter the type's beam (while the
        beam has room, none)."""
        full = self.config.other_beam
        return np.array(
            [self.costs[t][full - 1] if len(self.costs[t]) >= full else np.inf for t in types]
        )

    def admits_shapes(self, shapes: list[tuple[int, ...]]) -> np.ndarray:
        """`admits_shape` for each shape."""
        return np.array([self.admits_shape(s) for s in shapes], dtype=bool)

    def record(self, node: Node) -> None:
        if node.type == "Grid":
            bisect.insort(self.scores, -node.score)
            self.first_shapes[node.values[0].shape] += 1
        else:
            bisect.insort(self.costs[node.type], node.cost)


class Search:
    """One task's program search; `run` fills the table and collects consistent programs."""

    def __init__(
        self,
        task: Task,
        config: SearchConfig,
        constants: Constants,
        primitive_costs: dict[str, float] | None = None,
        deep_primitives: frozenset[str] | None = None,
    ) -> None:
        self.task = task
        self.config = config
        self.constants = constants
        self.inputs = [p.input for p in task.train] + [p.input for p in task.test]
        self.targets = [p.output for p in task.train]
        self.n_train = len(task.train)
        self._first_target = self.targets[0].reshape(-1).astype(np.int8)
        self._first_target_bytes = self._first_target.tobytes()
        self._colour_lookup = np.zeros(256, dtype=np.int8)  # scratch for _promising_on_first_pair
        self.nodes: list[Node] = []
        self.seen: dict[Any, int] = {}
        self.by_type: dict[str, list[int]] = defaultdict(list)
        self.found: list[Found] = []
        self.stats = SearchStats()
        self.solved_at: float | None = None  # when the first consistent program was found
        self.settled_at: float | None = None  # ... and the first that is not doubtful
        self.value_bytes = 0
        self.last_duplicate = -1  # the row an equal value vector already has (set by _add)
        self._classes: dict[Any, int] = {}  # value key -> class id, shared by every input
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._memo_bytes = 0
        self._settled = _Settled()
        self.pieces_kept = 0  # grids kept only as stack pieces (see _is_piece)
        self._pools_this_pass: dict[tuple[int, str], frozenset[int]] = {}  # (layer, type): ids
        self._tried_pools: dict[tuple[int, str], frozenset[int]] = {}  # ... of the pass before
        self.primitives = self._order_primitives(primitive_costs or {})
        self._shape_sources = [_shape_source(p) for p, _ in self.primitives]  # per candidate
        self.deep_primitives = deep_primitives
        self.object_views = [p for p, _ in self.primitives if p.name in OBJECT_VIEWS]
        self.wanted = _wanted_values(task)
        self._wanted_first = {t: {row[0] for row in rows} for t, rows in self.wanted.items()}
        self._goals = self._index_goals(inverse_goals(task) if config.uses("inverse") else [])
        self._goal_shapes = {key[1] for key in self._goals}

    @staticmethod
    def _index_goals(goals: list[Goal]) -> dict[Any, list[tuple[Goal, tuple[Any, ...]]]]:
        """Goals by the key of their first demonstration's grid, with all their keys."""
        index: dict[Any, list[tuple[Goal, tuple[Any, ...]]]] = defaultdict(list)
        for goal in goals:
            keys = goal.keys()
            index[keys[0]].append((goal, keys))
        return dict(index)

    # ------------------------------------------------------------------------------- table

    def _order_primitives(self, costs: dict[str, float]) -> list[tuple[Primitive, float]]:
        prims = [
            (p, costs.get(p.name, p.cost))
            for p in registry().values()
            if p.searchable and p.name not in self.config.disabled_primitives
        ]
        return sorted(prims, key=lambda pc: (pc[1], pc[0].name))

    def _add(
        self,
        node_type: str,
        values: tuple[Any, ...],
        could_map: bool = True,
        mechanism: str = "search",
        doubtful: bool = False,
        **fields: Any,
    ) -> Node | None:
        """Store a new value vector (None if an equal one exists); check new grids as answers.

        `could_map` False says the first demonstration already rules out a colour map;
        `mechanism` names the generator that made the value, for the answers it may give;
        `doubtful` marks those answers doubtful whatever their colour map.
        """
        value_keys = tuple(value_key(v) for v in values)
        key = (node_type, value_keys)
        if key in self.seen:
            self.stats.duplicates += 1
            self.last_duplicate = self.seen[key]
            return None
        node = Node(len(self.nodes), node_type, values, **fields)
        node.classes = tuple(self._classes.setdefault(k, len(self._classes)) for k in value_keys)
        self.value_bytes += 2 * sum(_approx_bytes(v) for v in values)  # values and their keys
        self.nodes.append(node)
        self.seen[key] = node.id
        self.by_type[node_type].append(node.id)
        if node_type == "Grid":
            self._check_grid(node, could_map, mechanism, doubtful)
            if node.score < 1.0 and value_keys[0] in self._goals:
                self._check_goals(node, value_keys)
        elif node_type == "Object":
            self._check_object(node)
        return node

    def _seed(self) -> None:
        n = len(self.inputs)
        self._add("Grid", tuple(self.inputs), op=None, args=(), cost=0.0, depth=0)
        pools = {
            "Colour": self.constants.colours,
            "Int": self.constants.ints,
            "Shape": self.constants.shapes,
            "Position": self.constants.offsets,
        }
        for node_type, literals in pools.items():
            for literal in literals:
                self._add(
                    node_type,
                    (literal,) * n,
                    op=None,
                    args=(),
                    cost=LITERAL_COST,
                    depth=0,
                    literal=literal,
                )
        self._seed_output_shape()

    def _seed_output_shape(self) -> None:
        """The outputs' shapes by the size rule that fits the demonstrations, as a value the
        search may build on (an empty grid of that size, a scale or a pad to it), when the rule
        is neither the input's shape nor a constant (those are seeded already)."""
        rule = self.constants.size_rule
        if rule is None or rule.row_scale == rule.col_scale == 0:
            return
        if (rule.row_scale, rule.row_offset, rule.col_scale, rule.col_offset) == (1, 0, 1, 0):
            return
        scale = self.literal_row("Position", (rule.row_scale, rule.col_scale))
        offset = self.literal_row("Position", (rule.row_offset, rule.col_offset))
        self.derive("scaled_shape", (0, scale, offset), "search")

    # ------------------------------------------------------------------------------ checks

    def _check_grid(self, node: Node, could_map: bool, mechanism: str, doubtful: bool) -> None:
        """Score a new grid against the demonstrations; record it if it solves them."""
        node.score = _grid_similarity(node.values, self.targets)
        if node.score == 1.0:
            found = Found(node.id, None, node.cost, self.stats.judged, doubtful, mechanism)
            self._record_found(found)
            return
        colour_map = infer_colour_map(node.values, self.targets) if could_map else None
        if colour_map is not None:
            cost = node.cost + 1.0 + LITERAL_COST
            doubtful = (
                doubtful
                or self._meets_unmapped_colours(node.values)
                or self._fitted_per_demo(node.values, colour_map)
            )
            found = Found(node.id, colour_map, cost, self.stats.judged, doubtful, mechanism)
            self._record_found(found)

    def _check_goals(self, node: Node, value_keys: tuple[Any, ...]) -> None:
        """Finish a grid that is, on every demonstration, what a read-back primitive needs to
        make the output (see solver/goals.py): the answer is that primitive applied to it."""
        for goal, goal_keys in self._goals[value_keys[0]]:
            if value_keys[: self.n_train] == goal_keys:
                literals = tuple(self.literal_row("Int", n) for n in goal.literals)
                form = (literals, goal.input_at)
                self.derive(goal.op, call_arguments(node.id, 0, form), "inverse")

    def _may_meet_goal(self, grid: np.ndarray) -> bool:
        """Whether a grid is, on the first demonstration, what a read-back primitive needs."""
        return grid.shape in self._goal_shapes and value_key(grid) in self._goals

    def _check_object(self, node: Node) -> None:
        """Add the input's part under an object, or the object alone, if either is every output.

        Picking one part of the input is a common answer; checking it as soon as the object is
        made saves the search the layer that would crop it.
        """
        for view in self.object_views:
            args = (self.nodes[0], node) if len(view.arg_types) == 2 else (node,)
            if all(self._view_is_output(view, args, i) for i in range(self.n_train)):
                self.derive(view.name, tuple(a.id for a in args), "search")

    def _view_is_output(self, view: Primitive, args: tuple[Node, ...], i: int) -> bool:
        """Whether an object view of demonstration i's object is that demonstration's output."""
        target = self.targets[i]
        if args[-1].values[i].cells.shape != target.shape:
            return False
        seen = self._value(view.fn, args, i)
        return seen is not None and bool(np.array_equal(seen, target))

    def _meets_unmapped_colours(self, values: tuple[Any, ...]) -> bool:
        """Whether a test value holds a colour that no demonstration's value holds."""
        shown = np.unique(np.concatenate([v.ravel() for v in values[: self.n_train]]))
        return any(not np.isin(v, shown).all() for v in values[self.n_train :])

    def _fitted_per_demo(self, values: tuple[Any, ...], colour_map: ColourMap) -> bool:
        """Whether each demonstration needs its own entries of the map (no changed colour is
        shared by two of them): a colour that plays one role under a different name in each
        demonstration, which a fixed map cannot carry to the test."""
        seen: set[int] = set()
        changing = 0
        changed = set(colour_map.changed())
        for value in values[: self.n_train]:
            keys = changed.intersection(np.unique(value).tolist())
            if keys & seen:
                return False
            seen |= keys
            changing += bool(keys)
        return changing >= 2

    def _record_found(self, found: Found) -> None:
        self.found.append(found)
        now = time.monotonic()
        if self.solved_at is None:
            self.solved_at = now
        if self.settled_at is None and not found.doubtful:
            self.settled_at = now

    # ---------------------------------------------------------------------------- expansion

    def _pool(self, node_type: str, max_depth: int) -> list[Node]:
        """The beam: the most promising rows of a type made before this layer."""
        rows = [self.nodes[i] for i in self.by_type.get(node_type, ())]
        rows = [r for r in rows if r.depth <= max_depth]
        if node_type == "Grid":
            rows.sort(key=lambda r: (-r.score, r.cost, r.id))
            return self._grid_beam(rows)
        rows.sort(key=lambda r: (r.cost, r.id))
        if self.wanted.get(node_type):  # values the output sizes ask for first
            wanted = [r for r in rows if self._is_wanted(node_type, r.values)]
            rows = wanted + [r for r in rows if not self._is_wanted(node_type, r.values)]
        return rows[: self.config.other_beam]

    def _is_wanted(self, node_type: str, values: tuple[Any, ...]) -> bool:
        return tuple(values[: self.n_train]) in self.wanted.get(node_type, ())

    def _grid_beam(self, ranked: list[Node]) -> list[Node]:
        """The grids closest to the outputs, and the cheapest grids of each shape they lack.

        Every grid of another shape than the outputs scores 0, so a beam by score alone loses
        the intermediate values of shape-changing programs (trim, then scale up): `shape_beam`
        of the `grid_beam` places go to the `grids_per_shape` cheapest grids of each shape (on
        the demonstrations) that the closest grids do not have.
        """
        beam = ranked[: self.config.grid_beam - self.config.shape_beam]
        shapes = Counter(self._demo_shapes(row) for row in beam)
        covered = set(shapes)
        spare = self.config.grid_beam - len(beam)
        for row in sorted(ranked[len(beam) :], key=lambda r: (r.cost, r.id)):
            if spare == 0:
                break
            shape = self._demo_shapes(row)
            if shape not in covered and shapes[shape] < self.config.grids_per_shape:
                shapes[shape] += 1
                beam.append(row)
                spare -= 1
        if spare:  # fewer new shapes than places: the next closest grids take the rest
            chosen = {row.id for row in beam}
            beam += [row for row in ranked if row.id not in chosen][:spare]
        return beam

    def _demo_shapes(self, row: Node) -> tuple[tuple[int, ...], ...]:
        return tuple(value.shape for value in row.values[: self.n_train])

    def _layer_candidates(
        self, layer: int, budget: Budget
    ) -> Iterator[tuple[float, int, tuple[Node, ...]]]:
        """Every (cost, primitive index, arguments) of a layer, most promising first.

        The priority is the program's cost plus a heuristic penalty: a new grid pays for building
        on grids far from the demonstrations' outputs (`distance_weight` times one minus its best
        grid argument's score); a new non-grid value (objects, colours, counts) pays
        `derived_analysis_penalty` per grid argument that is not the input itself, since tasks
        mostly analyse the input. Ties go to the earlier primitive, then to the earlier argument
        tuple in product order. Priorities are computed in numpy for whole primitives at once and
        the argument tuples are made only as the layer reaches them: a deep layer is rarely
        finished, so most are never needed.
        """
        return _in_priority_order(self._layer_blocks(layer, budget))

    def _layer_blocks(self, layer: int, budget: Budget) -> list[_Block]:
        """Each primitive's candidates of a layer (see `_layer_candidates`)."""
        types = {t for prim, _ in self.primitives for t in prim.arg_types}
        pools = {
            t: _Pool(self._pool(t, layer - 1), layer, self._tried_pools.get((layer, t)))
            for t in types
        }
        if self.config.widening_passes:  # what the next, wider pass must not try again
            for t, pool in pools.items():
                self._pools_this_pass[(layer, t)] = frozenset(n.id for n in pool.nodes)
        blocks = []
        for index, (prim, prim_cost) in enumerate(self.primitives):
            if budget.expired():  # building a deep layer's list can itself take seconds
                break
            if self._pruned_by_prior(prim, layer):
                continue
            arg_pools = [pools[t] for t in prim.arg_types]
            block = self._block(prim, prim_cost, index, arg_pools, budget)
            if block is not None:
                blocks.append(block)
        return blocks

    def _block(
        self,
        prim: Primitive,
        prim_cost: float,
        index: int,
        pools: list[_Pool],
        budget: Budget,
    ) -> _Block | None:
        """A primitive's argument tuples of this layer and their costs and priorities."""
        if any(not pool.nodes for pool in pools):
            return None
        picks = _valid_picks(pools, self.config.max_combinations_considered, budget)
        if len(picks[0]) == 0:
            return None
        cost = pools[0].cost[picks[0]]
        for pool, pick in zip(pools[1:], picks[1:], strict=True):
            cost = cost + pool.cost[pick]
        cost = prim_cost + cost
        grid_args = [d for d, t in enumerate(prim.arg_types) if t == "Grid"]
        if prim.return_type == "Grid":
            closeness = np.full(len(cost), 0.5)
            if grid_args:
                closeness = pools[grid_args[0]].score[picks[grid_args[0]]]
                for d in grid_args[1:]:
                    closeness = np.maximum(closeness, pools[d].score[picks[d]])
            priority = cost + self.config.distance_weight * (1.0 - closeness)
        else:
            derived = np.zeros(len(cost), dtype=np.intp)
            for d in grid_args:
                derived = derived + pools[d].not_input[picks[d]]
            priority = cost + self.config.derived_analysis_penalty * derived
        cap = self.config.max_combinations_per_primitive
        if len(cost) > cap:  # the most promising tuples, not the first in product order
            keep = np.sort(np.argsort(priority, kind="stable")[:cap])
            picks = tuple(pick[keep] for pick in picks)
            cost, priority = cost[keep], priority[keep]
        return _Block(index, [pool.rows for pool in pools], picks, cost, priority)

    def _pruned_by_prior(self, prim: Primitive, layer: int) -> bool:
        """Whether a deep layer skips a primitive the prior does not rank among the likeliest."""
        if self.deep_primitives is None or layer < self.config.prior_prune_from_depth:
            return False
        if prim.name in self.deep_primitives:
            return False
        self.stats.prior_pruned += 1
        return True

    def _value(self, fn: Callable[..., Any], args: tuple[Node, ...], i: int) -> Any:
        """The primitive's value on input i (None when it has none), remembered by the argument
        values' classes: rows that differ elsewhere often agree on one input (a derived colour
        that equals a constant there), and a primitive's value depends on its arguments alone."""
        key = (fn, *[a.classes[i] for a in args])
        value = self._memo.get(key, _UNKNOWN)
        if value is not _UNKNOWN:
            self.stats.remembered += 1
            return value
        value = self._call(fn, args, i)
        self._memo_bytes += 64 if value is None else _approx_bytes(value)
        if self._memo_bytes > MEMO_MEGABYTES * 1_000_000:
            self._forget_calls()
        self._memo[key] = value
        return value

    def _forget_calls(self) -> None:
        self._memo.clear()
        self._settled.clear()  # its outcomes count as remembered calls
        self._memo_bytes = 0

    @staticmethod
    def _call(fn: Callable[..., Any], args: tuple[Node, ...], i: int) -> Any:
        """Apply the primitive to the arguments' values on input i (None when it has none)."""
        try:
            value = fn(*[a.values[i] for a in args])
        except MemoryError:
            raise  # the solve is over its memory limit: end it, do not limp on without values
        except Exception:
            return None
        return None if value is NO_VALUE else value

    def _evaluate_rest(
        self, fn: Callable[..., Any], args: tuple[Node, ...], first: Any
    ) -> tuple[Any, ...] | None:
        """The primitive's value on every input given its value on input 0 (None if any fails)."""
        values = [first]
        for i in range(1, len(self.inputs)):
            value = self._value(fn, args, i)
            if value is None:
                return None
            values.append(value)
        return tuple(values)

    def _promising_on_first_pair(self, grid: np.ndarray) -> bool:
        """Whether a grid could still be (or colour-map to) the first demonstration's output."""
        if grid.shape != self.targets[0].shape:
            return False
        # Each grid colour writes its cells' target colours into a lookup table (the last write
        # wins); the grid maps onto the target iff reading the table back gives the target.
        cells = grid.reshape(-1).astype(np.int8, copy=False).view(np.uint8)
        self._colour_lookup[cells] = self._first_target
        return self._colour_lookup[cells].tobytes() == self._first_target_bytes

    def _set_gates(self, blocks: list[_Block], last: bool) -> tuple[list[str], list[tuple]]:
        """Mark each block with how the beam may turn its candidates away unmade (`_Gate`); the
        type and shape codes index the lists returned."""
        types: dict[str, int] = {}
        shapes: dict[tuple[int, ...], int] = {}
        pool_codes: dict[tuple[int, bool], np.ndarray] = {}
        for block in blocks:
            prim = self.primitives[block.index][0]
            is_grid = prim.return_type == "Grid"
            source = self._shape_sources[block.index]
            if not is_grid and last and prim.return_type != "Object":
                block.gate = _Gate.SKIP
            elif not is_grid and prim.return_type != "Object":
                if not self._wanted_first.get(prim.return_type):
                    block.gate = _Gate.COST
                    block.type_code = types.setdefault(prim.return_type, len(types))
            elif is_grid and source is not None:
                position, is_shape = source
                pool = block.pools[position]
                key = (id(pool), is_shape)
                if key not in pool_codes:
                    pool_codes[key] = np.array(
                        [shapes.setdefault(_first_shape(n, is_shape), len(shapes)) for n in pool],
                        dtype=np.intp,
                    )
                block.gate = _Gate.SHAPE
                block.shape_codes = pool_codes[key][block.picks[position]]
        return list(types), list(shapes)

    def _set_call_codes(self, blocks: list[_Block]) -> None:
        """Give each grid block's candidates their first-input call's code (see `_Settled`):
        each argument's first-input class, renumbered among the layer's pools, then the
        primitive's index in the lowest bits; a block whose codes would not fit has none."""
        first_classes: dict[int, np.ndarray] = {}
        for block in blocks:
            for pool in block.pools:
                if id(pool) not in first_classes:
                    first_classes[id(pool)] = np.array([n.classes[0] for n in pool], np.int64)
        if not first_classes:
            return
        distinct = np.unique(np.concatenate(list(first_classes.values())))
        renumbered = {key: np.searchsorted(distinct, c) for key, c in first_classes.items()}
        class_bits = max(1, (len(distinct) - 1).bit_length())
        index_bits = max(1, (len(self.primitives) - 1).bit_length())
        for block in blocks:
            is_grid = self.primitives[block.index][0].return_type == "Grid"
            if not is_grid or index_bits + class_bits * len(block.pools) > CODE_BITS:
                continue
            codes = np.zeros(len(block), dtype=np.int64)
            for pool, pick in zip(block.pools, block.picks, strict=True):
                codes = (codes << class_bits) | renumbered[id(pool)][pick]
            block.call_codes = (codes << index_bits) | block.index

    def _admitted(self, blocks: list[_Block], beam: _BeamGate, last: bool) -> Iterator[_Candidate]:
        """The layer's candidates in priority order, less those turned away at the start of
        their chunk, counted just as at their own turn: those whose first-input call is settled
        (`_Settled`), then those the beam turns away (skipped, or ruled out by shape). The beam
        only fills up as the layer goes on, so what it turns away at the start of a chunk it
        would turn away later too. The rest are made and checked one by one."""
        types, shapes = self._set_gates(blocks, last)
        self._set_call_codes(blocks)
        wanted = {self.targets[0].shape, *self._goal_shapes}
        shape_wanted = np.array([s in wanted for s in shapes], dtype=bool)
        for chunk in _chunks(blocks):
            skip = chunk.gate == _Gate.SKIP
            if types:
                limits = beam.cost_limits(types)
                skip |= (chunk.gate == _Gate.COST) & (chunk.cost >= limits[chunk.type_code])
            settled = np.zeros(len(skip), dtype=bool)
            if self._settled.outcomes:
                outcome = self._settled.of(chunk.call_code)
                settled = outcome >= 0
                self._count_settled(
                    int(np.count_nonzero(outcome == _Settled.PRUNED)),
                    int(np.count_nonzero(outcome == _Settled.FAILED)),
                )
            ruled_out = np.zeros(len(skip), dtype=bool)
            if shapes:  # as `_turned_away_by_shape`: in the last layer only wanted shapes pass
                open_shapes = shape_wanted if last else shape_wanted | beam.admits_shapes(shapes)
                ruled_out = (chunk.gate == _Gate.SHAPE) & ~open_shapes[chunk.shape_code] & ~settled
            self.stats.skipped += int(np.count_nonzero(skip))
            self.stats.shape_ruled_out += int(np.count_nonzero(ruled_out))
            keep = ~(skip | ruled_out | settled)
            yield from _made(blocks, chunk.owner[keep], chunk.local[keep])

    def _count_settled(self, pruned: int, failed: int) -> None:
        """Count candidates settled by their first-input call as evaluated and remembered,
        pruned or failed, as making them again would."""
        self.stats.evaluated += pruned + failed
        self.stats.settled += pruned + failed
        self.stats.remembered += pruned + failed
        self.stats.pruned += pruned
        self.stats.failed += failed

    def _expand_layer(self, layer: int, budget: Budget, last: bool) -> None:
        beam = _BeamGate(self, self.config)
        blocks = self._layer_blocks(layer, budget)
        self._settled.clear()  # codes name calls within one layer
        stats, nodes, settled = self.stats, self.nodes, self._settled
        settled_outcome = settled.outcomes.get
        max_nodes = self.config.max_nodes
        max_bytes = self.config.max_value_megabytes * 1_000_000
        target = self.targets[0]
        kinds = [  # per primitive index, what the loop reads of it
            (p, p.fn, p.return_type, p.return_type == "Grid", source)
            for (p, _), source in zip(self.primitives, self._shape_sources, strict=True)
        ]
        for step, (cost, index, args, code) in enumerate(self._admitted(blocks, beam, last)):
            # count every candidate, not only the evaluated ones, so that a long run of
            # skipped candidates cannot pass the check by
            if step % 64 == 0 and (budget.expired() or self._grace_over()):
                stats.stopped_by = "time" if budget.expired() else "solved"
                return
            if len(nodes) >= max_nodes:
                stats.stopped_by = "nodes"
                return
            if self.value_bytes >= max_bytes:
                stats.stopped_by = "memory"
                return
            prim, fn, return_type, is_grid, source = kinds[index]
            if not is_grid:
                if last and return_type != "Object":  # objects are checked by crop
                    stats.skipped += 1
                elif not beam.admits_cost(return_type, cost):
                    self._beyond_beam(prim, args, cost, layer)
                else:
                    self._evaluate_candidate(prim, args, cost, layer, beam)
                continue
            outcome = settled_outcome(code)
            if outcome is not None:
                self._count_settled(
                    int(outcome == _Settled.PRUNED), int(outcome == _Settled.FAILED)
                )
                continue
            if source is not None and self._turned_away_by_shape(
                _first_shape(args[source[0]], source[1]), beam, last
            ):
                stats.shape_ruled_out += 1
                continue
            stats.evaluated += 1
            first = self._value(fn, args, 0)
            if first is None:
                stats.failed += 1
                settled.add(code, _Settled.FAILED)
                continue
            promising = self._promising_on_first_pair(first)
            piece_only = not promising and (last or not beam.admits_score(first, target))
            kept_as_piece = piece_only and self._is_piece(first)
            if piece_only and not kept_as_piece and not self._may_meet_goal(first):
                stats.pruned += 1
                settled.add(code, _Settled.PRUNED)
                continue
            beam_or_none = None if piece_only else beam
            self._finish_candidate(
                prim, args, cost, layer, first, promising, beam_or_none, kept_as_piece
            )

    def _beyond_beam(
        self, prim: Primitive, args: tuple[Node, ...], cost: float, layer: int
    ) -> None:
        """A non-grid value too costly for its type's beam: kept only if wanted or an answer."""
        if self._wanted_first.get(prim.return_type):
            self._add_if_wanted(prim, args, cost, layer)
        elif prim.return_type == "Object":
            self._add_if_part_is_output(prim, args, cost, layer)
        else:
            self.stats.skipped += 1

    def _evaluate_candidate(
        self, prim: Primitive, args: tuple[Node, ...], cost: float, layer: int, beam: _BeamGate
    ) -> None:
        """Evaluate a non-grid candidate on the first input, then (if it has a value) on all."""
        self.stats.evaluated += 1
        first = self._value(prim.fn, args, 0)
        if first is None:
            self.stats.failed += 1
            return
        self._finish_candidate(prim, args, cost, layer, first, False, beam, False)

    def _finish_candidate(
        self,
        prim: Primitive,
        args: tuple[Node, ...],
        cost: float,
        layer: int,
        first: Any,
        promising: bool,
        beam: _BeamGate | None,
        piece: bool,
    ) -> None:
        """Evaluate a candidate on the other inputs and add it: to the beam's record unless
        `beam` is None (a grid only the pieces or a goal keep), counted as a piece if `piece`."""
        values = self._evaluate_rest(prim.fn, args, first)
        if values is None:
            self.stats.failed += 1
            return
        node = self._add(
            prim.return_type,
            values,
            could_map=promising,
            op=prim.name,
            args=tuple(a.id for a in args),
            cost=cost,
            depth=layer,
        )
        if node is not None and piece:
            self.pieces_kept += 1
        elif node is not None and beam is not None:
            beam.record(node)

    def _turned_away_by_shape(self, shape: tuple[int, ...], beam: _BeamGate, last: bool) -> bool:
        """Whether a grid of this shape on the first input would be pruned, known before
        computing it: not the first output's shape (so neither an answer nor a piece), no
        goal's, and no place in the beam for it (as the checks after computing it decide)."""
        if shape == self.targets[0].shape or shape in self._goal_shapes:
            return False
        return last or not beam.admits_shape(shape)

    def _add_if_wanted(
        self, prim: Primitive, args: tuple[Node, ...], cost: float, layer: int
    ) -> None:
        """A value too costly for the beam is kept anyway when the output sizes ask for it
        (the ratio of output to input that a scale or tile needs, an output side or shape)."""
        self.stats.evaluated += 1
        self.stats.beyond_beam += 1
        first = self._value(prim.fn, args, 0)
        node_type = prim.return_type
        if first is None or first not in self._wanted_first[node_type]:
            return
        values = self._evaluate_rest(prim.fn, args, first)
        if values is not None and self._is_wanted(node_type, values):
            self._add(
                node_type,
                values,
                op=prim.name,
                args=tuple(a.id for a in args),
                cost=cost,
                depth=layer,
            )

    def _add_if_part_is_output(
        self, prim: Primitive, args: tuple[Node, ...], cost: float, layer: int
    ) -> None:
        """An object too costly for the beam is still checked as an answer (the input's part
        under it, or the object alone): no later layer makes it again."""
        self.stats.evaluated += 1
        self.stats.beyond_beam += 1
        first = self._value(prim.fn, args, 0)
        if first is None or not self._object_view_is_output(first, 0):
            return
        values = self._evaluate_rest(prim.fn, args, first)
        if values is not None:
            self._add(
                "Object",
                values,
                op=prim.name,
                args=tuple(a.id for a in args),
                cost=cost,
                depth=layer,
            )

    def _object_view_is_output(self, obj: Any, i: int) -> bool:
        """Whether a view of an object on input i is demonstration i's output."""
        target = self.targets[i]
        if obj.cells.shape != target.shape:
            return False
        for view in self.object_views:
            args = (self.inputs[i], obj) if len(view.arg_types) == 2 else (obj,)
            try:
                seen = view.fn(*args)
            except MemoryError:
                raise
            except Exception:
                continue
            if seen is not NO_VALUE and np.array_equal(seen, target):
                return True
        return False

    def _is_piece(self, grid: np.ndarray) -> bool:
        """Whether a grid the beam turns away is kept anyway, as a piece for stacked answers.

        Any grid of the first output's shape is, up to `max_pieces` of them: a layer needs to be
        right only on the cells no layer above it explains, so no cheap test on the grid alone
        tells a useless piece from a bottom layer.
        """
        return (
            self.config.keep_pieces
            and self.pieces_kept < self.config.max_pieces
            and grid.shape == self.targets[0].shape
        )

    def literal_row(self, node_type: str, literal: Any) -> int:
        """The row of a constant (added if the search has not seeded it), priced by its size."""
        node = self._add(
            node_type,
            (literal,) * len(self.inputs),
            op=None,
            args=(),
            cost=literal_cost(literal),
            depth=0,
            literal=literal,
        )
        return node.id if node is not None else self.last_duplicate

    def derive(
        self, op: str, arg_ids: tuple[int, ...], mechanism: str, doubtful: bool = False
    ) -> int | None:
        """The row of `op` applied to existing rows (added if new), or None if it has no value.

        Generators after the search (stacked pieces) build their answers as rows of the same
        table, so every answer prints as one program; `doubtful` marks the answer doubtful.
        """
        prim = get_primitive(op)
        args = tuple(self.nodes[i] for i in arg_ids)
        values = []
        for i in range(len(self.inputs)):
            value = self._value(prim.fn, args, i)
            if value is None:
                return None
            values.append(value)
        node = self._add(
            prim.return_type,
            tuple(values),
            could_map=False,
            mechanism=mechanism,
            doubtful=doubtful,
            op=op,
            args=arg_ids,
            cost=prim.cost + sum(a.cost for a in args),
            depth=max(a.depth for a in args) + 1,
        )
        return node.id if node is not None else self.last_duplicate

    def _grace_over(self) -> bool:
        return self.settled_at is not None and (
            time.monotonic() > self.settled_at + self.config.solution_grace_seconds
        )

    def run(self, budget: Budget) -> None:
        """Fill the table layer by layer; while every layer finishes with time left, widen the
        beams (`widening_passes`) and go through the layers again on what they did not try."""
        start = time.monotonic()
        self._seed()
        self._run_layers(budget)
        for _ in range(self.config.widening_passes):
            if self.stats.stopped_by != "exhausted" or budget.expired():
                break
            self._widen()
            self._run_layers(budget)
        self._forget_calls()  # only one search's memo is alive at a time (the solve's memory limit)
        self.stats.seconds = time.monotonic() - start

    def _run_layers(self, budget: Budget) -> None:
        """One pass over the layers, until the deepest is done or something stops it."""
        self.stats.passes += 1
        for layer in range(1, self.config.max_depth + 1):
            before = len(self.nodes)
            self._expand_layer(layer, budget, last=layer == self.config.max_depth)
            self.stats.nodes_per_layer.append(len(self.nodes) - before)
            self.stats.depth_reached = max(self.stats.depth_reached, layer)
            if self.stats.stopped_by != "exhausted":
                break
            if self.settled_at is not None:  # a doubtful program alone does not end the search
                self.stats.stopped_by = "solved"
                break

    def _widen(self) -> None:
        """Scale the beams by `widening_factor` for the next pass, which tries in each layer
        only the argument tuples with a row that layer's narrower pool did not hold."""
        factor = self.config.widening_factor
        self.config = replace(
            self.config,
            grid_beam=round(self.config.grid_beam * factor),
            shape_beam=round(self.config.shape_beam * factor),
            other_beam=round(self.config.other_beam * factor),
        )
        self._tried_pools, self._pools_this_pass = self._pools_this_pass, {}

    # ----------------------------------------------------------------------------- programs

    def program(self, node_id: int, colour_map: ColourMap | None = None) -> Program:
        """The straight-line program that computes a row, with literals inlined."""
        needed: set[int] = set()
        stack = [node_id]
        while stack:
            current = self.nodes[stack.pop()]
            if current.op is None or current.id in needed:
                continue
            needed.add(current.id)
            stack.extend(current.args)
        order = sorted(needed)
        names = {0: INPUT}
        steps: list[Step] = []
        for index, nid in enumerate(order, start=1):
            node = self.nodes[nid]
            names[nid] = f"x{index}"
            args = tuple(
                Literal(self.nodes[a].literal)
                if self.nodes[a].op is None and a != 0
                else Ref(names[a])
                for a in node.args
            )
            steps.append(Step(names[nid], node.op, args))
        if colour_map is not None:
            last = Ref(names[node_id])
            steps.append(Step(OUTPUT, "apply_colour_map", (last, Literal(colour_map))))
        elif steps:
            final = steps[-1]
            steps[-1] = Step(OUTPUT, final.op, final.args)
        else:
            steps.append(Step(OUTPUT, "identity", (Ref(INPUT),)))
        return Program(tuple(steps))

    def best_partial(self, count: int) -> list[Node]:
        """The grid rows closest to the demonstrations (for attempts when nothing is consistent)."""
        rows = [self.nodes[i] for i in self.by_type.get("Grid", ()) if self.nodes[i].op]
        rows.sort(key=lambda r: (-r.score, r.cost, r.id))
        return rows[:count]
