"""Grids looked up by a key of the input."""

from __future__ import annotations

from dsl.lookup import lookup, lookup_bool, lookup_colour
from dsl.types import NO_VALUE, Table
from tests.dsl.conftest import g, same

TABLE = Table.of({0: g([[1, 0]]), 3: g([[2], [2]]), 7: g([[5]])})


def test_a_key_gives_its_grid_and_a_missing_key_no_value():
    assert same(lookup(3, TABLE), [[2], [2]])
    assert lookup(4, TABLE) is NO_VALUE
    assert lookup(-1, TABLE) is NO_VALUE


def test_colours_and_yes_or_no_are_keys_too():
    assert same(lookup_colour(7, TABLE), [[5]])
    assert same(lookup_bool(False, TABLE), [[1, 0]])
    assert lookup_bool(True, TABLE) is NO_VALUE


def test_tables_are_equal_by_their_keys_and_cells():
    assert Table.of({3: g([[2], [2]]), 0: g([[1, 0]]), 7: g([[5]])}) == TABLE
    assert Table.of({0: g([[1, 0]])}) != TABLE
    assert Table.of({0: g([[1], [0]])}) != Table.of({0: g([[1, 0]])})
    assert len({TABLE, Table.of(dict(TABLE))}) == 1
