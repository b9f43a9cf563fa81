"""The value types that model fields hold besides plain scalars and tuples."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

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
        return (UnknownValue, (str(self),))


class FrozenDict(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that hashes, pickles and compares like a dict.

    ``types.MappingProxyType`` is read-only too, but it neither hashes nor
    pickles, and frozen model instances must do both.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data) if data is not None else {}
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))

    def to_dict(self) -> dict[K, V]:
        """A new plain dict with the same items."""
        return dict(self._data)
