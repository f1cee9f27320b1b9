"""The prior: a tiny recursive model (TRM-style) from demonstration tokens to primitive logits.

One small block (two transformer layers) is applied again and again to a latent state `z` and an
answer state `y`, both one vector per token. A cycle updates `z` from (x, y, z) `n_latent` times,
then `y` from (y, z); a supervision step runs `n_cycles` cycles, all but the last without
gradients. Training repeats supervision steps on the same batch, carrying (y, z) detached, with a
loss at every step (deep supervision); a halting head learns whether the answer is already good
enough to stop. The pooled answer state is the task's feature vector; a linear head turns it into
one logit per DSL primitive.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class PriorConfig:
    """Sizes of the model and of its recursion."""

    n_primitives: int
    max_pairs: int = 4
    tokens_per_pair: int = 12
    token_dim: int = 32
    hidden: int = 64
    heads: int = 4
    layers: int = 2
    mlp_ratio: int = 4
    n_latent: int = 2
    n_cycles: int = 2
    max_supervision_steps: int = 3
    halt_top_k: int = 10
    input_scale: float = 3.0

    def to_dict(self) -> dict:
        return asdict(self)


def rms_norm(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)


class Layer(nn.Module):
    """Pre-norm transformer layer: masked self-attention, then an MLP."""

    def __init__(self, config: PriorConfig) -> None:
        super().__init__()
        self.heads = config.heads
        self.qkv = nn.Linear(config.hidden, 3 * config.hidden, bias=False)
        self.out = nn.Linear(config.hidden, config.hidden, bias=False)
        self.up = nn.Linear(config.hidden, config.mlp_ratio * config.hidden)
        self.down = nn.Linear(config.mlp_ratio * config.hidden, config.hidden)

    def forward(self, h: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = h.shape  # h: [B, L, H]; bias: [B, 1, 1, L], -inf-ish on padding
        qkv = self.qkv(rms_norm(h)).view(batch, length, 3, self.heads, -1)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)  # each [B, heads, L, H / heads]
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]) + bias  # [B, heads, L, L]
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
        h = h + self.out(attended)
        return h + self.down(F.gelu(self.up(rms_norm(h))))


class Block(nn.Module):
    """The one network the recursion reuses for every latent and answer update."""

    def __init__(self, config: PriorConfig) -> None:
        super().__init__()
        self.layers = nn.ModuleList(Layer(config) for _ in range(config.layers))

    def forward(self, h: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            h = layer(h, bias)
        return rms_norm(h)  # y and z stay at unit scale however often the block is applied


class Prior(nn.Module):
    """Demonstration tokens -> (next y, next z, primitive logits, halting logit, features)."""

    def __init__(self, config: PriorConfig) -> None:
        super().__init__()
        self.config = config
        slots, dim, hidden = config.tokens_per_pair, config.token_dim, config.hidden
        # One projection per token slot: each slot holds a different group of features.
        self.embed = nn.Parameter(torch.randn(slots, dim, hidden) / math.sqrt(dim))
        self.slot = nn.Parameter(torch.zeros(slots, hidden))
        self.y_init = nn.Parameter(torch.randn(hidden) * 0.02)
        self.z_init = nn.Parameter(torch.randn(hidden) * 0.02)
        self.block = Block(config)
        self.head = nn.Linear(hidden, config.n_primitives)
        self.halt = nn.Linear(hidden, 1)
        # Heads start silent, at "rare" and "do not halt": a large first loss on these heads
        # otherwise pushes every task to the same features before anything is learned.
        for head, bias in ((self.head, -4.0), (self.halt, -5.0)):
            nn.init.zeros_(head.weight)
            nn.init.constant_(head.bias, bias)

    def embed_tokens(
        self, tokens: torch.Tensor, pair_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """x [B, L, H], attention bias [B, 1, 1, L] and token mask [B, L], L = pairs * slots."""
        batch, pairs, slots, _ = tokens.shape  # tokens: [B, P, T, F]; pair_mask: [B, P]
        x = torch.einsum("bptf,tfh->bpth", tokens, self.embed) + self.slot
        # The input is injected at every latent update; scaled above y and z (unit scale) so
        # that the recursion cannot drown it (at unit scale every task drifts to one answer).
        x = rms_norm(x.reshape(batch, pairs * slots, -1)) * self.config.input_scale
        token_mask = pair_mask.repeat_interleave(slots, dim=1)
        bias = ((1.0 - token_mask) * -1e4).view(batch, 1, 1, -1)
        return x, bias, token_mask

    def initial_state(self, tokens: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """y and z before the first step: [B, L, H] each."""
        shape = (tokens.shape[0], tokens.shape[1] * tokens.shape[2], self.config.hidden)
        return self.y_init.expand(shape), self.z_init.expand(shape)

    def recurse(
        self, x: torch.Tensor, y: torch.Tensor, z: torch.Tensor, bias: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """One cycle: the latent from (x, y, z) n_latent times, then the answer from (y, z)."""
        for _ in range(self.config.n_latent):
            z = self.block(x + y + z, bias)
        y = self.block(y + z, bias)
        return y, z

    def forward(
        self, tokens: torch.Tensor, pair_mask: torch.Tensor, y: torch.Tensor, z: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """One supervision step. Returns y, z (detached, to carry), logits [B, C],
        halting logit [B] and features [B, H] (the answer state pooled over real tokens)."""
        x, bias, token_mask = self.embed_tokens(tokens, pair_mask)
        with torch.no_grad():
            for _ in range(self.config.n_cycles - 1):
                y, z = self.recurse(x, y, z, bias)
        y, z = self.recurse(x, y, z, bias)
        weights = token_mask / token_mask.sum(1, keepdim=True)  # [B, L]
        features = torch.einsum("bl,blh->bh", weights, y)
        return y.detach(), z.detach(), self.head(features), self.halt(features)[:, 0], features


def halt_target(logits: torch.Tensor, labels: torch.Tensor, k: int) -> torch.Tensor:
    """1 where every true primitive is already among the top-k logits."""
    kth = logits.topk(k, dim=1).values[:, -1:]
    missed = ((logits < kth) & (labels > 0)).any(dim=1)
    return (~missed).float()


def supervised_steps(
    model: Prior, tokens: torch.Tensor, pair_mask: torch.Tensor, labels: torch.Tensor
) -> Iterator[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """Deep supervision on one batch: yields per step (loss, logits, halting logit).

    Each step's loss is the primitives' binary cross-entropy plus the halting head's binary
    cross-entropy against `halt_target`. The caller takes an optimiser step on each loss before
    asking for the next step, which starts from the detached (y, z) of this one.
    """
    y, z = model.initial_state(tokens)
    for _ in range(model.config.max_supervision_steps):
        y, z, logits, halt, _ = model(tokens, pair_mask, y, z)
        predicted = F.binary_cross_entropy_with_logits(logits, labels, reduction="sum")
        target = halt_target(logits.detach(), labels, model.config.halt_top_k)
        halting = F.binary_cross_entropy_with_logits(halt, target, reduction="sum")
        loss = (predicted + halting) / len(labels)
        yield loss, logits, halt


class Inference(nn.Module):
    """The exported graph: all supervision steps unrolled; each task's answer is taken from the
    first step whose halting logit is positive (the last step if none is)."""

    def __init__(self, model: Prior) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, tokens: torch.Tensor, pair_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """tokens [B, P, T, F], pair_mask [B, P] -> logits [B, C], features [B, H], steps [B]."""
        y, z = self.model.initial_state(tokens)
        all_logits, all_features, halts = [], [], []
        for _ in range(self.model.config.max_supervision_steps):
            y, z, logits, halt, features = self.model(tokens, pair_mask, y, z)
            all_logits.append(logits)
            all_features.append(features)
            halts.append(halt)
        halts[-1] = torch.ones_like(halts[-1])  # the last step always answers
        step = (torch.stack(halts, dim=1) > 0).float().argmax(dim=1)  # [B]: first step to halt
        return _pick(all_logits, step), _pick(all_features, step), step + 1


def _pick(per_step: list[torch.Tensor], step: torch.Tensor) -> torch.Tensor:
    """From S tensors [B, D], row b of tensor step[b]."""
    stacked = torch.stack(per_step, dim=1)  # [B, S, D]
    index = step.view(-1, 1, 1).expand(-1, 1, stacked.shape[2])
    return torch.gather(stacked, 1, index).squeeze(1)


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
