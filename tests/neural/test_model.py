"""The recursive model: shapes, deep supervision, halting."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from neural.model import (  # noqa: E402
    Inference,
    Prior,
    PriorConfig,
    halt_target,
    parameter_count,
    supervised_steps,
)

CONFIG = PriorConfig(n_primitives=20, hidden=32, heads=2, n_latent=2, n_cycles=2)


def _batch(size: int = 6):
    torch.manual_seed(0)
    tokens = torch.rand(size, CONFIG.max_pairs, CONFIG.tokens_per_pair, CONFIG.token_dim)
    mask = torch.ones(size, CONFIG.max_pairs)
    mask[0, 2:] = 0
    labels = torch.zeros(size, CONFIG.n_primitives)
    labels[:, 3] = 1
    labels[1, 7] = 1
    return tokens, mask, labels


def test_one_step_returns_detached_state_logits_halting_and_features():
    model = Prior(CONFIG)
    tokens, mask, _ = _batch()
    y, z = model.initial_state(tokens)
    assert y.shape == (6, CONFIG.max_pairs * CONFIG.tokens_per_pair, CONFIG.hidden)
    y, z, logits, halt, features = model(tokens, mask, y, z)
    assert not y.requires_grad and not z.requires_grad
    assert logits.shape == (6, CONFIG.n_primitives)
    assert halt.shape == (6,)
    assert features.shape == (6, CONFIG.hidden)
    assert parameter_count(model) > 0


def test_padding_pairs_do_not_change_the_answer():
    model = Prior(CONFIG).eval()
    tokens, mask, _ = _batch()
    noisy = tokens.clone()
    noisy[0, 2:] = 5.0
    with torch.no_grad():
        first = Inference(model)(tokens, mask)[0][0]
        second = Inference(model)(noisy, mask)[0][0]
    assert torch.allclose(first, second, atol=1e-4)


def test_deep_supervision_trains_every_step_and_lowers_the_loss():
    torch.manual_seed(0)
    model = Prior(CONFIG)
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    tokens, mask, labels = _batch()
    losses = []
    for _ in range(8):
        steps = 0
        for loss, logits, halt in supervised_steps(model, tokens, mask, labels):
            assert logits.shape == labels.shape and halt.shape == (len(labels),)
            optimiser.zero_grad()
            loss.backward()
            assert model.halt.weight.grad is not None and model.head.weight.grad is not None
            optimiser.step()
            steps += 1
            losses.append(loss.item())
        assert steps == CONFIG.max_supervision_steps
    assert losses[-1] < losses[0] * 0.8


def test_halting_target_says_whether_all_true_primitives_are_in_the_top_k():
    logits = torch.tensor([[5.0, 4.0, 3.0, 2.0], [5.0, 4.0, 3.0, 2.0]])
    labels = torch.tensor([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]])
    assert halt_target(logits, labels, k=3).tolist() == [1.0, 0.0]


def test_inference_answers_at_the_first_step_that_halts():
    model = Prior(CONFIG).eval()
    tokens, mask, _ = _batch()
    with torch.no_grad():
        model.halt.bias.fill_(100.0)
        _, _, steps = Inference(model)(tokens, mask)
        assert steps.tolist() == [1] * 6
        model.halt.bias.fill_(-100.0)
        logits, features, steps = Inference(model)(tokens, mask)
        assert steps.tolist() == [CONFIG.max_supervision_steps] * 6
        assert torch.allclose(model.head(features), logits, atol=1e-5)
