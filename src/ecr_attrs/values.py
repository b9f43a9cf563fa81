"""The value types that model fields hold besides plain scalars and tuples."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class UnknownValue(str):
    """An enum value that this release of ecr-attrs does not know.

    AWS adds enum values over time.  Lenient structuring keeps such a value as
    an ``UnknownValue`` instead of failing, so code can tell it apart with
    ``isinstance(value, UnknownValue)`` while it still compares equal to the
    plain string and unstructures to it.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"UnknownValue({str.__repr__(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnknownValue, (str.__str__(self),))


class FrozenDict(Mapping[K, V]):
    """A read-only mapping that hashes, pickles and compares equal to a dict.

    It is not a ``dict`` subclass: ``dict.__setitem__(fd, ...)`` and friends
    would write through one, changing the hash of the object that holds it.
    The items live in a plain dict in a slot whose descriptor is taken off the
    class (see ``FROZENDICT_ITEMS``), so no attribute name reaches it.  (A
    ``MappingProxyType`` around that dict would hide it as well, but costs a
    tenth of structuring an object that holds a mapping.)
    """

    __slots__ = ("_items",)

    def __new__(cls, items: Mapping[K, V] | Any = (), /) -> FrozenDict[K, V]:
        self = object.__new__(cls)
        _put(self, dict(items))
        return self

    @classmethod
    def _adopt(cls, items: dict[K, V]) -> FrozenDict[K, V]:
        """Wrap a dict nobody else holds, without copying it (structuring builds one)."""
        self = object.__new__(cls)
        _put(self, items)
        return self

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("FrozenDict is read-only; build a new one instead")

    __setattr__ = __delattr__ = _read_only

    def __getitem__(self, key: K) -> V:
        return _get(self)[key]

    def __contains__(self, key: object) -> bool:
        return key in _get(self)

    def __iter__(self) -> Iterator[K]:
        return iter(_get(self))

    def __len__(self) -> int:
        return len(_get(self))

    def get(self, key: K, default: Any = None) -> Any:
        return _get(self).get(key, default)

    def keys(self) -> Any:
        return _get(self).keys()

    def values(self) -> Any:
        return _get(self).values()

    def items(self) -> Any:
        return _get(self).items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return _get(self) == _get(other)
        if isinstance(other, dict):
            return _get(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(_get(self).items()))

    def __repr__(self) -> str:
        from ecr_attrs._validators import value_repr

        items = ", ".join(f"{value_repr(k)}: {value_repr(x)}" for k, x in _get(self).items())
        return f"FrozenDict({{{items}}})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (_get(self).copy(),))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        from copy import deepcopy

        return FrozenDict._adopt({deepcopy(k, memo): deepcopy(v, memo) for k, v in _get(self).items()})

    def to_dict(self) -> dict[K, V]:
        """A new plain dict with the same items."""
        return _get(self).copy()


FROZENDICT_ITEMS: Any = FrozenDict.__dict__["_items"]
"""The member descriptor of the slot that holds a ``FrozenDict``'s plain dict.

This is the one way to the storage: the descriptor is removed from the class
below, so ``fd._items``, ``object.__getattribute__(fd, "_items")`` and
``object.__setattr__`` find nothing, and a FrozenDict has no ``__dict__``.
Structuring (and the compiled backend, which reads the slot at the offset
this descriptor names) use it to build and read FrozenDicts without a copy.
"""
delattr(FrozenDict, "_items")
if TYPE_CHECKING:

    def _get(fd: FrozenDict[K, V], /) -> dict[K, V]: ...
    def _put(fd: FrozenDict[K, V], items: dict[K, V], /) -> None: ...

else:  # the descriptor's own methods: no Python frame between a FrozenDict and its dict
    _get = FROZENDICT_ITEMS.__get__
    _put = FROZENDICT_ITEMS.__set__


Document = None | bool | int | float | str | tuple["Document", ...] | FrozenDict[str, "Document"]
"""A model ``document`` value: any JSON value, frozen (lists as tuples, objects as ``FrozenDict``)."""
