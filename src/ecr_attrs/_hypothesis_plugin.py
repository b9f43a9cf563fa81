"""Hypothesis' plugin entry point; it runs on every ``import hypothesis``, so it stays cheap.

``st.from_type`` looks a class up exactly: a strategy registered for
``BaseValidatorModel`` is not used for its subclasses.  Registering every
class here would create all of them (the cost this module exists to avoid),
so each model class is registered when its module runs instead: a finder on
``sys.meta_path`` wraps the loader of every shipped service's ``_models`` class modules
(``ecr_attrs._services``).
The registered function imports ``ecr_attrs.strategies`` only when Hypothesis
first asks for a strategy.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from ecr_attrs._services import MODEL_PACKAGES

_NOT_A_CLASS_MODULE = {f"{package}_shared" for package in MODEL_PACKAGES}


def setup() -> None:
    """Register the classes created so far and every class created from now on."""
    if not any(isinstance(finder, _ClassModuleFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _ClassModuleFinder())
    for name, module in list(sys.modules.items()):
        if _is_class_module(name) and module is not None:
            _register(module)


def _is_class_module(name: str) -> bool:
    return name.startswith(MODEL_PACKAGES) and name not in _NOT_A_CLASS_MODULE


def _register(module: ModuleType) -> None:
    cls = getattr(module, module.__name__.rpartition(".")[2], None)
    if isinstance(cls, type):
        from hypothesis import strategies as st

        st.register_type_strategy(cls, _strategy_for)


def _strategy_for(cls: type) -> Any:
    from ecr_attrs import strategies

    return strategies.from_type(cls)


class _ClassModuleFinder(importlib.abc.MetaPathFinder):
    """Finds class modules as usual, with a loader that registers the class once it exists."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not _is_class_module(fullname):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and isinstance(spec.loader, importlib.abc.Loader):
            spec.loader = _RegisteringLoader(spec.loader)
        return spec


class _RegisteringLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        _register(module)

    def __getattr__(self, name: str) -> Any:
        # get_source, get_code, get_resource_reader...: what tracebacks and tools ask a loader.
        return getattr(self._loader, name)
