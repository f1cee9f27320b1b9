"""Synthetic tasks are well-typed, non-degenerate, deterministic and labelled with primitives."""

from __future__ import annotations

import random

import numpy as np

import neural.data
from dsl.program import parse, run
from neural.data import (
    SPLITS,
    Dataset,
    ProgramSampler,
    augmented,
    build,
    handwritten_tasks,
    is_held_out,
    random_grids,
    recoloured,
    synthetic_tasks,
    vocabulary,
)
from neural.features import MAX_PAIRS, TOKEN_DIM, TOKENS_PER_PAIR


def test_synthetic_tasks_are_the_same_for_the_same_seed():
    first = [t.program for t in synthetic_tasks(3, 10)]
    assert first == [t.program for t in synthetic_tasks(3, 10)]
    assert first != [t.program for t in synthetic_tasks(4, 10)]


def test_synthetic_tasks_are_reproduced_by_their_programs_and_not_degenerate():
    known = set(vocabulary())
    for labelled in synthetic_tasks(1, 25):
        program = parse(labelled.program)
        assert labelled.primitives == frozenset(program.primitives())
        assert labelled.primitives <= known and "identity" not in labelled.primitives
        assert 1 <= len(program) <= 4
        pairs = (*labelled.task.train, *labelled.task.test)
        assert len(labelled.task.train) >= 2
        for pair in pairs:
            output = run(program, pair.input)
            assert np.array_equal(output, pair.output)
            assert not (output.shape == pair.input.shape and np.array_equal(output, pair.input))
        outputs = [p.output for p in pairs]
        assert not all(
            o.shape == outputs[0].shape and np.array_equal(o, outputs[0]) for o in outputs
        )


def test_sampler_gives_up_cleanly_when_no_program_fits():
    rng = random.Random(0)
    blank = [np.zeros((1, 1), dtype=np.int8)] * 3
    assert ProgramSampler().sample(blank, 1, rng, tries=3) is None


def test_random_grids_are_valid_grids():
    for grid in random_grids(random.Random(5), 4):
        assert grid.dtype == np.int8 and min(grid.shape) >= 1 and max(grid.shape) <= 30
        assert grid.min() >= 0 and grid.max() <= 9


def test_handwritten_tasks_are_labelled_and_some_are_held_out():
    tasks = handwritten_tasks()
    assert len(tasks) >= 150
    held_out = [t for t in tasks if is_held_out(t.task.id)]
    assert 20 <= len(held_out) <= 60
    task = tasks[0]
    copy = recoloured(task.task, random.Random(0))
    assert len(copy.train) == len(task.task.train)
    assert sorted(p.input.shape for p in copy.train) == sorted(
        p.input.shape for p in task.task.train
    )


def test_a_built_dataset_has_every_split_and_round_trips(tmp_path):
    data = build(seed=2, count=12, valid=4, real_copies=0)
    assert {s: len(data.rows(s)) > 0 for s in SPLITS} == {s: True for s in SPLITS}
    assert data.tokens.shape[1:] == (MAX_PAIRS, TOKENS_PER_PAIR, TOKEN_DIM)
    assert data.labels.shape[1] == len(vocabulary())
    assert (data.labels.sum(1) >= 1).all()
    path = tmp_path / "data.npz"
    data.save(path)
    loaded = Dataset.load(path)
    assert np.array_equal(loaded.labels, data.labels)
    assert np.allclose(loaded.tokens, data.tokens, atol=1e-2)
    assert loaded.vocabulary == data.vocabulary


def test_any_number_of_workers_builds_the_same_shards(monkeypatch):
    monkeypatch.setattr(neural.data, "SHARD_SIZE", 4)
    one = build(seed=5, count=10, valid=3, real_copies=0, workers=1)
    two = build(seed=5, count=10, valid=3, real_copies=0, workers=2)
    assert one.programs == two.programs
    assert np.array_equal(one.tokens, two.tokens) and np.array_equal(one.split, two.split)
    assert [len(one.rows(s)) for s in ("train", "valid")] == [10, 3]


def test_augmented_grids_share_one_turn_and_one_colour_permutation():
    rng = random.Random(3)
    grids = [np.array([[0, 1, 2]], dtype=np.int8), np.array([[1], [1]], dtype=np.int8)]
    for _ in range(20):
        first, second = augmented(grids, rng)
        assert {first.shape, second.shape} <= {(1, 3), (3, 1), (2, 1), (1, 2)}
        assert (first.shape == (1, 3)) == (second.shape == (2, 1))
        assert len(np.unique(first)) == 3 and len(np.unique(second)) == 1
        assert np.unique(second)[0] in first  # colour 1 maps to one colour in both grids
        assert not first.flags.writeable
