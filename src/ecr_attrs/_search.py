"""``PageIterator.search(expression)``: botocore's JMESPath search over structured pages.

JMESPath reads dicts and lists, so each page is seen through a tree of them:
an object becomes a dict of its set fields (the keys boto3 uses), a tuple a
list, a FrozenDict a dict.  Every dict made from an object remembers it, so a
result that selects objects gives the objects themselves; numbers, text,
datetimes and the dicts and lists an expression builds (``{a: b}``, ``[a, b]``)
come back as JMESPath made them, with the objects inside them restored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import attrs

from ecr_attrs.values import FrozenDict


class _Seen(dict[str, Any]):
    """The dict JMESPath reads for one object; ``source`` is the object."""

    __slots__ = ("source",)
    source: Any


class _SeenMap(dict[Any, Any]):
    """The dict JMESPath reads for one FrozenDict."""

    __slots__ = ("source",)
    source: Any


# JMESPath's functions (``keys``, ``length``, ...) recognise an object by its type's
# *name*; these are dicts in every other respect, so they answer to it.
_Seen.__name__ = _SeenMap.__name__ = "dict"


def _view(value: Any) -> Any:
    if attrs.has(type(value)):
        seen = _Seen()
        seen.source = value
        for field in attrs.fields(type(value)):
            held = getattr(value, field.name)
            if held is not None:
                seen[field.name] = _view(held)  # a field is named as boto3 names its key
        return seen
    if type(value) is tuple:
        return [_view(item) for item in value]
    if isinstance(value, FrozenDict):
        seen_map = _SeenMap((key, _view(item)) for key, item in value.items())
        seen_map.source = value
        return seen_map
    return value


def _restore(value: Any) -> Any:
    if isinstance(value, (_Seen, _SeenMap)):
        return value.source
    if isinstance(value, list):
        return [_restore(item) for item in value]
    if isinstance(value, dict):
        return {key: _restore(item) for key, item in value.items()}
    return value


def _results(expression: Any, page: Any) -> Iterator[Any]:
    """What botocore's ``search`` yields for one page: a list's items, else the value (None too)."""
    found = expression.search(_view(page))
    if isinstance(found, list):
        yield from (_restore(item) for item in found)
    else:
        yield _restore(found)


def search(pages: Iterable[Any], expression: str) -> Iterator[Any]:
    import jmespath

    compiled = jmespath.compile(expression)
    for page in pages:
        yield from _results(compiled, page)


async def search_async(pages: AsyncIterator[Any], expression: str) -> AsyncIterator[Any]:
    import jmespath

    compiled = jmespath.compile(expression)
    async for page in pages:
        for item in _results(compiled, page):
            yield item
