"""The trained prior at serving time: numpy and onnxruntime only (no torch).

    prior = load_prior()                       # cached: one onnxruntime session per process
    probabilities = prior.predict(task)        # {primitive name: probability}, every primitive
    head = prior.adapt(task, seconds=1.0)      # refit the output head on the task's own inputs
    probabilities = prior.predict(task, head)

The ONNX graph returns the task's feature vector as well as its logits, so the output head can
be evaluated, and refitted, in numpy. `adapt` never reads test outputs: it runs random programs
on the task's own input grids (train and test inputs), featurises those synthetic tasks with the
frozen network and fits the head to their primitives, anchored to the trained head.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np
import onnxruntime as ort

from dsl.registry import registry
from dsl.task import Task
from neural.data import ProgramSampler, program_length, synthetic_task
from neural.features import TOKEN_DIM, TOKENS, encode_pairs, encode_task

WEIGHTS: Final = Path(__file__).resolve().parent / "weights"


@dataclass(frozen=True)
class Head:
    """The output layer: logits = features @ weight.T + bias."""

    weight: np.ndarray  # [C, H]
    bias: np.ndarray  # [C]

    def logits(self, features: np.ndarray) -> np.ndarray:
        return features @ self.weight.T + self.bias


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


@cache
def _session(path: str) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


class Prior:
    """Probabilities that a task's program uses each DSL primitive."""

    def __init__(self, weights: Path = WEIGHTS, quantized: bool = True) -> None:
        config = json.loads((weights / "config.json").read_text())
        layout = config["features"]
        if layout["tokens"] != [name for name, _ in TOKENS] or layout["token_dim"] != TOKEN_DIM:
            raise ValueError(f"{weights}: trained on another token layout; retrain the prior")
        self.vocabulary: list[str] = config["vocabulary"]
        self.session = _session(
            str(weights / ("prior-int8.onnx" if quantized else "prior-fp32.onnx"))
        )
        saved = np.load(weights / "prior-head.npz")
        self.head = Head(saved["weight"], saved["bias"])

    def _features(self, tokens: np.ndarray, masks: np.ndarray) -> np.ndarray:
        """Feature vectors [N, H] for token batches [N, P, T, F] and masks [N, P]."""
        feed = {"tokens": tokens.astype(np.float32), "pair_mask": masks.astype(np.float32)}
        return self.session.run(["features"], feed)[0]

    def features(self, task: Task) -> np.ndarray:
        """The task's feature vector [H]: what the output head reads."""
        tokens, mask = encode_task(task)
        return self._features(tokens[None], mask[None])[0]

    def predict(self, task: Task, head: Head | None = None) -> dict[str, float]:
        """A probability for every registered primitive.

        A primitive the model was not trained on gets the median of this task's probabilities:
        neither favoured nor held back.
        """
        probabilities = _sigmoid((head or self.head).logits(self.features(task)))
        known = dict(zip(self.vocabulary, probabilities.tolist(), strict=True))
        neutral = float(np.median(probabilities))
        return {name: known.get(name, neutral) for name in registry()}

    def adapt(
        self,
        task: Task,
        extra_examples: int = 48,
        seconds: float = 1.0,
        seed: int = 0,
        l2: float = 1.0,
        learning_rate: float = 0.05,
        max_steps: int = 200,
    ) -> Head:
        """A head refitted for this task, within about `seconds`.

        Up to `extra_examples` synthetic tasks are made, in at most half the time, by running
        random programs on this task's input grids; then the head takes logistic-regression
        gradient steps on their features and primitives, with an L2 pull (weight `l2`) towards
        the trained head, until `max_steps` or the time is up. Test outputs are never read.
        """
        deadline = time.monotonic() + seconds
        rng = random.Random(seed)
        sampler = ProgramSampler()
        inputs = [p.input for p in task.train] + [p.input for p in task.test]
        index = {name: i for i, name in enumerate(self.vocabulary)}
        tokens, masks, labels = [], [], []
        make_until = time.monotonic() + seconds / 2
        while len(labels) < extra_examples and time.monotonic() < make_until and len(inputs) > 1:
            chosen = rng.sample(inputs, min(len(inputs), 5))
            made = synthetic_task(sampler, chosen, rng, program_length(rng))
            if made is None or not made.primitives <= index.keys():
                continue
            pairs = [(p.input, p.output) for p in made.task.train]
            t, m = encode_pairs(pairs)
            tokens.append(t)
            masks.append(m)
            labels.append(np.isin(np.arange(len(index)), [index[p] for p in made.primitives]))
        if not labels:
            return self.head
        features = self._features(np.stack(tokens), np.stack(masks))  # [N, H]
        targets = np.stack(labels).astype(np.float32)  # [N, C]
        weight, bias = self.head.weight.copy(), self.head.bias.copy()
        for _ in range(max_steps):
            if time.monotonic() >= deadline:
                break
            error = _sigmoid(features @ weight.T + bias) - targets  # [N, C]
            weight -= learning_rate * (
                error.T @ features / len(targets) + l2 * (weight - self.head.weight)
            )
            bias -= learning_rate * (error.mean(0) + l2 * (bias - self.head.bias))
        return Head(weight, bias)


@cache
def load_prior(quantized: bool = True) -> Prior:
    """The committed prior, loaded once per process."""
    return Prior(WEIGHTS, quantized)
