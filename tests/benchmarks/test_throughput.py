"""The throughput benchmark: candidates per CPU second of the search alone."""

from __future__ import annotations

import re

from benchmarks.throughput import Throughput, main, measure, summary
from tests.solver.conftest import make_task


def test_a_search_reports_its_candidates_and_cpu_seconds():
    grid = [[(r * 3 + c) % 4 for c in range(6)] for r in range(5)]
    task = make_task([(grid, grid[::-1]), (grid[1:], grid[1:][::-1])], [(grid, None)])
    result = measure(task, 1.0)
    assert result.candidates >= result.evaluated > 0 and 0 < result.cpu_seconds < 5
    assert result.rate == result.candidates / result.cpu_seconds


def test_the_summary_gives_the_median_rate_and_the_rate_over_all_tasks():
    results = [
        Throughput("a", 100, 1.0, 2, 50),
        Throughput("b", 300, 1.0, 3, 300),
        Throughput("c", 0, 2.0, 1, 0),
    ]
    assert summary(results) == (
        "3 tasks: median 100 candidates per CPU second (all tasks together 100; "
        "median evaluated 50)"
    )


def test_the_command_runs_a_list(tmp_path, capsys):
    ids = tmp_path / "ids.txt"
    ids.write_text("007bbfb7\n")
    assert main(["--dataset", "arc-agi-1/training", "--tasks", str(ids), "--seconds", "1"]) == 0
    assert "1 tasks: median" in capsys.readouterr().out


def test_the_profile_names_the_search(tmp_path, capsys):
    ids = tmp_path / "ids.txt"
    ids.write_text("007bbfb7\n")
    args = ["--dataset", "arc-agi-1/training", "--tasks", str(ids), "--seconds", "1"]
    assert main([*args, "--profile", "40"]) == 0
    out = capsys.readouterr().out
    assert "_expand_layer" in out
    share = re.search(r"inside primitive calls: ([0-9.]+) of ([0-9.]+) profiled seconds", out)
    assert share and 0 < float(share.group(1)) < float(share.group(2))
