"""The search fingerprint: equal for equal searches, different when the search changes."""

from __future__ import annotations

from benchmarks.search_fingerprint import fingerprint, main
from tests.solver.conftest import make_task


def _task(task_id: str = "hand"):
    grid = [[(r * 3 + c) % 4 for c in range(5)] for r in range(4)]
    return make_task([(grid, grid[::-1]), (grid[1:], grid[1:][::-1])], [(grid, None)], task_id)


def test_the_same_search_gives_the_same_fingerprint_and_another_depth_another():
    assert fingerprint(_task(), 1) == fingerprint(_task("again"), 1)
    other = make_task([([[1, 2]], [[2, 1]])], [([[3, 4]], None)])
    assert fingerprint(other, 1) != fingerprint(_task(), 1)


def test_the_command_prints_one_line_per_task_and_the_whole(tmp_path, capsys):
    ids = tmp_path / "ids.txt"
    ids.write_text("007bbfb7\n")
    assert main(["--dataset", "arc-agi-1/training", "--tasks", str(ids), "--depth", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("007bbfb7: ") and out[1].startswith("1 tasks, depth 1: ")
