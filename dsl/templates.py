"""Templates and their fragments: a shape shown whole once, and elsewhere only in part.

A template is a connected (diagonals included) object of two or more colours. A fragment cell is
a non-background cell outside every template. A placement of a template explains fragment cells
when the template, put down there, covers them with their own colours and covers no other
non-background cell of another colour. Each fragment cell takes the placement that explains the
most fragment cells; a cell that two placements explain equally well is ambiguous and left alone.
"""

from __future__ import annotations

import numpy as np

from dsl.common import background, extract_objects, memoised
from dsl.registry import primitive
from dsl.types import NO_VALUE, Grid, Object, freeze

MAX_TEMPLATES = 8
MAX_FRAGMENT_CELLS = 200

Placement = tuple[int, int, int]
"""(template index, top, left)."""


def _templates(grid: Grid) -> list[Object] | None:
    objs = extract_objects(grid, multicolour=True, diagonal=True)
    if objs is NO_VALUE:
        return None
    shapes = [o for o in objs if len(np.unique(o.cells[o.mask])) >= 2]
    return shapes if 0 < len(shapes) <= MAX_TEMPLATES else None


def _fits(grid: Grid, template: Object, top: int, left: int, bg: int) -> np.ndarray | None:
    """The grid cells this placement covers with their own colour (None where it cannot go)."""
    height, width = template.cells.shape
    if top < 0 or left < 0 or top + height > grid.shape[0] or left + width > grid.shape[1]:
        return None
    under = grid[top : top + height, left : left + width]
    mask = template.mask
    if ((under != bg) & (under != template.cells) & mask).any():
        return None
    return mask & (under == template.cells)


def _best_placements(
    grid: Grid, templates: list[Object], fragment: np.ndarray, bg: int
) -> dict[Placement, np.ndarray]:
    """For each fragment cell, its best placement (by fragment cells explained), if unique;
    in the order of the first fragment cell (reading order) each placement wins."""
    covers = _covers(grid, templates, fragment, bg)
    if not covers:
        return {}
    placements = list(covers)
    explained = np.stack([covers[p] for p in placements]).reshape(len(placements), -1)
    counts = explained.sum(axis=1)  # fragment cells each placement explains
    explains = explained[:, np.flatnonzero(fragment)]  # (placements, fragment cells)
    score = np.where(explains, counts[:, None], -1)
    best = score.max(axis=0)
    unique = ((score == best).sum(axis=0) == 1) & (best > 0)
    chosen: dict[Placement, np.ndarray] = {}
    for winner in score.argmax(axis=0)[unique].tolist():
        chosen.setdefault(placements[winner], covers[placements[winner]])
    return chosen


def _covers(
    grid: Grid, templates: list[Object], fragment: np.ndarray, bg: int
) -> dict[Placement, np.ndarray]:
    """Every placement that puts a template cell on a fragment cell of its colour and fits,
    with the fragment cells it explains (in the order they are first met)."""
    covers: dict[Placement, np.ndarray] = {}
    tried: set[Placement] = set()
    for index, template in enumerate(templates):
        for row, col in zip(*np.nonzero(fragment), strict=True):
            for t_row, t_col in zip(*np.nonzero(template.cells == grid[row, col]), strict=True):
                placement = (index, int(row - t_row), int(col - t_col))
                if placement in tried:
                    continue
                tried.add(placement)
                fit = _fits(grid, template, placement[1], placement[2], bg)
                if fit is not None:
                    full = np.zeros(grid.shape, dtype=bool)
                    full[
                        placement[1] : placement[1] + template.height,
                        placement[2] : placement[2] + template.width,
                    ] = fit
                    covers[placement] = full & fragment
    return covers


def _completed(grid: Grid, keep_rest: bool) -> Grid:
    found = memoised("template placements", _template_placements, grid)
    if found is None:
        return NO_VALUE
    templates, chosen = found
    bg = background(grid)
    out = np.array(grid) if keep_rest else np.full(grid.shape, bg, dtype=np.int8)
    for index, top, left in chosen:
        template = templates[index]
        window = out[top : top + template.height, left : left + template.width]
        window[template.mask] = template.cells[template.mask]
    return freeze(out)


def _template_placements(
    grid: Grid,
) -> tuple[list[Object], dict[Placement, np.ndarray]] | None:
    """The grid's templates and the placements its fragment cells choose (None if there are
    no templates, no fragment or too many fragment cells, or no placement is chosen)."""
    bg = background(grid)
    templates = _templates(grid)
    if templates is None:
        return None
    fragment = grid != bg
    for template in templates:
        box = fragment[
            template.top : template.top + template.height,
            template.left : template.left + template.width,
        ]
        box &= ~template.mask
    if not 0 < fragment.sum() <= MAX_FRAGMENT_CELLS:
        return None
    chosen = _best_placements(grid, templates, fragment, bg)
    return (templates, chosen) if chosen else None


@primitive(keeps_shape=True)
def complete_fragments(grid: Grid) -> Grid:
    """Complete every fragment of a multicolour template into a whole copy of that template."""
    return _completed(grid, keep_rest=True)


@primitive(keeps_shape=True)
def stamp_fragments(grid: Grid) -> Grid:
    """Only the completed copies of the templates, on an empty grid: the templates themselves
    and every cell no copy explains are erased."""
    return _completed(grid, keep_rest=False)
