"""Programs as flat named bindings, with an interpreter, a printer and a parser that round-trip.

    x1 = objects(I)
    x2 = largest(x1)
    O = crop(I, x2)

`I` is the input grid; each line binds one new name; the last line binds `O`, the output.
Arguments are earlier names or literals: integers (`3`), pairs (`(2, 3)`), colour maps
(`{1:2, 3:4}`), palettes (sets of colours, `{0, 5}`), cell rules
(`[colour=0 & enclosed -> 4; n8(1)>=3 -> 1]`, see dsl/rules.py) and tables of grids by key
(`<1: 01/10; 3: 222>`, rows of digits split by `/`, see dsl/lookup.py) and whole programs run on
parts of a grid (`«x1 = rot90(I); O = flip_h(x1)»`, its lines split by `;`, see dsl/parts.py; a
program literal holds none of its own).
Parsing never evaluates text: it is a small hand-written grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dsl.registry import get
from dsl.rules import Rule, RuleError, parse_rule
from dsl.types import MAX_SIDE, NO_VALUE, ColourMap, Palette, Table, make_grid

INPUT = "I"
OUTPUT = "O"
LITERAL_COST = 0.25
RULE_CONDITION_COST = 1.0
TABLE_ENTRY_COST = 1.0
MAX_TABLE_ENTRIES = 10
OPEN_PROGRAM, CLOSE_PROGRAM = "\u00ab", "\u00bb"
"""The brackets of a program literal: « and »."""


@dataclass(frozen=True)
class Ref:
    """A reference to the input or to an earlier binding."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Literal:
    """A constant argument: an int, a pair of ints, a ColourMap, a Palette, a cell Rule, a
    Table of grids or a Program."""

    value: int | tuple[int, int] | ColourMap | Palette | Rule | Table | Program

    def __str__(self) -> str:
        if isinstance(self.value, Program):
            return OPEN_PROGRAM + "; ".join(str(s) for s in self.value.steps) + CLOSE_PROGRAM
        if isinstance(self.value, Table):
            return "<" + "; ".join(f"{k}: {_grid_text(g)}" for k, g in self.value) + ">"
        if isinstance(self.value, ColourMap):
            return "{" + ", ".join(f"{a}:{b}" for a, b in self.value.changed().items()) + "}"
        if isinstance(self.value, Palette):
            return "{" + ", ".join(str(c) for c in self.value) + "}"
        if isinstance(self.value, tuple):
            return f"({self.value[0]}, {self.value[1]})"
        return str(self.value)


def _grid_text(grid: Any) -> str:
    return "/".join("".join(str(int(c)) for c in row) for row in grid)


Arg = Ref | Literal


@dataclass(frozen=True)
class Step:
    """One binding: `target = op(args...)`."""

    target: str
    op: str
    args: tuple[Arg, ...]

    def __str__(self) -> str:
        return f"{self.target} = {self.op}({', '.join(str(a) for a in self.args)})"


class ProgramError(ValueError):
    """A program that does not parse or does not type-check."""


@dataclass(frozen=True)
class Program:
    """A straight-line program from the input grid `I` to the output `O`."""

    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        check_types(self)

    def __str__(self) -> str:
        return "\n".join(str(s) for s in self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def cost(self) -> float:
        """Sum of the primitives' costs plus each literal's (simpler is cheaper)."""
        literals = sum(
            literal_cost(a.value) for s in self.steps for a in s.args if isinstance(a, Literal)
        )
        return sum(get(s.op).cost for s in self.steps) + literals

    def primitives(self) -> list[str]:
        return [s.op for s in self.steps]


def literal_cost(value: Any) -> float:
    """A literal's price in a program: a small charge, plus one per condition of a cell rule."""
    if isinstance(value, Rule):
        return LITERAL_COST + RULE_CONDITION_COST * value.size
    if isinstance(value, Table):
        return LITERAL_COST + TABLE_ENTRY_COST * len(value)
    if isinstance(value, Program):
        return LITERAL_COST + value.cost
    return LITERAL_COST


def literal_type_ok(value: Any, type_name: str) -> bool:
    """Whether a literal may stand where `type_name` is expected."""
    if type_name == "Rule":
        return isinstance(value, Rule)
    if type_name == "Table":
        return isinstance(value, Table)
    if type_name == "Program":
        return isinstance(value, Program)
    if isinstance(value, (Rule, Table, Program)):
        return False
    if type_name == "ColourMap":
        return isinstance(value, ColourMap)
    if type_name == "Palette":
        return isinstance(value, Palette) and len(value) > 0
    if type_name in ("Position", "Shape"):
        return isinstance(value, tuple) and not isinstance(value, (ColourMap, Palette))
    if type_name == "Colour":
        return isinstance(value, int) and 0 <= value <= 9
    if type_name == "Int":
        return isinstance(value, int)
    if type_name == "Bool":
        return value in (0, 1)
    return False


def check_types(program: Program) -> str:
    """Type-check a program; return the type of `O` or raise ProgramError."""
    if not program.steps:
        raise ProgramError("a program needs at least one step")
    types = {INPUT: "Grid"}
    for index, step in enumerate(program.steps, start=1):
        where = f"line {index} ({step})"
        try:
            prim = get(step.op)
        except KeyError as error:
            raise ProgramError(f"{where}: {error.args[0]}") from None
        if len(step.args) != len(prim.arg_types):
            raise ProgramError(f"{where}: {prim.signature} takes {len(prim.arg_types)} arguments")
        for arg, expected in zip(step.args, prim.arg_types, strict=True):
            if isinstance(arg, Ref):
                if arg.name not in types:
                    raise ProgramError(f"{where}: {arg.name!r} is not defined before this line")
                if types[arg.name] != expected:
                    raise ProgramError(
                        f"{where}: {arg.name} is {types[arg.name]}, {prim.name} wants {expected}"
                    )
            elif not literal_type_ok(arg.value, expected):
                raise ProgramError(f"{where}: literal {arg} is not a {expected}")
        last = index == len(program.steps)
        if step.target in types:
            raise ProgramError(f"{where}: {step.target!r} is bound twice")
        if last != (step.target == OUTPUT):
            raise ProgramError(f"{where}: the last line, and only it, must bind {OUTPUT}")
        types[step.target] = prim.return_type
    return types[OUTPUT]


# ---------------------------------------------------------------------------------- interpreter


def _resolve(arg: Arg, env: dict[str, Any]) -> Any:
    return env[arg.name] if isinstance(arg, Ref) else arg.value


def apply(op: str, args: tuple[Any, ...]) -> Any:
    """Call a primitive on evaluated arguments; any NO_VALUE in, or any failure, gives NO_VALUE."""
    if any(a is NO_VALUE for a in args):
        return NO_VALUE
    try:
        result = get(op).fn(*args)
    except MemoryError:
        raise  # the process is over its memory limit: not the primitive's failure
    except Exception:  # a primitive must never take the search down; its failure is "no value"
        return NO_VALUE
    return NO_VALUE if result is None else result


def run_traced(program: Program, grid: Any) -> list[tuple[str, Any]]:
    """Run a program on one input, returning every binding's value in order (I first)."""
    env: dict[str, Any] = {INPUT: grid}
    trace: list[tuple[str, Any]] = [(INPUT, grid)]
    for step in program.steps:
        value = apply(step.op, tuple(_resolve(a, env) for a in step.args))
        env[step.target] = value
        trace.append((step.target, value))
    return trace


def run(program: Program, grid: Any) -> Any:
    """The output of a program on one input grid (NO_VALUE where a step has no value)."""
    return run_traced(program, grid)[-1][1]


# --------------------------------------------------------------------------------------- parser

_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT = re.compile(r"^-?\d{1,4}$")
_PAIR = re.compile(r"^\(\s*(-?\d{1,4})\s*,\s*(-?\d{1,4})\s*\)$")
_MAP_ENTRY = re.compile(r"^\s*(\d)\s*:\s*(\d)\s*$")
_PALETTE = re.compile(r"^\{\s*\d(\s*,\s*\d)*\s*\}$")
_TABLE_ENTRY = re.compile(r"^\s*(-?\d{1,4})\s*:\s*([0-9]+(?:/[0-9]+)*)\s*$")


def _split_args(text: str, where: str, separator: str = ",") -> list[str]:
    """Split an argument list on top-level commas (pairs and maps hold commas of their own), or
    a program literal's body on top-level `separator`s."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "({[" + OPEN_PROGRAM:
            depth += 1
        elif char in ")}]" + CLOSE_PROGRAM:
            depth -= 1
            if depth < 0:
                raise ProgramError(f"{where}: unbalanced brackets")
        if char == separator and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if depth != 0:
        raise ProgramError(f"{where}: unbalanced brackets")
    tail = "".join(current).strip()
    if tail or parts:
        parts.append(tail)
    return parts


def _parse_arg(text: str, where: str) -> Arg:
    if _NAME.match(text):
        return Ref(text)
    if _INT.match(text):
        return Literal(int(text))
    pair = _PAIR.match(text)
    if pair:
        return Literal((int(pair.group(1)), int(pair.group(2))))
    if _PALETTE.match(text):
        return Literal(Palette.of(int(c) for c in text[1:-1].split(",")))
    if text.startswith("{") and text.endswith("}"):
        body = text[1:-1].strip()
        entries = {}
        for entry in body.split(",") if body else []:
            match = _MAP_ENTRY.match(entry)
            if not match:
                raise ProgramError(f"{where}: bad colour map entry {entry.strip()!r}")
            entries[int(match.group(1))] = int(match.group(2))
        return Literal(ColourMap.from_pairs(entries))
    if text.startswith("<") and text.endswith(">"):
        return Literal(_parse_table(text[1:-1], where))
    if text.startswith(OPEN_PROGRAM) and text.endswith(CLOSE_PROGRAM):
        return Literal(_parse_program_literal(text[1:-1], where))
    if text.startswith("["):
        try:
            return Literal(parse_rule(text))
        except RuleError as error:
            raise ProgramError(f"{where}: {error}") from None
    raise ProgramError(f"{where}: cannot read argument {text!r}")


def _parse_table(body: str, where: str) -> Table:
    """`1: 01/10; 3: 222` -> a Table (rows of one length, at most MAX_SIDE of them)."""
    entries: dict[int, Any] = {}
    for entry in body.split(";"):
        match = _TABLE_ENTRY.match(entry)
        if not match:
            raise ProgramError(f"{where}: bad table entry {entry.strip()!r}")
        key, rows = int(match.group(1)), match.group(2).split("/")
        ragged = len({len(row) for row in rows}) != 1 or len(rows) > MAX_SIDE
        grid = None if ragged else make_grid([[int(c) for c in row] for row in rows])
        if grid is None or grid is NO_VALUE:
            raise ProgramError(f"{where}: table entry {key} is not a grid")
        if key in entries:
            raise ProgramError(f"{where}: table key {key} appears twice")
        entries[key] = grid
    if len(entries) > MAX_TABLE_ENTRIES:
        raise ProgramError(f"{where}: a table holds at most {MAX_TABLE_ENTRIES} entries")
    return Table.of(entries)


def _parse_program_literal(body: str, where: str) -> Program:
    """`x1 = rot90(I); O = flip_h(x1)` -> a Program (holding no program literal itself)."""
    if OPEN_PROGRAM in body:
        raise ProgramError(f"{where}: a program literal cannot hold another")
    lines = _split_args(body, where, separator=";")
    try:
        return parse("\n".join(lines))
    except ProgramError as error:
        raise ProgramError(f"{where}: in the program literal, {error}") from None


def parse(text: str) -> Program:
    """Parse program text (one binding per line; blank lines and # comments ignored)."""
    steps = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"line {number}"
        match = _LINE.match(line)
        if not match:
            raise ProgramError(f"{where}: expected 'name = primitive(args)', got {line!r}")
        target, op, arg_text = match.groups()
        args = tuple(_parse_arg(a, where) for a in _split_args(arg_text, where))
        steps.append(Step(target, op, args))
    return Program(tuple(steps))
