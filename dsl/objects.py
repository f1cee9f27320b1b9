"""objects primitives."""

from __future__ import annotations
