"""Objects: connected components, choosing and filtering them, their properties, and edits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
from scipy import ndimage

from dsl.common import (
    EIGHT,
    FOUR,
    UNIT_STEPS,
    background,
    erase_inplace,
    extract_objects,
    extract_objects_on,
    object_from_mask,
    object_mask,
    odd_one_out,
    paint,
    paint_inplace,
    reading_order,
    symmetries,
)
from dsl.registry import primitive
from dsl.types import (
    NO_VALUE,
    Colour,
    Grid,
    Grids,
    Int,
    Object,
    Objects,
    Position,
    Shape,
    freeze,
)

# Extraction


@primitive
def objects(grid: Grid) -> Objects:
    """Single-colour 4-connected regions that are not background, in reading order."""
    return extract_objects(grid, multicolour=False, diagonal=False)


@primitive
def objects_diag(grid: Grid) -> Objects:
    """Single-colour 8-connected regions that are not background, in reading order."""
    return extract_objects(grid, multicolour=False, diagonal=True)


@primitive
def objects_multi(grid: Grid) -> Objects:
    """4-connected regions of non-background cells of any colours, in reading order."""
    return extract_objects(grid, multicolour=True, diagonal=False)


@primitive
def objects_multi_diag(grid: Grid) -> Objects:
    """8-connected regions of non-background cells of any colours, in reading order."""
    return extract_objects(grid, multicolour=True, diagonal=True)


@primitive
def objects_nonzero(grid: Grid) -> Objects:
    """Single-colour 4-connected regions of colours other than 0, in reading order."""
    return extract_objects_on(grid, 0, multicolour=False, diagonal=False)


@primitive
def objects_nonzero_diag(grid: Grid) -> Objects:
    """Single-colour 8-connected regions of colours other than 0, in reading order."""
    return extract_objects_on(grid, 0, multicolour=False, diagonal=True)


@primitive
def objects_multi_nonzero(grid: Grid) -> Objects:
    """4-connected regions of cells of any colours other than 0, in reading order (0 is the
    background even where another colour covers more of the grid)."""
    return extract_objects_on(grid, 0, multicolour=True, diagonal=False)


@primitive
def largest_object(grid: Grid) -> Object:
    """The largest single-colour 4-connected non-background region, however noisy the grid."""
    # Found without listing every object, so that grids full of specks still have one.
    bg = background(grid)
    found = []
    for colour in np.unique(grid):
        if colour != bg:
            labels, _ = ndimage.label(grid == colour, structure=FOUR)
            sizes = np.bincount(labels.ravel())
            sizes[0] = 0
            found.append((int(sizes.max()), labels, sizes))
    if not found:
        return NO_VALUE
    most = max(size for size, _, _ in found)
    candidates = [
        object_from_mask(grid, labels == label)
        for size, labels, sizes in found
        if size == most
        for label in np.flatnonzero(sizes == most)
    ]
    return reading_order(candidates)[0]


@primitive
def colour_groups(grid: Grid) -> Objects:
    """One object per non-background colour holding all its cells, in reading order."""
    bg = background(grid)
    groups = [object_from_mask(grid, grid == c) for c in np.unique(grid) if c != bg]
    return reading_order(groups) if groups else NO_VALUE


# Selection


def _pick(objs: Objects, key: Callable[[Object], float]) -> Object:
    """The object with the largest key (the first one on ties)."""
    if not objs:
        return NO_VALUE
    return max(objs, key=key)


def _shape_key(obj: Object) -> tuple:
    return (obj.cells.shape, obj.mask.tobytes())


def _only_unique(objs: Objects, key: Callable[[Object], object]) -> Object:
    """The single object whose key no other object shares, or NO_VALUE."""
    counts = Counter(key(o) for o in objs)
    unique = [o for o in objs if counts[key(o)] == 1]
    return unique[0] if len(unique) == 1 else NO_VALUE


@primitive
def largest(objs: Objects) -> Object:
    """The object with the most cells (first on ties)."""
    return _pick(objs, lambda o: o.size)


@primitive
def smallest(objs: Objects) -> Object:
    """The object with the fewest cells (first on ties)."""
    return _pick(objs, lambda o: -o.size)


@primitive
def first_object(objs: Objects) -> Object:
    """The first object."""
    return objs[0] if objs else NO_VALUE


@primitive
def last_object(objs: Objects) -> Object:
    """The last object."""
    return objs[-1] if objs else NO_VALUE


@primitive
def object_of_colour(objs: Objects, colour: Colour) -> Object:
    """The first object whose colour is the given one."""
    return next((o for o in objs if o.colour == colour), NO_VALUE)


@primitive
def object_at(objs: Objects, index: Int) -> Object:
    """The object at a 0-based position in the collection."""
    return objs[index] if 0 <= index < len(objs) else NO_VALUE


@primitive
def largest_bbox(objs: Objects) -> Object:
    """The object with the largest bounding-box area (first on ties)."""
    return _pick(objs, lambda o: o.height * o.width)


@primitive
def tallest(objs: Objects) -> Object:
    """The object with the tallest bounding box (first on ties)."""
    return _pick(objs, lambda o: o.height)


@primitive
def widest(objs: Objects) -> Object:
    """The object with the widest bounding box (first on ties)."""
    return _pick(objs, lambda o: o.width)


@primitive
def topmost(objs: Objects) -> Object:
    """The object whose top edge is highest (first on ties)."""
    return _pick(objs, lambda o: -o.top)


@primitive
def bottommost(objs: Objects) -> Object:
    """The object whose bottom edge is lowest (first on ties)."""
    return _pick(objs, lambda o: o.top + o.height)


@primitive
def leftmost(objs: Objects) -> Object:
    """The object whose left edge is furthest left (first on ties)."""
    return _pick(objs, lambda o: -o.left)


@primitive
def rightmost(objs: Objects) -> Object:
    """The object whose right edge is furthest right (first on ties)."""
    return _pick(objs, lambda o: o.left + o.width)


@primitive
def most_colourful(objs: Objects) -> Object:
    """The object with the most distinct colours (first on ties)."""
    return _pick(objs, lambda o: len(np.unique(o.cells[o.mask])))


@primitive
def most_of_colour(objs: Objects, colour: Colour) -> Object:
    """The object with the most cells of a colour (first on ties; none if no object has it)."""
    best = _pick(objs, lambda o: np.count_nonzero(o.cells == colour))
    return best if best is NO_VALUE or np.any(best.cells == colour) else NO_VALUE


@primitive
def fewest_of_colour(objs: Objects, colour: Colour) -> Object:
    """The object with the fewest cells of a colour (first on ties)."""
    return _pick(objs, lambda o: -np.count_nonzero(o.cells == colour))


@primitive
def odd_symmetry_object(objs: Objects) -> Object:
    """The only object whose mirror symmetries no other object shares."""
    return _only_unique(objs, lambda o: symmetries(o.cells))


@primitive
def odd_one_out_object(objs: Objects) -> Object:
    """The one object that differs in some property (colour, number of colours, shape, size,
    each symmetry, height, width; checked in that order) from all the others, which agree in it;
    at least three objects."""
    table = [
        [
            o.colour,
            len(np.unique(o.cells[o.mask])),
            _shape_key(o),
            o.size,
            *symmetries(o.cells),
            o.height,
            o.width,
        ]
        for o in objs
    ]
    odd = odd_one_out(table)
    return NO_VALUE if odd is None else objs[odd]


@primitive
def unique_shape(objs: Objects) -> Object:
    """The only object whose shape (ignoring colour) no other object has."""
    return _only_unique(objs, _shape_key)


@primitive
def unique_colour(objs: Objects) -> Object:
    """The only object whose colour no other object has."""
    return _only_unique(objs, lambda o: o.colour)


@primitive
def most_common_shape_object(objs: Objects) -> Object:
    """The first object of the shape (ignoring colour) that occurs most often, if any repeats."""
    counts = Counter(_shape_key(o) for o in objs)
    if not counts or max(counts.values()) < 2:
        return NO_VALUE
    return _pick(objs, lambda o: counts[_shape_key(o)])


# Filters


def _keep(objs: Objects, test: Callable[[Object], bool]) -> Objects:
    return tuple(o for o in objs if test(o))


def _has_holes(obj: Object) -> bool:
    return bool(np.count_nonzero(ndimage.binary_fill_holes(obj.mask)) > obj.size)


def _touches_border(grid: Grid, obj: Object) -> bool:
    height, width = grid.shape
    bottom, right = obj.top + obj.height, obj.left + obj.width
    inside = obj.top >= 0 and obj.left >= 0 and bottom <= height and right <= width
    return inside and (obj.top == 0 or obj.left == 0 or bottom == height or right == width)


@primitive
def by_colour(objs: Objects, colour: Colour) -> Objects:
    """The objects whose colour is the given one."""
    return _keep(objs, lambda o: o.colour == colour)


@primitive
def without_colour(objs: Objects, colour: Colour) -> Objects:
    """The objects whose colour is not the given one."""
    return _keep(objs, lambda o: o.colour != colour)


@primitive
def size_at_least(objs: Objects, size: Int) -> Objects:
    """The objects with at least `size` cells."""
    return _keep(objs, lambda o: o.size >= size)


@primitive
def size_at_most(objs: Objects, size: Int) -> Objects:
    """The objects with at most `size` cells."""
    return _keep(objs, lambda o: o.size <= size)


@primitive
def size_is(objs: Objects, size: Int) -> Objects:
    """The objects with exactly `size` cells."""
    return _keep(objs, lambda o: o.size == size)


@primitive
def remove_singletons(objs: Objects) -> Objects:
    """The objects with more than one cell."""
    return _keep(objs, lambda o: o.size > 1)


@primitive
def touching_border(grid: Grid, objs: Objects) -> Objects:
    """The objects that touch the edge of the grid."""
    return _keep(objs, lambda o: _touches_border(grid, o))


@primitive
def not_touching_border(grid: Grid, objs: Objects) -> Objects:
    """The objects that do not touch the edge of the grid."""
    return _keep(objs, lambda o: not _touches_border(grid, o))


@primitive
def with_holes(objs: Objects) -> Objects:
    """The objects that enclose at least one cell that is not theirs."""
    return _keep(objs, _has_holes)


@primitive
def without_holes(objs: Objects) -> Objects:
    """The objects that enclose no cell."""
    return _keep(objs, lambda o: not _has_holes(o))


@primitive
def symmetric_objects(objs: Objects) -> Objects:
    """The objects that equal their own left-right mirror image."""
    return _keep(objs, lambda o: bool(np.array_equal(o.cells, o.cells[:, ::-1])))


def _inside_larger(objs: Objects) -> np.ndarray:
    """Per object, whether its bounding box lies within the box of a larger object."""
    tops, lefts, sizes = (np.array([getattr(o, f) for o in objs]) for f in ("top", "left", "size"))
    bottoms = tops + np.array([o.height for o in objs])
    rights = lefts + np.array([o.width for o in objs])
    within = (
        (tops[None, :] <= tops[:, None])
        & (lefts[None, :] <= lefts[:, None])
        & (bottoms[:, None] <= bottoms[None, :])
        & (rights[:, None] <= rights[None, :])
        & (sizes[None, :] > sizes[:, None])
    )  # [i, j]: object i lies in the box of the larger object j
    return within.any(axis=1)


@primitive
def inside_others(objs: Objects) -> Objects:
    """The objects lying within the bounding box of a larger object."""
    inside = _inside_larger(objs) if objs else []
    return tuple(o for o, hit in zip(objs, inside, strict=True) if hit)


@primitive
def outside_others(objs: Objects) -> Objects:
    """The objects lying within the bounding box of no larger object."""
    inside = _inside_larger(objs) if objs else []
    return tuple(o for o, hit in zip(objs, inside, strict=True) if not hit)


def _has_full_square(obj: Object) -> bool:
    mask = obj.mask
    return bool((mask[:-1, :-1] & mask[1:, :-1] & mask[:-1, 1:] & mask[1:, 1:]).any())


@primitive
def thick_objects(objs: Objects) -> Objects:
    """The objects that contain a full 2x2 block of their own cells."""
    return _keep(objs, _has_full_square)


@primitive
def thin_objects(objs: Objects) -> Objects:
    """The objects that contain no full 2x2 block of their own cells (lines, dots, outlines)."""
    return _keep(objs, lambda o: not _has_full_square(o))


@primitive
def sort_by_size(objs: Objects) -> Objects:
    """The objects from largest to smallest (reading order kept on ties)."""
    return tuple(sorted(objs, key=lambda o: -o.size))


# Properties


@primitive
def object_colour(obj: Object) -> Colour:
    """The object's most common colour."""
    return obj.colour


@primitive
def object_size(obj: Object) -> Int:
    """How many cells the object has."""
    return obj.size


@primitive
def count_objects(objs: Objects) -> Int:
    """How many objects there are."""
    return len(objs)


@primitive
def object_shape(obj: Object) -> Shape:
    """The (height, width) of the object's bounding box."""
    return (obj.height, obj.width)


@primitive
def object_position(obj: Object) -> Position:
    """The (row, column) of the object's bounding-box corner."""
    return (obj.top, obj.left)


@primitive
def merge(objs: Objects) -> Object:
    """One object made of all the objects' cells (later objects drawn over earlier ones)."""
    if not objs:
        return NO_VALUE
    top = min(o.top for o in objs)
    left = min(o.left for o in objs)
    bottom = max(o.top + o.height for o in objs)
    right = max(o.left + o.width for o in objs)
    cells = np.full((bottom - top, right - left), -1, dtype=np.int8)
    for obj in objs:
        r, c = obj.top - top, obj.left - left
        box = cells[r : r + obj.height, c : c + obj.width]
        box[obj.mask] = obj.cells[obj.mask]
    cells.flags.writeable = False
    return Object(top, left, cells)


# To grids


@primitive
def object_grid(obj: Object) -> Grid:
    """The object's bounding box with its cells on a background of 0."""
    return freeze(np.where(obj.mask, obj.cells, 0).astype(np.int8))


@primitive
def object_grids(objs: Objects) -> Grids:
    """Each object's bounding box as a grid of its cells on a background of 0, in order."""
    return tuple(object_grid(obj) for obj in objs) if objs else NO_VALUE


@primitive
def object_mask_grid(obj: Object) -> Grid:
    """The object's bounding box with 1 on its cells and 0 elsewhere."""
    return freeze(obj.mask.astype(np.int8))


# Edits


@primitive(keeps_shape=True)
def paint_object(grid: Grid, obj: Object) -> Grid:
    """Draw the object's cells onto the grid."""
    return freeze(paint(grid, obj))


@primitive(keeps_shape=True)
def recolour_object(grid: Grid, obj: Object, colour: Colour) -> Grid:
    """Paint the object's cells in one colour."""
    out = np.array(grid)
    paint_inplace(out, obj, colour)
    return freeze(out)


@primitive(keeps_shape=True)
def recolour_objects(grid: Grid, objs: Objects, colour: Colour) -> Grid:
    """Paint the cells of every given object in one colour."""
    out = np.array(grid)
    for obj in objs:
        paint_inplace(out, obj, colour)
    return freeze(out)


@primitive(keeps_shape=True)
def remove_object(grid: Grid, obj: Object) -> Grid:
    """Paint the object's cells in the background colour."""
    out = np.array(grid)
    erase_inplace(out, obj, background(grid))
    return freeze(out)


@primitive(keeps_shape=True)
def remove_objects(grid: Grid, objs: Objects) -> Grid:
    """Paint the cells of every given object in the background colour."""
    out = np.array(grid)
    bg = background(grid)
    for obj in objs:
        erase_inplace(out, obj, bg)
    return freeze(out)


@primitive(keeps_shape=True)
def keep_objects(grid: Grid, objs: Objects) -> Grid:
    """Only the given objects, drawn on a grid of plain background."""
    out = np.full_like(grid, background(grid))
    for obj in objs:
        paint_inplace(out, obj)
    return freeze(out)


@primitive(keeps_shape=True)
def move_object(grid: Grid, obj: Object, offset: Position) -> Grid:
    """Move the object by (rows, columns), leaving background where it was."""
    moved = Object(obj.top + offset[0], obj.left + offset[1], obj.cells)
    if not object_mask(grid.shape, moved).any():
        return NO_VALUE
    out = np.array(grid)
    erase_inplace(out, obj, background(grid))
    paint_inplace(out, moved)
    return freeze(out)


def _doubled_centre(obj: Object) -> tuple[int, int]:
    """Twice the (row, column) of the centre of the object's bounding box (whole numbers)."""
    return 2 * obj.top + obj.height - 1, 2 * obj.left + obj.width - 1


@primitive(keeps_shape=True)
def step_towards(grid: Grid, obj: Object, target: Object) -> Grid:
    """Move an object one cell (maybe diagonally) towards another, unless that would overlap it."""
    (r0, c0), (r1, c1) = _doubled_centre(obj), _doubled_centre(target)
    step = (int(np.sign(r1 - r0)), int(np.sign(c1 - c0)))
    moved = Object(obj.top + step[0], obj.left + step[1], obj.cells)
    if step == (0, 0) or (object_mask(grid.shape, moved) & object_mask(grid.shape, target)).any():
        return NO_VALUE
    return move_object(grid, obj, step)


@primitive(keeps_shape=True)
def move_until_touching(grid: Grid, obj: Object, target: Object) -> Grid:
    """Slide an object along a row or column towards another until the next step would overlap."""
    (r0, c0), (r1, c1) = _doubled_centre(obj), _doubled_centre(target)
    share_rows = obj.top < target.top + target.height and target.top < obj.top + obj.height
    share_cols = obj.left < target.left + target.width and target.left < obj.left + obj.width
    if share_rows == share_cols:
        return NO_VALUE
    step = (0, int(np.sign(c1 - c0))) if share_rows else (int(np.sign(r1 - r0)), 0)
    blocked = object_mask(grid.shape, target)
    for k in range(1, max(grid.shape) + 1):
        moved = Object(obj.top + k * step[0], obj.left + k * step[1], obj.cells)
        cells = object_mask(grid.shape, moved)
        if (cells & blocked).any():
            return move_object(grid, obj, ((k - 1) * step[0], (k - 1) * step[1]))
        if np.count_nonzero(cells) < obj.size:
            return NO_VALUE
    return NO_VALUE


def _eroded(mask: np.ndarray) -> np.ndarray:
    """The cells of a mask whose eight neighbours are all in it (outside the mask counts as out):
    scipy's binary erosion with the 3x3 square, by nine shifted views (no call overhead)."""
    height, width = mask.shape
    inside = np.zeros_like(mask, dtype=bool)
    if height < 3 or width < 3:
        return inside
    core = mask[1:-1, 1:-1].astype(bool)
    for row in range(3):
        for col in range(3):
            core &= mask[row : row + height - 2, col : col + width - 2]
    inside[1:-1, 1:-1] = core
    return inside


def _interior(obj: Object) -> Object | None:
    """The object's cells whose eight neighbours all belong to it, or None if there are none."""
    inside = _eroded(obj.mask)
    if not inside.any():
        return None
    return Object(obj.top, obj.left, np.where(inside, obj.cells, -1).astype(np.int8))


@primitive(keeps_shape=True)
def remove_specks(grid: Grid) -> Grid:
    """Cells that are not part of any 2x2 block of their own colour become background."""
    bg = background(grid)
    corner = grid[:-1, :-1]
    block = (
        (corner != bg)
        & (corner == grid[1:, :-1])
        & (corner == grid[:-1, 1:])
        & (corner == grid[1:, 1:])
    )
    keep = np.zeros(grid.shape, dtype=bool)
    for dr in (0, 1):
        for dc in (0, 1):
            keep[dr : dr + block.shape[0], dc : dc + block.shape[1]] |= block
    return freeze(np.where(keep, grid, bg).astype(np.int8))


@primitive(keeps_shape=True)
def fill_object_interior(grid: Grid, obj: Object, colour: Colour) -> Grid:
    """The object's cells whose eight neighbours all belong to it take a colour."""
    inside = _interior(obj)
    return NO_VALUE if inside is None else recolour_object(grid, inside, colour)


@primitive(keeps_shape=True)
def fill_interiors(grid: Grid, objs: Objects, colour: Colour) -> Grid:
    """The cells of each object whose eight neighbours all belong to that object take a colour."""
    insides = [inside for inside in map(_interior, objs) if inside is not None]
    return recolour_objects(grid, tuple(insides), colour) if insides else NO_VALUE


@primitive(keeps_shape=True)
def outline_objects(grid: Grid, objs: Objects, colour: Colour) -> Grid:
    """Background cells touching (diagonals included) any given object take a colour."""
    mask = np.zeros(grid.shape, dtype=bool)
    for obj in objs:
        mask |= object_mask(grid.shape, obj)
    ring = ndimage.binary_dilation(mask, structure=EIGHT) & (grid == background(grid)) & ~mask
    return freeze(np.where(ring, colour, grid).astype(np.int8))


@primitive(keeps_shape=True)
def recolour_by_size_rank(grid: Grid) -> Grid:
    """Colour each object 1 for the largest size, 2 for the next size down, and so on."""
    objs = objects(grid)
    if objs is NO_VALUE:
        return NO_VALUE
    sizes = sorted({o.size for o in objs}, reverse=True)
    if len(sizes) > 9:
        return NO_VALUE
    out = np.array(grid)
    for obj in objs:
        paint_inplace(out, obj, sizes.index(obj.size) + 1)
    return freeze(out)


@primitive(keeps_shape=True)
def recolour_largest(grid: Grid, colour: Colour) -> Grid:
    """Paint the largest object (first on ties) in a colour."""
    objs = objects(grid)
    if objs is NO_VALUE:
        return NO_VALUE
    return recolour_object(grid, largest(objs), colour)


@primitive(keeps_shape=True)
def recolour_smallest(grid: Grid, colour: Colour) -> Grid:
    """Paint the smallest object (first on ties) in a colour."""
    objs = objects(grid)
    if objs is NO_VALUE:
        return NO_VALUE
    return recolour_object(grid, smallest(objs), colour)


@primitive(keeps_shape=True)
def recolour_by_touching_marker(grid: Grid) -> Grid:
    """Objects of two or more cells take the colour of a lone cell that touches one of their
    sides (the first in reading order); every lone cell is erased."""
    bg = background(grid)
    objs = extract_objects(grid, multicolour=False, diagonal=True)
    if objs is NO_VALUE:
        return NO_VALUE
    out = np.array(grid)
    owner = np.full(grid.shape, -1, dtype=np.int32)  # which object of 2+ cells holds a cell
    marks = []
    for n, obj in enumerate(objs):
        if obj.size == 1:
            marks.append((obj.top, obj.left))
            out[obj.top, obj.left] = bg
        else:
            box = owner[obj.top : obj.top + obj.height, obj.left : obj.left + obj.width]
            box[obj.mask] = n
    for n, (row, col) in _first_touching_marks(owner, sorted(marks)).items():
        paint_inplace(out, objs[n], int(grid[row, col]))
    return freeze(out)


def _first_touching_marks(
    owner: np.ndarray, marks: list[tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """For each object (numbered in `owner`), the first mark in `marks` that touches a side."""
    first: dict[int, tuple[int, int]] = {}
    height, width = owner.shape
    for row, col in marks:
        for step_row, step_col in UNIT_STEPS:
            r, c = row + step_row, col + step_col
            if 0 <= r < height and 0 <= c < width and owner[r, c] >= 0:
                first.setdefault(int(owner[r, c]), (row, col))
    return first


def _legend_pairs(legend: Object) -> list[tuple[int, int]] | None:
    """A two-wide object's rows (or a two-tall one's columns) as (from, to) colour pairs."""
    if legend.width == 2:
        cells = legend.cells
    elif legend.height == 2:
        cells = legend.cells.T
    else:
        return None
    if (cells < 0).any():
        return None
    return [(int(a), int(b)) for a, b in cells]


@primitive(keeps_shape=True)
def apply_legend(grid: Grid, legend: Object) -> Grid:
    """Read a two-wide object as rows of colour pairs (a two-tall one as columns) and replace
    each pair's first colour by its second, pair after pair, outside the object's box."""
    pairs = _legend_pairs(legend)
    if not pairs:
        return NO_VALUE
    out = np.array(grid)
    outside = np.ones(grid.shape, dtype=bool)
    bottom, right = legend.top + legend.height, legend.left + legend.width
    outside[legend.top : bottom, legend.left : right] = False
    for source, target in pairs:
        out[outside & (out == source)] = target
    return freeze(out)


def _redraw_each(grid: Grid, turn: Callable[[Object], Object | None]) -> Grid:
    """Every object (8-connected, any colours) lifted off and drawn again as `turn` makes it, all
    at once; no value if `turn` cannot place one."""
    objs = extract_objects(grid, multicolour=True, diagonal=True)
    if objs is NO_VALUE or not objs:
        return NO_VALUE
    out = np.full_like(grid, background(grid))
    for obj in objs:
        turned = turn(obj)
        if turned is None:
            return NO_VALUE
        paint_inplace(out, turned)
    return freeze(out)


def _quarter_turn(obj: Object) -> Object | None:
    """The object turned clockwise about its box's centre (None if that centre is off-lattice)."""
    if (obj.height - obj.width) % 2:
        return None
    shift = (obj.height - obj.width) // 2
    return Object(obj.top + shift, obj.left - shift, np.rot90(obj.cells, -1).copy())


@primitive(keeps_shape=True)
def turn_objects(grid: Grid) -> Grid:
    """Every object turned a quarter clockwise about its own centre (a bar stands up)."""
    return _redraw_each(grid, _quarter_turn)


@primitive(keeps_shape=True)
def flip_objects_h(grid: Grid) -> Grid:
    """Every object mirrored left-right within its own box."""
    return _redraw_each(grid, lambda o: Object(o.top, o.left, o.cells[:, ::-1].copy()))


@primitive(keeps_shape=True)
def flip_objects_v(grid: Grid) -> Grid:
    """Every object mirrored top-bottom within its own box."""
    return _redraw_each(grid, lambda o: Object(o.top, o.left, o.cells[::-1].copy()))


@primitive(keeps_shape=True)
def step_to_markers(grid: Grid, marker: Colour) -> Grid:
    """Every object with one cell of the marker colour in its box moves one cell towards that
    cell (from the box's centre, maybe diagonally), the marker taking the object's colour."""
    bg = background(grid)
    marks = grid == marker
    if marker == bg or not marks.any():
        return NO_VALUE
    objs = extract_objects(freeze(np.where(marks, bg, grid)), multicolour=False, diagonal=True)
    if objs is NO_VALUE:
        return NO_VALUE
    placed, unused = [], marks.copy()
    for obj in objs:
        inside = marks[obj.top : obj.top + obj.height, obj.left : obj.left + obj.width]
        if inside.sum() != 1:
            placed.append(obj)
            continue
        (row,), (col,) = np.nonzero(inside)
        unused[obj.top + row, obj.left + col] = False
        centre_row, centre_col = _doubled_centre(Object(0, 0, obj.cells))
        step = (int(np.sign(2 * row - centre_row)), int(np.sign(2 * col - centre_col)))
        cells = np.array(obj.cells)
        cells[row, col] = obj.cells[obj.cells >= 0][0]
        placed.append(Object(obj.top + step[0], obj.left + step[1], cells))
    if unused.sum() == marks.sum():
        return NO_VALUE
    out = np.where(unused, marker, bg).astype(np.int8)
    for obj in placed:
        paint_inplace(out, obj)
    return freeze(out)
