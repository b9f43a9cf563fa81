"""The optional compiled backend (``ecr-attrs-speedups``) and how it is bound.

``pip install ./speedups`` from a checkout builds C functions from the same
inputs as the models.  When it is importable, the boto3 converters (lenient,
not JSON) structure and unstructure the generated classes through it; every
other converter, and every class it does not cover, uses the pure Python
functions of ``_compile``.  ``ECR_ATTRS_NO_SPEEDUPS=1`` turns it off.

The compiled code only *accepts*: a value it does not take as is goes to the
Python function of its class, which stores it or produces the problems, so
both backends give the same objects and the same errors.  Each class records
the signature of the rules it was generated from; a class whose installed
rules differ is left to Python.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Any

ENV_VAR = "ECR_ATTRS_NO_SPEEDUPS"
# The interface between the two distributions; the accelerator declares the one it was built for.
API = 2
UNKNOWN_KEYS_SLOT = "_ecr_unknown"
"""The slot where an object keeps the keys it was given that name no field (``ecr_attrs._unknown.SLOT``).

A core that keeps unknown keys hands a dict holding such a key, at any depth,
to Python (which keeps them), and an object whose slot holds any to Python for
unstructuring.  The API 2 core reads only the keys that name fields and never
reads this slot, so it serves only converters that ignore unknown keys
(``serves``).
"""


def serves(codec: Any) -> bool:
    """Whether the compiled backend may structure and unstructure for ``codec``.

    The one place that decides: lenient boto3 converters that ignore unknown
    keys.  Strict and JSON codecs are pure Python; so is one that keeps unknown
    keys, which the API 2 core would drop (at any depth) rather than keep.
    """
    return not codec.strict and not codec.json and not codec.keep_unknown_keys


PYTHON, SPEEDUPS = "python", "speedups"

_speedups: ModuleType | None = None
_loaded = False
_codec: Any = None


def speedups() -> ModuleType | None:
    """The accelerator module, or None when it is missing, switched off or built for another API."""
    global _speedups, _loaded
    if not _loaded:
        _loaded = True
        if os.environ.get(ENV_VAR, "") in ("", "0"):
            try:
                module = importlib.import_module("ecr_attrs_speedups")
            except ImportError:
                pass
            else:
                if getattr(module, "API", None) == API:
                    _speedups = module
    return _speedups


def backend() -> str:
    """``"speedups"`` when the compiled backend is in use, else ``"python"``."""
    return SPEEDUPS if speedups() is not None else PYTHON


BACKEND: str
"""Which backend the boto3 converters use: ``"speedups"`` or ``"python"`` (``ecr_attrs.BACKEND``)."""


def __getattr__(name: str) -> Any:
    if name == "BACKEND":
        return backend()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def describe(rule: Any) -> str:
    """The parts of a rule the generated C code depends on, as text.

    Enum values and patterns are read from the installed rules at run time, so
    only their presence counts; bounds are compiled in, so they count too.
    """
    from ecr_attrs import _validators as v

    if isinstance(rule, v.Nullable):
        return f"?{describe(rule.inner)}"
    if isinstance(rule, v.Text):
        return f"text({rule.min_len},{rule.max_len},{rule.pattern is not None})"
    if isinstance(rule, v.Number):
        return f"number({rule.min},{rule.max})"
    if isinstance(rule, v.Integer):
        return f"int({rule.min},{rule.max})"
    if isinstance(rule, v.Boolean):
        return "bool"
    if isinstance(rule, v.Timestamp):
        return "timestamp"
    if isinstance(rule, v.Blob):
        return f"blob({rule.min_len},{rule.max_len})"
    if isinstance(rule, v.OneOf):
        return "enum"
    if isinstance(rule, v.InstanceOf):
        return "class(" + ",".join(c.__name__ for c in rule.classes) + ")"
    if isinstance(rule, v.SequenceOf):
        return f"seq({describe(rule.element)},{rule.min_len},{rule.max_len})"
    if isinstance(rule, v.MappingOf):
        return f"map({describe(rule.key)},{describe(rule.value)})"
    return f"other:{type(rule).__name__}"


def signature(fields: list[tuple[str, Any]]) -> str:
    """One class: its fields in order, each with ``describe`` of its rule."""
    return ";".join(f"{name}={describe(rule)}" for name, rule in fields)


def bind(codec: Any, hook_for: Any) -> None:
    """Give the accelerator its fallbacks: ``codec`` (lenient, boto3) and the Python hook maker."""
    global _codec
    module = speedups()
    if module is None or _codec is not None:
        return
    _codec = codec
    module.set_resolver(lambda name, sig: _resolve(codec, hook_for, name, sig))


def _resolve(codec: Any, hook_for: Any, name: str, sig: str) -> tuple[Any, ...]:
    """What the accelerator needs for class ``name``: its Python functions, and its rules
    when the installed class is the one the C code was generated for."""
    import attrs

    from ecr_attrs import _validators as v
    from ecr_attrs import models

    cls = getattr(models, name)
    fields = [(f.name, f.validator) for f in attrs.fields(cls)]
    slots = cls.__dict__.get("__slots__", ())
    enabled = (
        signature(fields) == sig
        and sorted(slots) == sorted(n for n, _ in fields)
        and cls.__weakrefoffset__ == 0
        and cls.__dictoffset__ == 0
    )
    rules, fast, kids = [], [], []
    for _, rule in fields:
        inner = rule.inner if isinstance(rule, v.Nullable) else rule
        rules.append(inner)
        fast.append(_fast_object(inner))
        element = inner.element if isinstance(inner, v.SequenceOf) else inner
        if isinstance(element, v.InstanceOf) and len(element.classes) == 1:
            kids.append(codec.structure_fn(element.classes[0]))
        else:
            kids.append(None)
    return (
        cls,
        hook_for(codec, cls),
        codec.structure_fn(cls),
        codec.unstructure_fn(cls),
        codec.judge,
        tuple(rules),
        tuple(fast),
        tuple(kids),
        enabled,
        tuple(n for n, _ in fields),
    )


def benign_tzinfos() -> list[type]:
    """The tzinfo types whose ``utcoffset`` runs no user code, so the C path may judge them.

    boto3's parser gives ``dateutil.tz.tzlocal()``; any other tzinfo (a subclass
    included) sends the whole input to Python, which consults it once.
    """
    import datetime
    import zoneinfo

    found: list[type] = [datetime.timezone, zoneinfo.ZoneInfo]
    try:
        from dateutil import tz
    except ImportError:  # botocore needs it, but the models do not
        return found
    return [*found, tz.tzlocal, tz.tzutc]


def _fast_object(rule: Any) -> Any:
    """What the C check of ``rule`` reads at run time: a pattern's matcher or an enum's values."""
    from ecr_attrs import _validators as v

    if isinstance(rule, v.SequenceOf):
        return _fast_object(rule.element)
    if isinstance(rule, v.MappingOf):
        return _fast_object(rule.key)
    if isinstance(rule, v.Text) and rule.pattern is not None:
        return rule._fullmatch  # what rule.matches() calls, without its frame
    if isinstance(rule, v.OneOf):
        return rule._allowed
    return None
