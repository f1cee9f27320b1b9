"""The typed catalogue of primitives that programs (and the search) may use."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dsl.types import TYPE_NAMES


@dataclass(frozen=True)
class Primitive:
    """One DSL function with the types the search needs to enumerate it."""

    name: str
    fn: Callable[..., Any]
    arg_types: tuple[str, ...]
    return_type: str
    family: str
    doc: str
    cost: float = 1.0
    searchable: bool = True
    """False for glue the search never enumerates by itself (a stack's layers)."""
    keeps_shape: bool = False
    """True when every value it returns has the shape of its first Grid argument, so a caller
    knows a value's shape before computing it (the primitive contract tests check it)."""
    makes_shape: bool = False
    """True when every value it returns is a grid of the (height, width) its Shape argument
    names (checked by the contract tests too)."""

    @property
    def shape_source(self) -> int | None:
        """The position of the argument whose shape every value has (None unless keeps_shape)."""
        return self.arg_types.index("Grid") if self.keeps_shape else None

    @property
    def shape_argument(self) -> int | None:
        """The position of the Shape argument every value takes (None unless makes_shape)."""
        return self.arg_types.index("Shape") if self.makes_shape else None

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.arg_types)}) -> {self.return_type}"


_REGISTRY: dict[str, Primitive] = {}
_families_loaded = False


def _type_name(annotation: Any, where: str) -> str:
    name = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if name not in TYPE_NAMES:
        raise TypeError(f"{where}: type {annotation!r} is not a DSL type {TYPE_NAMES}")
    return name


def primitive(
    fn: Callable[..., Any] | None = None,
    *,
    cost: float = 1.0,
    searchable: bool = True,
    keeps_shape: bool = False,
    makes_shape: bool = False,
) -> Any:
    """Register a function as a DSL primitive; its annotations give its typed signature."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        name = func.__name__
        if name in _REGISTRY:
            raise ValueError(f"primitive {name!r} is registered twice")
        annotations = inspect.get_annotations(func)
        params = inspect.signature(func).parameters
        arg_types = tuple(_type_name(annotations.get(p, None), f"{name}.{p}") for p in params)
        return_type = _type_name(annotations.get("return"), f"{name} return")
        if keeps_shape and (return_type != "Grid" or "Grid" not in arg_types):
            raise TypeError(f"{name}: only a Grid-to-Grid primitive can keep its argument's shape")
        if makes_shape and (return_type != "Grid" or "Shape" not in arg_types):
            raise TypeError(f"{name}: only a primitive from a Shape to a Grid can make that shape")
        doc = (inspect.getdoc(func) or "").split("\n")[0]
        family = func.__module__.rsplit(".", 1)[-1]
        _REGISTRY[name] = Primitive(
            name,
            func,
            arg_types,
            return_type,
            family,
            doc,
            cost,
            searchable,
            keeps_shape,
            makes_shape,
        )
        return func

    return register(fn) if fn is not None else register


def _load_families() -> None:
    """Import every family module so that its primitives register themselves."""
    from dsl import (  # noqa: F401
        colour,
        draw,
        fill,
        geometry,
        grids,
        layers,
        lookup,
        moves,
        objects,
        panels,
        parts,
        rules,
        symmetry,
        templates,
    )


def registry() -> dict[str, Primitive]:
    """Every primitive by name."""
    global _families_loaded
    if not _families_loaded:
        _load_families()
        _families_loaded = True
    return _REGISTRY


def get(name: str) -> Primitive:
    """The primitive called `name`, or KeyError with a readable message."""
    prims = registry()
    if name not in prims:
        raise KeyError(f"unknown primitive {name!r}")
    return prims[name]
