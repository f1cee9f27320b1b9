"""How well scores rank the true primitives of each task (numpy only)."""

from __future__ import annotations

import numpy as np


def ranking_metrics(scores: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Top-5 and top-10 recall of the true primitives and mean average precision.

    scores, labels: [N, C]; a task's recall@k is the fraction of its true primitives among its k
    highest scores; its average precision is the mean, over its true primitives, of the precision
    at the rank where each appears. Every number is the mean over tasks with at least one label.
    """
    keep = labels.sum(1) > 0
    scores, labels = scores[keep], labels[keep] > 0
    order = np.argsort(-scores, axis=1, kind="stable")
    hits = np.take_along_axis(labels, order, axis=1)  # [N, C]: is the r-th ranked one true
    n_true = labels.sum(1)
    found = np.cumsum(hits, axis=1)
    precision = found / np.arange(1, labels.shape[1] + 1)
    average_precision = (precision * hits).sum(1) / n_true
    return {
        "recall_at_5": float(np.mean(found[:, 4] / n_true)),
        "recall_at_10": float(np.mean(found[:, 9] / n_true)),
        "all_in_top_10": float(np.mean(found[:, 9] == n_true)),
        "mean_average_precision": float(np.mean(average_precision)),
        "tasks": int(keep.sum()),
    }


def top_k_agreement(a: np.ndarray, b: np.ndarray, k: int = 5) -> dict[str, float]:
    """How far two models agree on each task's top k: mean overlap and fraction identical."""
    top_a = np.argsort(-a, axis=1, kind="stable")[:, :k]
    top_b = np.argsort(-b, axis=1, kind="stable")[:, :k]
    overlap = np.array([len(set(x) & set(y)) / k for x, y in zip(top_a, top_b, strict=True)])
    return {
        f"top_{k}_overlap": float(overlap.mean()),
        f"top_{k}_same": float(np.mean(overlap == 1)),
    }
