import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.cli import build_parser, main
from dsl.registry import registry
from solver import DEFAULT_MECHANISMS, MECHANISMS

# Mirror left to right: solved by `O = flip_h(I)`.
MIRROR = {
    "train": [
        {"input": [[1, 2, 3], [4, 5, 6]], "output": [[3, 2, 1], [6, 5, 4]]},
        {"input": [[7, 0], [0, 7]], "output": [[0, 7], [7, 0]]},
    ],
    "test": [{"input": [[1, 0, 0]], "output": [[0, 0, 1]]}],
}

FLIP_H = "# mirror left to right\nO = flip_h(I)\n"


def write(path: Path, content) -> str:
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


@pytest.fixture
def files(tmp_path):
    return {
        "program": write(tmp_path / "flip.dsl", FLIP_H),
        "task": write(tmp_path / "mirror.json", MIRROR),
    }


def test_dsl_list_prints_every_primitive_and_the_count(capsys):
    assert main(["dsl", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    prims = registry()
    assert lines[-1] == f"{len(prims)} primitives"
    assert len(lines) == len(prims) + 1
    flip = prims["flip_h"]
    assert f"flip_h(Grid) -> Grid  [{flip.family}]  {flip.doc}" in lines
    keys = [(line.split("[", 1)[1].split("]")[0], line.split("(")[0]) for line in lines[:-1]]
    assert keys == sorted(keys)


def test_dsl_run_reports_every_pair_reproduced(files, capsys):
    assert main(["dsl", "run", files["program"], files["task"]]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "train[0]: ok",
        "train[1]: ok",
        "test[0]: ok",
        "2/2 train pairs reproduced",
        "1/1 test pairs reproduced",
    ]


def test_dsl_run_reports_wrong_pairs_and_exits_1(tmp_path, capsys):
    task = json.loads(json.dumps(MIRROR))
    task["train"][1]["output"] = [[7, 0], [0, 7]]  # the identity, not the mirror: 4 cells differ
    task["test"][0]["output"] = [[0, 1]]
    program = write(tmp_path / "p.dsl", FLIP_H)
    assert main(["dsl", "run", program, write(tmp_path / "t.json", task)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "train[0]: ok",
        "train[1]: WRONG (expected 2x2, got 2x2, 4 cells differ)",
        "test[0]: WRONG (expected 1x2, got 1x3)",
        "1/2 train pairs reproduced",
        "0/1 test pairs reproduced",
    ]


def test_dsl_run_counts_one_differing_cell(tmp_path, capsys):
    task = json.loads(json.dumps(MIRROR))
    task["train"][0]["output"][0][0] = 9
    program = write(tmp_path / "p.dsl", FLIP_H)
    assert main(["dsl", "run", program, write(tmp_path / "t.json", task)]) == 1
    out = capsys.readouterr().out
    assert "train[0]: WRONG (expected 2x3, got 2x3, 1 cell differs)" in out


def test_dsl_run_reports_a_program_with_no_value(tmp_path, files, capsys):
    program = write(tmp_path / "half.dsl", "O = scale_down(I, 2)\n")  # 2x3 cannot halve evenly
    assert main(["dsl", "run", program, files["task"]]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "train[0]: WRONG (expected 2x3, got no value)"


def test_dsl_run_show_prints_the_predicted_grids(files, capsys):
    assert main(["dsl", "run", files["program"], files["task"], "--show"]) == 0
    assert capsys.readouterr().out.splitlines()[:7] == [
        "train[0]: ok",
        "    321",
        "    654",
        "train[1]: ok",
        "    07",
        "    70",
        "test[0]: ok",
    ]


def test_dsl_run_test_inputs_without_outputs_are_listed_not_scored(tmp_path, files, capsys):
    task = {"train": MIRROR["train"], "test": [{"input": [[1, 2]]}]}
    path = write(tmp_path / "t.json", task)
    assert main(["dsl", "run", files["program"], path, "--show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3:] == ["test[0]: no expected output", "    21", "2/2 train pairs reproduced"]


def test_dsl_run_bad_program_exits_2(tmp_path, files, capsys):
    program = write(tmp_path / "bad.dsl", "O = no_such_primitive(I)\n")
    assert main(["dsl", "run", program, files["task"]]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert "unknown primitive 'no_such_primitive'" in captured.err


def test_dsl_run_unparsable_program_exits_2(tmp_path, files, capsys):
    program = write(tmp_path / "bad.dsl", "O flip_h I\n")
    assert main(["dsl", "run", program, files["task"]]) == 2
    assert "line 1: expected 'name = primitive(args)'" in capsys.readouterr().err


def test_dsl_run_program_must_output_a_grid(tmp_path, files, capsys):
    not_grid = [p for p in registry().values() if p.arg_types == ("Grid",)]
    not_grid = [p for p in not_grid if p.return_type != "Grid"]
    if not not_grid:
        pytest.skip("no primitive takes a Grid and returns something else")
    prim = not_grid[0]
    program = write(tmp_path / "other.dsl", f"O = {prim.name}(I)\n")
    assert main(["dsl", "run", program, files["task"]]) == 2
    err = capsys.readouterr().err
    assert f"the program's output O is {prim.return_type}; it must be a Grid" in err


def test_dsl_run_bad_task_exits_2(tmp_path, files, capsys):
    task = write(tmp_path / "broken.json", {"train": [{"input": [[1, 2], [3]]}], "test": []})
    assert main(["dsl", "run", files["program"], task]) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: task 'broken': train[0] missing key 'output'\n"


def test_dsl_run_missing_files_exit_2(tmp_path, files, capsys):
    assert main(["dsl", "run", str(tmp_path / "none.dsl"), files["task"]]) == 2
    assert "none.dsl: cannot read" in capsys.readouterr().err
    assert main(["dsl", "run", files["program"], str(tmp_path / "none.json")]) == 2
    assert "none.json: cannot read" in capsys.readouterr().err


def test_a_command_is_required():
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2
    with pytest.raises(SystemExit):
        main(["dsl"])


def test_parser_names_the_program():
    assert build_parser().prog == "arcsynth"


def test_installed_console_script_lists_primitives():
    script = Path(sys.executable).parent / "arcsynth"
    if not script.exists():
        found = shutil.which("arcsynth")
        if found is None:
            pytest.skip("the `arcsynth` script is not installed (run `pip install -e .`)")
        script = Path(found)
    done = subprocess.run(
        [str(script), "dsl", "list"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"{len(registry())} primitives"


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "3c9b0459.json"


@pytest.mark.parametrize("prior", ["int8", "none"])
def test_solve_prints_the_program_and_the_prior_it_used(prior, capsys):
    assert main(["solve", str(EXAMPLE), "--budget", "5", "--prior", prior]) == 0
    out = capsys.readouterr().out
    assert "O = rot180(I)" in out and "test outputs known: solved" in out
    assert ("prior int8:" in out) == (prior == "int8")


def test_solve_refuses_an_unknown_prior(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["solve", str(EXAMPLE), "--prior", "int4"])
    assert raised.value.code == 2
    assert "invalid choice: 'int4'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["solve", "eval", "compare"])
def test_mechanisms_default_to_the_default_set_and_reach_the_search_config(command):
    from api.cli import _search_config

    batch = [] if command == "solve" else ["--dataset", "arc-agi-1/training"]
    target = [str(EXAMPLE)] if command == "solve" else []
    args = build_parser().parse_args([command, *target, *batch])
    assert _search_config(args).mechanisms == DEFAULT_MECHANISMS
    args = build_parser().parse_args([command, *target, *batch, "--mechanisms", "search, stack"])
    assert _search_config(args).mechanisms == ("search", "stack")


@pytest.mark.parametrize(
    ("mechanisms", "message"),
    [
        ("search,magic", f"unknown mechanism 'magic': choose from {', '.join(MECHANISMS)}"),
        ("size,stack", "the search mechanism cannot be turned off: the others build on it"),
    ],
)
def test_a_bad_mechanism_is_a_one_line_usage_error(mechanisms, message, capsys):
    assert main(["solve", str(EXAMPLE), "--mechanisms", mechanisms]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"error: --mechanisms: {message}\n"
    assert captured.out == ""


def _task_folder(tmp_path: Path, names: list[str]) -> Path:
    """A folder with one mirror task per name."""
    folder = tmp_path / "tasks"
    folder.mkdir()
    for name in names:
        write(folder / f"{name}.json", MIRROR)
    return folder


def _no_solving(*args, **kwargs):
    raise AssertionError("nothing may be solved")


@pytest.mark.parametrize("command", ["eval", "compare"])
def test_an_unusable_out_path_is_refused_before_solving(command, tmp_path, capsys, monkeypatch):
    import benchmarks.evaluate

    monkeypatch.setattr(benchmarks.evaluate, "run_batch", _no_solving)
    folder = _task_folder(tmp_path, ["a"])
    taken = Path(write(tmp_path / "taken", "x"))
    for out, problem in [(taken, "exists and is not a folder"), (taken / "sub", "cannot write")]:
        assert main([command, "--dataset", str(folder), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: --out {out}: {problem}") and err.count("\n") == 1


def test_an_interrupted_eval_keeps_its_finished_tasks_and_resume_solves_the_rest(
    tmp_path, capsys, monkeypatch
):
    import benchmarks.evaluate as evaluate

    real_progress = evaluate._progress

    def interrupt_after_two(out, results, total, elapsed):
        real_progress(out, results, total, elapsed)
        if len(results) == 2:
            raise KeyboardInterrupt  # Ctrl-C once two tasks are done

    monkeypatch.setattr(evaluate, "_progress", interrupt_after_two)
    folder = _task_folder(tmp_path, ["a", "b", "c"])
    out = tmp_path / "out"
    argv = ["eval", "--dataset", str(folder), "--workers", "1", "--budget", "5", "--out", str(out)]
    assert main([*argv, "--prior", "none"]) == 130
    assert "interrupted: 2 of 3 tasks finished" in capsys.readouterr().err
    assert sorted(json.loads((out / "submission.json").read_text())) == ["a", "b"]
    report = json.loads((out / "report.json").read_text())
    assert (report["tasks"], report["tasks_planned"], report["score"]) == (2, 3, 1.0)

    def only_c(task, config):
        if task.id != "c":
            raise AssertionError(f"{task.id} was solved again")
        return real_solve(task, config)

    real_solve = evaluate.solve
    monkeypatch.setattr(evaluate, "_progress", real_progress)
    monkeypatch.setattr(evaluate, "solve", only_c)
    assert main([*argv, "--prior", "none", "--resume"]) == 0
    assert sorted(json.loads((out / "submission.json").read_text())) == ["a", "b", "c"]
    report = json.loads((out / "report.json").read_text())
    assert (report["tasks"], report["score"], report["statuses"]) == (3, 1.0, {"ok": 3})
    assert "score 100.0% (3.0/3)" in capsys.readouterr().out


def test_sigterm_stops_an_eval_and_keeps_the_finished_tasks(tmp_path):
    from tests.api.conftest import noise_task

    folder = _task_folder(tmp_path, ["a"])
    write(folder / "z.json", noise_task())  # nothing to find: z runs until stopped
    out = tmp_path / "out"
    command = [sys.executable, "-m", "api.cli", "eval", "--dataset", str(folder), "--out", str(out)]
    command += ["--workers", "1", "--budget", "300", "--prior", "none"]
    batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        journal = out / "results.jsonl"
        for _ in range(2400):  # up to 120 s for the mirror task on a busy machine
            if journal.exists() and '"task_id": "a"' in journal.read_text():
                break
            time.sleep(0.05)
        batch.send_signal(signal.SIGTERM)
        _, err = batch.communicate(timeout=30)  # long before z's 300 s budget ends
    finally:
        batch.kill()
    assert batch.returncode == 130, err
    assert "interrupted: 1 of 2 tasks finished" in err
    assert list(json.loads((out / "submission.json").read_text())) == ["a"]
    assert json.loads((out / "report.json").read_text())["tasks"] == 1


def test_an_interrupted_compare_keeps_arcsynths_finished_tasks_and_resumes(
    tmp_path, capsys, monkeypatch
):
    import benchmarks.evaluate as evaluate

    real_progress = evaluate._progress

    def interrupt_after_one(out, results, total, elapsed):
        real_progress(out, results, total, elapsed)
        raise KeyboardInterrupt

    monkeypatch.setenv("ARCSYNTH_PEER", str(tmp_path / "no-peer"))
    monkeypatch.setattr(evaluate, "_progress", interrupt_after_one)
    folder = _task_folder(tmp_path, ["a", "b"])
    out = tmp_path / "out"
    argv = ["compare", "--dataset", str(folder), "--workers", "1", "--budget", "5"]
    argv += ["--out", str(out), "--prior", "none"]
    assert main(argv) == 130
    assert "interrupted: 1 of 2 tasks finished" in capsys.readouterr().err
    assert list(json.loads((out / "arcsynth" / "submission.json").read_text())) == ["a"]
    assert not (out / "comparison.json").exists()
    monkeypatch.setattr(evaluate, "_progress", real_progress)
    assert main([*argv, "--resume"]) == 0
    comparison = json.loads((out / "comparison.json").read_text())
    assert (comparison["tasks"], comparison["arcsynth"]["solved"]) == (2, 2.0)
    assert comparison["peer"]["available"] is False


def _into_a_closed_pipe(argv: list[str]) -> subprocess.CompletedProcess:
    """Run `arcsynth ARGV` with stdout a pipe whose reader is already gone (`... | head`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "api.cli", *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "argv", [["dsl", "list"], ["solve", str(EXAMPLE), "--budget", "2", "--prior", "none"]]
)
def test_output_into_a_closed_pipe_ends_quietly(argv):
    done = _into_a_closed_pipe(argv)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_a_limit_below_1_is_refused(limit, capsys, monkeypatch):
    import benchmarks.evaluate

    monkeypatch.setattr(benchmarks.evaluate, "run_batch", _no_solving)
    assert main(["eval", "--dataset", "arc-agi-1/training", "--limit", limit]) == 2
    assert capsys.readouterr().err == "error: --limit must be at least 1\n"


def test_each_bad_flag_gets_its_own_message(tmp_path, capsys, monkeypatch):
    import benchmarks.evaluate

    monkeypatch.setattr(benchmarks.evaluate, "run_batch", _no_solving)
    argv = ["eval", "--dataset", "arc-agi-1/training", "--budget", "-1", "--workers", "0"]
    assert main([*argv, "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: --budget must be in (0, 3600] seconds",
        "error: --workers must be at least 1",
    ]


def test_solve_names_a_bad_budget_and_a_bad_mechanism_separately(capsys):
    assert main(["solve", str(EXAMPLE), "--budget", "0", "--mechanisms", "stack"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: --budget must be in (0, 3600] seconds",
        "error: --mechanisms: the search mechanism cannot be turned off: the others build on it",
    ]


@pytest.mark.parametrize("command", ["eval", "compare"])
def test_batch_help_gives_the_defaults_of_budget_and_workers(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--budget BUDGET seconds per task (default 30.0)" in text
    assert (
        f"--workers WORKERS tasks solved at once, one process each (default {os.cpu_count()}"
        in text
    )


README = Path(__file__).resolve().parent.parent / "README.md"


def _options(command: str) -> list[str]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    actions = commands.choices[command]._actions
    return [o for a in actions for o in a.option_strings if o.startswith("--") and o != "--help"]


def test_the_readme_names_every_eval_and_compare_option():
    readme = README.read_text()
    options = {o for command in ("eval", "compare") for o in _options(command)}
    assert sorted(o for o in options if f"`{o}" not in readme) == []


def test_the_readme_says_what_compare_needs():
    readme = " ".join(README.read_text().split())
    assert "`../shared/peers/icecuber/run-peer`" in readme
    assert "`ARCSYNTH_PEER`" in readme and "`g++`" in readme


def _wide_task(columns: int) -> dict:
    """The mirror task with a first train input and output `columns` cells wide."""
    task = json.loads(json.dumps(MIRROR))
    row = [c % 10 for c in range(columns)]
    task["train"][0] = {"input": [row], "output": [row[::-1]]}
    return task


def test_solve_and_eval_take_sides_up_to_60_by_default(tmp_path, capsys):
    task = write(tmp_path / "wide.json", _wide_task(33))
    assert main(["solve", task, "--budget", "1", "--prior", "none"]) == 0
    assert "test[0] attempt 1" in capsys.readouterr().out
    folder = _task_folder(tmp_path, ["a"])
    write(folder / "wide.json", _wide_task(60))
    write(folder / "too-wide.json", _wide_task(61))
    out = tmp_path / "out"
    argv = ["eval", "--dataset", str(folder), "--budget", "1", "--workers", "1", "--out", str(out)]
    assert main([*argv, "--prior", "none"]) == 0
    assert sorted(json.loads((out / "submission.json").read_text())) == ["a", "wide"]
    assert "too-wide.json: task 'too-wide': train[0].input has 61 columns; sides must be 1..60" in (
        capsys.readouterr().err
    )


def test_max_side_narrows_or_is_refused_outside_1_to_60(tmp_path, capsys):
    task = write(tmp_path / "wide.json", _wide_task(33))
    assert main(["solve", task, "--max-side", "30"]) == 2
    assert capsys.readouterr().err == (
        "error: task 'wide': train[0].input has 33 columns; sides must be 1..30\n"
    )
    assert main(["solve", task, "--max-side", "61"]) == 2
    assert capsys.readouterr().err == "error: --max-side must be 1..60\n"
