"""Partial candidates stacked into one answer (after icecuber's greedy composition of pieces).

A piece is a grid the search made that has the output's shape on every demonstration (and the
predicted shape on every test input). Used through a mask, its coloured (non-0) cells, its black
cells, or all of them, a piece may be right on part of each output even when no single program
is right on all of it. Greedy composition builds the answer from the top layer down: it keeps
adding the piece and mask that contradict no still-unexplained demonstration cell and explain the
most of them, until every cell of every demonstration is explained or no piece helps. The layers
become rows of the search's table (`paint_coloured` / `paint_black` over the layer below), so a
stack prints, parses and reruns like any program, and its cost counts every piece. A stack is
doubtful when the same greedy composition, run without one demonstration, never gives that
demonstration (leave-one-out): it then yields first place to a sure answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from solver.config import SearchConfig
from solver.search import Budget, Search
from solver.size import SizePrediction, has_output_shapes

MASKS = ("coloured", "black", "all")
"""Which cells of a piece a layer paints (colour 0 is black)."""

PAINT = {
    ("coloured", False): "paint_coloured",
    ("black", False): "paint_black",
    ("coloured", True): "paint_coloured_as",
    ("black", True): "paint_black_as",
}
"""The primitive that paints a layer, by its mask and whether it paints one given colour."""

CONSTANT_PIECE = "fill_grid"


@dataclass(frozen=True)
class Layer:
    """A piece painted through a mask: its own colours there, or one `colour` (None: its own)."""

    piece: int
    mask: str
    colour: int | None = None


@dataclass
class StackReport:
    """What stacking spent and made (for the trace)."""

    pieces: int = 0
    stacks_tried: int = 0
    stacks_added: int = 0
    doubtful: int = 0
    consistent: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class _PieceBits:
    """Each piece's cells on the demonstrations, flattened and packed 8 per byte."""

    ids: list[int]
    wrong: np.ndarray  # (pieces, bytes): the piece's cell differs from the output's
    coloured: np.ndarray  # (pieces, bytes): the piece's cell is not black
    black: np.ndarray  # (pieces, bytes): the piece's cell is black
    costs: np.ndarray  # (pieces,)
    demo_masks: list[np.ndarray]  # per demonstration: its cells, packed
    cells: int
    other_than: dict[int, np.ndarray]  # per output colour: the cells the output has not it


def _constant_pieces(search: Search, base: int) -> list[int]:
    """One-colour grids of the output's shape, one per colour the task's constants hold."""
    colour_rows = [i for i in search.by_type.get("Colour", ()) if search.nodes[i].op is None]
    made = [search.derive(CONSTANT_PIECE, (base, c), "stack") for c in colour_rows]
    return [i for i in made if i is not None]


def collect_pieces(search: Search, sizes: SizePrediction, limit: int) -> list[int]:
    """Grid rows of the output's shape on every input, cheapest first, at most `limit`."""
    rows = [
        i
        for i in search.by_type.get("Grid", ())
        if has_output_shapes(search.nodes[i].values, search.targets, sizes)
        and search.nodes[i].score < 1.0
    ]
    rows.sort(key=lambda i: (search.nodes[i].cost, i))
    if rows:
        rows += [i for i in _constant_pieces(search, rows[0]) if i not in rows]
    return rows[:limit]


def _pack(rows: list[np.ndarray]) -> np.ndarray:
    return np.packbits(np.stack(rows), axis=1)


def _piece_bits(search: Search, ids: list[int]) -> _PieceBits:
    targets = np.concatenate([t.ravel() for t in search.targets])
    values = [
        np.concatenate([v.ravel() for v in search.nodes[i].values[: search.n_train]]) for i in ids
    ]
    grid = np.stack(values)
    coloured = grid != 0
    demo_masks = []
    start = 0
    for target in search.targets:
        mask = np.zeros(targets.size, dtype=bool)
        mask[start : start + target.size] = True
        demo_masks.append(np.packbits(mask))
        start += target.size
    return _PieceBits(
        ids=ids,
        wrong=np.packbits(grid != targets, axis=1),
        coloured=np.packbits(coloured, axis=1),
        black=np.packbits(~coloured, axis=1),
        costs=np.array([search.nodes[i].cost for i in ids]),
        demo_masks=demo_masks,
        cells=targets.size,
        other_than={int(c): np.packbits(targets != c) for c in np.unique(targets)},
    )


def _count(bits: np.ndarray) -> np.ndarray:
    """Set bits per row."""
    return np.bitwise_count(bits).sum(axis=-1, dtype=np.int64)


def _demos_reached(bits: _PieceBits, cells: np.ndarray) -> np.ndarray:
    """Per row of packed cells: in how many demonstrations it has a cell."""
    reached = np.zeros(cells.shape[0], dtype=np.int64)
    for demo in bits.demo_masks:
        reached += _count(cells & demo) > 0
    return reached


def _best_layer(
    bits: _PieceBits, unexplained: np.ndarray, care: np.ndarray, min_demos: int
) -> Layer | None:
    """The layer that explains the most cared-for cells and contradicts none still unexplained.

    It must explain cells in `min_demos` demonstrations (or in every one with cells left):
    a layer that explains one demonstration only is an exception, not part of the answer.
    Ties go to the cheaper piece, then to a piece's own colours over one painted colour.
    """
    best: tuple[int, float, int] | None = None  # (gain, -cost, -uses a colour)
    chosen: Layer | None = None
    everything = np.full((1, unexplained.size), 255, dtype=np.uint8)
    left = int(_demos_reached(bits, unexplained[None, :])[0]) if min_demos > 1 else 1
    for mask, active in (("coloured", bits.coloured), ("black", bits.black), ("all", everything)):
        open_active = np.broadcast_to(active & unexplained, bits.wrong.shape)
        gain = _count(open_active & care)
        if min_demos > 1:  # any layer with a gain reaches one demonstration
            gain *= _demos_reached(bits, open_active) >= min(min_demos, left)
        if gain.max() == 0:
            continue
        options = (
            [(None, bits.wrong)]
            if mask == "all"
            else [(None, bits.wrong)]
            + [(colour, other[None, :]) for colour, other in bits.other_than.items()]
        )
        for colour, wrong in options:
            valid = gain * (_count(open_active & wrong) == 0)
            top = int(valid.max())
            if top == 0:
                continue
            ties = np.flatnonzero(valid == top)
            piece = int(ties[np.argmin(bits.costs[ties])])
            rank = (top, float(-bits.costs[piece]), -(colour is not None))
            if best is None or rank > best:
                best, chosen = rank, Layer(piece, mask, colour)
    return chosen


def _active_row(bits: _PieceBits, layer: Layer) -> np.ndarray:
    if layer.mask == "coloured":
        return bits.coloured[layer.piece]
    if layer.mask == "black":
        return bits.black[layer.piece]
    return np.full(bits.wrong.shape[1], 255, dtype=np.uint8)


def _greedy_layers(
    bits: _PieceBits,
    care: np.ndarray,
    max_layers: int,
    min_demos: int,
    unexplained: np.ndarray | None = None,
) -> list[Layer]:
    """Layers top first, each explaining cells no layer above it explains (of `unexplained`:
    every demonstration cell unless given)."""
    if unexplained is None:
        unexplained = np.packbits(np.ones(bits.cells, dtype=bool))
    layers: list[Layer] = []
    while len(layers) < max_layers and unexplained.any():
        layer = _best_layer(bits, unexplained, care, min_demos)
        if layer is None:
            break
        layers.append(layer)
        unexplained &= ~_active_row(bits, layer)
        if layer.mask == "all":
            break
    return layers


def _explains(bits: _PieceBits, layers: list[Layer], cells: np.ndarray) -> bool:
    """Whether the stack gives every one of `cells` its output colour (the bottom piece shows
    its own colours where no layer paints)."""
    left = cells.copy()
    for layer in layers:
        painted = _active_row(bits, layer) & left
        wrong = bits.wrong[layer.piece] if layer.colour is None else bits.other_than[layer.colour]
        if (painted & wrong).any():
            return False
        left &= ~painted
    return not (left & bits.wrong[layers[-1].piece]).any()


def _predicts_a_held_out_demo(bits: _PieceBits, config: SearchConfig, budget: Budget) -> bool:
    """Whether the greedy stack of the other demonstrations' cells gives some held-out
    demonstration every cell (leave-one-out; no grounds for doubt with one demonstration)."""
    if len(bits.demo_masks) < 2:
        return True
    for held_out in bits.demo_masks:
        if budget.expired():
            return True
        seen = ~held_out
        max_layers, min_demos = config.stack_max_layers, config.stack_min_layer_demos
        layers = _greedy_layers(bits, seen, max_layers, min_demos, seen.copy())
        if layers and _explains(bits, layers, held_out):
            return True
    return False


def _paint(search: Search, under: int, layer: Layer, piece_row: int, doubtful: bool) -> int | None:
    op = PAINT[(layer.mask, layer.colour is not None)]
    args = (under, piece_row)
    if layer.colour is not None:
        args += (search.literal_row("Colour", layer.colour),)
    return search.derive(op, args, "stack", doubtful)


def _build(search: Search, bits: _PieceBits, layers: list[Layer], doubtful: bool) -> int | None:
    """The stack as table rows, bottom layer first; the row of the whole stack.

    The bottom piece also stands under its own layer: on the demonstrations, every cell its
    mask leaves out is explained by a layer above. `doubtful` marks the answer doubtful.
    """
    bottom = layers[-1]
    row: int | None = bits.ids[bottom.piece]
    if bottom.colour is not None:
        row = _paint(search, row, bottom, row, doubtful)
    for layer in reversed(layers[:-1]):
        if row is None:
            return None
        row = _paint(search, row, layer, bits.ids[layer.piece], doubtful)
    return row


def stack_pieces(
    search: Search, sizes: SizePrediction, budget: Budget, config: SearchConfig
) -> StackReport:
    """Greedy stacks of the search's pieces, added to its table as programs."""
    started = time.monotonic()
    report = StackReport()
    ids = collect_pieces(search, sizes, config.stack_max_pieces)
    report.pieces = len(ids)
    if len(ids) < 2:
        report.seconds = time.monotonic() - started
        return report
    bits = _piece_bits(search, ids)
    every_demo = np.packbits(np.ones(bits.cells, dtype=bool))
    cares = [every_demo] + bits.demo_masks if len(bits.demo_masks) > 1 else [every_demo]
    seen: set[tuple[Layer, ...]] = set()
    doubtful: bool | None = None  # the same held-out check for every stack of the task
    for care in cares:
        if budget.expired():
            break
        layers = _greedy_layers(bits, care, config.stack_max_layers, config.stack_min_layer_demos)
        report.stacks_tried += 1
        single = len(layers) == 1 and layers[0].colour is None
        if not layers or single or tuple(layers) in seen:
            continue
        seen.add(tuple(layers))
        if doubtful is None:
            doubtful = not _predicts_a_held_out_demo(bits, config, budget)
        report.doubtful += doubtful
        before = len(search.found)
        row = _build(search, bits, layers, doubtful)
        if row is not None:
            report.stacks_added += 1
            report.consistent += len(search.found) - before
    report.seconds = time.monotonic() - started
    return report
