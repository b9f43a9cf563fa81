"""A converter's ``structure`` and ``unstructure`` as one table lookup per call.

cattrs finds a class's hook through a cached dispatch, which costs a call of
its own on every use: more than the compiled backend takes to build a small
response.  An ``Entry`` asks the converter for each class's hook once and
keeps it until ``forget``, which ``ecr_attrs.converters.Converter`` calls
whenever a hook is registered, exactly where cattrs empties its cache.  The
compiled backend has the same class in C (``ecr_attrs_speedups.Entry``),
which runs a compiled class's hook without a Python frame in between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Entry:
    """The pure Python entry points: what ``ecr_attrs_speedups.Entry`` does, hook by hook."""

    __slots__ = ("_find_structure", "_find_unstructure", "_structures", "_unstructures")

    def __init__(self, find_structure: Callable[[Any], Any], find_unstructure: Callable[[Any], Any]) -> None:
        self._find_structure = find_structure
        self._find_unstructure = find_unstructure
        self.forget()

    def forget(self) -> None:
        """Drop every hook found so far: the next call of each class asks the converter again."""
        self._structures: dict[Any, Any] = {}
        self._unstructures: dict[Any, Any] = {}

    def structure(self, obj: Any, cl: Any) -> Any:
        hooks = self._structures
        try:
            hook = hooks[cl]
        except KeyError:
            hook = hooks[cl] = self._find_structure(cl)
        return hook(obj, cl)

    def unstructure(self, obj: Any, unstructure_as: Any = None) -> Any:
        cl = obj.__class__ if unstructure_as is None else unstructure_as
        hooks = self._unstructures
        try:
            hook = hooks[cl]
        except KeyError:
            hook = hooks[cl] = self._find_unstructure(cl)
        return hook(obj)
