"""The value types that model fields hold besides plain scalars and tuples."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NoReturn, TypeVar

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
    The items live in a private dict in a slot; assignment is refused.  (A
    ``MappingProxyType`` around that dict would hide it better, but costs a
    tenth of structuring an object that holds a mapping.)
    """

    __slots__ = ("_items",)
    _items: dict[K, V]

    def __new__(cls, items: Mapping[K, V] | Any = (), /) -> FrozenDict[K, V]:
        self = object.__new__(cls)
        object.__setattr__(self, "_items", dict(items))
        return self

    @classmethod
    def _adopt(cls, items: dict[K, V]) -> FrozenDict[K, V]:
        """Wrap a dict nobody else holds, without copying it (structuring builds one)."""
        self = object.__new__(cls)
        object.__setattr__(self, "_items", items)
        return self

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("FrozenDict is read-only; build a new one instead")

    __setattr__ = __delattr__ = _read_only

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K, default: Any = None) -> Any:
        return self._items.get(key, default)

    def keys(self) -> Any:
        return self._items.keys()

    def values(self) -> Any:
        return self._items.values()

    def items(self) -> Any:
        return self._items.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._items == other._items
        if isinstance(other, dict):
            return self._items == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        from ecr_attrs._validators import value_repr

        items = ", ".join(f"{value_repr(k)}: {value_repr(x)}" for k, x in self._items.items())
        return f"FrozenDict({{{items}}})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._items.copy(),))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        from copy import deepcopy

        return FrozenDict._adopt({deepcopy(k, memo): deepcopy(v, memo) for k, v in self._items.items()})

    def to_dict(self) -> dict[K, V]:
        """A new plain dict with the same items."""
        return self._items.copy()


Document = None | bool | int | float | str | tuple["Document", ...] | FrozenDict[str, "Document"]
"""A model ``document`` value: any JSON value, frozen (lists as tuples, objects as ``FrozenDict``)."""
