"""Answers looked up by a key: each output is fixed by one discrete value of its input.

Some tasks sort their inputs into a few kinds and give every input of a kind the same output:
how many colours it has, which colour it is drawn in, whether it is symmetric. No chain of grid
primitives makes such outputs, but the search has already computed many integers, colours and
yes/no values of every input. A key is such a row whose value on each demonstration fixes that
demonstration's output (equal keys, equal outputs), that takes at least two values there, and
whose value on every test input is one the demonstrations show. The answer is a row of the
search's table, `lookup(key, <k1: grid; k2: grid>)`, so it prints, parses and reruns like any
program; its table costs one per entry. Where some key value is shown by one demonstration only,
nothing else confirms it, and the answer is doubtful.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from dsl.program import MAX_TABLE_ENTRIES
from dsl.task import Task
from dsl.types import Table, value_key
from solver.search import Budget, Node, Search

KEY_PRIMITIVES = {"Int": "lookup", "Colour": "lookup_colour", "Bool": "lookup_bool"}
"""The primitive that looks a grid up, by the type of the key."""

MAX_KEYS = 20_000
"""Most key rows checked, cheapest first."""

MAX_ANSWERS = 4
"""Most lookup answers added: enough for two attempts that differ."""


@dataclass
class LookupReport:
    """What the lookup spent and made (for the trace)."""

    keys: int = 0
    answers: int = 0
    doubtful: int = 0
    seconds: float = 0.0


def outputs_repeat(task: Task) -> bool:
    """Whether two demonstrations share an output (else no key can be confirmed)."""
    outputs = [value_key(pair.output) for pair in task.train]
    return len(set(outputs)) < len(outputs)


def _table(search: Search, key_row: Node) -> tuple[Table, bool] | None:
    """The table the key row gives, and whether it is doubtful; None if it is no key."""
    keys = [int(value) for value in key_row.values]
    demo_keys, test_keys = keys[: search.n_train], keys[search.n_train :]
    entries: dict[int, np.ndarray] = {}
    for key, output in zip(demo_keys, search.targets, strict=True):
        known = entries.setdefault(key, output)
        if value_key(known) != value_key(output):
            return None
    shown = Counter(demo_keys)
    if not 2 <= len(entries) <= MAX_TABLE_ENTRIES or max(shown.values()) < 2:
        return None
    if any(key not in entries for key in test_keys):
        return None
    return Table.of(entries), min(shown.values()) < 2


def lookup_answers(search: Search, budget: Budget) -> LookupReport:
    """Add a lookup answer for each of the cheapest keys (at most MAX_ANSWERS)."""
    started = time.monotonic()
    report = LookupReport()
    if not outputs_repeat(search.task):
        return report
    rows = [
        search.nodes[i]
        for node_type in KEY_PRIMITIVES
        for i in search.by_type.get(node_type, ())
        if search.nodes[i].op is not None
    ]
    rows.sort(key=lambda node: (node.cost, node.id))
    for row in rows[:MAX_KEYS]:
        if report.answers >= MAX_ANSWERS or budget.expired():
            break
        report.keys += 1
        found = _table(search, row)
        if found is None:
            continue
        table, doubtful = found
        table_row = search.literal_row("Table", table)
        answer = search.derive(KEY_PRIMITIVES[row.type], (row.id, table_row), "lookup", doubtful)
        if answer is not None:
            report.answers += 1
            report.doubtful += doubtful
    report.seconds = time.monotonic() - started
    return report
