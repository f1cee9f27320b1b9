import json

import numpy as np
import pytest

from dsl.task import (
    DATASETS,
    Pair,
    Task,
    TaskError,
    TaskLimits,
    load_dataset,
    load_kaggle,
    load_task_file,
    load_task_folder,
    load_tasks,
    task_from_json,
)
from tests.dsl.conftest import same

GOOD = {
    "train": [
        {"input": [[1, 2], [3, 4]], "output": [[2, 1], [4, 3]]},
        {"input": [[5, 0, 0]], "output": [[0, 0, 5]]},
    ],
    "test": [{"input": [[7, 8]], "output": [[8, 7]]}],
}


def with_grid(grid, section="train", index=0, key="input"):
    """GOOD with one grid replaced."""
    data = json.loads(json.dumps(GOOD))
    data[section][index][key] = grid
    return data


def error_of(data, task_id="abc", limits=None) -> str:
    with pytest.raises(TaskError) as caught:
        task_from_json(data, task_id, limits or TaskLimits())
    return str(caught.value)


def write(path, data):
    path.write_text(json.dumps(data))
    return path


# ------------------------------------------------------------------------------------- parsing


def test_parses_grids_as_frozen_int8_arrays():
    task = task_from_json(GOOD, "abc")
    assert task.id == "abc"
    assert len(task.train) == 2 and len(task.test) == 1
    grid = task.train[1].input
    assert same(grid, [[5, 0, 0]])
    assert grid.dtype == np.int8
    assert not grid.flags.writeable
    assert same(task.test[0].output, [[8, 7]])
    assert task.has_test_outputs


def test_test_outputs_are_optional():
    data = {"train": GOOD["train"], "test": [{"input": [[1]]}, {"input": [[2]], "output": None}]}
    task = task_from_json(data, "abc")
    assert task.test[0].output is None and task.test[1].output is None
    assert not task.has_test_outputs


def test_to_json_round_trips():
    task = task_from_json(GOOD, "abc")
    assert task.to_json() == GOOD
    assert task_from_json(task.to_json(), "abc") == task
    assert hash(task_from_json(GOOD, "abc")) == hash(task)


def test_to_json_leaves_out_unknown_test_outputs():
    data = {"train": GOOD["train"], "test": [{"input": [[1]]}]}
    assert task_from_json(data, "abc").to_json() == data


def test_pairs_compare_by_cells():
    a = task_from_json(GOOD, "abc").train[0]
    assert a == Pair(a.input.copy(), a.output.copy())
    assert a != Pair(a.input, a.input)
    assert a != Pair(a.input, None)


def test_ragged_rows_are_rejected():
    data = with_grid([[1, 2, 3, 4, 5]] * 3 + [[1, 2, 3, 4]], index=1)
    assert error_of(data) == "task 'abc': train[1].input: row 3 has 4 cells, row 0 has 5"


def test_colour_outside_0_9_is_rejected():
    grid = [[0] * 6 for _ in range(3)]
    grid[2][5] = 12
    data = with_grid(grid, index=1)
    assert error_of(data) == "task 'abc': train[1].input: colour 12 at (2, 5) is outside 0-9"
    grid[2][5] = -1
    assert "colour -1 at (2, 5) is outside 0-9" in error_of(with_grid(grid))
    grid[2][5] = 10**30
    assert f"colour {10**30} at (2, 5) is outside 0-9" in error_of(with_grid(grid))


def test_sides_must_be_1_to_30():
    tall = with_grid([[0]] * 31, index=1)
    assert error_of(tall) == "task 'abc': train[1].input has 31 rows; sides must be 1..30"
    wide = with_grid([[0] * 31], key="output")
    assert error_of(wide) == "task 'abc': train[0].output has 31 columns; sides must be 1..30"
    assert error_of(with_grid([])) == "task 'abc': train[0].input has 0 rows; sides must be 1..30"
    assert error_of(with_grid([[]])) == (
        "task 'abc': train[0].input has 0 columns; sides must be 1..30"
    )


def test_missing_keys_are_named():
    no_output = {"train": [{"input": [[1]]}], "test": GOOD["test"]}
    assert error_of(no_output) == "task 'abc': train[0] missing key 'output'"
    no_input = {"train": GOOD["train"], "test": [{"output": [[1]]}]}
    assert error_of(no_input) == "task 'abc': test[0] missing key 'input'"
    assert error_of({"train": GOOD["train"]}) == "task 'abc': missing key 'test'"
    assert error_of({"test": GOOD["test"]}) == "task 'abc': missing key 'train'"


def test_empty_sections_are_rejected():
    assert error_of({"train": [], "test": GOOD["test"]}) == "task 'abc': 'train' is empty"
    assert error_of({"train": GOOD["train"], "test": []}) == "task 'abc': 'test' is empty"


def test_cells_must_be_integers():
    floats = with_grid([[1, 2.5]], index=1)
    assert error_of(floats) == "task 'abc': train[1].input: cell at (0, 1) is 2.5, not an integer"
    strings = with_grid([[1], ["3"]], section="test", key="output")
    assert error_of(strings) == (
        "task 'abc': test[0].output: cell at (1, 0) is \"3\", not an integer"
    )
    whole_float = with_grid([[1.0]])
    assert "cell at (0, 0) is 1.0, not an integer" in error_of(whole_float)


def test_booleans_are_not_cells():
    assert error_of(with_grid([[0, True]])) == (
        "task 'abc': train[0].input: cell at (0, 1) is true, not an integer"
    )
    assert "cell at (0, 0) is false, not an integer" in error_of(with_grid([[False]]))


def test_wrong_json_types_are_named():
    assert error_of([GOOD]) == "task 'abc': expected an object with 'train' and 'test', got list"
    assert error_of({"train": {"a": 1}, "test": GOOD["test"]}) == (
        "task 'abc': 'train' must be a list of pairs, got object"
    )
    assert error_of({"train": [[[1]]], "test": GOOD["test"]}) == (
        "task 'abc': train[0] must be an object with 'input' and 'output'"
    )
    assert error_of(with_grid("12")) == (
        "task 'abc': train[0].input must be a list of rows, got string"
    )
    assert error_of(with_grid(None, key="output")) == (
        "task 'abc': train[0].output must be a list of rows, got null"
    )
    assert error_of(with_grid([[1], 2])) == (
        "task 'abc': train[0].input: row 1 must be a list of cells, got integer"
    )


def test_limits_bound_the_pair_counts():
    limits = TaskLimits(max_train_pairs=1, max_test_pairs=1)
    assert error_of(GOOD, limits=limits) == "task 'abc': 'train' has 2 pairs; at most 1 allowed"
    many_tests = {"train": GOOD["train"], "test": GOOD["test"] * 11}
    assert error_of(many_tests) == "task 'abc': 'test' has 11 pairs; at most 10 allowed"
    many_train = {"train": GOOD["train"] * 11, "test": GOOD["test"]}
    assert error_of(many_train) == "task 'abc': 'train' has 22 pairs; at most 20 allowed"


def test_limits_bound_the_sides():
    limits = TaskLimits(max_side=2)
    assert error_of(GOOD, limits=limits) == (
        "task 'abc': train[1].input has 3 columns; sides must be 1..2"
    )
    with pytest.raises(ValueError):
        TaskLimits(max_side=61)
    with pytest.raises(ValueError):
        TaskLimits(max_train_pairs=0)


# ------------------------------------------------------------------------------------- loaders


def test_load_task_file_names_the_task_after_the_file(tmp_path):
    task = load_task_file(write(tmp_path / "0a1b2c3d.json", GOOD))
    assert task.id == "0a1b2c3d"
    assert task == task_from_json(GOOD, "0a1b2c3d")


def test_load_task_file_reports_bad_json_and_missing_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"train": [')
    with pytest.raises(TaskError, match=r"bad.json: not valid JSON: .* at line 1 column 12"):
        load_task_file(bad)
    with pytest.raises(TaskError, match=r"missing.json: cannot read"):
        load_task_file(tmp_path / "missing.json")


def test_load_task_folder_skips_and_reports_bad_files(tmp_path):
    write(tmp_path / "b.json", GOOD)
    write(tmp_path / "a.json", GOOD)
    write(tmp_path / "c.json", with_grid([[1, 2], [3]]))
    (tmp_path / "d.json").write_text("not json")
    (tmp_path / "notes.txt").write_text("ignored")
    result = load_task_folder(tmp_path)
    assert [t.id for t in result.tasks] == ["a", "b"]
    assert [name for name, _ in result.errors] == ["c.json", "d.json"]
    assert result.errors[0][1] == "task 'c': train[0].input: row 1 has 1 cells, row 0 has 2"
    assert "not valid JSON" in result.errors[1][1]


def test_folder_with_one_bad_file_gives_the_good_tasks_and_one_error(tmp_path):
    for name in ("t1", "t2", "t3"):
        write(tmp_path / f"{name}.json", GOOD)
    write(tmp_path / "t4.json", with_grid([[10]]))
    result = load_task_folder(tmp_path)
    assert [t.id for t in result.tasks] == ["t1", "t2", "t3"]
    assert result.errors == [
        ("t4.json", "task 't4': train[0].input: colour 10 at (0, 0) is outside 0-9")
    ]


def test_load_task_folder_needs_a_folder(tmp_path):
    with pytest.raises(TaskError, match="not a folder"):
        load_task_folder(tmp_path / "nowhere")


def kaggle_files(tmp_path):
    challenges = {
        "bbb": {"train": GOOD["train"], "test": [{"input": [[1, 2]]}, {"input": [[3]]}]},
        "aaa": {"train": GOOD["train"], "test": [{"input": [[4, 5]]}]},
    }
    solutions = {"bbb": [[[2, 1]], [[3]]], "aaa": [[[5, 4]]]}
    return (
        write(tmp_path / "arc_evaluation_challenges.json", challenges),
        write(tmp_path / "arc_evaluation_solutions.json", solutions),
    )


def test_load_kaggle_fills_test_outputs_from_the_sibling_solutions(tmp_path):
    challenges, _ = kaggle_files(tmp_path)
    result = load_kaggle(challenges)
    assert result.errors == []
    assert [t.id for t in result.tasks] == ["aaa", "bbb"]
    bbb = result.tasks[1]
    assert same(bbb.test[0].output, [[2, 1]]) and same(bbb.test[1].output, [[3]])
    assert same(result.tasks[0].test[0].output, [[5, 4]])


def test_load_kaggle_without_solutions_has_no_test_outputs(tmp_path):
    challenges, solutions = kaggle_files(tmp_path)
    solutions.unlink()
    result = load_kaggle(challenges)
    assert len(result.tasks) == 2
    assert not any(t.has_test_outputs for t in result.tasks)


def test_load_kaggle_takes_an_explicit_solutions_file(tmp_path):
    challenges, solutions = kaggle_files(tmp_path)
    renamed = solutions.rename(tmp_path / "answers.json")
    assert all(t.has_test_outputs for t in load_kaggle(challenges, renamed).tasks)
    with pytest.raises(TaskError, match="cannot read"):
        load_kaggle(challenges, tmp_path / "missing.json")


def test_load_kaggle_reports_bad_tasks_and_solutions(tmp_path):
    challenges = {
        "ok": GOOD,
        "short": {"train": GOOD["train"], "test": [{"input": [[1]]}, {"input": [[2]]}]},
        "bad": {"train": [], "test": GOOD["test"]},
        "badsol": {"train": GOOD["train"], "test": [{"input": [[1]]}]},
    }
    solutions = {"short": [[[1]]], "badsol": [[[1, 2], [3]]]}
    path = write(tmp_path / "x_challenges.json", challenges)
    write(tmp_path / "x_solutions.json", solutions)
    result = load_kaggle(path)
    assert [t.id for t in result.tasks] == ["ok"]
    assert result.errors == [
        ("bad", "task 'bad': 'train' is empty"),
        ("badsol", "task 'badsol': test[0].output: row 1 has 1 cells, row 0 has 2"),
        ("short", "task 'short': solutions give 1 outputs for 2 test inputs"),
    ]


def test_load_kaggle_needs_an_object_of_tasks(tmp_path):
    path = write(tmp_path / "x_challenges.json", [GOOD])
    with pytest.raises(TaskError, match="expected an object of task id -> task, got list"):
        load_kaggle(path)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("arc-agi-1/training", 400),
        ("arc-agi-1/evaluation", 400),
        ("arc-agi-2/training", 1000),
        ("arc-agi-2/evaluation", 120),
    ],
)
def test_bundled_datasets_load_whole_and_sorted(name, count):
    result = load_dataset(name)
    assert result.errors == []
    assert len(result.tasks) == count
    ids = [t.id for t in result.tasks]
    assert ids == sorted(ids) and len(set(ids)) == count
    assert all(t.has_test_outputs for t in result.tasks)


def test_bundled_dataset_holds_a_known_task():
    tasks = {t.id: t for t in load_dataset("arc-agi-1/training").tasks}
    task = tasks["007bbfb7"]  # the 3x3 -> 9x9 self-tiling task
    assert task.train[0].input.shape == (3, 3)
    assert task.train[0].output.shape == (9, 9)


def test_unknown_dataset_lists_the_valid_names():
    with pytest.raises(TaskError) as caught:
        load_dataset("arc-agi-3/training")
    for name in DATASETS:
        assert name in str(caught.value)


def test_load_tasks_dispatches_on_the_source(tmp_path):
    assert len(load_tasks("arc-agi-2/evaluation").tasks) == 120

    folder = tmp_path / "folder"
    folder.mkdir()
    write(folder / "one.json", GOOD)
    assert [t.id for t in load_tasks(str(folder)).tasks] == ["one"]

    single = load_tasks(str(folder / "one.json"))
    assert [t.id for t in single.tasks] == ["one"] and single.errors == []

    challenges, _ = kaggle_files(tmp_path)
    kaggle = load_tasks(str(challenges))
    assert [t.id for t in kaggle.tasks] == ["aaa", "bbb"]
    assert all(t.has_test_outputs for t in kaggle.tasks)


def test_load_tasks_reports_a_bad_single_file_as_an_error(tmp_path):
    path = write(tmp_path / "bad.json", {"train": [], "test": GOOD["test"]})
    result = load_tasks(str(path))
    assert result.tasks == []
    assert result.errors == [("bad.json", "task 'bad': 'train' is empty")]


def test_load_tasks_unknown_source_lists_the_valid_names(tmp_path):
    with pytest.raises(TaskError) as caught:
        load_tasks(str(tmp_path / "nowhere"))
    message = str(caught.value)
    assert "nowhere" in message
    for name in DATASETS:
        assert name in message


def test_tasks_are_immutable():
    task = task_from_json(GOOD, "abc")
    assert isinstance(task, Task)
    with pytest.raises(AttributeError):
        task.id = "other"
    with pytest.raises(ValueError):
        task.train[0].input[0, 0] = 9
