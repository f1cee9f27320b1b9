"""ONNX export and int8 quantization round-trip a small model."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")

from neural.export import export_fp32, int8_initializers, quantize, session  # noqa: E402
from neural.metrics import top_k_agreement  # noqa: E402
from neural.model import Inference, Prior, PriorConfig  # noqa: E402


def test_export_and_int8_quantization_round_trip(tmp_path):
    torch.manual_seed(0)
    config = PriorConfig(
        n_primitives=240, hidden=64, n_latent=1, n_cycles=1, max_supervision_steps=2
    )
    model = Prior(config).eval()
    rng = np.random.default_rng(0)
    tokens = rng.random((16, config.max_pairs, config.tokens_per_pair, config.token_dim))
    tokens = tokens.astype(np.float32)
    masks = np.ones((16, config.max_pairs), dtype=np.float32)
    masks[0, 3] = 0
    fp32, int8 = tmp_path / "fp32.onnx", tmp_path / "int8.onnx"
    export_fp32(model, fp32)
    method = quantize(fp32, int8, tokens, masks)
    assert method == "dynamic"
    assert int8_initializers(int8) > 0
    assert int8.stat().st_size < fp32.stat().st_size

    feed = {"tokens": tokens, "pair_mask": masks}
    logits32, features32, steps = session(fp32).run(None, feed)
    logits8, features8, _ = session(int8).run(None, feed)
    with torch.no_grad():
        expected = Inference(model)(torch.from_numpy(tokens), torch.from_numpy(masks))[0]
    assert np.allclose(logits32, expected.numpy(), atol=1e-4)
    assert features32.shape == (16, config.hidden) and steps.shape == (16,)
    assert np.abs(logits8 - logits32).max() < 0.5
    assert top_k_agreement(logits32, logits8, 5)["top_5_overlap"] >= 0.6
