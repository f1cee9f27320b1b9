"""Layers: painting one grid over another through its coloured or black cells."""

from __future__ import annotations

import numpy as np

from dsl.layers import paint_black, paint_black_as, paint_coloured, paint_coloured_as
from dsl.types import NO_VALUE, make_grid

UNDER = make_grid([[1, 1, 1], [1, 1, 1]])
OVER = make_grid([[0, 2, 0], [3, 0, 0]])


def test_paint_coloured_copies_the_upper_grids_non_black_cells():
    assert paint_coloured(UNDER, OVER).tolist() == [[1, 2, 1], [3, 1, 1]]


def test_paint_black_copies_the_upper_grids_black_cells():
    assert paint_black(UNDER, OVER).tolist() == [[0, 1, 0], [1, 0, 0]]


def test_layers_need_equal_shapes():
    assert paint_coloured(UNDER, make_grid([[1]])) is NO_VALUE
    assert paint_black(UNDER, make_grid([[1]])) is NO_VALUE


def test_layers_return_frozen_int8_grids():
    grid = paint_coloured(UNDER, OVER)
    assert grid.dtype == np.int8 and not grid.flags.writeable


def test_paint_coloured_as_paints_one_colour_where_the_upper_grid_is_coloured():
    assert paint_coloured_as(UNDER, OVER, 7).tolist() == [[1, 7, 1], [7, 1, 1]]


def test_paint_black_as_paints_one_colour_where_the_upper_grid_is_black():
    assert paint_black_as(UNDER, OVER, 7).tolist() == [[7, 1, 7], [1, 7, 7]]
    assert paint_black_as(UNDER, make_grid([[1]]), 7) is NO_VALUE
