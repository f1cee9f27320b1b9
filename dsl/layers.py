"""Layers: one grid painted over another through a mask, the glue of stacked answers.

Colour 0 (black) is the transparent colour: `paint_coloured` copies the upper grid's cells of any
other colour, `paint_black` copies its black cells. A stack of pieces reads bottom-up as a chain
of these: `x3 = paint_coloured(x1, x2)` puts x2's coloured cells over x1.
"""

from __future__ import annotations

import numpy as np

from dsl.registry import primitive
from dsl.types import NO_VALUE, Colour, Grid, freeze


@primitive(searchable=False)
def paint_coloured(under: Grid, over: Grid) -> Grid:
    """Paint the second grid's non-black (not 0) cells over the first (equal shapes)."""
    if under.shape != over.shape:
        return NO_VALUE
    return freeze(np.where(over != 0, over, under))


@primitive(searchable=False)
def paint_black(under: Grid, over: Grid) -> Grid:
    """Paint the second grid's black (0) cells over the first (equal shapes)."""
    if under.shape != over.shape:
        return NO_VALUE
    return freeze(np.where(over == 0, 0, under))


@primitive(searchable=False)
def paint_coloured_as(under: Grid, over: Grid, colour: Colour) -> Grid:
    """Paint one colour over the first grid wherever the second grid is not black (equal shapes)."""
    if under.shape != over.shape:
        return NO_VALUE
    return freeze(np.where(over != 0, np.int8(colour), under))


@primitive(searchable=False)
def paint_black_as(under: Grid, over: Grid, colour: Colour) -> Grid:
    """Paint one colour over the first grid wherever the second grid is black (equal shapes)."""
    if under.shape != over.shape:
        return NO_VALUE
    return freeze(np.where(over == 0, np.int8(colour), under))
