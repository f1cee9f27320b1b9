"""The prior ablation: one batch per setting, paired candidate counts, a Markdown table."""

from __future__ import annotations

import json

import pytest

from benchmarks.ablation import Setting, main, paired_speedup, parse_setting
from benchmarks.evaluate import TaskResult
from solver import SearchConfig


def test_settings_parse_and_unknown_ones_are_refused():
    assert parse_setting("none") == Setting("none", False)
    assert parse_setting("int8+tta") == Setting("int8", True)
    assert parse_setting("int8+prune") == Setting("int8", prune=True)
    assert parse_setting("fp32+tta+prune-rules") == Setting("fp32", True, ("rules",), True)
    assert parse_setting("int8+prune").apply(SearchConfig()).prior_prune
    for bad in ["int4", "none+tta", "none+prune", "int8+x", "int8+tta+tta", "int8-", "tta"]:
        with pytest.raises(ValueError, match="unknown setting"):
            parse_setting(bad)


def test_a_setting_may_turn_mechanisms_off():
    assert parse_setting("int8-stack") == Setting("int8", False, ("stack",))
    assert parse_setting("int8+tta-size-augment") == Setting("int8", True, ("size", "augment"))
    search = parse_setting("int8-stack").apply(SearchConfig(mechanisms=("search", "stack", "size")))
    assert (search.prior, search.tta, search.mechanisms) == ("int8", False, ("search", "size"))
    with pytest.raises(ValueError, match="unknown mechanism 'magic'"):
        parse_setting("int8-magic")
    with pytest.raises(ValueError, match="search mechanism cannot be turned off"):
        parse_setting("none-search")


def test_a_setting_may_set_numbers_and_switches_of_the_search_config():
    setting = parse_setting("int8-rules:rules_symmetric_sources=0:prior_weight=0.5")
    assert setting.off == ("rules",)
    assert setting.overrides == (("rules_symmetric_sources", 0), ("prior_weight", 0.5))
    search = setting.apply(SearchConfig())
    assert (search.rules_symmetric_sources, search.prior_weight) == (0, 0.5)
    assert search.mechanisms == tuple(m for m in SearchConfig().mechanisms if m != "rules")
    for bad in ["grid_beam", "grid_beam=wide", "budget_seconds=5", "magic=1", "tta=true"]:
        with pytest.raises(ValueError, match="not FIELD=VALUE"):
            parse_setting(f"int8:{bad}")


def _result(task_id: str, candidates: int | None) -> TaskResult:
    return TaskResult(
        task_id,
        "ok",
        1.0,
        [],
        solved_demonstrations=candidates is not None,
        candidates_before_first_solution=candidates,
    )


def test_speedup_pairs_only_tasks_both_runs_solved():
    baseline = [_result("a", 400), _result("b", 100), _result("c", None), _result("d", 50)]
    other = [_result("a", 100), _result("b", 100), _result("c", 10), _result("d", None)]
    speedup = paired_speedup(baseline, other)
    assert speedup["paired_tasks"] == 2
    assert speedup["geometric_mean_ratio"] == pytest.approx(2.0)  # sqrt(4 * 1)
    assert (speedup["median_baseline"], speedup["median"]) == (250, 100)


def _flip_task_folder(tmp_path):
    """A folder holding one left-right flip task with its test output."""
    folder = tmp_path / "tasks"
    folder.mkdir()
    task = {"train": [{"input": [[1, 2]], "output": [[2, 1]]}], "test": [{"input": [[3, 4]]}]}
    task["test"][0]["output"] = [[4, 3]]
    (folder / "flip.json").write_text(json.dumps(task))
    return folder


def test_ablation_writes_one_report_per_setting_and_a_table(tmp_path, capsys):
    folder = _flip_task_folder(tmp_path)
    out = tmp_path / "out"
    argv = ["--dataset", str(folder), "--budget", "3", "--workers", "1", "--out", str(out)]
    assert main([*argv, "--settings", "none,int8"]) == 0
    summary = json.loads((out / "ablation.json").read_text())
    assert summary["none"]["score"] == summary["int8"]["score"] == 1.0
    assert summary["int8"]["paired_tasks"] == 1  # one task solved by both
    assert (out / "int8" / "submission.json").exists()
    assert "| int8 | 100.0% (1.0)" in (out / "ablation.md").read_text()


def test_side_by_side_settings_run_at_once_and_make_the_same_table(tmp_path, capsys):
    folder = _flip_task_folder(tmp_path)
    out = tmp_path / "out"
    argv = ["--dataset", str(folder), "--budget", "3", "--workers", "1", "--out", str(out)]
    assert main([*argv, "--settings", "none,int8:grid_beam=60", "--side-by-side"]) == 0
    summary = json.loads((out / "ablation.json").read_text())
    assert summary["none"]["score"] == summary["int8:grid_beam=60"]["score"] == 1.0
    assert summary["int8:grid_beam=60"]["paired_tasks"] == 1
    assert (out / "int8_grid_beam-60" / "submission.json").exists()
    assert (out / "none.log").exists()
    assert "| int8:grid_beam=60 | 100.0% (1.0)" in (out / "ablation.md").read_text()


def test_ablation_runs_mechanism_settings_on_the_mechanisms_asked_for(tmp_path, capsys):
    folder = _flip_task_folder(tmp_path)
    out = tmp_path / "out"
    argv = ["--dataset", str(folder), "--budget", "3", "--workers", "1", "--out", str(out)]
    argv += ["--mechanisms", "search,stack,size"]
    assert main([*argv, "--settings", "int8,int8-stack"]) == 0
    summary = json.loads((out / "ablation.json").read_text())
    assert summary["int8"]["mechanisms"] == ["search", "size", "stack"]
    assert summary["int8-stack"]["mechanisms"] == ["search", "size"]
    assert (out / "int8-stack" / "report.json").exists()
    assert "| int8-stack |" in (out / "ablation.md").read_text()


def test_ablation_refuses_an_unknown_mechanism(tmp_path, capsys):
    argv = ["--dataset", "arc-agi-1/training", "--out", str(tmp_path), "--mechanisms", "magic"]
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    assert "unknown mechanism 'magic'" in capsys.readouterr().err
