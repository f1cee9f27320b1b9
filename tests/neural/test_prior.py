"""The committed prior serves without torch: a probability per primitive, and adaptation."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import neural.prior
from dsl.registry import registry
from dsl.task import load_dataset
from neural.prior import WEIGHTS, Prior, load_prior
from tests.clock import install

NEURAL = Path(__file__).resolve().parents[2] / "neural"
SERVING = ("prior.py", "features.py", "data.py", "metrics.py")


@pytest.fixture(scope="module")
def task():
    return load_dataset("arc-agi-1/training").tasks[0]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_serving_modules_do_not_import_torch_or_onnx():
    for name in SERVING:
        assert not _imports(NEURAL / name) & {"torch", "onnx"}, name


def test_committed_weights_are_small_files():
    for name in ("prior-int8.onnx", "prior-fp32.onnx", "prior-head.npz", "config.json"):
        assert (WEIGHTS / name).stat().st_size < 8_000_000, name


def test_the_prior_gives_a_probability_for_every_registered_primitive(task):
    prior = load_prior()
    assert load_prior() is prior
    probabilities = prior.predict(task)
    assert set(probabilities) == set(registry())
    assert all(0.0 < p < 1.0 for p in probabilities.values())
    assert prior.features(task).shape == (prior.head.weight.shape[1],)


def test_fp32_and_int8_models_mostly_agree(task):
    int8 = load_prior(quantized=True).predict(task)
    fp32 = Prior(quantized=False).predict(task)
    top_int8 = set(sorted(int8, key=int8.get)[-10:])
    top_fp32 = set(sorted(fp32, key=fp32.get)[-10:])
    assert len(top_int8 & top_fp32) >= 6


def test_primitives_the_model_never_saw_get_a_neutral_probability(task):
    prior = Prior()
    unseen = prior.vocabulary[0]
    prior.vocabulary = ["a_retired_primitive", *prior.vocabulary[1:]]
    probabilities = prior.predict(task)
    raw = 1.0 / (1.0 + np.exp(-prior.head.logits(prior.features(task))))
    assert probabilities[unseen] == pytest.approx(float(np.median(raw)))
    assert "a_retired_primitive" not in probabilities


def test_adapt_refits_the_head_within_its_time_bound(task, monkeypatch):
    prior = load_prior()
    # each read of the clock is 20 ms: the bound holds whatever the machine's load
    clock = install(monkeypatch, 0.02, neural.prior)
    head = prior.adapt(task, extra_examples=1_000, seconds=1.0, max_steps=10_000)
    assert 1.0 <= clock.now <= 1.0 + 3 * clock.step
    assert head.weight.shape == prior.head.weight.shape
    assert not np.allclose(head.weight, prior.head.weight)
    adapted = prior.predict(task, head)
    assert set(adapted) == set(registry())
    assert adapted != prior.predict(task)
