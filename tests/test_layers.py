"""Data flows one way: each layer imports nothing from the layers above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "dsl": {"solver", "neural", "api", "benchmarks"},
    "neural": {"solver", "api", "benchmarks"},
    "solver": {"api", "benchmarks"},
    "viewer": {"dsl", "solver", "neural", "api", "benchmarks"},
}


def _imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_the_layers_above(layer):
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_top_level_modules(path) & FORBIDDEN[layer])
        for path in (ROOT / layer).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
