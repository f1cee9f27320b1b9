"""Cell rules: their text reads back to the same rule, and apply_rule decides cells in order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsl.cells import COLOUR_FEATURES, FEATURES, ROLES
from dsl.program import (
    RULE_CONDITION_COST,
    Literal,
    Program,
    ProgramError,
    Ref,
    Step,
    literal_cost,
    parse,
    run,
)
from dsl.rules import (
    MAX_CONDITIONS,
    MAX_INT,
    OPS,
    Clause,
    Condition,
    Rule,
    RuleError,
    apply_rule,
    parse_rule,
)
from tests.dsl.conftest import g, same

COLOUR_TOKENS = st.one_of(
    st.integers(0, 9), st.sampled_from(ROLES), st.sampled_from(COLOUR_FEATURES)
)


@st.composite
def conditions(draw) -> Condition:
    spec = draw(st.sampled_from(FEATURES))
    op = draw(st.sampled_from(OPS[spec.kind]))
    if spec.kind == "bool":
        return Condition(spec.name, op)
    if spec.kind in ("int", "index"):
        return Condition(spec.name, op, draw(st.integers(0, MAX_INT)))
    return Condition(spec.name, op, draw(st.one_of(COLOUR_TOKENS, st.just("none"))))


clauses = st.builds(
    Clause, st.lists(conditions(), min_size=1, max_size=MAX_CONDITIONS).map(tuple), COLOUR_TOKENS
)
rules = st.builds(Rule, st.lists(clauses, max_size=6).map(tuple))


@settings(max_examples=300, deadline=None)
@given(rules)
def test_every_printed_rule_parses_back_to_an_equal_rule(rule):
    assert parse_rule(str(rule)) == rule


@settings(max_examples=50, deadline=None)
@given(rules)
def test_a_rule_literal_round_trips_inside_a_program(rule):
    program = Program((Step("O", "apply_rule", (Ref("I"), Literal(rule))),))
    assert parse(str(program)) == program


def test_a_rule_reads_like_its_text():
    text = "O = apply_rule(I, [colour=0 & enclosed -> 4; n8(1)>=3 -> 1; colour=5 -> mirror_lr])"
    rule = parse(text).steps[0].args[1].value
    assert rule.clauses[0] == Clause((Condition("colour", "=", 0), Condition("enclosed", "is")), 4)
    assert rule.clauses[2].output == "mirror_lr"
    assert rule.size == 4
    assert str(parse(text)) == text


def test_spaces_inside_a_rule_are_optional():
    assert parse_rule("[ colour = 0&!enclosed->bg ]") == parse_rule("[colour=0 & !enclosed -> bg]")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[colour=0 -> 4; foo>=3 -> 1]", "rule clause 2: unknown feature 'foo'"),
        ("[enclosed=1 -> 4]", "yes/no feature"),
        ("[colour>=3 -> 1]", "colour feature"),
        ("[row=red -> 1]", "integer"),
        ("[colour=0 -> 12]", "output 12"),
        ("[colour=0 4]", "'conditions -> output'"),
        ("[-> 4]", "no condition"),
        ("[row=1 & col=1 & colour=0 & enclosed -> 4]", "1 to 3 conditions"),
        ("colour=0 -> 4", "[clause; clause; ...]"),
        ("[row -> 4]", "compare it with a value"),
        ("[panel_row>=1 -> 4]", "an index feature: it takes ="),
    ],
)
def test_a_malformed_rule_is_an_error_naming_what_is_wrong(text, message):
    with pytest.raises(RuleError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_rule(text)


def test_a_malformed_rule_in_a_program_names_its_line():
    with pytest.raises(ProgramError, match="line 2: rule clause 1: unknown feature 'nope'"):
        parse("x1 = flip_h(I)\nO = apply_rule(x1, [nope -> 3])")


def test_nothing_in_a_rule_is_evaluated():
    with pytest.raises(ProgramError):
        parse("O = apply_rule(I, [__import__('os') -> 1])")


def test_a_rule_literal_stands_only_where_a_rule_is_expected():
    with pytest.raises(ProgramError, match="not a Colour"):
        parse("O = fill_grid(I, [colour=0 -> 1])")
    with pytest.raises(ProgramError, match="not a Rule"):
        parse("O = apply_rule(I, 3)")


# ----------------------------------------------------------------------------------- apply_rule

BOX = g(
    [
        [0, 0, 0, 0, 0],
        [0, 2, 2, 2, 0],
        [0, 2, 0, 2, 0],
        [0, 2, 2, 2, 0],
        [0, 0, 0, 0, 0],
    ]
)


def test_the_empty_rule_keeps_every_cell():
    assert same(apply_rule(BOX, Rule()), BOX)


def test_a_clause_recolours_the_cells_it_decides():
    rule = parse_rule("[enclosed -> 4]")
    expected = BOX.copy()
    expected[2, 2] = 4
    assert same(apply_rule(BOX, rule), expected)


def test_the_first_clause_that_decides_a_cell_wins():
    first = apply_rule(BOX, parse_rule("[colour=2 & row=1 -> 5; colour=2 -> 6]"))
    assert first[1, 1] == 5 and first[3, 1] == 6


def test_a_clause_whose_output_has_no_colour_leaves_the_cell_to_the_next():
    rule = parse_rule("[colour=0 -> ray_right; colour=0 -> 7]")
    out = apply_rule(BOX, rule)
    assert out[2, 0] == 2  # the ray meets the box
    assert out[0, 0] == 7  # the ray leaves the grid: the next clause decides


def test_only_none_matches_a_missing_colour():
    out = apply_rule(g([[1, 2, 1]]), parse_rule("[mirror_diag=most -> 3; mirror_diag=none -> 4]"))
    assert same(out, [[4, 4, 4]])


def test_a_role_carries_a_rule_to_colours_no_demonstration_shows():
    rule = parse_rule("[enclosed -> least]")
    grid = np.where(BOX == 2, 8, 0)
    grid[4, 4] = 6
    out = apply_rule(g(grid), rule)
    assert out[2, 2] == 6


def test_apply_rule_runs_inside_a_program():
    program = parse("x1 = flip_h(I)\nO = apply_rule(x1, [enclosed -> 3])")
    assert run(program, BOX)[2, 2] == 3


def test_apply_rule_leaves_its_input_alone():
    grid = np.array(BOX)
    apply_rule(grid, parse_rule("[colour=0 -> 1]"))
    assert same(grid, BOX)


def test_a_rule_costs_more_the_more_conditions_it_tests():
    short = parse("O = apply_rule(I, [enclosed -> 4])")
    long = parse("O = apply_rule(I, [enclosed -> 4; colour=2 & n8(0)>=3 -> 1])")
    assert literal_cost(Rule()) == literal_cost(3)
    assert long.cost - short.cost == pytest.approx(2 * RULE_CONDITION_COST)
