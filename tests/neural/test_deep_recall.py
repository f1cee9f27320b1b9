"""What prior pruning would cut from found programs, and the count of those it keeps."""

from __future__ import annotations

import json

from dsl.program import parse
from neural.deep_recall import deep_primitives, kept_counts, main


def test_a_steps_depth_is_one_more_than_its_deepest_argument():
    program = parse(
        "x1 = objects(I)\nx2 = largest(x1)\nx3 = crop(I, x2)\nx4 = flip_h(x3)\nO = rot90(x4)"
    )
    assert deep_primitives(program, 3) == {"crop", "flip_h", "rot90"}
    assert deep_primitives(program, 5) == {"rot90"}
    assert deep_primitives(parse("O = flip_h(I)"), 2) == set()


def test_a_program_counts_as_kept_only_when_all_its_deep_primitives_are_in_the_top_k():
    ranking = ["flip_h", "crop", "rot90", "transpose"]
    cases = [({"flip_h"}, ranking), ({"flip_h", "rot90"}, ranking), ({"tile"}, ranking)]
    assert kept_counts(cases, [1, 3, 4]) == (3, {1: 1, 3: 2, 4: 2})


def test_the_command_reads_an_eval_runs_results(tmp_path, capsys):
    lines = [
        {"task_id": "x", "score": 1.0, "program": "O = flip_h(I)", "first_mechanisms": ["search"]},
        {"task_id": "y", "score": 0.0, "program": "O = rot90(I)", "first_mechanisms": ["search"]},
    ]
    results = tmp_path / "results.jsonl"
    results.write_text("\n".join(json.dumps(line) for line in lines))
    assert main(["--results", str(results), "--dataset", "arc-agi-1/training"]) == 0
    out = capsys.readouterr().out
    assert "1 solved by the search; 0 apply primitives at depth >= 3" in out
