"""What the generated event classes build on: their base, the detail of an unknown detail-type,
and the detail classes of service packages, imported when first used."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from typing import Any, ForwardRef

import attrs

from ecr_attrs import _unknown
from ecr_attrs import _validators as _v
from ecr_attrs.values import FrozenDict


class EventModel:
    """Base of every event class: frozen, keyword-only, validated attrs classes.

    Its one slot holds the keys ``parse_event(..., keep_unknown_keys=True)``
    found beyond the fields, as the models' slot does (``ecr_attrs.unknown_keys``);
    constructors leave it unset.
    """

    __slots__ = (_unknown.SLOT,)

    __reduce_ex__ = _unknown.reduce

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


class LazyClass:
    """A detail class of a service package (Inspector's ``FindingTypeDef``), imported on first use.

    Its package is large next to the event classes, and most handlers never
    see such a detail, so ``import ecr_attrs.events`` leaves it unimported.
    ``home`` is the module whose annotations name it.  ``typing.get_type_hints``
    looks names up in the module's dict, never through its ``__getattr__``, so
    until the class is imported ``home`` holds a ``typing.ForwardRef`` under its
    name that imports it when evaluated; once imported, the class replaces it.
    """

    __slots__ = ("home", "module", "name")

    def __init__(self, module: str, name: str, home: str) -> None:
        self.module = module
        self.name = name
        self.home = home
        namespace = vars(sys.modules[home])
        loader = f"_load_{name}"
        namespace[loader] = self.load
        namespace.setdefault(name, ForwardRef(f"{loader}()"))

    def load(self) -> type:
        cls: type = getattr(importlib.import_module(self.module), self.name)
        setattr(sys.modules[self.home], self.name, cls)
        return cls

    def may_be_base_of(self, cls: type) -> bool:
        """Whether ``cls`` could be this class or a subclass, without importing it.

        An instance of the class exists only once its module has run, so a
        class none of whose bases comes from that module is not one.
        """
        return any(base.__module__ == self.module for base in cls.__mro__)


def resolved(entry: type | LazyClass) -> type:
    """The class an entry of a detail table names, imported if need be."""
    return entry.load() if isinstance(entry, LazyClass) else entry


class DetailOf(_v.InstanceOf):
    """``InstanceOf`` the detail classes, some of them a ``LazyClass``: checking a value imports none.

    ``classes`` (read by consumers that need every class, such as error notes
    and strategies) imports them all.
    """

    __slots__ = ("_eager", "_entries")

    def __init__(self, entries: tuple[type | LazyClass, ...]) -> None:
        self._entries = entries
        self._eager = tuple(entry for entry in entries if isinstance(entry, type))

    @property
    def classes(self) -> tuple[type, ...]:  # type: ignore[override]
        return tuple(resolved(entry) for entry in self._entries)

    def expected(self) -> str:
        return " or ".join(
            entry.name if isinstance(entry, LazyClass) else entry.__name__ for entry in self._entries
        )

    def _holds_secret(self) -> bool:
        # UnknownDetail's data is checked by attrs' own validator: JSON as sent, no credential.
        return any(
            _v.holds_secret(f.validator)
            for c in self.classes
            for f in attrs.fields(c)
            if isinstance(f.validator, _v.Validator)
        )

    def problem(self, value: Any) -> _v.Problem | None:
        kind = type(value)
        if issubclass(kind, self._eager):
            return None
        for entry in self._entries:
            if isinstance(entry, LazyClass) and entry.may_be_base_of(kind) and issubclass(kind, entry.load()):
                return None
        return self._wrong_type(value)


def detail_of(*entries: type | LazyClass) -> DetailOf:
    return DetailOf(entries)


def lazy_attribute(
    namespace: dict[str, Any], name: str, details: Mapping[tuple[str, str], type | LazyClass]
) -> Any:
    """A module's ``__getattr__``: ``DETAIL_CLASSES`` and the classes of ``details`` imported on first use.

    The value is stored in the module, so each is made once.
    """
    value: Any
    if name == "DETAIL_CLASSES":
        value = {key: resolved(entry) for key, entry in details.items()}
    else:
        lazy = [e for e in details.values() if isinstance(e, LazyClass) and e.name == name]
        if not lazy:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = lazy[0].load()
    namespace[name] = value
    return value
