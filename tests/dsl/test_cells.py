"""Per-cell features: the table a cell rule tests, on small hand-made grids."""

from __future__ import annotations

import numpy as np

from dsl.cells import FAR, FEATURES, KINDS, NONE, ROLES, cell_features
from tests.dsl.conftest import g

RING = g(
    [
        [0, 0, 0, 0, 0],
        [0, 2, 2, 2, 0],
        [0, 2, 0, 2, 0],
        [0, 2, 2, 2, 0],
        [0, 0, 0, 0, 3],
    ]
)


def _at(name: str, row: int, col: int, grid: np.ndarray = RING) -> int:
    return int(cell_features(grid).values[name][row, col])


def test_every_feature_has_one_value_per_cell_of_its_kind():
    features = cell_features(RING)
    assert list(features.values) == [spec.name for spec in FEATURES]
    for name, values in features.values.items():
        assert values.shape == RING.shape
        assert (values.dtype == bool) == (KINDS[name] == "bool"), name
        assert not values.flags.writeable


def test_the_cell_and_its_neighbours():
    assert _at("colour", 1, 1) == 2
    assert _at("n_up", 0, 0) == NONE
    assert _at("n_downright", 0, 0) == 2
    assert _at("n_left", 2, 3) == 0


def test_neighbour_counts_per_colour_and_role():
    assert _at("n4(2)", 2, 2) == 4
    assert _at("n8(2)", 2, 2) == 8
    assert _at("n8(fg)", 2, 2) == 8
    assert _at("n4(colour)", 1, 1) == 2
    assert _at("n8(bg)", 0, 0) == 2
    assert _at("n8(fg)", 4, 4) == 1


def test_rays_meet_the_first_colour_and_say_how_far():
    assert (_at("ray_right", 2, 0), _at("dist_right", 2, 0)) == (2, 1)
    assert (_at("ray_right", 4, 0), _at("dist_right", 4, 0)) == (3, 4)
    assert (_at("ray_up", 0, 0), _at("dist_up", 0, 0)) == (NONE, FAR)
    assert _at("ray_upleft", 4, 4) == 2


def test_mirrored_cells():
    assert _at("mirror_rot", 0, 0) == 3
    assert _at("mirror_lr", 4, 0) == 3
    assert _at("mirror_ud", 0, 4) == 3
    assert _at("mirror_diag", 0, 4) == 0
    assert _at("mirror_anti", 0, 0) == 3
    wide = g([[1, 2, 3]])
    assert _at("mirror_lr", 0, 0, wide) == 3
    assert _at("mirror_diag", 0, 0, wide) == NONE


def test_positions_from_each_edge_and_parity():
    assert (_at("row", 4, 1), _at("row_back", 4, 1)) == (4, 0)
    assert (_at("row_back_mod2", 4, 1), _at("row_back_mod2", 3, 1)) == (0, 1)
    assert (_at("col_back_mod2", 0, 4), _at("col_back_mod2", 0, 3)) == (0, 1)
    assert (_at("col", 4, 1), _at("col_back", 4, 1)) == (1, 3)
    assert (_at("row_mod2", 3, 0), _at("col_mod3", 0, 4)) == (1, 1)
    assert (_at("row_centre", 2, 0), _at("row_centre", 0, 0), _at("col_centre", 1, 3)) == (0, 4, 2)


def test_the_panel_that_holds_the_cell():
    panels = g([[1, 5, 0, 0], [5, 5, 5, 5], [0, 5, 2, 2]])
    assert (_at("panel_row", 0, 0, panels), _at("panel_col", 0, 0, panels)) == (0, 0)
    assert (_at("panel_row_back", 2, 3, panels), _at("panel_col_back", 2, 3, panels)) == (0, 0)
    assert (_at("panel_row", 2, 3, panels), _at("panel_col", 2, 3, panels)) == (1, 1)
    assert _at("panel_row", 1, 0, panels) == FAR  # a separator cell
    assert _at("panel_row", 0, 0) == FAR  # RING has no separator lines
    assert KINDS["panel_row"] == "index"


def test_the_object_holding_the_cell():
    assert _at("obj_size", 1, 1) == 8
    assert (_at("obj_height", 1, 1), _at("obj_width", 1, 1)) == (3, 3)
    assert _at("obj_largest", 1, 1) and not _at("obj_smallest", 1, 1)
    assert _at("obj_smallest", 4, 4) and _at("obj_rank", 4, 4) == 1
    assert _at("obj_rank", 0, 0) == FAR
    assert _at("obj_border", 4, 4) and not _at("obj_border", 1, 1)
    assert _at("blob_size", 4, 4) == 9  # the 3 touches the ring diagonally
    assert (_at("bg_rank", 0, 0), _at("bg_rank", 2, 2), _at("bg_rank", 1, 1)) == (0, 1, FAR)
    assert (_at("bg_rank_back", 0, 0), _at("bg_rank_back", 2, 2)) == (1, 0)
    assert _at("bg_rank_back", 1, 1) == FAR


def test_enclosed_background_and_what_encloses_it():
    assert _at("enclosed", 2, 2) and not _at("enclosed", 0, 0) and not _at("enclosed", 1, 1)
    assert _at("enclosed_by", 2, 2) == 2
    assert _at("enclosed_by", 0, 0) == NONE
    two_walls = np.zeros((5, 5), dtype=np.int8)
    two_walls[1:4, 1:4] = [[1, 1, 1], [1, 0, 2], [1, 2, 2]]
    two_walls = g(two_walls)
    assert _at("enclosed", 2, 2, two_walls) and _at("enclosed_by", 2, 2, two_walls) == NONE


def test_the_one_colour_touching_an_object_and_the_other_colour_of_its_shape():
    marked = g(
        [
            [7, 6, 6, 3, 7],
            [7, 7, 7, 4, 7],
            [7, 7, 7, 6, 7],
            [7, 7, 6, 6, 6],
            [1, 7, 7, 6, 7],
        ]
    )
    assert _at("obj_touch", 0, 1, marked) == 3  # the 4 only touches it at a corner
    assert _at("obj_touch", 3, 2, marked) == 4
    assert _at("obj_touch", 0, 3, marked) == NONE  # touched by 6 and 4
    assert _at("obj_touch", 4, 0, marked) == NONE  # touches nothing
    assert _at("obj_touch", 0, 0, marked) == NONE  # background
    assert _at("blob_other", 4, 0, marked) == NONE  # one colour
    assert _at("blob_other", 0, 1, marked) == NONE  # 6, 3 and 4
    assert (_at("blob_other", 1, 1, RING), _at("blob_other", 4, 4, RING)) == (3, 2)  # diagonal
    pair = g([[0, 5, 5], [0, 5, 8], [0, 0, 0]])
    assert (_at("blob_other", 0, 1, pair), _at("blob_other", 1, 2, pair)) == (8, 5)
    assert _at("blob_other", 2, 2, pair) == NONE


def test_rows_and_columns_holding_a_colour():
    assert _at("row_has(3)", 4, 0) and not _at("row_has(3)", 0, 0)
    assert _at("col_has(3)", 0, 4) and not _at("col_has(3)", 0, 3)


def test_inside_the_box_around_a_colour():
    assert _at("in_box(2)", 2, 2) and _at("in_box(2)", 1, 1) and not _at("in_box(2)", 0, 2)
    assert _at("in_box(3)", 4, 4) and not _at("in_box(3)", 3, 4)
    assert not _at("in_box(7)", 2, 2)  # a colour the grid lacks has no box


def test_roles_name_colours_by_what_they_are():
    assert cell_features(RING).roles == {"bg": 0, "most": 2, "least": 3, "largest": 2}
    recoloured = g(np.where(RING == 0, 5, np.where(RING == 2, 7, 1)))
    assert cell_features(recoloured).roles == {"bg": 5, "most": 7, "least": 1, "largest": 7}
    assert set(cell_features(g([[4]])).roles) == set(ROLES)
    assert cell_features(g([[4]])).roles["most"] == NONE


def test_a_token_names_a_colour_per_cell():
    features = cell_features(RING)
    assert (features.colour_of(6) == 6).all()
    assert (features.colour_of("none") == NONE).all()
    assert (features.colour_of("least") == 3).all()
    assert features.colour_of("ray_right")[2, 0] == 2


def test_features_are_computed_once_per_grid():
    assert cell_features(RING) is cell_features(g(RING.tolist()))


def test_a_writable_grid_is_left_writable():
    grid = np.array([[0, 1], [1, 0]], dtype=np.int8)
    cell_features(grid)
    assert grid.flags.writeable


def test_the_place_of_a_cell_inside_its_object_and_its_shape():
    assert (_at("obj_row", 1, 2), _at("obj_col", 1, 2)) == (0, 1)
    assert (_at("obj_row_back", 1, 2), _at("obj_col_back", 1, 2)) == (2, 1)
    assert (_at("blob_row", 4, 4), _at("blob_col_back", 4, 4)) == (3, 0)  # ring and 3: one shape
    assert (_at("blob_height", 1, 1), _at("blob_width", 1, 1)) == (4, 4)
    assert _at("blob_row", 0, 0) == FAR and _at("blob_height", 0, 0) == FAR
    assert (_at("blob_colours", 1, 1), _at("blob_colours", 0, 0)) == (2, 0)


def test_inside_the_box_of_some_shape():
    apart = g([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 2, 2]])
    assert _at("in_blob_box", 0, 1, apart) and _at("in_blob_box", 1, 0, apart)
    assert not _at("in_blob_box", 2, 2, apart) and _at("in_blob_box", 3, 3, apart)


def test_the_nearest_colour_from_the_background():
    line = g([[1, 0, 0, 0, 0, 2]])
    assert [_at("nearest", 0, c, line) for c in range(6)] == [NONE, 1, 1, 2, 2, NONE]
    tie = g([[1, 0, 0, 0, 2]])
    assert _at("nearest", 0, 2, tie) == NONE
    same = g([[1, 0, 0, 0, 1]])
    assert _at("nearest", 0, 2, same) == 1


def test_rectangular_objects_and_objects_of_one_shape():
    assert not _at("obj_rect", 1, 1) and _at("obj_rect", 4, 4) and _at("obj_rect", 2, 2)
    shapes = g([[1, 1, 0, 2, 2], [1, 0, 0, 2, 0], [0, 0, 0, 0, 0], [3, 3, 0, 0, 0]])
    assert (_at("obj_twins", 0, 0, shapes), _at("obj_twins", 1, 3, shapes)) == (1, 1)
    assert (_at("obj_twins", 3, 0, shapes), _at("obj_twins", 2, 2, shapes)) == (0, 0)


def test_square_symmetric_and_holed_objects():
    # a 3x3 ring of 1 (one hole), an L of 2 (no mirror), a 1x2 bar of 3
    grid = g([[1, 1, 1, 0, 2, 0], [1, 0, 1, 0, 2, 2], [1, 1, 1, 0, 0, 0], [0, 0, 0, 0, 3, 3]])
    assert _at("obj_square", 0, 0, grid) and not _at("obj_square", 3, 4, grid)
    assert _at("obj_sym_lr", 0, 0, grid) and _at("obj_sym_ud", 0, 0, grid)
    assert not _at("obj_sym_lr", 0, 4, grid) and not _at("obj_sym_ud", 0, 4, grid)
    assert _at("obj_sym_lr", 3, 4, grid) and _at("obj_sym_ud", 3, 4, grid)
    assert _at("obj_holes", 0, 0, grid) == 1
    assert _at("obj_holes", 0, 4, grid) == 0
    assert not _at("obj_sym_lr", 1, 1, grid)  # background: no object to mirror
