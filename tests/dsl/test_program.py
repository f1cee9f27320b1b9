"""Programs: parsing, printing, type checking and interpretation."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsl.program import (
    Literal,
    Program,
    ProgramError,
    Ref,
    Step,
    apply,
    check_types,
    parse,
    run,
    run_traced,
)
from dsl.registry import registry
from dsl.types import NO_VALUE, ColourMap, Palette, Table
from tests.dsl.conftest import g, same

CROP_LARGEST = """x1 = objects(I)
x2 = largest(x1)
O = crop(I, x2)"""


def test_print_then_parse_round_trips_exactly():
    program = parse(CROP_LARGEST)
    assert str(program) == CROP_LARGEST
    assert parse(str(program)) == program


def test_literals_round_trip():
    text = "x1 = shift(I, (1, -2))\nx2 = apply_colour_map(x1, {1:2, 3:4})\nO = scale_up(x2, 2)"
    program = parse(text)
    assert str(program) == text
    assert program.steps[1].args[1] == Literal(ColourMap.from_pairs({1: 2, 3: 4}))


def test_a_palette_is_a_set_of_colours_and_round_trips():
    text = "x1 = normalise_colours(I, {0, 5})\nO = restore_colours(x1, I, {0, 5})"
    program = parse(text)
    assert str(program) == text
    assert program.steps[0].args[1] == Literal(Palette.of([5, 0]))
    assert str(parse("O = normalise_colours(I, {5,0,5})")) == "O = normalise_colours(I, {0, 5})"
    with pytest.raises(ProgramError, match="Palette"):
        parse("O = normalise_colours(I, (0, 5))")


def test_a_table_of_grids_round_trips_and_looks_up_by_key():
    text = "x1 = count_colours(I)\nO = lookup(x1, <1: 01/10; 3: 222>)"
    program = parse(text)
    assert str(program) == text and parse(str(program)) == program
    table = program.steps[1].args[1].value
    assert isinstance(table, Table) and [k for k, _ in table] == [1, 3]
    assert same(run(program, g([[5, 5], [5, 5]])), [[0, 1], [1, 0]])
    assert same(run(program, g([[1, 2], [3, 3]])), [[2, 2, 2]])
    assert run(program, g([[1, 2]])) is NO_VALUE  # two colours: the table has no entry
    assert str(parse("O = lookup(1, <3: 2; 1: 0>)")) == "O = lookup(1, <1: 0; 3: 2>)"


@pytest.mark.parametrize(
    "table, message",
    [
        ("<1: 01/1>", "not a grid"),
        ("<1: 0; 1: 2>", "appears twice"),
        ("<1 = 0>", "bad table entry"),
        ("<>", "bad table entry"),
        ("<1: " + "1" * 31 + ">", "not a grid"),
        ("<" + "; ".join(f"{k}: 1" for k in range(11)) + ">", "at most"),
    ],
)
def test_a_malformed_table_is_a_clear_error(table: str, message: str):
    with pytest.raises(ProgramError, match=message):
        parse(f"O = lookup(1, {table})")
    with pytest.raises(ProgramError, match="Table"):
        parse("O = lookup(1, {0, 5})")


def test_comments_and_blank_lines_are_ignored():
    program = parse(
        "# crop the biggest thing\n\nx1 = objects(I)  # all of them\n"
        "x2 = largest(x1)\nO = crop(I, x2)\n"
    )
    assert str(program) == CROP_LARGEST


def test_interpreter_runs_and_traces_every_binding():
    grid = g([[0, 0, 0, 0], [0, 2, 2, 0], [0, 2, 2, 0], [3, 0, 0, 0]])
    program = parse(CROP_LARGEST)
    assert same(run(program, grid), [[2, 2], [2, 2]])
    names = [name for name, _ in run_traced(program, grid)]
    assert names == ["I", "x1", "x2", "O"]


def test_no_value_propagates_instead_of_raising():
    program = parse("x1 = objects(I)\nx2 = largest(x1)\nO = crop(I, x2)")
    assert run(program, g([[5, 5], [5, 5]])) is NO_VALUE


def _failing(error: Exception):
    def fail(grid):
        raise error

    return fail


def test_a_failing_primitive_has_no_value_but_running_out_of_memory_ends_the_run(monkeypatch):
    flip = registry()["flip_h"]
    monkeypatch.setitem(registry(), "flip_h", replace(flip, fn=_failing(ValueError("bad"))))
    assert apply("flip_h", (g([[1, 2]]),)) is NO_VALUE
    monkeypatch.setitem(registry(), "flip_h", replace(flip, fn=_failing(MemoryError())))
    with pytest.raises(MemoryError):
        apply("flip_h", (g([[1, 2]]),))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("O = no_such_thing(I)", "unknown primitive"),
        ("O = rot90(I, I)", "takes 1 arguments"),
        ("O = crop(I, I)", "wants Object"),
        ("O = rot90(x9)", "not defined"),
        ("x1 = rot90(I)", "must bind O"),
        ("O = rot90(I)\nx1 = rot90(O)", "must bind O"),
        ("x1 = rot90(I)\nx1 = rot90(x1)\nO = rot90(x1)", "bound twice"),
        ("O = replace_colour(I, 12, 3)", "not a Colour"),
        ("O = rot90(I", "expected 'name = primitive(args)'"),
        ("O = __import__('os')", "cannot read argument"),
        ("O = apply_colour_map(I, {1:x})", "bad colour map entry"),
        ("O = shift(I, (1, 2)))", "unbalanced"),
        ("", "at least one step"),
    ],
)
def test_bad_programs_get_clear_errors(text, message):
    with pytest.raises(ProgramError, match=re.escape(message)):
        parse(text)


def test_type_check_reports_the_output_type():
    assert check_types(parse("O = objects(I)")) == "Objects"
    assert check_types(parse(CROP_LARGEST)) == "Grid"


def test_cost_grows_with_steps_and_literals():
    one = parse("O = rot90(I)")
    two = parse("x1 = rot90(I)\nO = rot90(x1)")
    with_literal = parse("O = scale_up(I, 2)")
    assert one.cost < two.cost
    assert one.cost < with_literal.cost
    assert len(two) == 2


unary_grid_primitives = sorted(
    p.name for p in registry().values() if p.arg_types == ("Grid",) and p.return_type == "Grid"
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(unary_grid_primitives), min_size=1, max_size=5))
def test_any_chain_of_grid_primitives_round_trips(names):
    steps = []
    previous = "I"
    for index, name in enumerate(names, start=1):
        target = "O" if index == len(names) else f"x{index}"
        steps.append(Step(target, name, (Ref(previous),)))
        previous = target
    program = Program(tuple(steps))
    assert parse(str(program)) == program
