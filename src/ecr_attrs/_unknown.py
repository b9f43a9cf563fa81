"""Keys a structured mapping held that name no field: kept on the object, frozen.

A response from a newer AWS release can carry fields this release's models
lack.  A converter made with ``keep_unknown_keys=True`` keeps them in one slot
of the object (``SLOT``, declared by ``BaseValidatorModel``): unset or None
when there are none (constructors and other converters leave it unset), else a ``FrozenDict`` of the keys as given and their values frozen
(lists and tuples as tuples, mappings as ``FrozenDict``), so the object stays
immutable and a change to the input afterwards does not reach it.
Unstructuring thaws them back into lists and dicts.  They are not fields:
equality, hash and ``attrs`` ignore them, and repr names the keys only.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from types import MemberDescriptorType
from typing import Any, SupportsIndex

from ecr_attrs.values import FrozenDict

SLOT = "_ecr_unknown"
"""The slot's name, declared by ``BaseValidatorModel`` (generated in ``_models/_shared.py``)."""

_IMMUTABLE = (str, int, float, bool, type(None), bytes, datetime, Decimal)
_EMPTY: FrozenDict[str, Any] = FrozenDict()


def freeze(value: Any) -> Any:
    """``value`` as it is stored: an immutable copy of a JSON or boto3 value."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is list or kind is tuple:
        return tuple(map(freeze, value))
    if isinstance(value, Mapping):
        return FrozenDict._adopt({key: freeze(item) for key, item in dict(value).items()})
    # Nothing boto3 or json.loads gives: a copy the caller does not hold.
    return copy.deepcopy(value)


def thaw(value: Any) -> Any:
    """A stored value as boto3 takes it: new lists and dicts the caller may change."""
    kind = type(value)
    if kind is tuple:
        return [thaw(item) for item in value]
    if kind is FrozenDict:
        return {key: thaw(item) for key, item in value.items()}
    if kind in _IMMUTABLE:
        return value
    return copy.deepcopy(value)


def thaw_json(value: Any) -> Any:
    """Like ``thaw``, with what ``json.dumps`` refuses written as JSON mode writes fields."""
    kind = type(value)
    if kind is tuple:
        return [thaw_json(item) for item in value]
    if kind is FrozenDict:
        return {key: thaw_json(item) for key, item in value.items()}
    if kind is datetime:
        return value.isoformat()
    if kind is bytes:
        return base64.b64encode(value).decode("ascii")
    return thaw(value)


def collect(data: dict[Any, Any], known: frozenset[str]) -> FrozenDict[Any, Any] | None:
    """The unknown keys of ``data`` with frozen values, or None when every key is a field.

    A key whose hash or comparison raises, or whose value cannot be copied, is
    left out: structuring never fails because of a key it does not read.
    """
    found = {}
    for key, value in list(data.items()):
        kept = _kept(key, value, known)
        if kept is not _LEFT_OUT:
            found[key] = kept
    return FrozenDict._adopt(found) if found else None


_LEFT_OUT = object()


def _kept(key: Any, value: Any, known: frozenset[str]) -> Any:
    """The stored form of one unknown key's value; ``_LEFT_OUT`` for a field or a key that cannot be kept."""
    try:
        return _LEFT_OUT if key in known else freeze(value)
    except Exception:  # the key's __eq__, or a copy, raised: nothing worth failing the response for
        return _LEFT_OUT


def put_back(out: dict[str, Any], kept: FrozenDict[Any, Any]) -> None:
    """Add the kept keys to an unstructured dict (boto3 mode)."""
    for key, value in kept.items():
        out[key] = thaw(value)


def put_back_json(out: dict[str, Any], kept: FrozenDict[Any, Any]) -> None:
    """Add the kept keys to an unstructured dict (JSON mode)."""
    for key, value in kept.items():
        out[key] = thaw_json(value)


def held(obj: Any) -> FrozenDict[Any, Any] | None:
    """The kept keys of a model instance, or None (an instance the compiled backend built has the slot unset)."""
    try:
        return getattr(obj, SLOT)  # type: ignore[no-any-return]
    except AttributeError:
        return None


def unknown_keys(obj: Any) -> Mapping[str, Any]:
    """The keys of the mapping ``obj`` was structured from that name none of its fields.

    A read-only mapping, empty for an object built by its constructor, by
    ``attrs.evolve`` or by strict structuring.  Values are as given, frozen:
    lists as tuples, dicts as ``FrozenDict``.  ``unstructure`` puts them back
    as lists and dicts; pickling and copying keep them.  Objects of every
    shipped service (ECR, ECR Public, Inspector) and events
    (``ecr_attrs.events.parse_event``) hold them alike.

    Raises:
        TypeError: ``obj`` is not an instance of an ecr-attrs class.
    """
    # Every such class inherits the slot from its base; nothing else declares it.
    if type(getattr(type(obj), SLOT, None)) is not MemberDescriptorType:
        raise TypeError(f"unknown_keys() takes an ECR object, not {type(obj).__name__}")
    kept = held(obj)
    return _EMPTY if kept is None else kept


def restore(cls: type, state: Any, kept: FrozenDict[Any, Any] | None) -> Any:
    """Unpickle an instance: its fields through attrs' own ``__setstate__``, then its kept keys."""
    obj: Any = object.__new__(cls)
    obj.__setstate__(state)
    object.__setattr__(obj, SLOT, kept)
    return obj


def reduce(obj: Any, protocol: SupportsIndex = 2) -> str | tuple[Any, ...]:
    """``__reduce_ex__`` of every model: pickle and copy keep the kept keys."""
    return restore, (type(obj), obj.__getstate__(), held(obj))


def repr_suffix(obj: Any) -> str:
    """What repr adds for kept keys: their names only, as values may be secrets."""
    kept = held(obj)
    if not kept:
        return ""
    from ecr_attrs._validators import value_repr

    return "unknown keys: [" + ", ".join(value_repr(key) for key in kept) + "]"
