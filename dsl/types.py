"""The DSL's vocabulary of value types and the "no value" convention.

Every primitive is annotated with these aliases; the registry reads the annotation *names* (not the
Python classes) to build the typed catalogue the search enumerates, so `Colour` and `Int` are
different types to the search even though both are Python ints.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

MAX_SIDE: Final = 30
"""Largest side of any grid a primitive may produce (ARC's own limit)."""

MAX_OBJECTS: Final = 100
"""Largest number of objects or grids a primitive may produce."""

Grid = np.ndarray
"""A 2-D int8 array of colours 0-9, 1..MAX_SIDE per side. Never mutated once made."""

Colour = int
"""A colour 0-9."""

Int = int
"""A small integer (counts, sizes, factors)."""

Bool = bool

Position = tuple[int, int]
"""(row, column)."""

Shape = tuple[int, int]
"""(height, width)."""


class ColourMap(tuple):
    """A total colour mapping: entry c is the colour that c becomes (10 entries)."""

    __slots__ = ()

    @classmethod
    def from_pairs(cls, pairs: dict[int, int]) -> ColourMap:
        return cls(pairs.get(c, c) for c in range(10))

    def changed(self) -> dict[int, int]:
        """Only the colours that this map changes."""
        return {c: int(t) for c, t in enumerate(self) if t != c}


class Palette(tuple):
    """A set of colours in ascending order (written `{0, 5}` in program text)."""

    __slots__ = ()

    @classmethod
    def of(cls, colours: Any) -> Palette:
        return cls(sorted({int(c) for c in colours}))


class Table(tuple):
    """Grids by integer key, keys ascending: a lookup the demonstrations give outright (written
    `<1: 01/10; 3: 222>` in program text, rows of digits split by `/`)."""

    __slots__ = ()

    @classmethod
    def of(cls, entries: dict[int, np.ndarray]) -> Table:
        return cls((int(k), entries[k]) for k in sorted(entries))

    def get(self, key: int) -> Any:
        """The grid of `key`, or NO_VALUE if the table has none."""
        for entry_key, grid in self:
            if entry_key == key:
                return grid
        return NO_VALUE

    def _fingerprint(self) -> tuple:
        return tuple((k, grid.shape, grid.tobytes()) for k, grid in self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Table) and self._fingerprint() == other._fingerprint()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._fingerprint())


@dataclass(frozen=True, eq=False)
class Object:
    """A set of coloured cells placed on a grid.

    `cells` is the object's bounding box, with -1 where the box holds no cell of the object;
    `top`/`left` place the box on the grid it came from.
    """

    top: int
    left: int
    cells: np.ndarray

    @functools.cached_property
    def mask(self) -> np.ndarray:
        """Where the box holds a cell of the object (read-only, computed once)."""
        mask = self.cells >= 0
        mask.flags.writeable = False
        return mask

    @property
    def height(self) -> int:
        return int(self.cells.shape[0])

    @property
    def width(self) -> int:
        return int(self.cells.shape[1])

    @functools.cached_property
    def placed_cells(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows and columns of the object's cells on its grid, and their colours, in
        reading order (read-only, computed once)."""
        rows, cols = np.nonzero(self.mask)
        placed = (rows + self.top, cols + self.left, self.cells[rows, cols])
        for values in placed:
            values.flags.writeable = False
        return placed

    @functools.cached_property
    def size(self) -> int:
        return int(np.count_nonzero(self.mask))

    @property
    def colour(self) -> int:
        """The object's most common colour (lowest on ties)."""
        values = self.cells[self.cells >= 0]
        return int(np.bincount(values, minlength=10).argmax())

    def key(self) -> tuple:
        return (self.top, self.left, self.cells.shape, self.cells.tobytes())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Object) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


Objects = tuple[Object, ...]
"""An ordered collection of objects (reading order of their top-left corners unless stated)."""

Grids = tuple[np.ndarray, ...]
"""An ordered collection of grids (e.g. the cells of a grid split by separator lines)."""


class _NoValue:
    """The result of a primitive that has nothing sensible to return for its input."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Final = _NoValue()
"""Returned by primitives on odd input; the interpreter propagates it instead of raising."""

TYPE_NAMES: Final = (
    "Grid",
    "Colour",
    "Int",
    "Bool",
    "Position",
    "Shape",
    "Object",
    "Objects",
    "Grids",
    "ColourMap",
    "Palette",
    "Rule",
    "Table",
    "Program",
)
"""Every type name a primitive signature may use (a Rule is a cell rule, see dsl/rules.py; a
Table gives grids by key, see dsl/lookup.py; a Program is a whole program run on parts of a grid,
see dsl/parts.py)."""


def make_grid(rows: Any) -> Grid | _NoValue:
    """A frozen int8 grid from nested lists or an array, or NO_VALUE if it is not a valid grid."""
    grid = np.asarray(rows)
    if grid.ndim != 2 or not (1 <= grid.shape[0] <= MAX_SIDE and 1 <= grid.shape[1] <= MAX_SIDE):
        return NO_VALUE
    if grid.dtype != np.int8:
        if grid.size and (grid.min() < 0 or grid.max() > 9):
            return NO_VALUE
        grid = grid.astype(np.int8)
    grid.flags.writeable = False
    return grid


def freeze(grid: np.ndarray) -> Grid | _NoValue:
    """Check a freshly computed grid is within limits and make it read-only."""
    if grid.ndim != 2 or not (1 <= grid.shape[0] <= MAX_SIDE and 1 <= grid.shape[1] <= MAX_SIDE):
        return NO_VALUE
    if grid.dtype != np.int8:
        grid = grid.astype(np.int8)
    grid.flags.writeable = False
    return grid


def value_key(value: Any) -> Any:
    """A hashable fingerprint: equal values have equal keys (used for observational equivalence)."""
    if isinstance(value, np.ndarray):
        return ("g", value.shape, value.tobytes())
    if isinstance(value, Object):
        return ("o", *value.key())
    if isinstance(value, tuple) and not isinstance(value, ColourMap):
        return ("t", *(value_key(v) for v in value))
    return (type(value).__name__, value)


def values_equal(a: Any, b: Any) -> bool:
    """Structural equality for DSL values (arrays compared by shape and cells)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and bool(np.array_equal(a, b))
        )
    return value_key(a) == value_key(b)
