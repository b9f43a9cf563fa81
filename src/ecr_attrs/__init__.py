"""Typed, immutable, validated Amazon ECR objects for boto3.

Everything loads on first use: a model class when it is first named (with the
classes it holds), the converter API (``structure``, ``unstructure``,
``converter``, ...) when first called.  Importing the package imports nothing
else, which matters for Lambda cold starts and for Hypothesis' plugin hook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecr_attrs._accel import BACKEND as BACKEND
    from ecr_attrs._unknown import unknown_keys as unknown_keys
    from ecr_attrs.client import ECRClient as ECRClient
    from ecr_attrs.converters import configure_converter as configure_converter
    from ecr_attrs.converters import converter as converter
    from ecr_attrs.converters import json_converter as json_converter
    from ecr_attrs.converters import make_converter as make_converter
    from ecr_attrs.converters import make_json_converter as make_json_converter
    from ecr_attrs.converters import structure as structure
    from ecr_attrs.converters import unstructure as unstructure
    from ecr_attrs.errors import InvalidValue as InvalidValue
    from ecr_attrs.errors import StructureError as StructureError
    from ecr_attrs.exceptions import ECRServiceError as ECRServiceError
    from ecr_attrs.models import *
    from ecr_attrs.values import FrozenDict as FrozenDict
    from ecr_attrs.values import UnknownValue as UnknownValue

__version__ = "0.1.0"
"""This distribution's version; a test keeps it equal to pyproject.toml's."""

_LAZY = {
    "BACKEND": "ecr_attrs._accel",
    "configure_converter": "ecr_attrs.converters",
    "converter": "ecr_attrs.converters",
    "json_converter": "ecr_attrs.converters",
    "make_converter": "ecr_attrs.converters",
    "make_json_converter": "ecr_attrs.converters",
    "structure": "ecr_attrs.converters",
    "unstructure": "ecr_attrs.converters",
    "InvalidValue": "ecr_attrs.errors",
    "StructureError": "ecr_attrs.errors",
    "FrozenDict": "ecr_attrs.values",
    "UnknownValue": "ecr_attrs.values",
    "ECRClient": "ecr_attrs.client",
    "ECRServiceError": "ecr_attrs.exceptions",
    "unknown_keys": "ecr_attrs._unknown",
}


def _public_names() -> list[str]:
    from ecr_attrs.models import __all__ as model_names

    return sorted([*model_names, *_LAZY])


def __getattr__(name: str) -> Any:
    import importlib

    if name == "__all__":
        value: Any = _public_names()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name.startswith("__"):
        raise AttributeError(f"module 'ecr_attrs' has no attribute {name!r}")
    else:
        models = importlib.import_module("ecr_attrs.models")
        if name == "models":
            return models
        if name not in models.__all__:
            raise AttributeError(f"module 'ecr_attrs' has no attribute {name!r}")
        value = getattr(models, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, models included, without creating a single class."""
    return sorted({*globals(), *_public_names()})
