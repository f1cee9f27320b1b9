"""Export the prior to ONNX (fp32 and int8) and measure what quantization costs.

    python -m neural.export --checkpoint runs/neural/prior.pt --out neural/weights

Files written to the output folder:

    prior-fp32.onnx   tokens [B, P, T, F], pair_mask [B, P] -> logits [B, C], features [B, H],
                      steps [B] (supervision steps used before halting)
    prior-int8.onnx   the same graph with int8 weights (onnxruntime dynamic quantization)
    prior-head.npz    the output head (weight [C, H], bias [C]) for numpy: test-time adaptation
                      refits it on `features`

The report records file sizes, int8 initializers, fp32 vs int8 top-5 agreement and ranking
metrics on the validation splits, and latency per task on one CPU thread (features included).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnxruntime.quantization import (
    CalibrationDataReader,
    QuantType,
    quantize_dynamic,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

from neural.data import Dataset, handwritten_tasks, is_held_out, load_or_build
from neural.features import encode_task
from neural.metrics import ranking_metrics, top_k_agreement
from neural.model import Inference, Prior, PriorConfig

FP32 = "prior-fp32.onnx"
INT8 = "prior-int8.onnx"
HEAD = "prior-head.npz"
INPUTS = ("tokens", "pair_mask")
OUTPUTS = ("logits", "features", "steps")


def session(path: Path) -> ort.InferenceSession:
    """An onnxruntime session on one CPU thread (the solver runs one task per process)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def export_fp32(model: Prior, path: Path) -> None:
    """Trace the inference graph, then simplify it (shape inference, constant folding, shared
    weights made plain initializers) so that the quantizer can see every weight."""
    config = model.config
    tokens = torch.zeros(1, config.max_pairs, config.tokens_per_pair, config.token_dim)
    mask = torch.ones(1, config.max_pairs)
    batch = {0: "batch"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about shapes read as Python ints
        torch.onnx.export(
            Inference(model.eval()),
            (tokens, mask),
            str(path),
            input_names=list(INPUTS),
            output_names=list(OUTPUTS),
            dynamic_axes={name: batch for name in (*INPUTS, *OUTPUTS)},
            opset_version=17,
            dynamo=False,
        )
    quant_pre_process(str(path), str(path))


class _Calibration(CalibrationDataReader):
    """Validation tasks, one batch at a time, for static quantization."""

    def __init__(self, tokens: np.ndarray, masks: np.ndarray, batch: int = 64) -> None:
        self.batches = iter(
            {"tokens": tokens[i : i + batch], "pair_mask": masks[i : i + batch]}
            for i in range(0, len(tokens), batch)
        )

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self.batches, None)


def int8_initializers(path: Path) -> int:
    """How many of the model's stored tensors are int8 or uint8."""
    int8 = {onnx.TensorProto.INT8, onnx.TensorProto.UINT8}
    return sum(t.data_type in int8 for t in onnx.load(str(path)).graph.initializer)


def quantize(fp32: Path, int8: Path, tokens: np.ndarray, masks: np.ndarray) -> str:
    """Dynamic int8 quantization; static (calibrated on validation tokens) if that gains nothing.

    Returns the method that was kept.
    """
    logging.getLogger().setLevel(logging.ERROR)  # the quantizer warns to pre-process: done
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    if int8_initializers(int8) and int8.stat().st_size < fp32.stat().st_size:
        return "dynamic"
    quantize_static(
        str(fp32),
        str(int8),
        _Calibration(tokens, masks),
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
    )
    return "static"


def _logits(sess: ort.InferenceSession, tokens: np.ndarray, masks: np.ndarray) -> np.ndarray:
    batches = range(0, len(tokens), 256)
    feeds = ({"tokens": tokens[i : i + 256], "pair_mask": masks[i : i + 256]} for i in batches)
    return np.concatenate([sess.run(["logits"], feed)[0] for feed in feeds])


def latency(path: Path, tasks: int = 60) -> dict[str, float]:
    """Milliseconds per ARC-AGI-1 training task on one thread: features, model, both."""
    from dsl.task import load_dataset

    sess = session(path)
    times = []
    for task in load_dataset("arc-agi-1/training").tasks[:tasks]:
        start = time.perf_counter()
        tokens, mask = encode_task(task)
        middle = time.perf_counter()
        sess.run(None, {"tokens": tokens[None], "pair_mask": mask[None]})
        times.append((middle - start, time.perf_counter() - middle))
    features, model = (np.array(t) * 1000 for t in zip(*times, strict=True))
    total = features + model
    return {
        "features_ms_median": float(np.median(features)),
        "model_ms_median": float(np.median(model)),
        "total_ms_median": float(np.median(total)),
        "total_ms_p90": float(np.percentile(total, 90)),
    }


def adaptation(out: Path, seconds: float = 1.0) -> dict:
    """Held-out hand-written tasks ranked by the int8 prior before and after `adapt`."""
    from neural.prior import Prior as Serving

    prior = Serving(out)
    tasks = [t for t in handwritten_tasks() if is_held_out(t.task.id)]
    index = {name: i for i, name in enumerate(prior.vocabulary)}
    labels = np.zeros((len(tasks), len(index)))
    before, after = np.zeros_like(labels), np.zeros_like(labels)
    for row, labelled in enumerate(tasks):
        labels[row, [index[p] for p in labelled.primitives if p in index]] = 1
        features = prior.features(labelled.task)
        before[row] = prior.head.logits(features)
        after[row] = prior.adapt(labelled.task, seconds=seconds).logits(features)
    return {
        "seconds_per_task": seconds,
        "before": ranking_metrics(before, labels),
        "after": ranking_metrics(after, labels),
    }


def export(model: Prior, data: Dataset, out: Path) -> dict:
    """Write the ONNX files and the head; return the export report."""
    out.mkdir(parents=True, exist_ok=True)
    fp32, int8 = out / FP32, out / INT8
    export_fp32(model, fp32)
    valid = data.rows("valid")
    method = quantize(fp32, int8, data.tokens[valid], data.masks[valid])
    head = model.head
    np.savez(
        out / HEAD,
        weight=head.weight.detach().numpy().astype(np.float32),
        bias=head.bias.detach().numpy().astype(np.float32),
    )
    report: dict = {
        "quantization": method,
        "int8_initializers": int8_initializers(int8),
        "bytes": {name: (out / name).stat().st_size for name in (FP32, INT8, HEAD)},
    }
    sessions = {"fp32": session(fp32), "int8": session(int8)}
    for split in ("valid", "real_valid"):
        rows = data.rows(split)
        logits = {k: _logits(s, data.tokens[rows], data.masks[rows]) for k, s in sessions.items()}
        report[split] = {
            "fp32": ranking_metrics(logits["fp32"], data.labels[rows]),
            "int8": ranking_metrics(logits["int8"], data.labels[rows]),
            "agreement": top_k_agreement(logits["fp32"], logits["int8"], 5),
            "max_abs_logit_difference": float(np.abs(logits["fp32"] - logits["int8"]).max()),
        }
    report["latency_one_thread"] = {"fp32": latency(fp32), "int8": latency(int8)}
    if (out / "config.json").exists():
        report["test_time_adaptation"] = adaptation(out)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Export a trained prior to ONNX (fp32, int8).")
    parser.add_argument("--checkpoint", type=Path, default=Path("runs/neural/prior.pt"))
    parser.add_argument("--out", type=Path, default=Path("neural/weights"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tasks", type=int, default=60_000)
    parser.add_argument("--valid", type=int, default=2_000)
    parser.add_argument("--real-copies", type=int, default=30)
    args = parser.parse_args(argv)
    saved = torch.load(args.checkpoint, map_location="cpu")
    model = Prior(PriorConfig(**saved["config"]))
    model.load_state_dict(saved["state"])
    data = load_or_build(args.seed, args.tasks, args.valid, args.real_copies)
    report = export(model, data, args.out)
    metrics_path = args.out / "metrics.json"
    if metrics_path.exists():
        metrics = json.loads(metrics_path.read_text())
        metrics["export"] = report
        metrics_path.write_text(json.dumps(metrics, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
