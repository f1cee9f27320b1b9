"""A task's demonstrations as a few pooled-feature tokens per pair (numpy only).

Each demonstration pair becomes `TOKENS_PER_PAIR` tokens of `TOKEN_DIM` numbers, one token per
group of related features (colours, shapes, the diff, symmetry, objects, layout...). The same code
featurises training data and tasks at inference, so the model never sees a grid cell by cell:

    tokens, mask = encode_task(task)     # (MAX_PAIRS, TOKENS_PER_PAIR, TOKEN_DIM), (MAX_PAIRS,)

Every number is bounded (fractions, flags, log-scaled counts), so no normalisation is learned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import numpy as np
from scipy import ndimage

from dsl.task import Task

MAX_PAIRS: Final = 4
"""Demonstrations encoded per task (the first ones; most ARC tasks have 2-5)."""

TOKEN_DIM: Final = 32
"""Numbers per token; shorter feature groups are zero-padded."""

MAX_SIDE: Final = 30.0
_FOUR: Final = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
_EIGHT: Final = np.ones((3, 3), dtype=bool)


class _Grid:
    """One grid and the statistics several tokens share (computed once)."""

    def __init__(self, grid: np.ndarray) -> None:
        self.cells = np.asarray(grid, dtype=np.int8)
        self.height, self.width = self.cells.shape
        self.counts = np.bincount(self.cells.ravel(), minlength=10)[:10]
        self.fractions = self.counts / self.cells.size
        self.present = self.counts > 0
        self.background = int(self.counts.argmax())
        self.foreground = self.cells != self.background
        self._objects: list[np.ndarray] | None = None

    @property
    def objects(self) -> list[np.ndarray]:
        """Boolean masks of the 4-connected single-colour components off the background."""
        if self._objects is None:
            found = []
            for colour in np.flatnonzero(self.present):
                if colour == self.background:
                    continue
                labels, count = ndimage.label(self.cells == colour, structure=_FOUR)
                slices = ndimage.find_objects(labels)
                for index, box in enumerate(slices, start=1):
                    found.append((box, labels[box] == index))
            self._objects = found
        return self._objects


def _log_count(n: float, scale: float = 900.0) -> float:
    """A count squashed into [0, 1]."""
    return float(np.log1p(n) / np.log1p(scale))


def _clip_log2_ratio(a: float, b: float) -> float:
    return float(np.clip(np.log2(a / b), -4, 4) / 4)


def _same(a: np.ndarray, b: np.ndarray) -> float:
    return float(a.shape == b.shape and np.array_equal(a, b))


def _match(a: np.ndarray, b: np.ndarray) -> float:
    """Fraction of equal cells, 0 when the shapes differ."""
    return float(np.mean(a == b)) if a.shape == b.shape else 0.0


def _period(cells: np.ndarray) -> float:
    """Smallest row period of the grid over its height (1.0: not periodic)."""
    height = cells.shape[0]
    for p in range(1, height):
        if np.array_equal(cells[p:], cells[:-p]):
            return p / height
    return 1.0


def _pool(mask: np.ndarray, size: int = 4) -> np.ndarray:
    """The fraction of true cells in each cell of a size x size partition of the grid."""
    height, width = mask.shape
    rows = np.minimum(np.arange(height) * size // height, size - 1)
    cols = np.minimum(np.arange(width) * size // width, size - 1)
    sums = np.zeros((size, size))
    np.add.at(sums, (rows[:, None], cols[None, :]), mask)
    areas = np.zeros((size, size))
    np.add.at(areas, (rows[:, None], cols[None, :]), 1.0)
    return (sums / np.maximum(areas, 1.0)).ravel()


def _contains(big: np.ndarray, small: np.ndarray) -> float:
    """Whether `small` occurs as a sub-grid of `big`."""
    bh, bw = big.shape
    sh, sw = small.shape
    if sh > bh or sw > bw or (sh, sw) == (bh, bw):
        return 0.0
    windows = np.lib.stride_tricks.sliding_window_view(big, (sh, sw))
    return float((windows == small).all(axis=(2, 3)).any())


# --------------------------------------------------------------------------------------- tokens


def _colours(g: _Grid) -> list[float]:
    background = np.eye(10)[g.background]
    return [*g.fractions, *g.present, *background, g.present.sum() / 10, g.foreground.mean()]


def _colour_change(a: _Grid, b: _Grid) -> list[float]:
    new = b.present & ~a.present
    gone = a.present & ~b.present
    return [
        *np.clip(b.fractions - a.fractions, -1, 1),
        *new,
        *gone,
        float(a.background == b.background),
        float(b.present.sum() <= a.present.sum()),
    ]


def _shape(a: _Grid, b: _Grid) -> list[float]:
    ah, aw, bh, bw = a.height, a.width, b.height, b.width
    return [
        ah / MAX_SIDE,
        aw / MAX_SIDE,
        bh / MAX_SIDE,
        bw / MAX_SIDE,
        _clip_log2_ratio(bh, ah),
        _clip_log2_ratio(bw, aw),
        _clip_log2_ratio(bh * bw, ah * aw),
        float((ah, aw) == (bh, bw)),
        float((ah, aw) == (bw, bh) and ah != aw),
        float(bh % ah == 0 and bh > ah),
        float(bw % aw == 0 and bw > aw),
        float(ah % bh == 0 and ah > bh),
        float(aw % bw == 0 and aw > bw),
        float(bh < ah),
        float(bw < aw),
        float(bh > ah),
        float(bw > aw),
        float(ah == aw),
        float(bh == bw),
        float(bh == 1),
        float(bw == 1),
        float(bh * bw == 1),
        float(bh <= 3 and bw <= 3),
    ]


def _diff(a: _Grid, b: _Grid) -> list[float]:
    if (a.height, a.width) != (b.height, b.width):
        return [0.0] * 26
    changed = a.cells != b.cells
    added = changed & ~a.foreground
    removed = changed & a.foreground & (b.cells == a.background)
    recoloured = changed & a.foreground & (b.cells != a.background)
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    box = (rows.size and (rows[-1] - rows[0] + 1) * (cols[-1] - cols[0] + 1)) / changed.size
    return [
        1.0,
        changed.mean(),
        added.mean(),
        removed.mean(),
        recoloured.mean(),
        float(box),
        rows.size / a.height,
        cols.size / a.width,
        float(changed.any()),
        float(added.any() and not (removed.any() or recoloured.any())),
        *_pool(changed),
    ]


def _symmetry(a: _Grid, b: _Grid) -> list[float]:
    features = []
    for g in (a.cells, b.cells):
        square = g.shape[0] == g.shape[1]
        views = (g[:, ::-1], g[::-1], g.T if square else None, np.rot90(g, 2), np.rot90(g))
        for view in views:
            features.append(0.0 if view is None else _match(g, view))
        features += [_period(g), _period(g.T)]
    return features


def _objects(g: _Grid) -> list[float]:
    objects = g.objects
    area = g.cells.size
    sizes = np.array([mask.sum() for _, mask in objects], dtype=float)
    n = len(objects)
    if n == 0:
        summary = [0.0] * 10
    else:
        heights = np.array([box[0].stop - box[0].start for box, _ in objects])
        widths = np.array([box[1].stop - box[1].start for box, _ in objects])
        full = sizes == heights * widths
        touching = [
            box[0].start == 0
            or box[1].start == 0
            or box[0].stop == g.height
            or box[1].stop == g.width
            for box, _ in objects
        ]
        shapes = {(mask.shape, mask.tobytes()) for _, mask in objects}
        summary = [
            sizes.max() / area,
            sizes.mean() / area,
            float(np.mean(sizes == 1)),
            float(np.mean(full)),
            float(np.mean(touching)),
            len(np.unique(sizes)) / n,
            len(shapes) / n,
            heights.max() / g.height,
            widths.max() / g.width,
            float(np.sum(sizes == sizes.max()) == 1),
        ]
    fg = g.foreground
    _, n_multi = ndimage.label(fg, structure=_FOUR)
    _, n_diag = ndimage.label(fg, structure=_EIGHT)
    holes = ndimage.binary_fill_holes(fg) & ~fg
    return [
        _log_count(n),
        _log_count(n_multi),
        _log_count(n_diag),
        float(n_multi < n),
        float(n_diag < n_multi),
        holes.mean(),
        float(holes.any()),
        *summary,
    ]


def _relations(a: _Grid, b: _Grid) -> list[float]:
    x, y = a.cells, b.cells
    transforms = (np.rot90(x), np.rot90(x, 2), np.rot90(x, 3), x[:, ::-1], x[::-1], x.T, x[::-1].T)
    tiled = scaled = 0.0
    if y.shape[0] % x.shape[0] == 0 and y.shape[1] % x.shape[1] == 0 and y.size > x.size:
        reps = (y.shape[0] // x.shape[0], y.shape[1] // x.shape[1])
        tiled = _same(np.tile(x, reps), y)
        scaled = _same(np.kron(x, np.ones(reps, dtype=np.int8)), y)
    shrunk = 0.0
    if x.shape[0] % y.shape[0] == 0 and x.shape[1] % y.shape[1] == 0 and x.size > y.size:
        step = (x.shape[0] // y.shape[0], x.shape[1] // y.shape[1])
        shrunk = _same(x[:: step[0], :: step[1]], y)
    object_boxes = {(bx[0].stop - bx[0].start, bx[1].stop - bx[1].start) for bx, _ in a.objects}
    return [
        *(_same(t, y) for t in transforms),
        *(_match(t, y) for t in transforms[:3]),
        tiled,
        scaled,
        shrunk,
        _contains(x, y),
        _contains(y, x),
        float(y.shape in object_boxes),
        float(not (b.present & ~a.present).any()),
        float(not (a.present & ~b.present).any()),
        float(len(a.objects) == len(b.objects)),
        _clip_log2_ratio(len(b.objects) + 1, len(a.objects) + 1),
        _clip_log2_ratio(b.foreground.sum() + 1, a.foreground.sum() + 1),
        float(a.foreground.sum() == b.foreground.sum()),
    ]


def _layout(g: _Grid) -> list[float]:
    fg = g.foreground
    rows, cols = np.flatnonzero(fg.any(axis=1)), np.flatnonzero(fg.any(axis=0))
    if rows.size:
        centre = np.argwhere(fg).mean(axis=0) / np.array([g.height, g.width])
        box = [rows[0] / g.height, (rows[-1] + 1) / g.height, cols[0] / g.width]
        box.append((cols[-1] + 1) / g.width)
    else:
        centre, box = np.zeros(2), [0.0] * 4
    return [*_pool(fg), *centre, *box, fg.mean()]


def _texture(g: _Grid) -> list[float]:
    c = g.cells
    uniform_rows = (c == c[:, :1]).all(axis=1)
    uniform_cols = (c == c[:1, :]).all(axis=0)
    line_rows = uniform_rows & (c[:, 0] != g.background)
    line_cols = uniform_cols & (c[0, :] != g.background)
    right = np.mean(c[:, 1:] == c[:, :-1]) if g.width > 1 else 1.0
    down = np.mean(c[1:] == c[:-1]) if g.height > 1 else 1.0
    diagonal = np.mean(c[1:, 1:] == c[:-1, :-1]) if min(c.shape) > 1 else 1.0
    border = np.concatenate([c[0], c[-1], c[:, 0], c[:, -1]])
    return [
        uniform_rows.mean(),
        uniform_cols.mean(),
        line_rows.mean(),
        line_cols.mean(),
        float(line_rows.any() and line_cols.any()),
        _log_count(line_rows.sum() + line_cols.sum(), 30),
        float(right),
        float(down),
        float(diagonal),
        float(np.all(border == border[0])),
        float(np.mean(border != g.background)),
        len(np.unique(c, axis=0)) / g.height,
        np.unique(c, axis=1).shape[1] / g.width,
    ]


_Token = Callable[[_Grid, _Grid], list[float]]
TOKENS: Final[tuple[tuple[str, _Token], ...]] = (
    ("input_colours", lambda a, b: _colours(a)),
    ("output_colours", lambda a, b: _colours(b)),
    ("colour_change", _colour_change),
    ("shape", _shape),
    ("diff", _diff),
    ("symmetry", _symmetry),
    ("input_objects", lambda a, b: _objects(a)),
    ("output_objects", lambda a, b: _objects(b)),
    ("relations", _relations),
    ("input_layout", lambda a, b: _layout(a)),
    ("output_layout", lambda a, b: _layout(b)),
    ("texture", lambda a, b: [*_texture(a), *_texture(b)]),
)
"""One (name, function) per token of a pair, in token order."""

TOKENS_PER_PAIR: Final = len(TOKENS)


def encode_pair(input_grid: np.ndarray, output_grid: np.ndarray) -> np.ndarray:
    """One demonstration as (TOKENS_PER_PAIR, TOKEN_DIM) float32 features."""
    a, b = _Grid(input_grid), _Grid(output_grid)
    tokens = np.zeros((TOKENS_PER_PAIR, TOKEN_DIM), dtype=np.float32)
    for index, (_, token) in enumerate(TOKENS):
        values = token(a, b)
        tokens[index, : len(values)] = values
    return tokens


def encode_pairs(pairs: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The first MAX_PAIRS (input, output) pairs as tokens (MAX_PAIRS, TOKENS_PER_PAIR, TOKEN_DIM)
    and a mask (MAX_PAIRS,) that is 1 for a real pair and 0 for padding."""
    tokens = np.zeros((MAX_PAIRS, TOKENS_PER_PAIR, TOKEN_DIM), dtype=np.float32)
    mask = np.zeros(MAX_PAIRS, dtype=np.float32)
    for index, (grid_in, grid_out) in enumerate(pairs[:MAX_PAIRS]):
        tokens[index] = encode_pair(grid_in, grid_out)
        mask[index] = 1.0
    return tokens, mask


def encode_task(task: Task) -> tuple[np.ndarray, np.ndarray]:
    """A task's demonstrations as tokens and pair mask (test pairs are never read)."""
    return encode_pairs([(pair.input, pair.output) for pair in task.train])
