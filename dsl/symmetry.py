"""Symmetry: making grids symmetric, testing symmetry, repairing symmetric or periodic mosaics."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import ndimage, signal

from dsl.common import EIGHT, background, bbox, full_lines, memoised, object_from_mask
from dsl.registry import primitive
from dsl.types import MAX_SIDE, NO_VALUE, Bool, Colour, Grid, Object, Shape, freeze

# Making a grid symmetric


def _overlay_images(grid: Grid, images: list[np.ndarray]) -> Grid:
    """Background cells take the first non-background colour that an image puts there."""
    bg = background(grid)
    out = np.array(grid)
    for image in images:
        take = (out == bg) & (image != bg)
        out[take] = image[take]
    return freeze(out)


@primitive(keeps_shape=True)
def make_symmetric_h(grid: Grid) -> Grid:
    """Overlay the left-right mirror image onto the background cells."""
    return _overlay_images(grid, [grid[:, ::-1]])


@primitive(keeps_shape=True)
def make_symmetric_v(grid: Grid) -> Grid:
    """Overlay the top-bottom mirror image onto the background cells."""
    return _overlay_images(grid, [grid[::-1]])


@primitive(keeps_shape=True)
def make_symmetric_four(grid: Grid) -> Grid:
    """Overlay the left-right, top-bottom and half-turn images onto the background cells."""
    return _overlay_images(grid, [grid[:, ::-1], grid[::-1], grid[::-1, ::-1]])


@primitive(keeps_shape=True)
def make_symmetric_diag(grid: Grid) -> Grid:
    """Overlay the image mirrored on the main diagonal onto the background cells (square grids)."""
    if grid.shape[0] != grid.shape[1]:
        return NO_VALUE
    return _overlay_images(grid, [grid.T])


@primitive(keeps_shape=True)
def make_symmetric_rot(grid: Grid) -> Grid:
    """Overlay the three rotated images onto the background cells (square grids)."""
    if grid.shape[0] != grid.shape[1]:
        return NO_VALUE
    return _overlay_images(grid, [np.rot90(grid, k) for k in (1, 2, 3)])


# Testing symmetry


@primitive
def is_symmetric_h(grid: Grid) -> Bool:
    """Whether the grid equals its left-right mirror image."""
    return bool(np.array_equal(grid, grid[:, ::-1]))


@primitive
def is_symmetric_v(grid: Grid) -> Bool:
    """Whether the grid equals its top-bottom mirror image."""
    return bool(np.array_equal(grid, grid[::-1]))


@primitive
def is_symmetric_diag(grid: Grid) -> Bool:
    """Whether the grid equals its mirror image on the main diagonal."""
    return bool(np.array_equal(grid, grid.T))


# Repairing symmetric mosaics


def _axis_sums(size: int) -> range:
    """Sums r + r' of mirror axes that keep at least two thirds of the lines paired."""
    reach = size - (2 * size + 2) // 3
    return range(size - 1 - reach, size + reach)


def _symmetries(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate symmetries as maps from every cell (row, col) to its image, simplest first:
    arrays (symmetries, height, width) of image rows and image columns."""
    rows, cols = np.indices((height, width))
    row_sums = np.arange(*_bounds(_axis_sums(height)))
    col_sums = np.arange(*_bounds(_axis_sums(width)))
    shifts = np.arange(-abs(height - width) - 2, abs(height - width) + 3)
    sums = np.arange(min(row_sums[0], col_sums[0]), max(row_sums[-1], col_sums[-1]) + 1)
    a, b = (grid.ravel() for grid in np.meshgrid(row_sums, col_sums, indexing="ij"))
    p, q = (grid.ravel() for grid in np.meshgrid(shifts, sums, indexing="ij"))
    families = [  # (row image, column image) per family, each over its parameters
        (_per(row_sums) - rows, np.broadcast_to(cols, (len(row_sums), height, width))),
        (np.broadcast_to(rows, (len(col_sums), height, width)), _per(col_sums) - cols),
        (cols + _per(shifts), rows - _per(shifts)),
        (_per(sums) - cols, _per(sums) - rows),
        (_per(a) - rows, _per(b) - cols),
        (cols + _per(p), _per(q) - rows),
    ]
    return (
        np.concatenate([image_rows for image_rows, _ in families]),
        np.concatenate([image_cols for _, image_cols in families]),
    )


def _bounds(span: range) -> tuple[int, int]:
    return span.start, span.stop


def _per(parameters: np.ndarray) -> np.ndarray:
    """Parameters as a column that broadcasts against (height, width) grids of positions."""
    return parameters[:, None, None]


@functools.lru_cache(maxsize=64)
def _partners(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate symmetry as a row of flat image indices, and where the image is on-grid.

    Returns (images, inside): images[m, i] is the flat index of cell i's image under symmetry m
    (clipped to 0 where it falls off the grid, which `inside` marks False). Cached per shape.
    """
    rows, cols = _symmetries(height, width)
    on_grid = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
    images = np.where(on_grid, rows * width + cols, 0).reshape(len(rows), -1)
    inside = on_grid.reshape(len(rows), -1)
    images.flags.writeable = False
    inside.flags.writeable = False
    return images, inside


def _fill_from(flat: np.ndarray, known: np.ndarray, maps: list[np.ndarray]) -> bool:
    """Fill unknown cells in place from their images under the maps; True if all got filled."""
    for _ in range(len(maps) + 1):
        progress = False
        for partner in maps:
            take = ~known & (partner >= 0)
            take[take] = known[partner[take]]
            if take.any():
                flat[take] = flat[partner[take]]
                known[take] = True
                progress = True
        if known.all() or not progress:
            break
    return bool(known.all())


def _complete_symmetry(grid: Grid, noise: int) -> np.ndarray | None:
    """The grid with its noise cells filled from its symmetries, or None (memoised, read-only:
    the completed grid and its patch share it)."""
    return memoised("symmetry", _find_symmetry_completion, grid, noise)


SYMMETRY_SAMPLE = 48
"""Known cells a first, cheap pass checks every candidate symmetry on."""


def _agree_on_sample(
    flat: np.ndarray, known: np.ndarray, images: np.ndarray, inside: np.ndarray
) -> np.ndarray:
    """The symmetries (rows of `images`) that map no sampled known cell onto a known cell of
    another colour: the others cannot hold on the whole grid, whatever the rest of it is."""
    cells = np.flatnonzero(known)
    sample = cells[:: max(1, len(cells) // SYMMETRY_SAMPLE)]
    partner = images[:, sample]
    clash = known[partner] & inside[:, sample] & (flat[partner] != flat[sample])
    return np.flatnonzero(~clash.any(axis=1))


def _find_symmetry_completion(grid: Grid, noise: int) -> np.ndarray | None:
    known = (grid != noise).ravel()
    if known.all() or not known.any():
        return None
    flat = grid.ravel().copy()
    needed = max(4, int(known.sum()) // 3)
    images, inside = _partners(*grid.shape)
    survivors = _agree_on_sample(flat, known, images, inside)
    images, inside = images[survivors], inside[survivors]
    image_known = known[images] & inside
    paired = image_known & known
    agrees = ~(paired & (flat[images] != flat)).any(axis=1)
    fills = (image_known & ~known).any(axis=1)
    chosen = np.flatnonzero((paired.sum(axis=1) >= needed) & agrees & fills)
    maps = [np.where(inside[m], images[m], -1) for m in chosen]
    if not maps or not _fill_from(flat, known, maps):
        return None
    flat.flags.writeable = False
    return flat.reshape(grid.shape)


@functools.lru_cache(maxsize=64)
def _lattices(height: int, width: int) -> list[tuple[int, int, int]]:
    """Candidate periods (rows, columns, shear), smallest first.

    The pattern repeats every `rows` rows, and every `columns` columns after `shear` rows down.
    """
    found = []
    for ph in range(1, height + 1):
        for pw in range(1, width + 1):
            if 2 * ph * pw <= height * width:  # every class holds two cells on average
                shears = range(ph) if ph * pw <= MAX_SHEARED_AREA else range(1)
                found.extend((ph, pw, s) for s in shears)
    return sorted(found, key=lambda p: (p[0] * p[1], p[2] > 0, p))


@dataclass(frozen=True)
class _LatticeClasses:
    """Every candidate period of one grid shape and the class of each cell under it."""

    periods: np.ndarray  # (lattices, 3): rows, columns and shear of each period
    classes: np.ndarray  # (lattices, height, width): the cell of the period each cell is in


@functools.lru_cache(maxsize=16)
def _lattice_classes(height: int, width: int) -> _LatticeClasses:
    """For each candidate period, the class (cell of the period) of every grid cell; cached."""
    lattices = _lattices(height, width)  # int16 holds every value below (sides <= 30)
    periods = np.array(lattices, np.int16).reshape(-1, 3)
    ph, pw, shear = (_per(column) for column in periods.T)
    rows, cols = np.indices((height, width), np.int16)
    columns = cols[:1]  # what depends on the column alone, once per lattice
    classes = ((rows - (columns // pw) * shear) % ph) * pw + columns % pw
    periods.flags.writeable = False
    classes.flags.writeable = False
    return _LatticeClasses(periods, classes)


MAX_SHEARED_AREA = 30
"""Sheared periods are tried only up to this many cells per period (keeps the search small)."""


def _shifts_agree(grid: Grid, known: np.ndarray, axis: int) -> np.ndarray:
    """For each shift p (index p), whether known cells p apart along an axis always agree."""
    lines, known_lines = (grid, known) if axis == 0 else (grid.T, known.T)
    clash = (lines[:, None] != lines[None]) & known_lines[:, None] & known_lines[None]
    first, second = _line_pairs(len(lines))
    clashing_pairs = clash.any(axis=2)[first, second]
    return np.bincount(second - first, weights=clashing_pairs, minlength=len(lines) + 1) == 0


@functools.lru_cache(maxsize=32)
def _line_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of line indices (first < second)."""
    return np.triu_indices(size, 1)


def _complete_pattern(grid: Grid, noise: int) -> np.ndarray | None:
    """The grid with its noise cells filled by repeating its period, or None (memoised,
    read-only: the completed grid and its patch share it)."""
    return memoised("pattern", _find_pattern_completion, grid, noise)


PATTERN_SAMPLE = 64
"""Known cells a first, cheap pass checks every candidate lattice on."""


def _consistent_on_sample(
    classes: np.ndarray, lattices: np.ndarray, grid: Grid, known: np.ndarray
) -> np.ndarray:
    """The lattices (indices into `classes`) under which no two sampled known cells of one
    class differ in colour: the others cannot hold on the whole grid."""
    cells = np.flatnonzero(known)
    sample = cells[:: max(1, len(cells) // PATTERN_SAMPLE)]
    of_sample = classes.reshape(len(classes), -1)[lattices][:, sample]
    keys = np.sort(of_sample * 10 + grid.ravel()[sample], axis=1)
    same_class = keys[:, 1:] // 10 == keys[:, :-1] // 10
    clash = same_class & (keys[:, 1:] != keys[:, :-1])
    return lattices[~clash.any(axis=1)]


def _find_pattern_completion(grid: Grid, noise: int) -> np.ndarray | None:
    known = grid != noise
    if known.all() or not known.any():
        return None
    values = grid[known].astype(np.int64)
    rows_ok = _shifts_agree(grid, known, axis=0)
    cols_ok = _shifts_agree(grid, known, axis=1)
    lattices = _lattice_classes(*grid.shape)
    ph, pw, shear = lattices.periods.T
    # two known cells one period apart that differ rule out every lattice with that period
    possible = np.flatnonzero(rows_ok[ph] & (cols_ok[pw] | (shear > 0)))
    for n in _consistent_on_sample(lattices.classes, possible, grid, known).tolist():
        area, classes = int(ph[n]) * int(pw[n]), lattices.classes[n]
        seen = np.bincount(classes[known] * 10 + values, minlength=area * 10) > 0
        seen = seen.reshape(area, 10)
        per_class = seen.sum(axis=1)
        if (per_class > 1).any() or (per_class[classes[~known]] == 0).any():
            continue
        filled = np.where(known, grid, seen.argmax(axis=1)[classes]).astype(np.int8)
        filled.flags.writeable = False
        return filled
    return None


def _or_no_value(filled: np.ndarray | None) -> Grid:
    return NO_VALUE if filled is None else freeze(filled)


@primitive(cost=2.0, keeps_shape=True)
def complete_symmetry(grid: Grid, noise: Colour) -> Grid:
    """Replace the cells of a noise colour using the mirror and rotation symmetries of the rest."""
    return _or_no_value(_complete_symmetry(grid, noise))


@primitive(cost=2.0, keeps_shape=True)
def complete_pattern(grid: Grid, noise: Colour) -> Grid:
    """Replace noise-coloured cells by repeating the smallest (maybe slanted) period of the rest."""
    return _or_no_value(_complete_pattern(grid, noise))


def _patch(grid: Grid, noise: int, complete: Callable[[Grid, int], np.ndarray | None]) -> Grid:
    filled = complete(grid, noise)
    box = bbox(grid == noise)
    if filled is None or box is None:
        return NO_VALUE
    top, bottom, left, right = box
    return freeze(filled[top:bottom, left:right].copy())


@primitive(cost=2.0)
def symmetry_patch(grid: Grid, noise: Colour) -> Grid:
    """What lies under the noise-coloured cells' bounding box once the symmetry is completed."""
    return _patch(grid, noise, _complete_symmetry)


@primitive(cost=2.0)
def pattern_patch(grid: Grid, noise: Colour) -> Grid:
    """What lies under the noise-coloured cells' bounding box once the pattern is completed."""
    return _patch(grid, noise, _complete_pattern)


# Objects and patterns


@primitive(keeps_shape=True)
def symmetrize_objects(grid: Grid) -> Grid:
    """Overlay each object's mirror images (and rotations, if square) about its own centre."""
    # Cells at most one empty cell apart form one object, so a broken pattern is still one: each
    # cell grows into the 2x2 block it is the top-left of, and touching blocks join.
    bg = background(grid)
    cells = grid != bg
    if not cells.any():
        return NO_VALUE
    grown = cells.copy()
    grown[1:] |= cells[:-1]
    grown[:, 1:] |= grown[:, :-1].copy()
    labels, _ = ndimage.label(grown, structure=EIGHT)
    out = np.array(grid)
    for rows, cols in ndimage.find_objects(labels * cells):
        box = out[rows, cols]
        images = [box[:, ::-1], box[::-1], box[::-1, ::-1]]
        if box.shape[0] == box.shape[1]:
            images += [box.T, box[::-1, ::-1].T, np.rot90(box), np.rot90(box, -1)]
        images = [image.copy() for image in images]
        for image in images:
            take = (box == bg) & (image != bg)
            box[take] = image[take]
    return freeze(out)


def _best_placement(canvas: np.ndarray, mask: np.ndarray) -> tuple[int, int, int]:
    """(row, col, overlap) of the placement of `mask` inside `canvas` that covers the most of
    its cells (the first in reading order on a tie)."""
    overlaps = signal.correlate2d(canvas.astype(np.int32), mask.astype(np.int32), mode="valid")
    row, col = np.unravel_index(int(overlaps.argmax()), overlaps.shape)
    return int(row), int(col), int(overlaps[row, col])


def _common_shape(masks: list[np.ndarray]) -> np.ndarray:
    """The union of the masks laid on each other where they overlap most (the largest first)."""
    masks = sorted(masks, key=lambda m: -int(m.sum()))
    template = masks[0]
    for _ in range(2):  # a second round aligns the early masks with the completed shape
        for mask in masks:
            height, width = mask.shape
            canvas = np.pad(template, ((height, height), (width, width)))
            row, col, _ = _best_placement(canvas, mask)
            canvas[row : row + height, col : col + width] |= mask
            rows, cols = np.nonzero(canvas)
            template = canvas[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    return template


COPY_MAX_SIDE = 10
"""Largest box side of a damaged copy that restore_common_shape aligns with the others."""


def _alike_boxes(shapes: list[tuple[int, int]]) -> bool:
    """Whether boxes could hold copies of one shape: small, and no side more than two cells
    shorter than the longest of its kind."""
    heights, widths = [h for h, _ in shapes], [w for _, w in shapes]
    return (
        max(heights) <= COPY_MAX_SIDE
        and max(widths) <= COPY_MAX_SIDE
        and max(heights) - min(heights) <= 2
        and max(widths) - min(widths) <= 2
    )


@primitive(keeps_shape=True)
def restore_common_shape(grid: Grid) -> Grid:
    """Each colour's cells are a damaged copy of one shape: the union of the copies, laid on
    each other where they overlap most, is drawn over every copy in its colour."""
    bg = background(grid)
    colours = [int(c) for c in np.unique(grid) if c != bg]
    if len(colours) < 2:
        return NO_VALUE
    copies = [object_from_mask(grid, grid == colour) for colour in colours]
    if not _alike_boxes([copy.cells.shape for copy in copies]):
        return NO_VALUE
    template = _common_shape([copy.mask for copy in copies])
    out = np.array(grid)
    height, width = template.shape
    for colour, copy in zip(colours, copies, strict=True):
        canvas = np.pad(copy.mask, ((height, height), (width, width)))
        row, col, overlap = _best_placement(canvas, template)
        if overlap < copy.size:
            return NO_VALUE
        top, left = copy.top + row - height, copy.left + col - width
        if top < 0 or left < 0 or top + height > grid.shape[0] or left + width > grid.shape[1]:
            return NO_VALUE
        box = out[top : top + height, left : left + width]
        box[template & (box == bg)] = colour
    return freeze(out)


@primitive(keeps_shape=True)
def mirror_about(grid: Grid, obj: Object) -> Grid:
    """Overlay the grid's mirror images about the centre of an object onto background cells."""
    bg = background(grid)
    height, width = grid.shape
    rows, cols = np.nonzero(grid != bg)
    # Twice the centre's coordinates, so that mirroring stays in whole numbers.
    row_sum, col_sum = 2 * obj.top + obj.height - 1, 2 * obj.left + obj.width - 1
    out = np.array(grid)
    for image_rows, image_cols in (
        (rows, col_sum - cols),
        (row_sum - rows, cols),
        (row_sum - rows, col_sum - cols),
    ):
        inside = (
            (image_rows >= 0) & (image_rows < height) & (image_cols >= 0) & (image_cols < width)
        )
        r, c, source = image_rows[inside], image_cols[inside], grid[rows[inside], cols[inside]]
        free = out[r, c] == bg
        out[r[free], c[free]] = source[free]
    return freeze(out)


def _period(lines: np.ndarray) -> int:
    """The smallest p such that every line equals the line p before it (along the first axis)."""
    count = lines.shape[0]
    return next((p for p in range(1, count) if np.array_equal(lines[p:], lines[:-p])), count)


def _column_period(grid: Grid) -> int:
    """The smallest p such that every column equals the column p before it."""
    return _period(grid.T)


def _shifted(rows: np.ndarray, shift: int, bg: int) -> np.ndarray:
    """Rows moved `shift` cells to the right (left if negative), background coming in."""
    out = np.full_like(rows, bg)
    width = rows.shape[-1]
    if abs(shift) < width:
        if shift >= 0:
            out[..., shift:] = rows[..., : width - shift]
        else:
            out[..., :shift] = rows[..., -shift:]
    return out


def _first_filled(row: np.ndarray) -> int | None:
    found = np.flatnonzero(row)
    return int(found[0]) if found.size else None


def _slanted_period(grid: Grid, bg: int) -> tuple[int, int]:
    """The smallest p (and sideways shift s) such that each row is the row p above moved by s.

    Cells moved off the grid are ignored; cells coming in must be background. The shift is
    read off the first pair of rows p apart that both hold a non-background cell.
    """
    height = grid.shape[0]
    filled = grid != bg
    for p in range(1, height):
        shifts = {0}
        for r in range(p, height):
            a, b = _first_filled(filled[r]), _first_filled(filled[r - p])
            if a is not None and b is not None:
                shifts.add(a - b)
                break
        for s in sorted(shifts, key=abs):
            if np.array_equal(grid[p:], _shifted(grid[:-p], s, bg)):
                return p, s
    return height, 0


@primitive(makes_shape=True)
def continue_pattern(grid: Grid, shape: Shape) -> Grid:
    """Continue the grid's repeating pattern (columns by period, rows maybe slanted) to a shape."""
    height, width = shape
    if not (1 <= height <= MAX_SIDE and 1 <= width <= MAX_SIDE):
        return NO_VALUE
    bg = background(grid)
    wide = grid[:, np.arange(width) % memoised("column period", _column_period, grid)]
    period, shift = memoised("slanted period", _slanted_period, wide, bg)
    if shift == 0:  # every new row repeats the row a period above: pick rows by index
        return freeze(
            wide[_repeated_rows(wide.shape[0], period, height)].astype(np.int8, copy=False)
        )
    rows = [wide[r] for r in range(min(height, wide.shape[0]))]
    for r in range(len(rows), height):
        rows.append(_shifted(rows[r - period], shift, bg))
    return freeze(np.array(rows, dtype=np.int8))


def _repeated_rows(known: int, period: int, height: int) -> np.ndarray:
    """For rows 0..height-1, the row of the first `known` each one copies when every row past
    them repeats the row `period` above it."""
    rows = np.arange(height)
    start = known - period  # the last full period of the known rows
    return np.where(rows < known, rows, start + (rows - start) % period)


@primitive(keeps_shape=True)
def reflect_across_lines(grid: Grid) -> Grid:
    """Mirror the drawing across every full row and column of one colour (not the background),
    onto background cells: across the rows first, then across the columns."""
    bg = background(grid)
    rows, cols = full_lines(grid, bg)
    if not rows and not cols:
        return NO_VALUE
    out = np.array(grid)
    lines = np.zeros(grid.shape, dtype=bool)
    lines[list(rows), :] = True
    lines[:, list(cols)] = True
    for axis, positions in ((0, rows), (1, cols)):
        for line in positions:
            drawn = np.argwhere((out != bg) & ~lines)
            mirrored = drawn.copy()
            mirrored[:, axis] = 2 * line - drawn[:, axis]
            keep = (mirrored[:, axis] >= 0) & (mirrored[:, axis] < grid.shape[axis])
            drawn, mirrored = drawn[keep], mirrored[keep]
            free = out[mirrored[:, 0], mirrored[:, 1]] == bg
            out[mirrored[free, 0], mirrored[free, 1]] = out[drawn[free, 0], drawn[free, 1]]
    return freeze(out)


def _band_rows(grid: Grid, bg: int) -> Grid:
    """The rows tiled over the grid with the period and phase of the band holding every drawn
    row, or NO_VALUE where the band is the whole height."""
    drawn = np.flatnonzero((grid != bg).any(axis=1))
    if len(drawn) == 0:
        return NO_VALUE
    start, period = int(drawn[0]), int(drawn[-1] - drawn[0] + 1)
    if period == grid.shape[0]:
        return NO_VALUE
    return freeze(grid[start + (np.arange(grid.shape[0]) - start) % period])


@primitive(keeps_shape=True)
def repeat_band(grid: Grid) -> Grid:
    """Repeat the band of rows that holds the whole drawing over the grid, in phase; where the
    drawing spans every row, the band of columns."""
    bg = background(grid)
    by_rows = _band_rows(grid, bg)
    if by_rows is not NO_VALUE:
        return by_rows
    by_cols = _band_rows(grid.T, bg)
    return NO_VALUE if by_cols is NO_VALUE else freeze(np.ascontiguousarray(by_cols.T))


def _full_line_mirrors(grid: Grid, bg: int) -> list[Callable[[np.ndarray, np.ndarray], tuple]]:
    """For each full-length line of one colour (not the background): row, column, or, on a
    square grid, either diagonal; the map of cell coordinates to their mirror images across it."""
    height, width = grid.shape
    rows, cols = full_lines(grid, bg)
    mirrors: list[Callable[[np.ndarray, np.ndarray], tuple]] = []
    mirrors += [lambda r, c, line=line: (2 * line - r, c) for line in rows]
    mirrors += [lambda r, c, line=line: (r, 2 * line - c) for line in cols]
    if height == width:
        main, anti = np.diagonal(grid), np.diagonal(grid[:, ::-1])
        if (main == main[0]).all() and main[0] != bg:
            mirrors.append(lambda r, c: (c, r))
        if (anti == anti[0]).all() and anti[0] != bg:
            mirrors.append(lambda r, c: (width - 1 - c, height - 1 - r))
    return mirrors


@primitive(keeps_shape=True)
def reflect_colour_across_line(grid: Grid, colour: Colour) -> Grid:
    """Add the mirror image of one colour's cells across the grid's only full-length line (a
    row, a column or a diagonal of one colour) onto background cells."""
    bg = background(grid)
    if colour == bg:
        return NO_VALUE
    mirrors = memoised("full line mirrors", _full_line_mirrors, grid, bg)
    if len(mirrors) != 1:
        return NO_VALUE
    rows, cols = np.nonzero(grid == colour)
    if not rows.size:
        return NO_VALUE
    image_rows, image_cols = mirrors[0](rows, cols)
    height, width = grid.shape
    inside = (image_rows >= 0) & (image_rows < height) & (image_cols >= 0) & (image_cols < width)
    out = np.array(grid)
    image_rows, image_cols = image_rows[inside], image_cols[inside]
    free = out[image_rows, image_cols] == bg
    out[image_rows[free], image_cols[free]] = colour
    return freeze(out)
