"""Every registered primitive keeps the DSL's contract: typed, pure, bounded, never raising."""

from __future__ import annotations

import functools
import itertools
import random
import re
import time
from pathlib import Path

import numpy as np
import pytest

from dsl.common import single_colour_components
from dsl.program import Program, parse
from dsl.registry import registry
from dsl.rules import Clause, Condition, Rule
from dsl.types import (
    MAX_OBJECTS,
    MAX_SIDE,
    NO_VALUE,
    ColourMap,
    Object,
    Palette,
    Table,
    make_grid,
)

MIN_PRIMITIVES = 120
SLOW_CALL_SECONDS = 0.5
MAX_COMBINATIONS = 150


def _sample_grids() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    sparse = np.zeros((12, 14), dtype=np.int8)
    sparse[2:5, 3:6] = 2
    sparse[7, 1:9] = 5
    sparse[9:11, 10:13] = 3
    sparse[3, 3] = 1
    return [
        make_grid([[0]]),
        make_grid([[4]]),
        make_grid([[1, 2], [3, 4]]),
        make_grid([[0, 1, 0], [1, 1, 1], [0, 1, 0]]),
        make_grid(sparse),
        make_grid(np.full((5, 5), 7)),
        make_grid(rng.integers(0, 10, size=(30, 30))),
        make_grid(rng.integers(0, 3, size=(1, 30))),
        make_grid(np.where(rng.random((30, 30)) < 0.15, 4, 0)),
    ]


def _samples() -> dict[str, list]:
    grids = _sample_grids()
    objs = single_colour_components(grids[4], diagonal=False, skip=0)
    many = single_colour_components(grids[6], diagonal=False, skip=None)
    assert objs is not NO_VALUE
    outside = Object(40, -5, make_grid([[1, 1]]).astype(np.int8))
    return {
        "Grid": grids,
        "Colour": [0, 3, 9],
        "Int": [-1, 0, 1, 2, 3, 31, 10_000],
        "Bool": [True, False],
        "Position": [(0, 0), (1, -1), (-40, 40), (29, 29)],
        "Shape": [(1, 1), (3, 3), (30, 30), (0, 5), (31, 2)],
        "Object": [objs[0], objs[-1], outside],
        "Objects": [(), objs, many if many is not NO_VALUE else objs, (outside,)],
        "Grids": [(), (grids[2],), (grids[2], grids[3]), (grids[3], grids[3]), tuple(grids)],
        "ColourMap": [ColourMap(range(10)), ColourMap.from_pairs({1: 2, 0: 5})],
        "Palette": [Palette.of([0]), Palette.of([0, 5, 9]), Palette.of(range(10))],
        "Rule": _sample_rules(),
        "Table": [
            Table.of({0: grids[2]}),
            Table.of({1: grids[0], 3: grids[6], 9: grids[3]}),
        ],
        "Program": _sample_programs(),
    }


def _sample_programs() -> list[Program]:
    return [
        parse("O = flip_h(I)"),
        parse("x1 = rot90(I)\nO = recolour_foreground(x1, 2)"),  # changes a box's shape
        parse("x1 = objects(I)\nx2 = first_object(x1)\nO = crop(I, x2)"),  # shrinks a box
    ]


def _sample_rules() -> list[Rule]:
    enclosed = Clause((Condition("colour", "=", 0), Condition("enclosed", "is")), 4)
    copy_ray = Clause((Condition("ray_right", "!=", "none"),), "ray_right")
    crowded = Clause((Condition("n8(fg)", ">=", 3), Condition("obj_border", "not")), "least")
    return [Rule(), Rule((enclosed,)), Rule((copy_ray, crowded)), Rule((crowded, enclosed))]


def _is_grid(value) -> bool:
    return (
        isinstance(value, np.ndarray)
        and value.dtype == np.int8
        and value.ndim == 2
        and 1 <= value.shape[0] <= MAX_SIDE
        and 1 <= value.shape[1] <= MAX_SIDE
        and not value.flags.writeable
        and value.min() >= 0
        and value.max() <= 9
    )


def _is_pair(value) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(type(v) is int for v in value)


def _is_object(value) -> bool:
    return (
        isinstance(value, Object)
        and type(value.top) is int
        and type(value.left) is int
        and value.cells.dtype == np.int8
        and value.cells.ndim == 2
        and bool((value.cells >= 0).any())
        and value.cells.max() <= 9
    )


CHECKS = {
    "Grid": _is_grid,
    "Colour": lambda v: type(v) is int and 0 <= v <= 9,
    "Int": lambda v: type(v) is int,
    "Bool": lambda v: type(v) is bool,
    "Position": _is_pair,
    "Shape": lambda v: _is_pair(v) and v[0] >= 1 and v[1] >= 1,
    "Object": _is_object,
    "Objects": lambda v: (
        isinstance(v, tuple) and len(v) <= MAX_OBJECTS and all(_is_object(o) for o in v)
    ),
    "Grids": lambda v: (
        isinstance(v, tuple) and len(v) <= MAX_OBJECTS and all(_is_grid(g) for g in v)
    ),
    "ColourMap": lambda v: isinstance(v, ColourMap) and len(v) == 10,
    "Palette": lambda v: isinstance(v, Palette),
    "Rule": lambda v: isinstance(v, Rule),
    "Table": lambda v: isinstance(v, Table),
    "Program": lambda v: isinstance(v, Program),
}


def test_registry_is_large_enough():
    assert len(registry()) >= MIN_PRIMITIVES


def test_every_primitive_has_a_docstring():
    assert [p.name for p in registry().values() if not p.doc] == []


@pytest.mark.parametrize("name", sorted(registry()))
def test_primitive_is_total_typed_and_bounded(name):
    prim = registry()[name]
    samples = _samples()
    combos = list(itertools.product(*(samples[t] for t in prim.arg_types)))
    random.Random(name).shuffle(combos)
    for args in combos[:MAX_COMBINATIONS]:
        frozen = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        prim.fn(*args)  # warm any per-shape cache, so the timed call is the steady state
        start = time.process_time()  # CPU time: other processes on the machine do not count
        result = prim.fn(*args)
        elapsed = time.process_time() - start
        assert elapsed < SLOW_CALL_SECONDS, f"{name}{args!r:.200} took {elapsed:.2f}s of CPU"
        assert result is NO_VALUE or CHECKS[prim.return_type](result), (
            f"{name} returned {result!r:.200} for {args!r:.300}"
        )
        if result is not NO_VALUE and prim.keeps_shape:
            assert result.shape == _shape_source(prim, args), f"{name} changed the shape"
        if result is not NO_VALUE and prim.makes_shape:
            assert result.shape == tuple(args[prim.shape_argument]), f"{name} missed the shape"
        for before, after in zip(frozen, args, strict=True):
            if isinstance(before, np.ndarray):
                assert np.array_equal(before, after), f"{name} changed its input"


def _shape_source(prim, args) -> tuple[int, ...]:
    """The shape a primitive that keeps its first Grid argument's shape must return."""
    return args[prim.shape_source].shape


def _task_grid_arguments(rng: random.Random, grid: np.ndarray) -> dict[str, list]:
    """Arguments that fit one grid of a real task: its colours, objects and offsets."""
    colours = sorted({int(c) for c in np.unique(grid)})
    found = single_colour_components(grid, diagonal=False, skip=None)
    objs = tuple(found[:12]) if found is not NO_VALUE else ()
    return {
        "Grid": [grid],
        "Colour": colours + [rng.randrange(10)],
        "Int": [0, 1, 2, 3],
        "Position": [(0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (2, -3)],
        "Object": list(objs) or _samples()["Object"],
        "Objects": [objs, objs[:1], objs[1:3]],
        "Palette": [Palette.of(colours)],
        "ColourMap": [ColourMap.from_pairs({c: (c + 1) % 10 for c in colours})],
        "Program": _sample_programs(),
    }


KEEPS_SHAPE = sorted(name for name, prim in registry().items() if prim.keeps_shape)

RARELY_GIVEN = {"cells_to_panels", "paste_panel", "fill_object_interior", "move_until_touching"}
"""Primitives whose preconditions random arguments seldom meet (their unit tests cover them)."""


@functools.cache
def _training_tasks() -> list:
    from dsl.task import load_tasks

    return load_tasks("arc-agi-1/training").tasks


@pytest.mark.parametrize("name", KEEPS_SHAPE)
def test_a_primitive_that_keeps_shape_does_on_task_grids(name):
    """The search rules out grids by the shape they would have, so the flag must hold always."""
    prim = registry()[name]
    rng = random.Random(name)
    tasks = _training_tasks()
    given = 0
    for task in rng.sample(tasks, 40):
        pair = rng.choice(task.train)
        for grid in (make_grid(pair.input), make_grid(pair.output)):
            pools = _task_grid_arguments(rng, grid)
            second = make_grid(pair.output if grid is pair.input else pair.input)
            pools["Grid"] = [grid, second]
            for _ in range(6):
                args = [rng.choice(pools[t]) for t in prim.arg_types]
                result = prim.fn(*args)
                if result is not NO_VALUE:
                    given += 1
                    assert result.shape == _shape_source(prim, args), f"{name} on {task.id}"
    assert given > 0 or name in RARELY_GIVEN


MAKES_SHAPE = sorted(name for name, prim in registry().items() if prim.makes_shape)


@pytest.mark.parametrize("name", MAKES_SHAPE)
def test_a_primitive_that_makes_a_shape_makes_it_on_task_grids(name):
    """The search rules these out by their Shape argument too, so the flag must hold always."""
    prim = registry()[name]
    rng = random.Random(name)
    given = 0
    for task in rng.sample(_training_tasks(), 40):
        pair = rng.choice(task.train)
        grid, output = make_grid(pair.input), make_grid(pair.output)
        pools = _task_grid_arguments(rng, grid)
        pools["Shape"] = [grid.shape, output.shape, (1, 30), (30, 30), (0, 4), (31, 2), (7, 3)]
        for shape in pools["Shape"]:
            args = [shape if t == "Shape" else rng.choice(pools[t]) for t in prim.arg_types]
            result = prim.fn(*args)
            if result is not NO_VALUE:
                given += 1
                assert result.shape == tuple(shape), f"{name} on {task.id}"
    assert given > 0


def test_only_grid_to_grid_primitives_keep_shape():
    from dsl.registry import primitive
    from dsl.types import Grid, Int

    with pytest.raises(TypeError, match="keep its argument's shape"):

        @primitive(keeps_shape=True)
        def count_of_nothing(grid: Grid) -> Int:
            """Not a grid."""
            return 0

    with pytest.raises(TypeError, match="make that shape"):

        @primitive(makes_shape=True)
        def grid_without_shape(grid: Grid) -> Grid:
            """No Shape argument."""
            return grid


def test_every_primitive_has_a_unit_test():
    """Each primitive is called by name in some family test file (not just this contract)."""
    here = Path(__file__).parent
    text = "\n".join(p.read_text() for p in here.glob("test_*.py") if p.name != Path(__file__).name)
    untested = [n for n in registry() if not re.search(rf"\b{n}\(", text)]
    assert untested == []
