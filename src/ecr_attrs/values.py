"""The value types that model fields hold besides plain scalars and tuples."""

from __future__ import annotations

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
        return (UnknownValue, (str(self),))


class FrozenDict(dict[K, V]):
    """A read-only dict that hashes, pickles and compares like a dict.

    ``types.MappingProxyType`` is read-only too, but it neither hashes nor
    pickles, and frozen model instances must do both.  Subclassing ``dict``
    keeps construction and lookups at C speed; every mutating method raises.
    """

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("FrozenDict is read-only; build a new one instead")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        from copy import deepcopy

        return FrozenDict({deepcopy(k, memo): deepcopy(v, memo) for k, v in self.items()})

    def to_dict(self) -> dict[K, V]:
        """A new plain dict with the same items."""
        return dict(self)
