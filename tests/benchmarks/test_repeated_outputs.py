"""The list of tasks where two demonstrations share an output (the lookup's ablation list)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks import repeated_outputs


def _write(folder: Path, name: str, outputs: list[list[list[int]]]) -> None:
    pairs = [{"input": [[i]], "output": out} for i, out in enumerate(outputs)]
    task = {"train": pairs, "test": [{"input": [[9]]}]}
    (folder / f"{name}.json").write_text(json.dumps(task))


def test_only_tasks_with_a_repeated_output_are_listed(tmp_path, monkeypatch, capsys):
    _write(tmp_path, "aaa", [[[1]], [[2]], [[1]]])
    _write(tmp_path, "bbb", [[[1]], [[2]], [[3]]])
    _write(tmp_path, "ccc", [[[1, 1]], [[1], [1]]])  # same cells, other shapes: not repeated
    monkeypatch.setattr(sys, "argv", ["repeated_outputs", "--dataset", str(tmp_path)])
    repeated_outputs.main()
    assert capsys.readouterr().out.split() == ["aaa"]
    order = tmp_path / "order.txt"
    order.write_text("ccc\naaa\nzzz\n")
    monkeypatch.setattr(sys, "argv", [*sys.argv, "--tasks", str(order)])
    repeated_outputs.main()
    assert capsys.readouterr().out.split() == ["aaa"]
