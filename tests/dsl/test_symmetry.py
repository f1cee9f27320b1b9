import numpy as np

from dsl import symmetry
from dsl.symmetry import (
    complete_pattern,
    complete_symmetry,
    continue_pattern,
    is_symmetric_diag,
    is_symmetric_h,
    is_symmetric_v,
    make_symmetric_diag,
    make_symmetric_four,
    make_symmetric_h,
    make_symmetric_rot,
    make_symmetric_v,
    mirror_about,
    pattern_patch,
    reflect_across_lines,
    reflect_colour_across_line,
    repeat_band,
    restore_common_shape,
    symmetrize_objects,
    symmetry_patch,
)
from dsl.types import NO_VALUE, Object
from tests.dsl.conftest import g, same

CORNER = g([[1, 2, 0, 0], [0, 3, 0, 0], [0, 0, 0, 0]])


def test_make_symmetric_overlays_mirror_images():
    assert same(make_symmetric_h(CORNER), [[1, 2, 2, 1], [0, 3, 3, 0], [0, 0, 0, 0]])
    assert same(make_symmetric_v(CORNER), [[1, 2, 0, 0], [0, 3, 0, 0], [1, 2, 0, 0]])
    assert same(make_symmetric_four(CORNER), [[1, 2, 2, 1], [0, 3, 3, 0], [1, 2, 2, 1]])


def test_make_symmetric_keeps_existing_cells():
    grid = g([[5, 0, 0, 6], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert same(make_symmetric_h(grid), [[5, 0, 0, 6], [0, 0, 0, 0], [0, 0, 0, 0]])


def test_make_symmetric_diag_and_rot_need_square_grids():
    grid = g([[0, 4, 0], [0, 0, 0], [0, 0, 0]])
    assert same(make_symmetric_diag(grid), [[0, 4, 0], [4, 0, 0], [0, 0, 0]])
    assert same(make_symmetric_rot(grid), [[0, 4, 0], [4, 0, 4], [0, 4, 0]])
    assert make_symmetric_diag(CORNER) is NO_VALUE
    assert make_symmetric_rot(CORNER) is NO_VALUE


def test_symmetry_tests():
    assert is_symmetric_h(g([[1, 2, 1], [3, 0, 3]])) is True
    assert is_symmetric_h(CORNER) is False
    assert is_symmetric_v(g([[1, 2], [5, 5], [1, 2]])) is True
    assert is_symmetric_v(CORNER) is False
    assert is_symmetric_diag(g([[1, 2], [2, 4]])) is True
    assert is_symmetric_diag(CORNER) is False


# A mosaic symmetric left-right and top-bottom, with a block hidden under noise colour 9.
MOSAIC = np.array(
    [
        [1, 2, 3, 3, 2, 1],
        [4, 5, 6, 6, 5, 4],
        [7, 8, 1, 1, 8, 7],
        [7, 8, 1, 1, 8, 7],
        [4, 5, 6, 6, 5, 4],
        [1, 2, 3, 3, 2, 1],
    ]
)


def test_complete_symmetry_repairs_a_mirror_mosaic():
    damaged = MOSAIC.copy()
    damaged[1:3, 0:2] = 9
    damaged[4, 4] = 9
    assert same(complete_symmetry(g(damaged), 9), MOSAIC)
    assert same(symmetry_patch(g(damaged), 9), MOSAIC[1:5, 0:5])
    assert complete_symmetry(g(MOSAIC), 9) is NO_VALUE


def test_complete_symmetry_finds_an_off_centre_axis():
    # Columns 1.. are mirror-symmetric about the axis between columns 3 and 4; column 0 is extra.
    core = MOSAIC[:, :3]
    grid = np.hstack([np.full((6, 1), 0), core, core[:, ::-1]])
    damaged = grid.copy()
    damaged[2:4, 5:7] = 9
    assert same(complete_symmetry(g(damaged), 9), grid)


def test_complete_symmetry_gives_up_without_a_symmetry():
    grid = g([[1, 2, 3], [4, 9, 5], [6, 7, 8]])
    assert complete_symmetry(grid, 9) is NO_VALUE


def test_complete_pattern_repeats_the_smallest_period():
    tile = np.array([[1, 2, 3], [3, 1, 2]])
    full = np.tile(tile, (3, 3))
    damaged = full.copy()
    damaged[1:3, 2:5] = 0
    assert same(complete_pattern(g(damaged), 0), full)
    assert same(pattern_patch(g(damaged), 0), full[1:3, 2:5])
    assert complete_pattern(g(full), 0) is NO_VALUE


def test_complete_pattern_follows_slanted_periods():
    # Each anti-diagonal holds one colour, cycling 2, 8, 3: known only in the top-left corner.
    grid = g([[2, 8, 3, 0, 0], [8, 3, 0, 0, 0], [3, 0, 0, 0, 0], [0] * 5])
    assert same(
        complete_pattern(grid, 0),
        [[2, 8, 3, 2, 8], [8, 3, 2, 8, 3], [3, 2, 8, 3, 2], [2, 8, 3, 2, 8]],
    )


def test_complete_pattern_gives_up_when_nothing_repeats():
    grid = g([[1, 2], [3, 0]])
    assert complete_pattern(grid, 0) is NO_VALUE


def _damaged_patterns(seed: int, count: int) -> list[np.ndarray]:
    """Random grids that repeat a tile or mirror a quarter, some with a patch of noise (9)."""
    rng = np.random.default_rng(seed)
    grids = []
    for _ in range(count):
        height, width = (int(side) for side in rng.integers(2, 31, size=2))
        if rng.random() < 0.5:
            tile = rng.integers(0, rng.integers(2, 5), size=rng.integers(1, 6, size=2))
            grid = np.tile(tile, (height // len(tile) + 1, width // tile.shape[1] + 1))
        else:
            quarter = rng.integers(0, rng.integers(2, 5), size=(height, width))
            grid = np.block([[quarter, quarter[:, ::-1]], [quarter[::-1], quarter[::-1, ::-1]]])
        grid = grid[:height, :width].copy()
        top, left = rng.integers(0, height), rng.integers(0, width)
        grid[top : top + rng.integers(1, 6), left : left + rng.integers(1, 6)] = 9
        grids.append(grid)
    return grids


def test_the_sampled_first_passes_rule_out_only_what_the_whole_grid_rules_out():
    for grid in (g(grid) for grid in _damaged_patterns(seed=7, count=150)):
        known, flat = (grid != 9).ravel(), grid.ravel()
        images, inside = symmetry._partners(*grid.shape)
        clash = known[images] & inside & known & (flat[images] != flat)
        holding = set(np.flatnonzero(~clash.any(axis=1)).tolist())
        assert holding <= set(symmetry._agree_on_sample(flat, known, images, inside).tolist())
        lattices = symmetry._lattice_classes(*grid.shape)
        everyone = np.arange(len(lattices.periods))
        consistent = {
            n
            for n in everyone.tolist()
            if _one_colour_per_class(lattices.classes[n][grid != 9], grid[grid != 9])
        }
        kept = symmetry._consistent_on_sample(lattices.classes, everyone, grid, grid != 9)
        assert consistent <= set(kept.tolist())


def _one_colour_per_class(classes: np.ndarray, colours: np.ndarray) -> bool:
    return all(len(set(colours[classes == c].tolist())) == 1 for c in set(classes.tolist()))


def test_the_sampled_first_passes_leave_the_completions_as_they_were(monkeypatch):
    damaged = [g(grid) for grid in _damaged_patterns(seed=11, count=150)]
    found = [
        (symmetry._find_symmetry_completion(grid, 9), symmetry._find_pattern_completion(grid, 9))
        for grid in damaged
    ]
    monkeypatch.setattr(symmetry, "SYMMETRY_SAMPLE", 10**6)  # every known cell: a full check
    monkeypatch.setattr(symmetry, "PATTERN_SAMPLE", 10**6)
    for grid, (by_symmetry, by_pattern) in zip(damaged, found, strict=True):
        expected = (
            symmetry._find_symmetry_completion(grid, 9),
            symmetry._find_pattern_completion(grid, 9),
        )
        for got, want in zip((by_symmetry, by_pattern), expected, strict=True):
            assert (got is None) == (want is None)
            assert got is None or np.array_equal(got, want)
    assert sum(by_symmetry is not None for by_symmetry, _ in found) > 30
    assert sum(by_pattern is not None for _, by_pattern in found) > 30


def test_symmetrize_objects_completes_each_object_about_its_own_centre():
    grid = g(
        [
            [0, 0, 0, 0, 0, 0, 0, 0, 0],
            [3, 8, 3, 0, 0, 0, 0, 0, 0],
            [8, 2, 8, 0, 0, 0, 1, 0, 0],
            [3, 8, 0, 0, 0, 0, 0, 0, 5],
        ]
    )
    # Left: a square with a missing corner. Right: two cells one empty cell apart, one object
    # whose bounding box is 2x3 (mirrored, not rotated).
    assert same(
        symmetrize_objects(grid),
        [
            [0, 0, 0, 0, 0, 0, 0, 0, 0],
            [3, 8, 3, 0, 0, 0, 0, 0, 0],
            [8, 2, 8, 0, 0, 0, 1, 0, 1],
            [3, 8, 3, 0, 0, 0, 5, 0, 5],
        ],
    )
    assert symmetrize_objects(g([[0, 0], [0, 0]])) is NO_VALUE


def test_symmetrize_objects_mirrors_wide_objects_without_rotating():
    grid = g([[0, 0, 0, 0], [4, 4, 0, 0], [4, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert same(symmetrize_objects(grid), [[0] * 4, [4, 4, 0, 0], [4, 4, 0, 0], [0] * 4, [0] * 4])


def test_continue_pattern_repeats_the_smallest_periods():
    band = g([[0, 0, 0, 0], [2, 8, 2, 8], [0, 0, 0, 0]])
    assert same(continue_pattern(band, (3, 7)), [[0] * 7, [2, 8, 2, 8, 2, 8, 2], [0] * 7])
    assert same(continue_pattern(g([[1, 2, 3]]), (2, 4)), [[1, 2, 3, 1], [1, 2, 3, 1]])
    assert continue_pattern(band, (0, 4)) is NO_VALUE
    assert continue_pattern(band, (3, 31)) is NO_VALUE
    stripes = g([[1, 1], [2, 2], [3, 3], [1, 1], [2, 2]])  # rows repeat every 3
    assert same(continue_pattern(stripes, (9, 2)), [[c, c] for c in [1, 2, 3, 1, 2, 3, 1, 2, 3]])
    assert same(continue_pattern(stripes, (2, 3)), [[1, 1, 1], [2, 2, 2]])


def test_continue_pattern_follows_a_staircase_down():
    stairs = g(
        [
            [1, 1, 1, 0, 0, 0, 0],
            [0, 0, 1, 0, 0, 0, 0],
            [0, 0, 1, 1, 1, 0, 0],
            [0, 0, 0, 0, 1, 0, 0],
        ]
    )
    assert same(
        continue_pattern(stairs, (7, 7)),
        [
            [1, 1, 1, 0, 0, 0, 0],
            [0, 0, 1, 0, 0, 0, 0],
            [0, 0, 1, 1, 1, 0, 0],
            [0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 1, 1, 1],
            [0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 1],
        ],
    )


def test_mirror_about_reflects_the_grid_around_an_object():
    grid = g(
        [
            [2, 2, 0, 0, 0],
            [0, 0, 3, 0, 0],
            [0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
        ]
    )
    centre = Object(1, 2, np.array([[3]], dtype=np.int8))
    assert same(
        mirror_about(grid, centre),
        [
            [2, 2, 0, 2, 2],
            [0, 0, 3, 0, 0],
            [2, 2, 0, 2, 2],
            [0, 0, 0, 0, 0],
        ],
    )
    far = Object(40, 40, np.array([[3]], dtype=np.int8))
    assert same(mirror_about(grid, far), grid)


def test_reflect_across_lines_mirrors_into_every_quadrant():
    grid = g(
        [
            [2, 0, 5, 0, 0],
            [0, 0, 5, 0, 0],
            [5, 5, 5, 5, 5],
            [0, 0, 5, 0, 0],
            [0, 0, 5, 0, 0],
        ]
    )
    assert same(
        reflect_across_lines(grid),
        [
            [2, 0, 5, 0, 2],
            [0, 0, 5, 0, 0],
            [5, 5, 5, 5, 5],
            [0, 0, 5, 0, 0],
            [2, 0, 5, 0, 2],
        ],
    )
    assert reflect_across_lines(g([[0, 1], [1, 0]])) is NO_VALUE


def test_repeat_band_tiles_the_drawn_rows_in_phase():
    grid = g([[0, 0, 0], [0, 0, 0], [0, 0, 0], [1, 2, 1], [0, 3, 0]])
    # the band is rows 3-4 (period 2): row r repeats row 3 + (r - 3) mod 2
    assert same(repeat_band(grid), [[0, 3, 0], [1, 2, 1], [0, 3, 0], [1, 2, 1], [0, 3, 0]])


def test_repeat_band_uses_columns_when_the_drawing_spans_every_row():
    grid = g([[4, 0, 0, 0], [5, 0, 0, 0]])
    assert same(repeat_band(grid), [[4, 4, 4, 4], [5, 5, 5, 5]])
    assert repeat_band(g([[1, 0], [0, 1]])) is NO_VALUE


def test_reflect_colour_across_line_mirrors_one_colour_across_a_row_column_or_diagonal():
    column = g([[0, 1, 0], [2, 1, 0], [3, 1, 0]])
    assert same(reflect_colour_across_line(column, 2), [[0, 1, 0], [2, 1, 2], [3, 1, 0]])
    diagonal = g([[1, 0, 0], [2, 1, 0], [0, 0, 1]])
    assert same(reflect_colour_across_line(diagonal, 2), [[1, 2, 0], [2, 1, 0], [0, 0, 1]])
    two_lines = g([[1, 0, 0, 5], [1, 2, 0, 5], [1, 0, 0, 5]])
    assert reflect_colour_across_line(two_lines, 2) is NO_VALUE
    assert reflect_colour_across_line(column, 7) is NO_VALUE


def test_restore_common_shape_completes_every_copy_from_the_others():
    grid = np.zeros((10, 10), dtype=np.int8)
    grid[1:4, 1:4] = [[1, 1, 1], [1, 0, 1], [1, 1, 0]]  # missing its bottom-right corner
    grid[6:9, 5:8] = [[2, 2, 2], [0, 0, 2], [2, 2, 2]]  # missing its left side's middle
    ring = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.int8)
    expected = np.zeros_like(grid)
    expected[1:4, 1:4] = ring
    expected[6:9, 5:8] = 2 * ring
    assert same(restore_common_shape(g(grid.tolist())), expected)
    assert restore_common_shape(g([[0, 1], [0, 0]])) is NO_VALUE
    spread = np.zeros((14, 14), dtype=np.int8)
    spread[0, 0] = spread[13, 13] = 1
    spread[5, 5] = 2
    assert restore_common_shape(g(spread.tolist())) is NO_VALUE
