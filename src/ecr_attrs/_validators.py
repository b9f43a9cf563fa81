"""Validator factories that the generated models call.

Each factory returns a small immutable callable that attrs runs as a field
validator.  The objects keep their rules as public attributes, because the
converter (which generates a structuring function per class) and the
Hypothesis strategies read the same objects: every constraint is stated once,
in ``models.py``.

``problem(value)`` is the single definition of a rule: it returns ``None`` for
a valid value, or a ``Problem`` saying where inside the value (for elements of
sequences and mappings) and why it is wrong.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple, TypeVar, overload

from ecr_attrs.values import FrozenDict, UnknownValue

Path = tuple[str | int, ...]
T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

_SHOW_LIMIT = 60
# NUL and lone surrogates: JSON cannot carry the latter as UTF-8, AWS rejects both.
_UNSENDABLE = re.compile("[\x00\ud800-\udfff]")
_PATTERN_LIMIT = 40


class Problem(NamedTuple):
    path: Path
    reason: str
    error: type[Exception]


_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 3
_REPR.maxstring = _REPR.maxother = 40


def show(value: Any) -> str:
    """A repr short enough for an error message, whatever the value's size or depth."""
    if isinstance(value, (str, bytes)) and len(value) > _SHOW_LIMIT:
        head = repr(value[: _SHOW_LIMIT - 10])
        return f"{head}... ({len(value)} {'characters' if isinstance(value, str) else 'bytes'})"
    if isinstance(value, (list, tuple, dict, set, frozenset, FrozenDict)):
        if len(value) > 3:
            return f"{type(value).__name__} of {len(value)} items"
        return _clip(_REPR.repr(value))
    try:
        return _clip(repr(value))
    except Exception:  # a user object whose repr fails must not hide the real problem
        return f"{type(value).__name__} object"


def _clip(text: str) -> str:
    return text if len(text) <= _SHOW_LIMIT else text[: _SHOW_LIMIT - 3] + "..."


def format_path(path: Path) -> str:
    """``('images', 3, 'imageId')`` -> ``images[3].imageId``."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.isidentifier():
            out.append(f".{part}")
        else:
            out.append(f"[{part!r}]")
    return "".join(out)


def _type_name(value: Any) -> str:
    return type(value).__name__


class Validator:
    """Base of every validator: attrs calls it, ``problem`` decides."""

    __slots__ = ()

    def problem(self, value: Any) -> Problem | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def expected(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, instance: Any, attribute: Any, value: Any) -> None:
        found = self.problem(value)
        if found is not None:
            where = f"{type(instance).__name__}.{attribute.name}{format_path(found.path)}"
            raise found.error(f"{where}: {found.reason}")

    def _wrong_type(self, value: Any, secret: bool = False) -> Problem:
        shown = "a secret value" if secret else show(value)
        return Problem((), f"expected {self.expected()}, got {shown}", TypeError)

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in names if not n.startswith("_"))
        return f"<{type(self).__name__.lower()} validator {fields}>"


def _length_problem(
    value: Any, length: int, min_len: int | None, max_len: int | None, shown: str, unit: str
) -> Problem | None:
    if min_len is not None and length < min_len:
        return Problem((), f"{shown} has {length} {unit}, fewer than the minimum {min_len}", ValueError)
    if max_len is not None and length > max_len:
        return Problem((), f"{shown} has {length} {unit}, more than the maximum {max_len}", ValueError)
    return None


class Text(Validator):
    """A ``str`` without NUL characters or lone surrogates (no AWS API carries
    them).  Length bounds are checked before the pattern, so a huge value is
    rejected without scanning it.

    ``pattern`` is the ECR model's own, quoted in messages; ``linear`` is an
    equivalent form that cannot backtrack catastrophically, matched instead
    when the model's form would (see codegen/patterns.py).
    """

    __slots__ = ("_fullmatch", "linear", "max_len", "min_len", "pattern", "secret")

    def __init__(
        self,
        min_len: int | None,
        max_len: int | None,
        pattern: str | None,
        secret: bool,
        linear: str | None = None,
    ) -> None:
        self.min_len = min_len
        self.max_len = max_len
        self.pattern = pattern
        self.secret = secret
        self.linear = linear
        matched = linear or pattern
        # AWS matches the whole value and means ASCII classes by \w and \d.
        self._fullmatch = re.compile(matched, re.ASCII).fullmatch if matched is not None else None

    def expected(self) -> str:
        return "str"

    def matches(self, value: str) -> bool:
        return self._fullmatch is None or self._fullmatch(value) is not None

    def problem(self, value: Any) -> Problem | None:
        if not isinstance(value, str):
            return self._wrong_type(value, self.secret)
        shown = "the secret value" if self.secret else show(value)
        found = _length_problem(value, len(value), self.min_len, self.max_len, shown, "characters")
        if found is not None:
            return found
        if not value.isascii() or "\x00" in value:
            bad = _UNSENDABLE.search(value)
            if bad is not None:
                return Problem(
                    (),
                    f"{shown} holds {bad.group()!r} at index {bad.start()}, which no AWS API accepts",
                    ValueError,
                )
        if not self.matches(value):
            pattern = self.pattern or ""
            if len(pattern) > _PATTERN_LIMIT:
                pattern = pattern[:_PATTERN_LIMIT] + "..."
            return Problem((), f"{shown} does not match pattern {pattern}", ValueError)
        return None


class Integer(Validator):
    """An ``int`` that is not a ``bool``, within optional bounds."""

    __slots__ = ("max", "min")

    def __init__(self, min: int | None, max: int | None) -> None:
        self.min = min
        self.max = max

    def expected(self) -> str:
        return "int"

    def accepts_type(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def problem(self, value: Any) -> Problem | None:
        if not self.accepts_type(value):
            return self._wrong_type(value)
        if self.min is not None and value < self.min:
            return Problem((), f"{show(value)} is less than the minimum {self.min}", ValueError)
        if self.max is not None and value > self.max:
            return Problem((), f"{show(value)} is more than the maximum {self.max}", ValueError)
        return None


class Number(Integer):
    """A finite ``float``; an ``int`` (not a ``bool``) is accepted and kept as is."""

    __slots__ = ()

    def expected(self) -> str:
        return "a finite float or int"

    def accepts_type(self, value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class Boolean(Validator):
    __slots__ = ()

    def expected(self) -> str:
        return "bool"

    def problem(self, value: Any) -> Problem | None:
        return None if isinstance(value, bool) else self._wrong_type(value)


class Timestamp(Validator):
    """A timezone-aware ``datetime``: a naive one names no instant."""

    __slots__ = ()

    def expected(self) -> str:
        return "a timezone-aware datetime"

    def problem(self, value: Any) -> Problem | None:
        if isinstance(value, datetime) and value.utcoffset() is not None:
            return None
        return self._wrong_type(value)


class Blob(Validator):
    """Bytes or text for an upload; its size, never its content, goes in messages."""

    __slots__ = ("max_len", "min_len")

    def __init__(self, min_len: int | None, max_len: int | None) -> None:
        self.min_len = min_len
        self.max_len = max_len

    def expected(self) -> str:
        return "bytes or str (read a stream into bytes first)"

    def problem(self, value: Any) -> Problem | None:
        if not isinstance(value, (bytes, str)):
            return Problem((), f"expected {self.expected()}, got {_type_name(value)}", TypeError)
        return _length_problem(
            value, len(value), self.min_len, self.max_len, f"a blob of {len(value)}", "bytes"
        )


class OneOf(Validator):
    """One of an enum's values, or an ``UnknownValue`` kept by lenient structuring."""

    __slots__ = ("_allowed", "values")

    def __init__(self, values: tuple[str, ...]) -> None:
        self.values = values
        self._allowed = frozenset(values)

    def expected(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values)

    def allows(self, value: Any) -> bool:
        return value in self._allowed or type(value) is UnknownValue

    def problem(self, value: Any) -> Problem | None:
        if not isinstance(value, str):
            return self._wrong_type(value)
        if self.allows(value):
            return None
        return Problem((), f"{show(value)} is not {self.expected()}", ValueError)


class InstanceOf(Validator):
    """An instance of one of the given model classes."""

    __slots__ = ("classes",)

    def __init__(self, classes: tuple[type, ...]) -> None:
        self.classes = classes

    def expected(self) -> str:
        return " or ".join(c.__name__ for c in self.classes)

    def problem(self, value: Any) -> Problem | None:
        return None if isinstance(value, self.classes) else self._wrong_type(value)


class SequenceOf(Validator):
    """A tuple (the constructor turns a list into one) whose every element passes."""

    __slots__ = ("element", "max_len", "min_len")

    def __init__(self, element: Validator, min_len: int | None, max_len: int | None) -> None:
        self.element = element
        self.min_len = min_len
        self.max_len = max_len

    def expected(self) -> str:
        return f"a list or tuple of {self.element.expected()}"

    def problem(self, value: Any) -> Problem | None:
        if type(value) is not tuple:
            return self._wrong_type(value)
        found = _length_problem(value, len(value), self.min_len, self.max_len, "the list", "items")
        if found is not None:
            return found
        for index, item in enumerate(value):
            inner = self.element.problem(item)
            if inner is not None:
                return Problem((index, *inner.path), inner.reason, inner.error)
        return None


class MappingOf(Validator):
    """A ``FrozenDict`` (the constructor turns a dict into one) whose keys and values pass."""

    __slots__ = ("key", "value")

    def __init__(self, key: Validator, value: Validator) -> None:
        self.key = key
        self.value = value

    def expected(self) -> str:
        return f"a mapping of {self.key.expected()} to {self.value.expected()}"

    def problem(self, value: Any) -> Problem | None:
        if type(value) is not FrozenDict:
            return self._wrong_type(value)
        for key, item in value.items():
            found = self.key.problem(key)
            if found is not None:
                return Problem(
                    (key if isinstance(key, str) else show(key),), f"key {found.reason}", found.error
                )
            found = self.value.problem(item)
            if found is not None:
                return Problem((key, *found.path), found.reason, found.error)
        return None


class Nullable(Validator):
    """``None`` (the field is absent) or a value the inner validator accepts."""

    __slots__ = ("inner",)

    def __init__(self, inner: Validator) -> None:
        self.inner = inner

    def expected(self) -> str:
        return self.inner.expected()

    def problem(self, value: Any) -> Problem | None:
        return None if value is None else self.inner.problem(value)


def text(
    *,
    min_len: int | None = None,
    max_len: int | None = None,
    pattern: str | None = None,
    secret: bool = False,
    linear: str | None = None,
) -> Text:
    return Text(min_len, max_len, pattern, secret, linear)


def integer(*, min: int | None = None, max: int | None = None) -> Integer:
    return Integer(min, max)


def number(*, min: int | None = None, max: int | None = None) -> Number:
    return Number(min, max)


def boolean() -> Boolean:
    return Boolean()


def timestamp() -> Timestamp:
    return Timestamp()


def blob(*, min_len: int | None = None, max_len: int | None = None) -> Blob:
    return Blob(min_len, max_len)


def one_of(*values: str) -> OneOf:
    return OneOf(values)


def instance_of(*classes: type) -> InstanceOf:
    return InstanceOf(classes)


def sequence_of(element: Validator, *, min_len: int | None = None, max_len: int | None = None) -> SequenceOf:
    return SequenceOf(element, min_len, max_len)


def mapping_of(key: Validator, value: Validator) -> MappingOf:
    return MappingOf(key, value)


def optional(inner: Validator) -> Nullable:
    return Nullable(inner)


@overload
def to_tuple(value: None) -> None: ...
@overload
def to_tuple(value: Iterable[T]) -> tuple[T, ...]: ...
def to_tuple(value: Any) -> Any:
    """attrs converter: store a list as a tuple; anything else is left for the validator.

    Typed for what a field accepts, so each generated field converter that calls
    it gives type checkers the precise constructor parameter.
    """
    return tuple(value) if type(value) is list else value


@overload
def to_frozendict(value: None) -> None: ...
@overload
def to_frozendict(value: Mapping[K, V]) -> FrozenDict[K, V]: ...
def to_frozendict(value: Any) -> Any:
    """attrs converter: store a dict as a ``FrozenDict``; anything else is left for the validator."""
    return FrozenDict(value) if type(value) is dict else value


def masked(value: Any) -> str:
    """repr of a credential: whether it is set, never what it is."""
    return "None" if value is None else "'***'"


def sized(value: Any) -> str:
    """repr of a blob: its size, not its content."""
    return "None" if value is None else f"<{len(value)} bytes>"
