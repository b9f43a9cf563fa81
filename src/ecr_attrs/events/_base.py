"""What the generated event classes build on: their base and the detail of an unknown detail-type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ecr_attrs import _validators as _v
from ecr_attrs.values import FrozenDict


class EventModel:
    """Base of every event class: frozen, keyword-only, validated attrs classes."""

    __slots__ = ()

    def __repr__(self) -> str:
        return _v.model_repr(self)


def freeze(value: Any) -> Any:
    """JSON data made immutable and hashable: objects become ``FrozenDict``, arrays tuples."""
    if isinstance(value, Mapping):
        return FrozenDict._adopt({key: freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """``freeze`` undone: the plain dicts and lists ``json.dumps`` takes."""
    if isinstance(value, FrozenDict):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


def _frozen_mapping(value: Mapping[str, Any]) -> FrozenDict[str, Any]:
    return freeze(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, weakref_slot=False, repr=False)
class UnknownDetail(EventModel):
    """The detail of an event whose (source, detail-type) this release has no class for.

    Such events are never an error: AWS adds detail-types, and a handler
    subscribed to a wide pattern should still read the envelope.  ``data``
    holds the detail as sent, frozen.
    """

    data: FrozenDict[str, Any] = attrs.field(
        converter=_frozen_mapping,
        validator=attrs.validators.instance_of(FrozenDict),
    )
