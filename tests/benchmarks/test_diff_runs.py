"""Two batches side by side: the tasks only one of them solves, and refusals of bad input."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.diff_runs import load_batch, main, render, winners


def _batch(folder: Path, scores: dict[str, float], mechanism: str = "rules") -> Path:
    folder.mkdir()
    lines = [
        json.dumps(
            {
                "task_id": task_id,
                "status": "ok",
                "seconds": 1.0,
                "attempts": [],
                "score": score,
                "solved_demonstrations": True,
                "first_mechanisms": [mechanism],
                "program": f"x1 = flip_h(I)\nO = rot90(x1)  # {task_id}",
            }
        )
        for task_id, score in scores.items()
    ]
    (folder / "results.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_the_tasks_only_one_batch_solves_are_listed_with_their_winner(tmp_path):
    off = load_batch(_batch(tmp_path / "off", {"a": 1.0, "b": 0.0, "c": 0.0}, "search"), "off")
    on = load_batch(_batch(tmp_path / "on", {"a": 0.0, "b": 1.0, "c": 1.0}), "on")
    text = render(off, on)
    assert "| off | 33.3% | 1.0 of 3 | 3 | search 1/3 (67% overfit) |" in text
    assert "| on | 66.7% | 2.0 of 3 | 3 | rules 2/3 (33% overfit) |" in text
    assert "Solved better by on (2):\n- `b` (on: rules, `O = rot90(x1)  # b`)\n- `c`" in text
    assert "Solved better by off (1):\n- `a` (off: search" in text
    assert winners(on) == {"rules": (3, 2)}


def test_batches_over_different_tasks_are_refused(tmp_path, capsys):
    first = _batch(tmp_path / "first", {"a": 1.0, "b": 0.0})
    second = _batch(tmp_path / "second", {"a": 1.0, "z": 0.0})
    assert main([str(first), str(second)]) == 2
    assert "1 only in" in capsys.readouterr().err


def test_a_folder_without_results_is_refused(tmp_path, capsys):
    first = _batch(tmp_path / "first", {"a": 1.0})
    assert main([str(first), str(tmp_path)]) == 2
    assert "no results.jsonl" in capsys.readouterr().err
