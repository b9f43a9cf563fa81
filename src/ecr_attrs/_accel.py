"""The optional compiled backend (``ecr-attrs-speedups``) and how it is bound.

``pip install ./speedups`` from a checkout builds one hand-written C core.
When it is importable, every converter ecr-attrs makes (boto3 or JSON,
lenient or strict) structures and unstructures the generated classes through
it; a converter made with ``speedups=False``, and every class it cannot lay
out, uses the pure Python functions of ``_compile``.  ``ECR_ATTRS_NO_SPEEDUPS=1`` turns it off.

The core interprets a table per class, built here from the same rule objects
the constructors run (``field_table``): this module is the one place that
decides what C does with each kind of rule.  The compiled code only
*accepts*: a value it does not take as is goes to the Python function of its
class, which stores it or produces the problems, so both backends give the
same objects and the same errors.
"""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType
from typing import Any, NamedTuple

ENV_VAR = "ECR_ATTRS_NO_SPEEDUPS"
# The interface between the two distributions; the accelerator declares the one it was built for.
API = 4
PYTHON, SPEEDUPS = "python", "speedups"

_speedups: ModuleType | None = None
_loaded = False


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


# -- the table the core interprets ------------------------------------------

# What C does with a value, by kind (the same numbers are in _core.pyx).
# PYTHON: any value but None sends the whole input to Python.  JUDGE: a value
# whose reading runs no user code is judged by Python's ``judge``; any other
# goes to Python with the whole input.  The scalar kinds are checked in C.
PYTHON_KIND, JUDGE, TEXT, INTEGER, NUMBER, BOOLEAN, TIMESTAMP, BLOB, ENUM, OBJECT, SEQUENCE, MAPPING = range(
    12
)
# How C unstructures a field: as it is, through the child's table, a tuple of children as a
# list, a tuple of atoms as a list, a FrozenDict as a dict copy, a datetime as ISO 8601
# text or a blob as base64 (JSON), or not at all (the object goes to Python).
DUMP_AS_IS, DUMP_OBJECT, DUMP_OBJECTS, DUMP_LIST, DUMP_MAPPING, DUMP_PYTHON, DUMP_ISO, DUMP_BASE64 = range(8)
# Bounds C compares as 64-bit integers, and as doubles for a Number: beyond these, Python judges.
_INT_LIMIT = 2**62
_FLOAT_EXACT = 2**53

UNKNOWN_KEYS_SLOT = "_ecr_unknown"
"""The slot where an object keeps the keys it was given that name no field (``ecr_attrs._unknown.SLOT``).

For a converter that keeps unknown keys, the core hands a mapping with such a
key to Python (which keeps them) and an object whose slot holds any to Python
for unstructuring; for any other converter the table names no slot and the
core ignores such keys, as Python does.
"""


class Check(NamedTuple):
    """One scalar rule as C checks it: kind, bounds (None: unbounded) and what it reads at run time."""

    kind: int
    low: int | None = None
    high: int | None = None
    fast: Any = None  # a pattern's fullmatch, or an enum's frozenset of values


class Field(NamedTuple):
    """One field of a class as the core reads it."""

    name: str
    nullable: bool
    kind: int  # a scalar kind, OBJECT, SEQUENCE, MAPPING, JUDGE or PYTHON_KIND
    check: Check | None  # the scalar rule, or a sequence's element rule, or a mapping's value rule
    key: Check | None  # a mapping's key rule
    low: int | None  # a sequence's length bounds
    high: int | None
    child: type | None  # the class of an object, or of a sequence's elements
    dump: int  # how it is unstructured


class Table(NamedTuple):
    """One class as the core lays it out; ``fields`` is None when C cannot build it."""

    cls: type
    fields: tuple[Field, ...] | None
    unknown_keys_slot: str | None
    unset_slot: str | None = None  # the unknown keys' slot when this converter leaves it unset


def frozendict_storage() -> tuple[type, Any]:
    """FrozenDict and the member descriptor of the slot that holds its dict: the one place the core learns it."""
    from ecr_attrs.values import FROZENDICT_ITEMS, FrozenDict

    return FrozenDict, FROZENDICT_ITEMS


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
    return [*found, tz.tzlocal, tz.tzutc, tz.tzoffset]


def pytz_zone_types() -> tuple[type, ...]:
    """pytz's two zone bases and the class of ``pytz.utc`` once pytz is imported, else ().

    Looked up in ``sys.modules`` rather than imported: whoever made a pytz zone
    has imported pytz, and importing it here would slow every import of ecr-attrs.
    """
    package, zones = sys.modules.get("pytz"), sys.modules.get("pytz.tzinfo")
    if package is None or zones is None:
        return ()
    try:
        return (zones.DstTzInfo, zones.StaticTzInfo, type(package.utc))
    except AttributeError:  # a module by that name that is not pytz
        return ()


def _within(low: int | None, high: int | None, limit: int) -> bool:
    return all(b is None or -limit < b < limit for b in (low, high))


def scalar_check(rule: Any, *, json: bool) -> Check | None:
    """The C check of a scalar rule, or None when Python must judge every value of it."""
    from ecr_attrs import _validators as v

    match rule:
        case v.Text():
            if not _within(rule.min_len, rule.max_len, _INT_LIMIT):
                return None
            return Check(TEXT, rule.min_len, rule.max_len, rule._fullmatch)
        case v.Number():
            if not _within(rule.min, rule.max, _FLOAT_EXACT):
                return None
            return Check(NUMBER, rule.min, rule.max)
        case v.Integer():
            return Check(INTEGER, rule.min, rule.max) if _within(rule.min, rule.max, _INT_LIMIT) else None
        case v.Boolean():
            return Check(BOOLEAN)
        case v.Timestamp():
            return Check(TIMESTAMP)
        case v.Blob():
            if json or not _within(rule.min_len, rule.max_len, _INT_LIMIT):
                return None  # JSON blobs are base64 text, decoded by Python
            return Check(BLOB, rule.min_len, rule.max_len)
        case v.OneOf():
            return Check(ENUM, fast=rule._allowed)
    return None


def field_entry(name: str, rule: Any, *, json: bool) -> Field:
    """What C does with one field: the single place a rule kind's C behaviour is decided."""
    from ecr_attrs import _validators as v

    nullable = isinstance(rule, v.Nullable)
    inner = rule.inner if nullable else rule

    def entry(kind: int, check: Check | None = None, dump: int = DUMP_AS_IS, **rest: Any) -> Field:
        parts = {"key": None, "low": None, "high": None, "child": None, **rest}
        return Field(name, nullable, kind, check, dump=dump, **parts)

    check = scalar_check(inner, json=json)
    if check is not None:
        if json and check.kind == TIMESTAMP:
            return entry(TIMESTAMP, check, DUMP_ISO)
        return entry(check.kind, check)
    match inner:
        case v.Blob() if json:
            return entry(JUDGE, dump=DUMP_BASE64)
        case v.InstanceOf(classes=(child,)):
            return entry(OBJECT, dump=DUMP_OBJECT, child=child)
        case v.SequenceOf(element=v.InstanceOf(classes=(child,))):
            return entry(SEQUENCE, None, DUMP_OBJECTS, low=inner.min_len, high=inner.max_len, child=child)
        case v.SequenceOf(element=v.Blob()) if json:
            # Python's own fast path keeps such a list as it is, JSON or not: C leaves it to Python.
            return entry(PYTHON_KIND, dump=DUMP_PYTHON)
        case v.SequenceOf():
            element = scalar_check(inner.element, json=json)
            if element is None or not _within(inner.min_len, inner.max_len, _INT_LIMIT):
                return entry(JUDGE, dump=DUMP_PYTHON)
            dump = DUMP_PYTHON if json and element.kind == TIMESTAMP else DUMP_LIST
            return entry(SEQUENCE, element, dump, low=inner.min_len, high=inner.max_len)
        case v.MappingOf():
            key = scalar_check(inner.key, json=json)
            value = scalar_check(inner.value, json=json)
            # C keeps the entries as they are; a timestamp would be converted, so Python judges it.
            if key is None or value is None or TIMESTAMP in (key.kind, value.kind):
                return entry(JUDGE, dump=DUMP_PYTHON)
            return entry(MAPPING, value, DUMP_MAPPING, key=key)
        case v.Validator():
            return entry(JUDGE, dump=DUMP_PYTHON)
    return entry(PYTHON_KIND, dump=DUMP_PYTHON)


def _core_knows(rule: Any) -> bool:
    """Whether the core lays out a field of ``rule``: not the shapes only Python structures
    (a class found lazily, as recursive shapes hold, a JSON document, a mapping of objects)."""
    from ecr_attrs import _validators as v

    match rule:
        case v.LazyInstanceOf() | v.DocumentValue():
            return False
        case v.Nullable():
            return _core_knows(rule.inner)
        case v.SequenceOf():
            return _core_knows(rule.element)
        case v.MappingOf():
            return (
                _core_knows(rule.key) and not isinstance(rule.value, v.InstanceOf) and _core_knows(rule.value)
            )
    return True


def field_table(cls: type, *, json: bool = False, keep_unknown_keys: bool = False) -> Table:
    """The table of a generated class; without fields when its layout is not plain slots,
    when it is a union (Python checks its one member) or holds a field only Python structures."""
    import attrs

    from ecr_attrs import _validators as v
    from ecr_attrs._compile import is_generated

    fields = attrs.fields(cls)
    slots = cls.__dict__.get("__slots__", ())
    plain = (
        is_generated(cls)
        and not v.is_union(cls)
        and sorted(slots) == sorted(f.name for f in fields)
        and all(isinstance(f.validator, v.Validator) and _core_knows(f.validator) for f in fields)
        and cls.__weakrefoffset__ == 0
        and cls.__dictoffset__ == 0
    )
    has_slot = hasattr(cls, UNKNOWN_KEYS_SLOT)
    extra = UNKNOWN_KEYS_SLOT if keep_unknown_keys and has_slot else None
    unset = UNKNOWN_KEYS_SLOT if has_slot and extra is None else None
    if not plain:
        return Table(cls, None, extra, unset)
    return Table(cls, tuple(field_entry(f.name, f.validator, json=json) for f in fields), extra, unset)


def compiled(codec: Any, hook_for: Any) -> Any:
    """The core's converter for ``codec`` (the Python fallbacks), or None without the backend."""
    from ecr_attrs import _validators as v
    from ecr_attrs._compile import other_instant, to_base64

    module = speedups()
    if module is None:
        return None
    storage = frozendict_storage()
    try:
        from dateutil import tz
    except ImportError:  # botocore needs it, but the models do not
        tz = None
    return module.Core(
        table=lambda cls: field_table(cls, json=codec.json, keep_unknown_keys=codec.keep_unknown_keys),
        python_structure=lambda cls: hook_for(codec, cls),
        python_unstructure=codec.unstructure_fn,
        judge=codec.judge,
        strict=codec.strict,
        frozendict=storage[0],
        frozendict_items=storage[1],
        tzinfos=tuple(benign_tzinfos()),
        fixed_offset=v.fixed_offset,
        other_instant=other_instant,
        to_base64=to_base64,
        zones=v._ZONES,
        tzlocal=getattr(tz, "tzlocal", None),
        tzutc=getattr(tz, "tzutc", None),
        tzoffset=getattr(tz, "tzoffset", None),
        find_pytz=pytz_zone_types,
    )
