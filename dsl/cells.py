"""Per-cell features of a grid: what a cell rule may test and which colour it may copy.

Every grid has the same table of features (`FEATURES`): a name, a kind and one value per cell.

    colour  a colour 0-9, or NONE (-1) where there is none (off the grid, no hit, not square)
    int     a small count, size, distance or index
    index   a number that only equality tests (which panel holds the cell)
    bool    a yes/no property

Colours are also read as **roles**, one colour per grid (`ROLES`): the background, the most and
least frequent other colours, the colour of the largest object. A rule that says "becomes the
colour of the first object to the right" or "is the least frequent colour" transfers to grids
whose colours no demonstration shows. Features are computed once per distinct grid and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy import ndimage

from dsl.common import EIGHT, FOUR, background, panel_layout
from dsl.types import Grid

NONE: Final = -1
"""The value of a colour feature that has no colour at a cell."""

FAR: Final = 99
"""The distance along a ray that meets no colour before leaving the grid."""

TIE: Final = 10
"""Where two colours are equally near (inside `_nearest` only)."""

DIRECTIONS: Final = {
    "up": (-1, 0),
    "down": (1, 0),
    "left": (0, -1),
    "right": (0, 1),
    "upleft": (-1, -1),
    "upright": (-1, 1),
    "downleft": (1, -1),
    "downright": (1, 1),
}
"""The 8 directions, as (row step, column step); the first four are the 4-neighbourhood."""

OPPOSITE: Final = {
    "up": "down",
    "down": "up",
    "left": "right",
    "right": "left",
    "upleft": "downright",
    "downright": "upleft",
    "upright": "downleft",
    "downleft": "upright",
}

ROLES: Final = ("bg", "most", "least", "largest")
"""Colour roles, one colour per grid: background (most frequent colour), most and least frequent
colour other than the background, colour of the largest one-colour object (not background)."""

COUNT_ARGS: Final = (*(str(c) for c in range(10)), "colour", "bg", "fg")
"""What a neighbour count counts: one colour, the cell's own colour, background, non-background."""

BOX_SIDES: Final = {
    "row": "row from the top",
    "col": "column from the left",
    "row_back": "row from the bottom",
    "col_back": "column from the right",
}
"""A cell's place inside the box of the region that holds it, counted from each side."""

MIRRORS: Final = ("mirror_lr", "mirror_ud", "mirror_rot", "mirror_diag", "mirror_anti")


@dataclass(frozen=True)
class FeatureSpec:
    """One column of the feature table: its name, kind and meaning."""

    name: str
    kind: str
    doc: str


def _specs() -> tuple[FeatureSpec, ...]:
    own = [FeatureSpec("colour", "colour", "the cell's colour")]
    objects = [
        FeatureSpec("enclosed", "bool", "background that cannot reach the border"),
        FeatureSpec("obj_largest", "bool", "in a largest non-background object"),
        FeatureSpec("obj_smallest", "bool", "in a smallest non-background object"),
        FeatureSpec("obj_border", "bool", "its object touches the border"),
    ]
    counts = [FeatureSpec(f"n4({a})", "int", f"4-neighbours of colour {a}") for a in COUNT_ARGS]
    counts += [FeatureSpec(f"n8({a})", "int", f"8-neighbours of colour {a}") for a in COUNT_ARGS]
    neighbours = [FeatureSpec(f"n_{d}", "colour", f"the neighbour {d}") for d in DIRECTIONS]
    sizes = [
        FeatureSpec("obj_size", "int", "cells in the cell's one-colour 4-connected object"),
        FeatureSpec("obj_rank", "int", f"size rank of its object, 0 the largest ({FAR}: bg)"),
        FeatureSpec("obj_height", "int", "height of its object's box"),
        FeatureSpec("obj_width", "int", "width of its object's box"),
        FeatureSpec("blob_size", "int", "cells in its 8-connected non-background shape"),
        FeatureSpec(
            "bg_rank", "int", f"size rank of its background region, 0 the largest ({FAR}: not bg)"
        ),
        FeatureSpec(
            "bg_rank_back", "int", f"rank of its background region, 0 the smallest ({FAR}: not bg)"
        ),
    ]
    within = [
        FeatureSpec(f"obj_{side}", "int", f"{doc} inside its object's box")
        for side, doc in BOX_SIDES.items()
    ]
    within += [
        FeatureSpec(f"blob_{side}", "int", f"{doc} inside its shape's box ({FAR}: bg)")
        for side, doc in BOX_SIDES.items()
    ]
    within += [
        FeatureSpec("blob_height", "int", f"height of its 8-connected shape's box ({FAR}: bg)"),
        FeatureSpec("blob_width", "int", f"width of its 8-connected shape's box ({FAR}: bg)"),
        FeatureSpec("blob_colours", "int", "colours in its 8-connected shape (0: bg)"),
        FeatureSpec("in_blob_box", "bool", "inside the box of an 8-connected shape"),
        FeatureSpec("nearest", "colour", "the nearest shape's colour from bg (none: a tie)"),
        FeatureSpec("obj_rect", "bool", "its object (or background region) fills its box"),
        FeatureSpec("obj_twins", "int", "other objects of its object's shape (bg: 0)"),
        FeatureSpec("obj_half_v", "int", "0: upper half of its object's box, 1: middle, 2: lower"),
        FeatureSpec("obj_half_h", "int", "0: left half of its object's box, 1: middle, 2: right"),
        FeatureSpec("obj_square", "bool", "its object's box is as high as it is wide"),
        FeatureSpec("obj_sym_lr", "bool", "its object is its own left-right mirror image"),
        FeatureSpec("obj_sym_ud", "bool", "its object is its own up-down mirror image"),
        FeatureSpec("obj_holes", "int", "background regions its object encloses (bg: 0)"),
    ]
    rays = [FeatureSpec(f"ray_{d}", "colour", f"first non-bg colour {d}") for d in DIRECTIONS]
    rays += [FeatureSpec(f"dist_{d}", "int", f"steps to the first colour {d}") for d in DIRECTIONS]
    mirrors = [FeatureSpec(m, "colour", f"the colour at the {m[7:]} mirror") for m in MIRRORS]
    mirrors.append(FeatureSpec("enclosed_by", "colour", "the one colour around an enclosed cell"))
    mirrors.append(
        FeatureSpec("obj_touch", "colour", "the one other non-bg colour touching its object")
    )
    mirrors.append(FeatureSpec("blob_other", "colour", "the one other colour in its shape"))
    lines = [FeatureSpec(f"row_has({c})", "bool", f"its row holds colour {c}") for c in range(10)]
    lines += [FeatureSpec(f"col_has({c})", "bool", f"its column holds {c}") for c in range(10)]
    lines += [
        FeatureSpec(f"in_box({c})", "bool", f"inside the box around colour {c}") for c in range(10)
    ]
    positions = [
        FeatureSpec("row", "int", "row index from the top"),
        FeatureSpec("col", "int", "column index from the left"),
        FeatureSpec("row_back", "int", "row index from the bottom"),
        FeatureSpec("col_back", "int", "column index from the right"),
        FeatureSpec("row_mod2", "int", "row index modulo 2"),
        FeatureSpec("col_mod2", "int", "column index modulo 2"),
        FeatureSpec("row_mod3", "int", "row index modulo 3"),
        FeatureSpec("col_mod3", "int", "column index modulo 3"),
        FeatureSpec("row_back_mod2", "int", "row index from the bottom, modulo 2"),
        FeatureSpec("col_back_mod2", "int", "column index from the right, modulo 2"),
        FeatureSpec("row_centre", "int", "|row from the top - row from the bottom|"),
        FeatureSpec("col_centre", "int", "|column from the left - column from the right|"),
        FeatureSpec(
            "panel_row", "index", f"row of the panel that holds it ({FAR}: separator, no panels)"
        ),
        FeatureSpec("panel_col", "index", f"column of its panel ({FAR}: separator, no panels)"),
        FeatureSpec("panel_row_back", "index", f"row of its panel from the bottom ({FAR}: none)"),
        FeatureSpec("panel_col_back", "index", f"column of its panel from the right ({FAR}: none)"),
    ]
    groups = (own, objects, counts, neighbours, sizes, rays, mirrors, lines, positions, within)
    return tuple(spec for group in groups for spec in group)


FEATURES: Final = _specs()
"""The feature table's columns, simplest first (the order rule induction prefers)."""

KINDS: Final = {spec.name: spec.kind for spec in FEATURES}
"""Each feature's kind by name."""

COLOUR_FEATURES: Final = tuple(s.name for s in FEATURES if s.kind == "colour")


@dataclass(frozen=True, eq=False)
class CellFeatures:
    """The feature table of one grid: every feature's (height, width) values and the roles."""

    shape: tuple[int, int]
    values: dict[str, np.ndarray]
    roles: dict[str, int]

    def colour_of(self, token: int | str) -> np.ndarray:
        """Per cell, the colour a token names: a literal, "none", a role or a colour feature."""
        if isinstance(token, int):
            return np.full(self.shape, token, dtype=np.int8)
        if token == "none":
            return np.full(self.shape, NONE, dtype=np.int8)
        if token in self.roles:
            return np.full(self.shape, self.roles[token], dtype=np.int8)
        return self.values[token]


# ------------------------------------------------------------------------------------- pieces


def _shifted(grid: np.ndarray, dr: int, dc: int) -> np.ndarray:
    """Per cell, the value at (row + dr, col + dc), NONE off the grid."""
    height, width = grid.shape
    out = np.full((height, width), NONE, dtype=grid.dtype)
    r0, r1 = max(0, -dr), min(height, height - dr)
    c0, c1 = max(0, -dc), min(width, width - dc)
    if r0 < r1 and c0 < c1:
        out[r0:r1, c0:c1] = grid[r0 + dr : r1 + dr, c0 + dc : c1 + dc]
    return out


def _neighbours(grid: np.ndarray) -> dict[str, np.ndarray]:
    return {f"n_{d}": _shifted(grid, dr, dc) for d, (dr, dc) in DIRECTIONS.items()}


def _rays(grid: np.ndarray, bg: int) -> dict[str, np.ndarray]:
    """Along each direction, the first non-background colour and its distance."""
    out: dict[str, np.ndarray] = {}
    longest = max(grid.shape)
    for d, (dr, dc) in DIRECTIONS.items():
        colour = np.full(grid.shape, NONE, dtype=np.int8)
        dist = np.full(grid.shape, FAR, dtype=np.int8)
        for step in range(1, longest):
            seen = _shifted(grid, dr * step, dc * step)
            hit = (seen != bg) & (seen != NONE) & (colour == NONE)
            colour[hit] = seen[hit]
            dist[hit] = step
            if not (seen != NONE).any():
                break
        out[f"ray_{d}"], out[f"dist_{d}"] = colour, dist
    return out


def _mirrors(grid: np.ndarray) -> dict[str, np.ndarray]:
    none = np.full(grid.shape, NONE, dtype=np.int8)
    square = grid.shape[0] == grid.shape[1]
    return {
        "mirror_lr": grid[:, ::-1],
        "mirror_ud": grid[::-1, :],
        "mirror_rot": grid[::-1, ::-1],
        "mirror_diag": grid.T if square else none,
        "mirror_anti": grid[::-1, ::-1].T if square else none,
    }


def _counts(grid: np.ndarray, bg: int) -> dict[str, np.ndarray]:
    """Per colour (and own colour, background, non-background), 4- and 8-neighbour counts."""
    height, width = grid.shape
    onehot = np.zeros((11, height + 2, width + 2), dtype=np.int8)
    padded = np.full((height + 2, width + 2), 10, dtype=np.int64)
    padded[1:-1, 1:-1] = grid
    np.put_along_axis(onehot, padded[None], 1, axis=0)
    onehot = onehot[:10]

    def window(dr: int, dc: int) -> np.ndarray:
        return onehot[:, 1 + dr : 1 + dr + height, 1 + dc : 1 + dc + width]

    n4 = sum(window(dr, dc) for dr, dc in list(DIRECTIONS.values())[:4])
    n8 = n4 + sum(window(dr, dc) for dr, dc in list(DIRECTIONS.values())[4:])
    inside = np.ones((height, width), dtype=np.int8)
    inside4 = sum(_shifted(inside, dr, dc) >= 0 for dr, dc in list(DIRECTIONS.values())[:4])
    inside8 = inside4 + sum(
        _shifted(inside, dr, dc) >= 0 for dr, dc in list(DIRECTIONS.values())[4:]
    )
    out: dict[str, np.ndarray] = {}
    for name, counts, total in (("n4", n4, inside4), ("n8", n8, inside8)):
        for c in range(10):
            out[f"{name}({c})"] = counts[c]
        out[f"{name}(colour)"] = np.take_along_axis(counts, grid[None].astype(np.int64), 0)[0]
        out[f"{name}(bg)"] = counts[bg]
        out[f"{name}(fg)"] = (total - counts[bg]).astype(np.int8)
    return out


def _positions(shape: tuple[int, int]) -> dict[str, np.ndarray]:
    rows, cols = np.indices(shape, dtype=np.int8)
    return {
        "row": rows,
        "col": cols,
        "row_back": shape[0] - 1 - rows,
        "col_back": shape[1] - 1 - cols,
        "row_mod2": rows % 2,
        "col_mod2": cols % 2,
        "row_mod3": rows % 3,
        "col_mod3": cols % 3,
        "row_back_mod2": (shape[0] - 1 - rows) % 2,
        "col_back_mod2": (shape[1] - 1 - cols) % 2,
        "row_centre": np.abs(rows - (shape[0] - 1 - rows)),
        "col_centre": np.abs(cols - (shape[1] - 1 - cols)),
    }


def _panels(grid: np.ndarray) -> dict[str, np.ndarray]:
    """Which panel of a grid split by full separator lines holds each cell, from each side."""
    names = ("panel_row", "panel_col", "panel_row_back", "panel_col_back")
    out = {name: np.full(grid.shape, FAR, dtype=np.int8) for name in names}
    layout = panel_layout(grid)
    if layout is None:
        return out
    _, row_runs, col_runs = layout
    for i, (r0, r1) in enumerate(row_runs):
        for j, (c0, c1) in enumerate(col_runs):
            out["panel_row"][r0:r1, c0:c1] = i
            out["panel_col"][r0:r1, c0:c1] = j
            out["panel_row_back"][r0:r1, c0:c1] = len(row_runs) - 1 - i
            out["panel_col_back"][r0:r1, c0:c1] = len(col_runs) - 1 - j
    return out


def _boxes(grid: np.ndarray) -> dict[str, np.ndarray]:
    """Per colour, whether the cell lies inside the bounding box of all that colour's cells."""
    out = {}
    for c in range(10):
        inside = np.zeros(grid.shape, dtype=bool)
        rows, cols = np.nonzero(grid == c)
        if rows.size:
            inside[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1] = True
        out[f"in_box({c})"] = inside
    return out


def _background_ranks(grid: np.ndarray, bg: int) -> tuple[np.ndarray, np.ndarray]:
    """Per background cell, the size rank of its 4-connected background region: 0 the largest,
    and 0 the smallest."""
    labels, count = ndimage.label(grid == bg, structure=FOUR)
    sizes = np.bincount(labels.ravel())[1:]
    largest_first = np.full(count + 1, FAR, dtype=np.int16)
    largest_first[1:] = _size_ranks(sizes)
    smallest_first = np.full(count + 1, FAR, dtype=np.int16)
    smallest_first[1:] = _size_ranks(sizes, smallest_first=True)
    return largest_first[labels], smallest_first[labels]


def _size_ranks(sizes: np.ndarray, smallest_first: bool = False) -> np.ndarray:
    """Each size's rank among the distinct sizes, 0 the largest (or the smallest)."""
    distinct = np.unique(sizes)
    ascending = np.searchsorted(distinct, sizes)
    return ascending if smallest_first else distinct.size - 1 - ascending


def _one_colour_labels(grid: np.ndarray) -> tuple[np.ndarray, int]:
    """Labels 1..n of the grid's one-colour 4-connected regions (every colour, background too)."""
    labels = np.zeros(grid.shape, dtype=np.int32)
    count = 0
    for colour in np.unique(grid):
        found, n = ndimage.label(grid == colour, structure=FOUR)
        labels += np.where(found > 0, found + count, 0).astype(np.int32)
        count += n
    return labels, count


def _objects(grid: np.ndarray, bg: int) -> tuple[dict[str, np.ndarray], int]:
    """Object features and the largest object's colour (NONE if the grid is all background)."""
    labels, count = _one_colour_labels(grid)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    boxes = ndimage.find_objects(labels)
    heights = np.array([0] + [b[0].stop - b[0].start for b in boxes], dtype=np.int16)
    widths = np.array([0] + [b[1].stop - b[1].start for b in boxes], dtype=np.int16)
    edge = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    border = np.zeros(count + 1, dtype=bool)
    border[edge] = True
    colours = np.zeros(count + 1, dtype=np.int64)
    colours[labels.ravel()] = grid.ravel()
    foreground = colours != bg
    foreground[0] = False
    fg_sizes = sizes[foreground]
    rank = np.full(count + 1, FAR, dtype=np.int16)
    largest_colour = NONE
    if fg_sizes.size:
        rank[foreground] = _size_ranks(fg_sizes)
        _, first_cell = np.unique(labels.ravel(), return_index=True)
        ties = np.flatnonzero(foreground & (sizes == fg_sizes.max()))
        largest_colour = int(colours[ties[np.argmin(first_cell[ties - 1])]])
    cell_rank = rank[labels]
    smallest = fg_sizes.min() if fg_sizes.size else 0
    enclosed = (grid == bg) & ~border[labels]
    features = {
        "obj_size": sizes[labels].astype(np.int16),
        "obj_rank": cell_rank,
        "obj_height": heights[labels],
        "obj_width": widths[labels],
        "obj_largest": cell_rank == 0,
        "obj_smallest": foreground[labels] & (sizes[labels] == smallest),
        "obj_border": border[labels],
        "enclosed": enclosed,
        "enclosed_by": _touching(grid, labels, enclosed, count, bg),
        "obj_touch": _touching(grid, labels, grid != bg, count, bg),
    }
    features |= _within_boxes(labels, boxes, "obj")
    features["obj_rect"] = (sizes == heights.astype(np.int64) * widths)[labels]
    features["obj_twins"] = _twins(labels, boxes, foreground)[labels]
    features["obj_half_v"] = _half(features["obj_row"], features["obj_row_back"])
    features["obj_half_h"] = _half(features["obj_col"], features["obj_col_back"])
    features["obj_square"] = (heights == widths)[labels]
    shapes = _shape_facts(labels, boxes, foreground, sizes)
    features["obj_sym_lr"], features["obj_sym_ud"], features["obj_holes"] = (
        fact[labels] for fact in shapes
    )
    features |= _blobs(grid, bg)
    features["nearest"] = _nearest(grid, bg)
    features["bg_rank"], features["bg_rank_back"] = _background_ranks(grid, bg)
    return features, largest_colour


def _within_boxes(labels: np.ndarray, boxes: list, prefix: str) -> dict[str, np.ndarray]:
    """A labelled cell's row and column inside its region's box (`boxes`: per label 1..n, from
    ndimage.find_objects), from each side (FAR: no label)."""
    sides = np.zeros((4, len(boxes) + 1), dtype=np.int16)  # top, left, bottom, right
    for label, box in enumerate(boxes, start=1):
        if box is not None:
            sides[:, label] = (box[0].start, box[1].start, box[0].stop - 1, box[1].stop - 1)
    rows, cols = np.indices(labels.shape, dtype=np.int16)
    top, left, bottom, right = (side[labels] for side in sides)
    out = {
        f"{prefix}_row": rows - top,
        f"{prefix}_col": cols - left,
        f"{prefix}_row_back": bottom - rows,
        f"{prefix}_col_back": right - cols,
    }
    return {
        name: np.where(labels > 0, values, FAR).astype(np.int16) for name, values in out.items()
    }


def _twins(labels: np.ndarray, boxes: list, foreground: np.ndarray) -> np.ndarray:
    """Per label, how many other foreground objects have the same shape (0 for the rest)."""
    keys: list[bytes | None] = [None] * (len(boxes) + 1)
    for label, box in enumerate(boxes, start=1):
        if box is not None and foreground[label]:
            mask = labels[box] == label
            keys[label] = bytes(str(mask.shape), "ascii") + np.packbits(mask).tobytes()
    counts: dict[bytes, int] = {}
    for key in keys:
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    return np.array([0 if k is None else counts[k] - 1 for k in keys], dtype=np.int16)


HOLE_MIN_CELLS = 8
"""Fewest cells of a one-colour 4-connected object that can enclose a cell."""


def _shape_facts(
    labels: np.ndarray, boxes: list, foreground: np.ndarray, sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per label: left-right symmetric, up-down symmetric, enclosed background regions (the
    background's labels: False, False, 0)."""
    mirror_lr = foreground.copy()
    mirror_ud = foreground.copy()
    holes = np.zeros(len(boxes) + 1, dtype=np.int16)
    for label, box in enumerate(boxes, start=1):
        if box is None or not foreground[label] or sizes[label] == 1:
            continue
        shape = labels[box] == label
        mirror_lr[label] = np.array_equal(shape, shape[:, ::-1])
        mirror_ud[label] = np.array_equal(shape, shape[::-1])
        if sizes[label] >= HOLE_MIN_CELLS:
            holes[label] = ndimage.label(ndimage.binary_fill_holes(shape) & ~shape)[1]
    return mirror_lr, mirror_ud, holes


def _half(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """0 where a cell is nearer the start of its box, 1 at its middle, 2 nearer the end."""
    return (np.sign(before.astype(np.int16) - after) + 1).astype(np.int16)


def _blobs(grid: np.ndarray, bg: int) -> dict[str, np.ndarray]:
    """Features of the 8-connected non-background shape that holds a cell."""
    labels, count = ndimage.label(grid != bg, structure=EIGHT)
    boxes = ndimage.find_objects(labels, max_label=count)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    sizes[0] = 0
    out = _within_boxes(labels, boxes, "blob")
    out["blob_size"] = sizes[labels].astype(np.int16)
    height = out["blob_row"] + out["blob_row_back"] + 1
    width = out["blob_col"] + out["blob_col_back"] + 1
    out["blob_height"] = np.where(labels > 0, height, FAR).astype(np.int16)
    out["blob_width"] = np.where(labels > 0, width, FAR).astype(np.int16)
    colours = np.zeros((count + 1, 10), dtype=bool)
    colours[labels.ravel(), grid.ravel()] = True
    colours[0] = False
    out["blob_colours"] = colours.sum(axis=1)[labels].astype(np.int16)
    out["blob_other"] = _other_colour(grid, labels, colours)
    in_box = np.zeros(grid.shape, dtype=bool)
    for box in boxes:
        if box is not None:
            in_box[box] = True
    out["in_blob_box"] = in_box
    return out


def _nearest(grid: np.ndarray, bg: int) -> np.ndarray:
    """Per background cell, the colour of the nearest non-background cell (4-steps; NONE: a tie)."""
    found = np.where(grid != bg, grid, NONE).astype(np.int8)
    reached = grid != bg
    front = found.copy()
    while not reached.all():
        seen = np.stack([_shifted(front, dr, dc) for dr, dc in list(DIRECTIONS.values())[:4]])
        seen_any = (seen >= 0).any(axis=0) & ~reached
        if not seen_any.any():
            break
        lowest = np.where(seen >= 0, seen, TIE).min(axis=0)
        highest = seen.max(axis=0)
        tie = (highest != lowest) | (seen == TIE).any(axis=0)
        front = np.full(grid.shape, NONE, dtype=np.int8)
        front[seen_any] = np.where(tie, TIE, lowest)[seen_any]
        found[seen_any] = front[seen_any]
        reached |= seen_any
    out = np.where(grid != bg, NONE, found)
    return np.where(out == TIE, NONE, out).astype(np.int8)


def _touching(
    grid: np.ndarray, labels: np.ndarray, where: np.ndarray, count: int, bg: int
) -> np.ndarray:
    """Per cell in `where`, the one colour (not its own, not `bg`) that 4-touches its region
    (NONE if none or several)."""
    pairs = []
    for dr, dc in list(DIRECTIONS.values())[:4]:
        seen = _shifted(grid, dr, dc)
        touch = where & (seen != NONE) & (seen != grid) & (seen != bg)
        pairs.append(labels[touch].astype(np.int64) * 10 + seen[touch])
    codes = np.unique(np.concatenate(pairs))
    regions, per_region = np.unique(codes // 10, return_counts=True)
    colour_of = np.full(count + 1, NONE, dtype=np.int8)
    single = regions[per_region == 1]
    colour_of[single] = (codes[np.isin(codes // 10, single)] % 10).astype(np.int8)
    return np.where(where, colour_of[labels], NONE).astype(np.int8)


def _other_colour(grid: np.ndarray, labels: np.ndarray, colours: np.ndarray) -> np.ndarray:
    """Per cell of a two-colour shape, the shape's colour that is not the cell's (else NONE);
    `colours` is (labels, 10): which colours each label holds."""
    two = colours.sum(axis=1) == 2
    low = np.argmax(colours, axis=1)
    high = 9 - np.argmax(colours[:, ::-1], axis=1)
    other = np.where(grid == low[labels], high[labels], low[labels])
    return np.where(two[labels], other, NONE).astype(np.int8)


def _lines(grid: np.ndarray) -> dict[str, np.ndarray]:
    height, width = grid.shape
    onehot = grid[None, :, :] == np.arange(10, dtype=np.int8)[:, None, None]
    rows, cols = onehot.any(axis=2), onehot.any(axis=1)  # (10, height), (10, width)
    out = {}
    for c in range(10):
        out[f"row_has({c})"] = np.broadcast_to(rows[c][:, None], (height, width))
        out[f"col_has({c})"] = np.broadcast_to(cols[c][None, :], (height, width))
    return out


def _roles(grid: np.ndarray, bg: int, largest: int) -> dict[str, int]:
    counts = np.bincount(grid.ravel(), minlength=10).astype(np.int64)
    others = [c for c in range(10) if c != bg and counts[c] > 0]
    most = max(others, key=lambda c: (counts[c], -c), default=NONE)
    least = min(others, key=lambda c: (counts[c], c), default=NONE)
    return {"bg": bg, "most": most, "least": least, "largest": largest}


def _compute(grid: Grid) -> CellFeatures:
    bg = background(grid)
    cells = np.array(grid, dtype=np.int8)
    objects, largest = _objects(cells, bg)
    values = {"colour": cells}
    values |= _neighbours(cells)
    values |= _rays(cells, bg)
    values |= _mirrors(cells)
    values |= _counts(cells, bg)
    values |= _positions(cells.shape)
    values |= objects
    values |= _lines(cells)
    values |= _boxes(cells)
    values |= _panels(cells)
    for array in values.values():
        array.flags.writeable = False
    ordered = {spec.name: values[spec.name] for spec in FEATURES}
    return CellFeatures(
        (int(cells.shape[0]), int(cells.shape[1])), ordered, _roles(cells, bg, largest)
    )


_CACHE: dict[tuple, CellFeatures] = {}
_CACHE_LIMIT = 256


def cell_features(grid: Grid) -> CellFeatures:
    """The grid's feature table, computed once per distinct grid (a bounded cache)."""
    key = (grid.shape, grid.tobytes())
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            del _CACHE[next(iter(_CACHE))]
        found = _CACHE[key] = _compute(grid)
    return found
