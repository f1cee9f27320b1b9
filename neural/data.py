"""Labelled tasks for the prior, made from the DSL itself (numpy only; no torch).

A synthetic task is a random well-typed program run on a few input grids that belong together
(the inputs of one development task, often turned and recoloured, or generated grids); its label
is the set of primitives the program uses. The hand-written programs in `tests/programs` add real
tasks with real labels. Everything is deterministic given the seed (any number of workers builds
the same data), and a built dataset is cached as one `.npz` file (tokens, pair masks, labels) so
training starts at once:

    python -m neural.data --tasks 40000 --seed 0 --workers 2   # writes runs/neural/data-....npz
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np

from dsl.program import INPUT, OUTPUT, Literal, Program, ProgramError, Ref, Step, apply, parse
from dsl.registry import Primitive, registry
from dsl.task import Pair, Task, load_dataset, load_development_tasks
from dsl.types import NO_VALUE, ColourMap, value_key
from neural.features import MAX_PAIRS, TOKEN_DIM, TOKENS, TOKENS_PER_PAIR, encode_pairs

ROOT: Final = Path(__file__).resolve().parent.parent
PROGRAMS: Final = ROOT / "tests" / "programs"
CACHE: Final = ROOT / "runs" / "neural"

LENGTH_WEIGHTS: Final = {1: 0.25, 2: 0.3, 3: 0.25, 4: 0.2}
"""How often a synthetic program has 1..4 steps."""

LITERAL_TYPES: Final = frozenset({"Colour", "Int", "Shape", "Position", "ColourMap"})
"""Types an argument may take as a constant (the search seeds these from the task)."""

EXCLUDED: Final = frozenset({"identity"})
"""Primitives never sampled: they cannot change a value."""

SPLITS: Final = ("train", "valid", "real_train", "real_valid")
"""Synthetic tasks to learn from and to validate on; hand-written ones likewise."""

SHARD_SIZE: Final = 1_000
"""Synthetic tasks per shard: each shard has its own seed, so any number of workers builds the
same dataset."""

HELD_OUT_PROGRAMS: Final = 40
"""Hand-written programs kept for validation (chosen by a hash of the task id)."""


def vocabulary() -> list[str]:
    """The primitive names the model predicts, in output order."""
    return sorted(registry())


# ------------------------------------------------------------------------------ input grids


def random_grids(rng: random.Random, count: int) -> list[np.ndarray]:
    """Grids that belong together: one background, a few coloured rectangles and specks."""
    background = 0 if rng.random() < 0.8 else rng.randrange(10)
    palette = rng.sample([c for c in range(10) if c != background], rng.randint(1, 4))
    same_size = rng.random() < 0.5
    height, width = rng.randint(3, 16), rng.randint(3, 16)
    grids = []
    for _ in range(count):
        if not same_size:
            height, width = rng.randint(3, 16), rng.randint(3, 16)
        grid = np.full((height, width), background, dtype=np.int8)
        for _ in range(rng.randint(1, 6)):
            h, w = rng.randint(1, max(1, height // 2)), rng.randint(1, max(1, width // 2))
            top, left = rng.randrange(height - h + 1), rng.randrange(width - w + 1)
            colour = rng.choice(palette)
            if rng.random() < 0.5:
                grid[top : top + h, left : left + w] = colour
            else:
                block = np.array([[rng.random() < 0.6 for _ in range(w)] for _ in range(h)])
                grid[top : top + h, left : left + w][block] = colour
        grid.flags.writeable = False
        grids.append(grid)
    return grids


@cache
def development_inputs() -> tuple[tuple[np.ndarray, ...], ...]:
    """Per development task (never an evaluation task), all its input grids (train and test)."""
    tasks = load_development_tasks().tasks
    return tuple(tuple(p.input for p in (*t.train, *t.test)) for t in tasks)


def augmented(grids: Sequence[np.ndarray], rng: random.Random) -> list[np.ndarray]:
    """The grids under one random turn/flip and one colour permutation (0 kept 4 times in 5)."""
    turns, flip = rng.randrange(4), rng.random() < 0.5
    keep_black = rng.random() < 0.8
    colours = list(range(1, 10)) if keep_black else list(range(10))
    shuffled = rng.sample(colours, len(colours))
    table = np.array([0] * keep_black + shuffled, dtype=np.int8)
    result = []
    for grid in grids:
        turned = np.rot90(grid, turns)
        moved = np.ascontiguousarray(turned.T if flip else turned)
        recoloured_grid = table[moved]
        recoloured_grid.flags.writeable = False
        result.append(recoloured_grid)
    return result


# ---------------------------------------------------------------------------- random programs


@dataclass
class _Binding:
    name: str
    type: str
    values: tuple[Any, ...]


def _colours_in(grids: Sequence[np.ndarray]) -> list[int]:
    return sorted(set(np.unique(np.concatenate([g.ravel() for g in grids])).tolist()))


class ProgramSampler:
    """Samples random well-typed programs that do something on a given set of inputs.

    Programs are chains: every step takes the previous step's value as one argument (so no step
    is dead code); other arguments are the input, earlier values or constants drawn the way the
    search draws them (colours of the grids, small integers, small shapes, unit offsets).
    """

    def __init__(self, primitives: dict[str, Primitive] | None = None) -> None:
        prims = [
            p
            for p in (primitives or registry()).values()
            if p.searchable and p.name not in EXCLUDED
        ]
        self.taking: dict[str, list[Primitive]] = {}
        for prim in prims:
            for arg_type in set(prim.arg_types):
                self.taking.setdefault(arg_type, []).append(prim)

    def sample(
        self, inputs: Sequence[np.ndarray], steps: int, rng: random.Random, tries: int = 30
    ) -> tuple[Program, tuple[np.ndarray, ...]] | None:
        """A program of `steps` steps and its outputs on every input, or None if none was found."""
        colours = _colours_in(inputs)
        env = [_Binding(INPUT, "Grid", tuple(inputs))]
        program: list[Step] = []
        for index in range(steps):
            last = index == steps - 1
            for _ in range(tries):
                made = self._step(env, colours, rng, last)
                if made is not None:
                    step, binding = made
                    program.append(step)
                    env.append(binding)
                    break
            else:
                return None
        outputs = env[-1].values
        if not _interesting(inputs, outputs):
            return None
        names = {f"s{i}": f"x{i}" for i in range(1, steps)} | {f"s{steps}": OUTPUT}
        return Program(tuple(_rename(s, names) for s in program)), outputs

    def _step(
        self, env: list[_Binding], colours: list[int], rng: random.Random, last: bool
    ) -> tuple[Step, _Binding] | None:
        previous = env[-1]
        candidates = self.taking.get(previous.type, [])
        if last:
            candidates = [p for p in candidates if p.return_type == "Grid"]
        if not candidates:
            return None
        prim = rng.choice(candidates)
        slots = [i for i, t in enumerate(prim.arg_types) if t == previous.type]
        chained = rng.choice(slots)
        args: list[Any] = []
        for i, arg_type in enumerate(prim.arg_types):
            arg = Ref(previous.name) if i == chained else _argument(arg_type, env, colours, rng)
            if arg is None:
                return None
            args.append(arg)
        values = []
        for n in range(len(previous.values)):
            concrete = tuple(
                _lookup(env, a.name)[n] if isinstance(a, Ref) else a.value for a in args
            )
            value = apply(prim.name, concrete)
            if value is NO_VALUE:
                return None
            values.append(value)
        values = tuple(values)
        if _redundant(prim.return_type, values, env):
            return None
        target = f"s{len(env)}"
        return Step(target, prim.name, tuple(args)), _Binding(target, prim.return_type, values)


def _lookup(env: list[_Binding], name: str) -> tuple[Any, ...]:
    return next(b.values for b in env if b.name == name)


def _rename(step: Step, names: dict[str, str]) -> Step:
    args = tuple(Ref(names.get(a.name, a.name)) if isinstance(a, Ref) else a for a in step.args)
    return Step(names.get(step.target, step.target), step.op, args)


def _argument(
    arg_type: str, env: list[_Binding], colours: list[int], rng: random.Random
) -> Ref | Literal | None:
    """A reference to an earlier value of the type, or a constant the search would also try."""
    refs = [b for b in env if b.type == arg_type]
    if refs and (arg_type not in LITERAL_TYPES or rng.random() < 0.25):
        if arg_type == "Grid" and rng.random() < 0.7:
            return Ref(INPUT)
        return Ref(rng.choice(refs).name)
    if arg_type == "Colour":
        pool = colours if rng.random() < 0.8 else list(range(10))
        return Literal(rng.choice(pool))
    if arg_type == "Int":
        return Literal(rng.choice((1, 2, 2, 3, 3, 4)))
    if arg_type == "Shape":
        return Literal(rng.choice(((1, 1), (2, 2), (3, 3), (3, 3), (1, 3), (3, 1), (4, 4))))
    if arg_type == "Position":
        return Literal(rng.choice(((0, 1), (1, 0), (0, -1), (-1, 0), (1, 1))))
    if arg_type == "ColourMap":
        sources = rng.sample(colours, min(len(colours), rng.randint(1, 2)))
        return Literal(ColourMap.from_pairs({c: rng.randrange(10) for c in sources}))
    return None


def _redundant(value_type: str, values: tuple[Any, ...], env: list[_Binding]) -> bool:
    """A value the program already has, or a constant the search would seed as a literal."""
    keys = tuple(value_key(v) for v in values)
    if any(b.type == value_type and tuple(value_key(v) for v in b.values) == keys for b in env):
        return True
    return value_type in LITERAL_TYPES and len(set(keys)) == 1


def _interesting(inputs: Sequence[np.ndarray], outputs: Sequence[Any]) -> bool:
    """Outputs that make a task: grids, none equal to its input, not all equal, not all blank."""
    if not all(isinstance(o, np.ndarray) for o in outputs):
        return False
    pairs = zip(inputs, outputs, strict=True)
    if any(o.shape == i.shape and np.array_equal(o, i) for i, o in pairs):
        return False
    if all(o.shape == outputs[0].shape and np.array_equal(o, outputs[0]) for o in outputs):
        return False
    return not all(np.all(o == o.flat[0]) for o in outputs)


# ----------------------------------------------------------------------------- labelled tasks


@dataclass(frozen=True)
class Labelled:
    """A task and the primitives its program uses."""

    task: Task
    primitives: frozenset[str]
    program: str


def program_length(rng: random.Random) -> int:
    """A number of steps drawn from LENGTH_WEIGHTS."""
    return rng.choices(list(LENGTH_WEIGHTS), list(LENGTH_WEIGHTS.values()))[0]


def synthetic_task(
    sampler: ProgramSampler,
    inputs: Sequence[np.ndarray],
    rng: random.Random,
    steps: int,
    task_id: str = "synthetic",
) -> Labelled | None:
    """One synthetic task: a random program of `steps` steps on these inputs (the last is test)."""
    found = sampler.sample(inputs, steps, rng)
    if found is None:
        return None
    program, outputs = found
    pairs = [Pair(i, o) for i, o in zip(inputs, outputs, strict=True)]
    task = Task(task_id, tuple(pairs[:-1]), (pairs[-1],))
    return Labelled(task, frozenset(program.primitives()), str(program))


def synthetic_tasks(seed: int | str, count: int, augment: float = 0.5) -> Iterator[Labelled]:
    """`count` synthetic tasks, the same ones for the same seed; the input grids of a fraction
    `augment` of them are turned, flipped and recoloured first (see `augmented`)."""
    rng = random.Random(seed)
    sampler = ProgramSampler()
    sources = development_inputs()
    made = 0
    while made < count:
        if rng.random() < 0.8:
            grids = list(rng.choice(sources))
            rng.shuffle(grids)
            inputs = grids[: MAX_PAIRS + 1]
            if rng.random() < augment:
                inputs = augmented(inputs, rng)
        else:
            inputs = random_grids(rng, rng.randint(3, MAX_PAIRS + 1))
        if len(inputs) < 3:
            continue
        task_id = f"synthetic-{seed}-{made}"
        labelled = synthetic_task(sampler, inputs, rng, program_length(rng), task_id)
        if labelled is not None:
            made += 1
            yield labelled


def is_held_out(task_id: str) -> bool:
    """Whether a hand-written program's task is kept for validation (about 40 of 170)."""
    digest = hashlib.sha256(task_id.encode()).digest()
    return digest[0] < 256 * HELD_OUT_PROGRAMS / 170


def handwritten_tasks() -> list[Labelled]:
    """The ARC-AGI-1 training tasks with a hand-written program, labelled with its primitives."""
    tasks = {t.id: t for t in load_dataset("arc-agi-1/training").tasks}
    labelled = []
    for path in sorted(PROGRAMS.glob("*.dsl")):
        text = path.read_text()
        try:
            program = parse(text)
        except ProgramError:  # a program whose primitives the registry no longer has
            continue
        if path.stem in tasks:
            labelled.append(Labelled(tasks[path.stem], frozenset(program.primitives()), text))
    return labelled


def unseen_training_ids() -> list[str]:
    """ARC-AGI-1 training tasks whose program the prior never trained on (for ablations).

    That is every training task except those with a hand-written program outside the held-out
    split. (The synthetic tasks do use training *input* grids, with random programs.)
    """
    seen = {labelled.task.id for labelled in handwritten_tasks()}
    seen = {task_id for task_id in seen if not is_held_out(task_id)}
    return sorted(t.id for t in load_dataset("arc-agi-1/training").tasks if t.id not in seen)


def _lines(text: str) -> list[str]:
    return [line for line in (r.split("#", 1)[0].strip() for r in text.splitlines()) if line]


def recoloured(task: Task, rng: random.Random) -> Task:
    """The task with colours 1-9 permuted (0 stays) and its demonstrations shuffled.

    Which primitives solve a task rarely depends on which colours it uses, so this multiplies
    the few real tasks without changing their labels.
    """
    table = np.array([0, *rng.sample(range(1, 10), 9)], dtype=np.int8)
    pairs = [Pair(table[p.input], table[p.output]) for p in task.train]
    rng.shuffle(pairs)
    return Task(task.id, tuple(pairs), task.test)


# ------------------------------------------------------------------------------------ dataset


@dataclass
class Dataset:
    """Encoded tasks: tokens (N, MAX_PAIRS, TOKENS_PER_PAIR, TOKEN_DIM), masks (N, MAX_PAIRS),
    labels (N, len(vocabulary)) of 0/1, program lengths (N,), and which split each row is in."""

    tokens: np.ndarray
    masks: np.ndarray
    labels: np.ndarray
    lengths: np.ndarray
    split: np.ndarray
    vocabulary: list[str]
    programs: list[str]

    def rows(self, split: str) -> np.ndarray:
        return np.flatnonzero(self.split == SPLITS.index(split))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(  # uncompressed: a large cache saves and loads in seconds
            path,
            tokens=self.tokens.astype(np.float16),
            masks=self.masks,
            labels=np.packbits(self.labels.astype(bool), axis=1),
            lengths=self.lengths,
            split=self.split,
            vocabulary=np.array(self.vocabulary),
            programs=np.array(self.programs),
        )

    @classmethod
    def concatenate(cls, parts: Sequence[Dataset]) -> Dataset:
        """The rows of every part, in order (all parts share one vocabulary)."""
        return cls(
            np.concatenate([p.tokens for p in parts]),
            np.concatenate([p.masks for p in parts]),
            np.concatenate([p.labels for p in parts]),
            np.concatenate([p.lengths for p in parts]),
            np.concatenate([p.split for p in parts]),
            parts[0].vocabulary,
            [program for p in parts for program in p.programs],
        )

    @classmethod
    def load(cls, path: Path) -> Dataset:
        data = np.load(path)
        vocab = [str(v) for v in data["vocabulary"]]
        labels = np.unpackbits(data["labels"], axis=1, count=len(vocab)).astype(np.float32)
        return cls(
            data["tokens"].astype(np.float32),
            data["masks"],
            labels,
            data["lengths"],
            data["split"],
            vocab,
            [str(p) for p in data["programs"]],
        )


def _encode(rows: list[tuple[Labelled, int]], vocab: list[str]) -> Dataset:
    index = {name: i for i, name in enumerate(vocab)}
    n = len(rows)
    tokens = np.zeros((n, MAX_PAIRS, TOKENS_PER_PAIR, TOKEN_DIM), dtype=np.float32)
    masks = np.zeros((n, MAX_PAIRS), dtype=np.float32)
    labels = np.zeros((n, len(vocab)), dtype=np.float32)
    lengths = np.zeros(n, dtype=np.int8)
    for r, (item, _) in enumerate(rows):
        tokens[r], masks[r] = encode_pairs([(p.input, p.output) for p in item.task.train])
        labels[r, [index[p] for p in item.primitives]] = 1.0
        lengths[r] = len(_lines(item.program))
    split = np.array([s for _, s in rows], dtype=np.int8)
    programs = [item.program for item, _ in rows]
    return Dataset(tokens, masks, labels, lengths, split, vocab, programs)


def _synthetic_shard(job: tuple[int, str, int, int]) -> Dataset:
    """One shard of a split's synthetic tasks, encoded: job = (seed, split, shard, count)."""
    seed, split, shard, count = job
    tasks = synthetic_tasks(f"{seed}:{split}:{shard}", count)
    return _encode([(item, SPLITS.index(split)) for item in tasks], vocabulary())


def _shard_jobs(seed: int, split: str, count: int) -> list[tuple[int, str, int, int]]:
    starts = range(0, count, SHARD_SIZE)
    return [(seed, split, n, min(SHARD_SIZE, count - start)) for n, start in enumerate(starts)]


def _handwritten_rows(seed: int, real_copies: int) -> list[tuple[Labelled, int]]:
    """Hand-written tasks (held-out ones for validation), with recoloured copies for training."""
    rng = random.Random(seed)
    train, valid = SPLITS.index("real_train"), SPLITS.index("real_valid")
    rows: list[tuple[Labelled, int]] = []
    for labelled in handwritten_tasks():
        if is_held_out(labelled.task.id):
            rows.append((labelled, valid))
            continue
        rows.append((labelled, train))
        for _ in range(real_copies):
            task = recoloured(labelled.task, rng)
            rows.append((Labelled(task, labelled.primitives, labelled.program), train))
    return rows


def build(
    seed: int, count: int, valid: int, real_copies: int, log: bool = False, workers: int = 1
) -> Dataset:
    """Synthetic tasks (`count` to train on, `valid` held out) in shards of SHARD_SIZE, built by
    `workers` processes, and recoloured copies of the real ones."""
    jobs = _shard_jobs(seed, "train", count) + _shard_jobs(seed, "valid", valid)
    development_inputs()  # loaded once, before the workers fork
    started = time.monotonic()
    parts: list[Dataset] = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for part in pool.imap(_synthetic_shard, jobs):
            parts.append(part)
            if log and len(parts) % 10 == 0:
                made = sum(len(p.split) for p in parts)
                print(f"  {made} synthetic tasks, {time.monotonic() - started:.0f}s", flush=True)
    parts.append(_encode(_handwritten_rows(seed, real_copies), vocabulary()))
    return Dataset.concatenate(parts)


def cache_path(seed: int, count: int, valid: int, real_copies: int) -> Path:
    """Where a dataset is cached; the name changes with the vocabulary and the token layout."""
    tokens = [name for name, _ in TOKENS]
    layout = json.dumps(["sharded-augmented", vocabulary(), tokens, TOKEN_DIM, MAX_PAIRS])
    digest = hashlib.sha256(layout.encode()).hexdigest()[:10]
    return CACHE / f"data-s{seed}-n{count}-v{valid}-r{real_copies}-{digest}.npz"


def load_or_build(
    seed: int, count: int, valid: int, real_copies: int, log: bool = False, workers: int = 1
) -> Dataset:
    path = cache_path(seed, count, valid, real_copies)
    if path.exists():
        return Dataset.load(path)
    dataset = build(seed, count, valid, real_copies, log, workers)
    dataset.save(path)
    return Dataset.load(path)  # the same float16-rounded tokens as a cached run sees


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build and cache the prior's training data.")
    parser.add_argument("--tasks", type=int, default=40_000)
    parser.add_argument("--valid", type=int, default=2_000)
    parser.add_argument("--real-copies", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="processes building shards")
    parser.add_argument(
        "--unseen-ids",
        action="store_true",
        help="print the ARC-AGI-1 training tasks the prior was not trained on, and stop",
    )
    args = parser.parse_args(argv)
    if args.unseen_ids:
        print("\n".join(unseen_training_ids()))
        return
    started = time.monotonic()
    dataset = load_or_build(
        args.seed, args.tasks, args.valid, args.real_copies, log=True, workers=args.workers
    )
    counts = {s: len(dataset.rows(s)) for s in SPLITS}
    print(f"{cache_path(args.seed, args.tasks, args.valid, args.real_copies)}: {counts}")
    print(f"{time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
