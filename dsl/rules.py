"""Cell rules: an ordered decision list saying what each cell of a grid becomes.

    [colour=0 & enclosed -> 4; n8(1)>=3 -> 1; colour=5 -> mirror_lr]

Each clause is a conjunction of 1-3 conditions on the cell's features (dsl/cells.py) and an
output: a colour, a role (`bg`, `most`, `least`, `largest`) or a colour feature to copy. The
first clause whose conditions hold and whose output has a colour at the cell decides it; a cell
no clause decides keeps its colour. Conditions read:

    colour=0   ray_right!=none   n_up=colour   (colour features: = or != a colour, "none",
                                                 a role or another colour feature)
    n8(1)>=3   obj_size=2        row<=4        (int features: =, >=, <= an integer)
    enclosed   !obj_border                     (bool features: holds, or not)

The text is read by a small grammar (`parse_rule`); nothing is ever evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np

from dsl.cells import COLOUR_FEATURES, KINDS, NONE, ROLES, CellFeatures, cell_features
from dsl.registry import primitive
from dsl.types import NO_VALUE, Grid, freeze

MAX_CONDITIONS: Final = 3
"""Most conditions in one clause."""

OPS: Final = {
    "colour": ("=", "!="),
    "int": ("=", ">=", "<="),
    "index": ("=",),
    "bool": ("is", "not"),
}
"""The comparisons each feature kind allows (a bool condition holds or does not)."""

NUMERIC_KINDS: Final = ("int", "index")
"""Feature kinds compared with an integer."""

MAX_INT: Final = 9_999


class RuleError(ValueError):
    """A rule that is not well formed (the program parser adds the line)."""


def _colour_token_ok(token: int | str, allow_none: bool) -> bool:
    if isinstance(token, bool):
        return False
    if isinstance(token, int):
        return 0 <= token <= 9
    return token in ROLES or token in COLOUR_FEATURES or (allow_none and token == "none")


@dataclass(frozen=True)
class Condition:
    """One test of a cell feature: `feature op value` (bool features: `feature` or `!feature`)."""

    feature: str
    op: str
    value: int | str | None = None

    def __post_init__(self) -> None:
        kind = KINDS.get(self.feature)
        if kind is None:
            raise RuleError(f"unknown feature {self.feature!r}")
        if self.op not in OPS[kind]:
            article = "an" if kind[0] in "aeiou" else "a"
            raise RuleError(
                f"{self.feature} is {article} {kind} feature: it takes {' '.join(OPS[kind])}"
            )
        if kind == "bool" and self.value is not None:
            raise RuleError(f"{self.feature} is a yes/no feature: it takes no value")
        if kind in NUMERIC_KINDS and not (type(self.value) is int and 0 <= self.value <= MAX_INT):
            raise RuleError(f"{self.feature} compares with an integer 0-{MAX_INT}")
        if kind == "colour" and not _colour_token_ok(self.value, allow_none=True):
            raise RuleError(
                f"{self.feature} compares with a colour 0-9, none, a role or a colour feature"
            )

    def __str__(self) -> str:
        if self.op == "is":
            return self.feature
        if self.op == "not":
            return f"!{self.feature}"
        return f"{self.feature}{self.op}{self.value}"

    def holds(self, features: CellFeatures) -> np.ndarray:
        """Where on the grid the condition holds."""
        values = features.values[self.feature]
        if self.op in ("is", "not"):
            return values if self.op == "is" else ~values
        if KINDS[self.feature] in NUMERIC_KINDS:
            return compare_ints(values, self.op, int(self.value))
        return compare_colours(values, self.op, features.colour_of(self.value), self.value)


def compare_ints(values: np.ndarray, op: str, number: int) -> np.ndarray:
    """Where an int feature compares as `op` with a number."""
    if op == "=":
        return values == number
    return values >= number if op == ">=" else values <= number


def compare_colours(values: np.ndarray, op: str, other: np.ndarray, token: int | str) -> np.ndarray:
    """Where a colour feature equals (or not) another colour; only "none" matches no colour."""
    equal = values == other
    if token != "none":
        equal &= other != NONE
    return equal if op == "=" else ~equal


@dataclass(frozen=True)
class Clause:
    """Conditions that all hold -> the colour the cell becomes."""

    conditions: tuple[Condition, ...]
    output: int | str

    def __post_init__(self) -> None:
        if not 1 <= len(self.conditions) <= MAX_CONDITIONS:
            raise RuleError(f"a clause takes 1 to {MAX_CONDITIONS} conditions")
        if not _colour_token_ok(self.output, allow_none=False):
            raise RuleError(f"output {self.output!r} is not a colour, a role or a colour feature")

    def __str__(self) -> str:
        return " & ".join(str(c) for c in self.conditions) + f" -> {self.output}"


@dataclass(frozen=True)
class Rule:
    """An ordered decision list of clauses; cells no clause decides keep their colour."""

    clauses: tuple[Clause, ...] = ()

    @property
    def size(self) -> int:
        """How many conditions the rule tests in all (its price in a program)."""
        return sum(len(c.conditions) for c in self.clauses)

    def __str__(self) -> str:
        return "[" + "; ".join(str(c) for c in self.clauses) + "]"


# ------------------------------------------------------------------------------------- grammar

_FEATURE = r"[a-z_][a-z0-9_]*(?:\([a-z0-9]+\))?"
_BOOL = re.compile(rf"^(!?)\s*({_FEATURE})$")
_COMPARE = re.compile(rf"^({_FEATURE})\s*(!=|>=|<=|=)\s*([a-z0-9_]+(?:\([a-z0-9]+\))?)$")


def _token(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def _condition(text: str) -> Condition:
    compare = _COMPARE.match(text)
    if compare:
        feature, op, value = compare.groups()
        if KINDS.get(feature) == "bool":
            raise RuleError(f"{feature} is a yes/no feature: write {feature} or !{feature}")
        return Condition(feature, op, _token(value))
    flag = _BOOL.match(text)
    if flag:
        negated, feature = flag.groups()
        if feature in KINDS and KINDS[feature] != "bool":
            raise RuleError(f"{feature} is a {KINDS[feature]} feature: compare it with a value")
        return Condition(feature, "not" if negated else "is")
    raise RuleError(f"cannot read condition {text!r}")


def _clause(text: str) -> Clause:
    if text.count("->") != 1:
        raise RuleError(f"a clause is 'conditions -> output', got {text!r}")
    left, right = (part.strip() for part in text.split("->"))
    if not left:
        raise RuleError(f"clause {text!r} has no condition")
    conditions = tuple(_condition(part.strip()) for part in left.split("&"))
    if not re.fullmatch(r"[a-z0-9_]+", right):
        raise RuleError(f"cannot read output {right!r}")
    return Clause(conditions, _token(right))


def parse_rule(text: str) -> Rule:
    """A rule from its text `[clause; clause; ...]`, or RuleError saying which clause is wrong."""
    text = text.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise RuleError(f"a rule is written [clause; clause; ...], got {text!r}")
    body = text[1:-1].strip()
    if not body:
        return Rule()
    clauses = []
    for number, part in enumerate(body.split(";"), start=1):
        try:
            clauses.append(_clause(part.strip()))
        except RuleError as error:
            raise RuleError(f"rule clause {number}: {error}") from None
    return Rule(tuple(clauses))


# ----------------------------------------------------------------------------------- primitive


@primitive(searchable=False)
def apply_rule(grid: Grid, rule: Rule) -> Grid:
    """Recolour each cell by the first clause of a cell rule that decides it (others keep)."""
    if not isinstance(rule, Rule):
        return NO_VALUE
    features = cell_features(grid)
    out = np.array(grid, dtype=np.int8)
    undecided = np.ones(grid.shape, dtype=bool)
    for clause in rule.clauses:
        fires = undecided.copy()
        for condition in clause.conditions:
            fires &= condition.holds(features)
        colour = features.colour_of(clause.output)
        fires &= colour != NONE
        out[fires] = colour[fires]
        undecided &= ~fires
    return freeze(out)
