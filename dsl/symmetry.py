"""symmetry primitives."""

from __future__ import annotations
