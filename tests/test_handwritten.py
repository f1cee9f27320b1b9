"""Hand-written programs that solve ARC-AGI-1 training tasks exactly: the DSL is expressive enough.

Each `tests/programs/<task_id>.dsl` must reproduce every train and test pair of its task when run
through the CLI, the way a person would check it (`arcsynth dsl run PROGRAM TASK`).
"""

import json
from functools import cache
from pathlib import Path

import pytest

from api.cli import main
from dsl.program import parse
from dsl.registry import get
from dsl.task import Task, load_dataset

PROGRAMS = Path(__file__).parent / "programs"
PROGRAM_FILES = sorted(PROGRAMS.glob("*.dsl"))
REQUIRED_FAMILIES = {"objects", "grids", "symmetry", "colour", "fill"}


@cache
def training_tasks() -> dict[str, Task]:
    return {task.id: task for task in load_dataset("arc-agi-1/training").tasks}


@pytest.mark.parametrize("program", PROGRAM_FILES, ids=lambda path: path.stem)
def test_program_solves_its_training_task(program, tmp_path, capsys):
    task = training_tasks()[program.stem]
    task_path = tmp_path / f"{task.id}.json"
    task_path.write_text(json.dumps(task.to_json()))
    status = main(["dsl", "run", str(program), str(task_path)])
    captured = capsys.readouterr()
    assert status == 0, f"{program.name} does not solve {task.id}:\n{captured.out}{captured.err}"


@pytest.mark.parametrize("program", PROGRAM_FILES, ids=lambda path: path.stem)
def test_program_starts_with_its_task_id_and_rule(program):
    first_line = program.read_text().splitlines()[0]
    assert first_line.startswith(f"# {program.stem}: ")
    assert len(first_line) > len(f"# {program.stem}: ") + 10


def test_there_are_at_least_thirty_programs_covering_the_main_families():
    assert len(PROGRAM_FILES) >= 30
    families = {
        get(name).family for path in PROGRAM_FILES for name in parse(path.read_text()).primitives()
    }
    missing = REQUIRED_FAMILIES - families
    assert not missing, f"no program uses the families {sorted(missing)}"
