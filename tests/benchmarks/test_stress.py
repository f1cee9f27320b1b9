"""The stress task: seeded random grids of the asked size, and one line on the solve."""

from __future__ import annotations

from benchmarks.stress import main, random_task


def test_the_task_has_the_asked_pairs_and_side_and_the_same_seed_gives_the_same_task():
    task = random_task(pairs=3, side=7)
    assert len(task.train) == 3 and len(task.test) == 1
    assert all(p.input.shape == (7, 7) and p.output.shape == (7, 7) for p in task.train)
    again = random_task(pairs=3, side=7)
    assert all(a == b for a, b in zip(task.train, again.train, strict=True))


def test_one_solve_reports_seconds_memory_and_depth(capsys):
    assert main(["--budget", "1", "--pairs", "2", "--side", "5"]) == 0
    line = capsys.readouterr().out
    assert line.startswith("stress-2x5: ") and "peak RSS" in line and "depth" in line
