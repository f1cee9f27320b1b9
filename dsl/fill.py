"""fill primitives."""

from __future__ import annotations
