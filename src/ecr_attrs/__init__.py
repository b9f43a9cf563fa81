"""Typed, immutable, validated Amazon ECR objects for boto3.

Everything loads on first use: a model class when it is first named (with the
classes it holds), the converter API (``structure``, ``unstructure``,
``converter``, ...) when first called.  Importing the package stays cheap,
which matters for Lambda cold starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecr_attrs import models as _models
from ecr_attrs.models import __all__ as _model_names
from ecr_attrs.values import FrozenDict as FrozenDict
from ecr_attrs.values import UnknownValue as UnknownValue

if TYPE_CHECKING:
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

_MODEL_NAMES = frozenset(_model_names)
_LAZY = {
    "configure_converter": "ecr_attrs.converters",
    "converter": "ecr_attrs.converters",
    "json_converter": "ecr_attrs.converters",
    "make_converter": "ecr_attrs.converters",
    "make_json_converter": "ecr_attrs.converters",
    "structure": "ecr_attrs.converters",
    "unstructure": "ecr_attrs.converters",
    "InvalidValue": "ecr_attrs.errors",
    "StructureError": "ecr_attrs.errors",
    "ECRClient": "ecr_attrs.client",
    "ECRServiceError": "ecr_attrs.exceptions",
}


def __getattr__(name: str) -> Any:
    if name in _MODEL_NAMES:
        value = getattr(_models, name)
        globals()[name] = value
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ecr_attrs' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = sorted([*_model_names, "FrozenDict", "UnknownValue", *_LAZY])  # noqa: PLE0605
