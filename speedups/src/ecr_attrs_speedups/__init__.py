"""Compiled structuring and unstructuring for ecr-attrs; ``ecr_attrs._accel`` binds it.

Each class's module is imported, and each class set up, on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from ecr_attrs_speedups._core import set_resolver as set_resolver
from ecr_attrs_speedups._index import MODULE_OF

API = 2
"""The interface version ecr_attrs checks before using this backend."""


def _module(name: str) -> Any:
    return importlib.import_module(f"ecr_attrs_speedups.{MODULE_OF[name]}")


def structure_hook(name: str) -> Any:
    """The cattrs structure hook of class ``name``, or None when this build lacks the class."""
    return getattr(_module(name), f"structure_{name}") if name in MODULE_OF else None


def unstructure_hook(name: str) -> Any:
    """The cattrs unstructure hook of class ``name``, or None when this build lacks the class."""
    return getattr(_module(name), f"unstructure_{name}") if name in MODULE_OF else None
