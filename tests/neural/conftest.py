"""Torch, where installed, uses one thread: the tests' models are tiny and CI machines small."""

from __future__ import annotations

import importlib.util

if importlib.util.find_spec("torch") is not None:
    import torch

    torch.set_num_threads(1)
