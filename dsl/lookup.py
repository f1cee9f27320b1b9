"""Grids looked up by a key of the input: the answer when each output is fixed by one discrete
property of its input (how many colours, which colour, whether it is symmetric).

The table is a literal the solver reads off the demonstrations; the search never enumerates
tables, so these primitives are not searchable.
"""

from __future__ import annotations

from dsl.registry import primitive
from dsl.types import Bool, Colour, Grid, Int, Table


@primitive(searchable=False)
def lookup(key: Int, table: Table) -> Grid:
    """The table's grid for an integer key (no value for a key it lacks)."""
    return table.get(key)


@primitive(searchable=False)
def lookup_colour(key: Colour, table: Table) -> Grid:
    """The table's grid for a colour."""
    return table.get(key)


@primitive(searchable=False)
def lookup_bool(key: Bool, table: Table) -> Grid:
    """The table's grid for a yes (1) or no (0)."""
    return table.get(int(key))
