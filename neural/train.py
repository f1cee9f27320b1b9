"""Train the prior for a bounded time, validate it, and export it for serving.

    python -m neural.train --minutes 10 --out neural/weights

Batches mix synthetic tasks (a curriculum: short programs first) with recoloured copies of the
hand-written tasks. Every supervision step of a batch is its own optimiser step (deep
supervision). At the end the model is validated on held-out synthetic tasks and held-out
hand-written tasks, then written as config.json, metrics.json and ONNX files (see export.py).
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch

from neural.data import CACHE, Dataset, load_or_build
from neural.export import export
from neural.features import MAX_PAIRS, TOKEN_DIM, TOKENS, TOKENS_PER_PAIR
from neural.metrics import ranking_metrics
from neural.model import Inference, Prior, PriorConfig, parameter_count, supervised_steps

CURRICULUM = ((0.1, 1), (0.25, 2), (0.4, 3))
"""(fraction of the time, longest program allowed until then); all lengths after."""


def _batches(
    data: Dataset, batch: int, real_fraction: float, rng: np.random.Generator, progress: float
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of one batch: synthetic rows allowed by the curriculum, plus real ones."""
    longest = next((n for until, n in CURRICULUM if progress < until), 99)
    synthetic = data.rows("train")
    synthetic = synthetic[data.lengths[synthetic] <= longest]
    real = data.rows("real_train")
    n_real = int(batch * real_fraction)
    return rng.choice(synthetic, batch - n_real), rng.choice(real, n_real)


class DeviceData:
    """The dataset's arrays as tensors on the training device, copied there once."""

    def __init__(self, data: Dataset, device: str) -> None:
        self.device = device
        self.tokens = torch.from_numpy(data.tokens).to(device)
        self.masks = torch.from_numpy(data.masks).to(device)
        self.labels = torch.from_numpy(data.labels).to(device)

    def batch(self, rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        index = torch.from_numpy(rows).to(self.device)
        return self.tokens[index], self.masks[index], self.labels[index]


@torch.no_grad()
def evaluate(model: Prior, data: Dataset, split: str, device: str, limit: int = 0) -> dict:
    """Ranking metrics of the deployed path (with halting) and of each fixed step count,
    on the split's first `limit` rows (all if 0)."""
    model.eval()
    rows = data.rows(split)[: limit or None]
    tokens, masks, labels = (
        torch.from_numpy(array[rows]).to(device) for array in (data.tokens, data.masks, data.labels)
    )
    inference = Inference(model)
    logits, _, steps = inference(tokens, masks)
    result = ranking_metrics(logits.cpu().numpy(), labels.cpu().numpy())
    result["mean_steps"] = float(steps.float().mean())
    y, z = model.initial_state(tokens)
    for step in range(model.config.max_supervision_steps):
        y, z, logits, _, _ = model(tokens, masks, y, z)
        fixed = ranking_metrics(logits.cpu().numpy(), labels.cpu().numpy())
        result[f"recall_at_10_after_step_{step + 1}"] = fixed["recall_at_10"]
    model.train()
    return result


def frequency_baseline(data: Dataset, train_split: str, split: str) -> dict:
    """The same metrics for ranking every task's primitives by how common they are in training."""
    frequency = data.labels[data.rows(train_split)].mean(0)
    labels = data.labels[data.rows(split)]
    return ranking_metrics(np.broadcast_to(frequency, labels.shape), labels)


def train(args: argparse.Namespace) -> tuple[Prior, Dataset, dict]:
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    data = load_or_build(
        args.seed, args.tasks, args.valid, args.real_copies, log=True, workers=args.workers
    )
    on_device = DeviceData(data, args.device)
    config = PriorConfig(
        n_primitives=len(data.vocabulary),
        max_pairs=MAX_PAIRS,
        tokens_per_pair=TOKENS_PER_PAIR,
        token_dim=TOKEN_DIM,
        hidden=args.hidden,
        n_latent=args.n_latent,
        n_cycles=args.n_cycles,
        max_supervision_steps=args.steps,
    )
    model = Prior(config).to(args.device)
    # The head starts at each primitive's log-odds in training: otherwise the block learns the
    # label frequencies itself, by giving every task the same features (and stays collapsed).
    frequency = data.labels[data.rows("train")].mean(0).clip(1e-4, 1 - 1e-4)
    with torch.no_grad():
        model.head.bias.copy_(torch.from_numpy(np.log(frequency / (1 - frequency))))
    print(f"parameters: {parameter_count(model):,}  config: {config}", flush=True)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    budget = args.minutes * 60
    started = last_print = time.monotonic()
    batches = examples = 0
    losses: list[float] = []
    halted: list[float] = []
    while (elapsed := time.monotonic() - started) < budget:
        progress = elapsed / budget
        lr = args.lr * min(1.0, progress / 0.05) * 0.5 * (1 + math.cos(math.pi * progress))
        for group in optimiser.param_groups:
            group["lr"] = lr
        synthetic, real = _batches(data, args.batch, args.real_fraction, rng, progress)
        tokens, masks, labels = on_device.batch(np.concatenate([synthetic, real]))
        for loss, _, halt in supervised_steps(model, tokens, masks, labels):
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            final_loss, halting = loss.item(), float((halt > 0).float().mean())
        losses.append(final_loss)
        halted.append(halting)
        batches += 1
        examples += len(labels)
        if time.monotonic() - last_print > args.print_every:
            last_print = time.monotonic()
            recall = evaluate(model, data, "valid", args.device, limit=256)["recall_at_10"]
            print(
                f"{elapsed / 60:5.1f} min  batch {batches:5d}  tasks {examples:7d}  "
                f"loss {np.mean(losses[-20:]):.3f}  halting {np.mean(halted[-20:]):.2f}  "
                f"lr {lr:.2e}  valid recall@10 {recall:.3f}",
                flush=True,
            )
    seconds = time.monotonic() - started
    metrics = {
        "command": shlex.join(["python", "-m", "neural.train", *sys.argv[1:]]),
        "parameters": parameter_count(model),
        "training": {
            "seconds": round(seconds),
            "batches": batches,
            "tasks_seen": examples,
            "final_loss": float(np.mean(losses[-20:])),
            "device": args.device,
            "threads": args.threads,
        },
        "data": {
            split: int(len(data.rows(split)))
            for split in ("train", "valid", "real_train", "real_valid")
        },
        "validation": {
            "synthetic": evaluate(model, data, "valid", args.device),
            "handwritten": evaluate(model, data, "real_valid", args.device),
        },
        "frequency_baseline": {
            "synthetic": frequency_baseline(data, "train", "valid"),
            "handwritten": frequency_baseline(data, "real_train", "real_valid"),
        },
    }
    return model, data, metrics


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train, validate and export the prior.")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("neural/weights"))
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads for torch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="processes building the data")
    parser.add_argument(
        "--checkpoint", type=Path, default=CACHE / "prior.pt", help="where the torch weights go"
    )
    parser.add_argument(
        "--no-export", action="store_true", help="write config, metrics and checkpoint, not ONNX"
    )
    parser.add_argument("--tasks", type=int, default=60_000, help="synthetic training tasks")
    parser.add_argument("--valid", type=int, default=2_000, help="synthetic validation tasks")
    parser.add_argument("--real-copies", type=int, default=30, help="recolourings per real task")
    parser.add_argument("--real-fraction", type=float, default=0.25)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--n-latent", type=int, default=2)
    parser.add_argument("--n-cycles", type=int, default=2)
    parser.add_argument("--steps", type=int, default=3, help="max supervision steps")
    parser.add_argument("--print-every", type=float, default=30.0, help="seconds")
    args = parser.parse_args(argv)
    model, data, metrics = train(args)
    args.checkpoint.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"config": model.config.to_dict(), "state": model.state_dict()}, args.checkpoint)
    args.out.mkdir(parents=True, exist_ok=True)
    config = {
        "model": model.config.to_dict(),
        "vocabulary": data.vocabulary,
        "features": {"tokens": [name for name, _ in TOKENS], "token_dim": TOKEN_DIM},
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    if not args.no_export:
        metrics["export"] = export(model.cpu(), data, args.out)
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    print(json.dumps(metrics["validation"], indent=1))


if __name__ == "__main__":
    main()
