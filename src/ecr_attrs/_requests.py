"""Build a request object from what a boto3 call takes: keywords whose values may be
objects, plain mappings in boto3's shape or lists of either, mixed at any depth.

The keywords are structured with the converter machinery (``_compile``) under
the rules for requests, which differ from both response converters:

* an unknown key is an error, as in strict mode: a typo must never reach AWS;
* an enum value this release does not know is an error, worded as the
  constructor words it; an ``UnknownValue("NEW_VALUE")`` is how a caller sends
  a newer value on purpose, and it is kept;
* an object is taken as it is: its constructor has checked it already.

Every problem is reported at once, with its path from the request, in a
``RequestError`` raised before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ecr_attrs import _validators as v
from ecr_attrs._compile import Codec, Invalid, Problems
from ecr_attrs._validators import Path
from ecr_attrs.errors import RequestError
from ecr_attrs.values import UnknownValue


class RequestCodec(Codec):
    """A strict codec that keeps objects and ``UnknownValue`` as the caller gave them."""

    def __init__(self) -> None:
        super().__init__(strict=True, json=False)

    def _enum(self, rule: v.OneOf, value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, str):
            return value, rule._wrong_type(value).reason
        plain = str.__str__(value)
        if plain in rule._allowed:
            return plain, None
        if type(value) is UnknownValue:  # sent on purpose
            return value, None
        found = rule.problem(value)
        return value, found.reason if found is not None else None

    def _checked_instance(self, value: Any, path: Path, problems: Problems | None) -> tuple[Any, Any]:
        return value, problems


_codec = RequestCodec()


def build(cls: type, kwargs: Mapping[str, Any], method: str) -> Any:
    """An instance of the request class ``cls`` from ``method``'s keyword arguments.

    Raises:
        RequestError: every problem of the keywords, each with its path.
    """
    try:
        return _codec.structure_fn(cls)(kwargs if type(kwargs) is dict else dict(kwargs))
    except Invalid as error:
        raise RequestError.from_request(method, error.problems, cls) from None


def with_config(cls: type, request: Any, kwargs: Mapping[str, Any], key: str, method: str) -> Any:
    """A request object with ``PaginationConfig=`` / ``WaiterConfig=`` given beside it.

    The setting may be an object or a mapping; the request's own fields are
    kept as they are.
    """
    fields = {f.name: getattr(request, f.name) for f in attrs.fields(type(request))}
    extra = [name for name in kwargs if name != key]
    if extra:
        raise TypeError(f"{method}() takes a {cls.__name__} or keyword arguments, not both")
    return build(cls, {**fields, key: kwargs[key]}, method)
