"""Batch evaluation: scoring, outputs, and a batch that survives crashing and hanging tasks."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

import benchmarks.evaluate as evaluate
from benchmarks.evaluate import (
    EvalConfig,
    first_right_program,
    run_batch,
    score_task,
    size_checks,
    summarise,
    write_outputs,
)
from benchmarks.stress import random_task
from dsl.task import task_from_json


def _flip_task(task_id: str):
    return task_from_json(
        {
            "train": [{"input": [[1, 2]], "output": [[2, 1]]}],
            "test": [{"input": [[3, 4]], "output": [[4, 3]]}],
        },
        task_id,
    )


def test_score_counts_either_attempt():
    task = _flip_task("t")
    assert score_task(task, [{"attempt_1": [[0]], "attempt_2": [[4, 3]]}]) == (1.0, [True])
    assert score_task(task, [{"attempt_1": [[0]], "attempt_2": [[3, 4]]}]) == (0.0, [False])


def test_batch_writes_submission_and_report(tmp_path):
    tasks = [_flip_task("a"), _flip_task("b")]
    config = EvalConfig(budget_seconds=5, workers=2)
    results = run_batch(tasks, config, progress=None)
    report = summarise(results, config, "hand")
    write_outputs(tmp_path, results, report)
    submission = json.loads((tmp_path / "submission.json").read_text())
    assert submission["a"] == [
        {"attempt_1": [[4, 3]], "attempt_2": submission["a"][0]["attempt_2"]}
    ]
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["score"] == 1.0 and saved["tasks"] == 2
    assert "score (pass@2" in (tmp_path / "report.md").read_text()


def test_crashing_and_hanging_tasks_score_zero_and_the_batch_goes_on(monkeypatch):
    real_solve = evaluate.solve

    def unreliable(task, config):
        if task.id == "crash":
            raise RuntimeError("boom")
        if task.id == "hang":
            time.sleep(60)
        return real_solve(task, config)

    monkeypatch.setattr(evaluate, "solve", unreliable)
    monkeypatch.setattr(evaluate, "HARD_TIMEOUT_MARGIN", 0.5)
    tasks = [_flip_task("crash"), _flip_task("hang"), _flip_task("fine")]
    start = time.monotonic()
    results = run_batch(tasks, EvalConfig(budget_seconds=3, workers=2), progress=None)
    assert time.monotonic() - start < 30
    by_id = {r.task_id: r for r in results}
    assert by_id["crash"].status == "crash" and "boom" in by_id["crash"].error
    assert by_id["hang"].status == "timeout" and by_id["hang"].score == 0
    assert by_id["fine"].score == 1.0
    assert by_id["crash"].attempts == [{"attempt_1": [[0]], "attempt_2": [[0]]}]


def test_an_interrupt_as_a_worker_starts_still_kills_that_worker(monkeypatch):
    # SIGTERM (a KeyboardInterrupt here) can land right after a worker's fork: the batch must
    # still kill it, or its exit waits for a worker that ignores SIGTERM until its budget ends.
    import multiprocessing

    monkeypatch.setattr(evaluate, "solve", lambda task, config: time.sleep(60))
    real_start = evaluate._Running.start

    def start_then_interrupt(job):
        real_start(job)
        raise KeyboardInterrupt

    monkeypatch.setattr(evaluate._Running, "start", start_then_interrupt)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_batch([_flip_task("slow")], EvalConfig(budget_seconds=60, workers=1), progress=None)
    assert time.monotonic() - started < 30
    assert multiprocessing.active_children() == []


def test_adversarial_folder_ends_within_budget_and_reports_bad_files(tmp_path, capsys):
    import numpy as np

    from api.cli import main

    rng = np.random.default_rng(3)
    big = [
        {
            "input": rng.integers(0, 10, (30, 30)).tolist(),
            "output": rng.integers(0, 10, (30, 30)).tolist(),
        }
        for _ in range(10)
    ]
    tasks = {
        "huge": {"train": big, "test": [{"input": rng.integers(0, 10, (30, 30)).tolist()}]},
        "tiny": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[1]]}]},
        "ragged": {
            "train": [{"input": [[1, 2], [3]], "output": [[1]]}],
            "test": [{"input": [[1]]}],
        },
    }
    folder = tmp_path / "tasks"
    folder.mkdir()
    for name, task in tasks.items():
        (folder / f"{name}.json").write_text(json.dumps(task))
    (folder / "broken.json").write_text("{not json")
    start = time.monotonic()
    status = main(
        [
            "eval",
            "--dataset",
            str(folder),
            "--budget",
            "4",
            "--workers",
            "2",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert status == 0
    assert time.monotonic() - start < 30
    err = capsys.readouterr().err
    assert "ragged" in err and "broken" in err
    submission = json.loads((tmp_path / "out" / "submission.json").read_text())
    assert sorted(submission) == ["huge", "tiny"]
    assert submission["tiny"][0]["attempt_1"] == [[2]]


def test_prior_and_adaptation_options_reach_the_search_and_the_report(tmp_path):
    from api.cli import main

    folder = tmp_path / "tasks"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(_flip_task("a").to_json()))
    common = ["eval", "--dataset", str(folder), "--budget", "3", "--workers", "1"]
    for prior, tta in [("none", "off"), ("int8", "on")]:
        out = tmp_path / f"{prior}-{tta}"
        assert main([*common, "--prior", prior, "--tta", tta, "--out", str(out)]) == 0
        report = json.loads((out / "report.json").read_text())
        assert (report["prior"], report["tta"], report["score"]) == (prior, tta == "on", 1.0)
        assert report["median_candidates_to_solution"] is not None
        # the adaptation's own bound is a fraction of the budget; a busy core stretches the
        # wall-clock time around it, so only the budget itself is a hard limit here
        assert report["max_prior_seconds"] < 3
        assert (f"prior {prior}" + (" + TTA" if tta == "on" else "")) in (
            out / "report.md"
        ).read_text()


def _two_test_task(task_id: str):
    return task_from_json(
        {
            "train": [{"input": [[1, 2]], "output": [[2, 1]]}],
            "test": [
                {"input": [[3, 4]], "output": [[4, 3]]},
                {"input": [[5, 6, 7]], "output": [[7, 6, 5]]},
            ],
        },
        task_id,
    )


def test_size_checks_compare_each_predicted_shape_with_the_truth():
    task = _two_test_task("t")
    assert size_checks(task, [[1, 2], [1, 2]]) == [True, False]
    assert size_checks(task, [None, [1, 3]]) == [False, True]
    assert size_checks(task, []) == [False, False]  # no prediction: not right
    unknown = task_from_json(
        {"train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": [[1]]}]}, "u"
    )
    assert size_checks(unknown, [[1, 1]]) == [None]


def test_the_first_right_program_must_be_right_on_every_test_output():
    task = _two_test_task("t")
    wrong, right = [[4, 3]], [[7, 6, 5]]
    assert first_right_program(task, [[wrong, [[5, 6, 7]]], [wrong, right]]) == 1
    assert first_right_program(task, [[[[3, 4]], right]]) is None  # one of two is not enough
    assert first_right_program(task, []) is None
    unknown = task_from_json(
        {"train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": [[1]]}]}, "u"
    )
    assert first_right_program(unknown, [[[[1]]]]) is None


def test_report_counts_right_programs_the_attempts_missed(monkeypatch, tmp_path):
    real_solve = evaluate.solve

    def right_third(task, config):
        solution = real_solve(task, config)
        [winner] = solution.programs[:1]
        wrong = replace(winner, predictions=[[[0]]])
        wrong_attempts = [[replace(a, grid=[[0]]) for a in pair] for pair in solution.attempts]
        return replace(solution, programs=[wrong, wrong, winner], attempts=wrong_attempts)

    monkeypatch.setattr(evaluate, "solve", right_third)
    config = EvalConfig(budget_seconds=3, workers=1)
    results = run_batch([_flip_task("a")], config, progress=None)
    report = summarise(results, config, "hand")
    assert report["per_task"][0]["right_program_rank"] == 2
    assert (report["right_program_anywhere"], report["right_program_missed"]) == (1, 1)
    write_outputs(tmp_path, results, report)
    assert "the two attempts missed it on 1" in (tmp_path / "report.md").read_text()


def test_report_counts_right_sizes_and_names_each_first_attempts_mechanism(monkeypatch, tmp_path):
    real_solve = evaluate.solve

    def with_sizes(task, config):
        solution = real_solve(task, config)
        trace = replace(solution.trace, predicted_sizes=[[1, 2], None])
        attempts = [[replace(a, mechanism="stack") for a in pair] for pair in solution.attempts]
        return replace(solution, trace=trace, attempts=attempts)

    monkeypatch.setattr(evaluate, "solve", with_sizes)
    config = EvalConfig(budget_seconds=3, workers=1)
    results = run_batch([_two_test_task("a")], config, progress=None)
    report = summarise(results, config, "hand")
    assert (report["size_right"], report["size_known"]) == (1, 2)
    [task] = report["per_task"]
    assert task["predicted_sizes"] == [[1, 2], None]
    assert task["size_right"] == [True, False]
    assert task["first_mechanisms"] == ["stack", "stack"]
    assert report["first_mechanisms"] == {"stack": 2}
    write_outputs(tmp_path, results, report)
    markdown = (tmp_path / "report.md").read_text()
    assert "- output size right on 1 of 2 test outputs" in markdown
    assert "first attempts by mechanism: stack 2" in markdown


def test_a_60x60_task_with_10_pairs_ends_within_its_budget_and_memory_limit():
    task = random_task(pairs=10, side=60, seed=5)
    config = EvalConfig(budget_seconds=3, workers=1, memory_mb_per_worker=2048)
    [result] = run_batch([task], config, progress=None)
    # "ok": the search stopped itself, neither killed at budget + margin nor out of memory
    assert (result.status, result.error) == ("ok", None)
    assert result.seconds < 3 + evaluate.HARD_TIMEOUT_MARGIN


def test_a_task_over_its_memory_limit_crashes_instead_of_running_to_its_budget():
    task = random_task(pairs=10, side=30, seed=3)
    # 8 MiB more than the worker inherits: the search needs far more, well before its budget.
    # Python code raises MemoryError; a native library (onnxruntime, z3) may die of a signal.
    config = EvalConfig(
        budget_seconds=30, workers=1, memory_mb_per_worker=evaluate.writable_memory_mb() + 8
    )
    [result] = run_batch([task], config, progress=None)
    assert result.status.startswith("crash"), (result.status, result.error)


def _first_attempt(
    task_id: str, score: float, demos: bool, mechanism: str, program: str = ""
) -> evaluate.TaskResult:
    """A finished task whose first attempt came from `mechanism`."""
    return evaluate.TaskResult(
        task_id,
        "ok",
        1.0,
        [],
        score=score,
        solved_demonstrations=demos,
        program=program,
        first_mechanisms=[mechanism],
    )


def test_winners_count_overfitting_by_the_first_attempts_mechanism():
    results = [
        _first_attempt("a", 1.0, True, "rules"),
        _first_attempt("b", 0.0, True, "rules"),
        _first_attempt("c", 0.5, True, "stack"),
        _first_attempt("d", 0.0, False, "search"),  # nothing consistent: not a winner
    ]
    winners = evaluate.winners_by_mechanism(results)
    assert winners == {
        "rules": {"won": 1 + 1, "right": 1, "overfit": 0.5},
        "stack": {"won": 1, "right": 0, "overfit": 1.0},
    }


def test_stacks_that_won_are_counted_by_their_layers():
    two_layers = "x1 = flip_h(I)\nx2 = paint_coloured(I, x1)\nO = paint_black_as(x2, x1, 3)"
    one_layer = (
        "x1 = normalise_colours(I, {0})\nx2 = paint_black(x1, x1)\nO = restore_colours(x2, I, {0})"
    )
    results = [
        _first_attempt("a", 1.0, True, "stack", two_layers),
        _first_attempt("b", 0.0, True, "stack", two_layers),
        _first_attempt("c", 1.0, True, "normalise+stack", one_layer),
        _first_attempt("d", 1.0, True, "search", "O = paint_coloured(I, I)"),  # not a stack's
    ]
    assert evaluate.stacks_by_layers(results) == {
        "1": {"won": 1, "right": 1},
        "2": {"won": 2, "right": 1},
    }


def test_report_gives_each_generators_seconds_and_the_depths_reached(tmp_path):
    def result(task_id: str, spent: dict[str, float], depth: int) -> evaluate.TaskResult:
        return evaluate.TaskResult(
            task_id, "ok", 1.0, [], mechanism_seconds=spent, depth_reached=depth
        )

    results = [
        result("a", {"search": 2.0, "rules": 0.5}, 3),
        result("b", {"search": 4.0}, 4),
        result("c", {"search": 3.0, "rules": 1.5}, 3),
    ]
    spent = evaluate.mechanism_seconds(results)
    assert spent == {
        "rules": {"tasks": 2, "median": 1.0, "max": 1.5},
        "search": {"tasks": 3, "median": 3.0, "max": 4.0},
    }
    report = summarise(results, EvalConfig(budget_seconds=3, workers=1), "hand")
    write_outputs(tmp_path, results, report, html=False)
    markdown = (tmp_path / "report.md").read_text()
    assert "rules 1.00 / 1.50 (2 tasks); search 3.00 / 4.00 (3 tasks)" in markdown
    assert report["depth_reached"] == {"3": 2, "4": 1}
    assert "first search reached: depth 3: 2, depth 4: 1" in markdown


def test_a_solved_task_reports_the_seconds_its_generators_spent():
    config = EvalConfig(budget_seconds=3, workers=1)
    [result] = run_batch([_flip_task("flip")], config, progress=None)
    assert result.status == "ok"
    assert set(result.mechanism_seconds) >= {"search"}
    assert all(0.0 <= s <= 3.0 for s in result.mechanism_seconds.values())
