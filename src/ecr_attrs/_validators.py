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
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, NamedTuple, TypeVar, overload

import attrs

from ecr_attrs import _unknown
from ecr_attrs.values import FrozenDict, UnknownValue

Path = tuple[str | int, ...]
T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

_SHOW_LIMIT = 60
_NAME_LIMIT = 40
# NUL and lone surrogates: JSON cannot carry the latter as UTF-8, AWS rejects both.
UNSENDABLE = re.compile("[\x00\ud800-\udfff]")
_PATTERN_LIMIT = 40
# Beyond this an int's decimal form is long (and past 4,300 digits Python refuses to write it).
_BIG_INT_BITS = 200


class Problem(NamedTuple):
    path: Path
    reason: str
    error: type[Exception]


def is_a(value: Any, classes: type | tuple[type, ...]) -> bool:
    """``isinstance`` by the real class: ``isinstance`` believes a ``__class__`` property, ``type()`` cannot lie."""
    return issubclass(type(value), classes)


def type_name(value: Any) -> str:
    """The name of ``value``'s class, cut short: it may be a user's class."""
    name = type(value).__name__
    return name if len(name) <= _NAME_LIMIT else name[:_NAME_LIMIT] + "..."


def kind(value: Any) -> str:
    """What ``value`` is and how big, never what it holds: ``a list of 3 items``."""
    try:
        if is_a(value, (str, bytes, bytearray)):
            unit = "characters" if is_a(value, str) else "bytes"
            return f"a {type_name(value)} of {len(value)} {unit}"
        size = len(value)
    except Exception:  # no size, or a __len__ that raises
        return f"a {type_name(value)} object"
    return f"a {type_name(value)} of {size} item{'' if size == 1 else 's'}"


def show(value: Any) -> str:
    """A short quote of a scalar for an error message; containers and other
    objects show only their type and size, since their content may hold a
    credential (and a repr may be anything)."""
    try:
        return _show_scalar(value)
    except Exception:  # a user's subclass whose methods raise
        return f"a {type_name(value)} object"


def _show_scalar(value: Any) -> str:
    if value is None or type(value) is bool:
        return repr(value)
    if is_a(value, str):
        plain = str.__str__(value)
        if len(plain) > _SHOW_LIMIT:
            return f"{plain[: _SHOW_LIMIT - 10]!r}... ({len(plain)} characters)"
        return repr(plain)
    if is_a(value, int):
        number = int.__index__(value)
        if number.bit_length() > _BIG_INT_BITS:
            return f"an int of {_digits(abs(number))} digits"
        return repr(number)
    if is_a(value, float):
        return repr(float.__float__(value))
    if type(value) is datetime:
        return _clip(repr(value))
    return kind(value)


def _digits(number: int) -> int:
    """How many decimal digits ``number`` has, without writing it out (Python refuses past 4,300)."""
    digits = int((number.bit_length() - 1) * 0.30102999566398) + 1  # never more than the truth
    while number >= 10**digits:
        digits += 1
    return digits


def _clip(text: str) -> str:
    return text if len(text) <= _SHOW_LIMIT else text[: _SHOW_LIMIT - 3] + "..."


def key_part(key: Any) -> str:
    """A mapping key as a path part: the plain string, or a description of a non-string."""
    try:
        return str.__str__(key) if is_a(key, str) else show(key)
    except Exception:  # a str subclass that is not one after all (a lying __class__)
        return show(key)


def format_path(path: Path) -> str:
    """``('images', 3, 'imageId')`` -> ``.images[3].imageId``; a long key is cut short."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif len(part) > _SHOW_LIMIT:
            out.append(f"[{part[: _SHOW_LIMIT - 10]!r}... ({len(part)} characters)]")
        elif part.isidentifier():
            out.append(f".{part}")
        else:
            out.append(f"[{part!r}]")
    return "".join(out)


def could_not_check(value: Any, error: BaseException) -> str:
    """The reason given for a value whose own methods raised while it was checked."""
    return f"could not check {kind(value)}: its {type(error).__name__} escaped"


_ZONES: dict[timedelta, timezone] = {timedelta(0): UTC}
_pickled_fields = datetime.__reduce__  # (type, (the fields as bytes, tzinfo)); fold not kept
_unpickled: Any = datetime  # datetime(the fields as bytes, tzinfo): a form typeshed does not declare


def _from_fields(value: datetime, zone: timezone) -> datetime:
    """A plain datetime of ``value``'s own fields (as datetime keeps them, fold 0) in ``zone``.

    ``datetime(state, tzinfo)`` is how pickle rebuilds a datetime: the ten bytes of
    its fields read back at once, about a third of the cost of passing the seven of
    them, and read by datetime's own C method, which no subclass overrides.
    """
    return _unpickled(_pickled_fields(value)[1][0], zone)  # type: ignore[no-any-return]


def instant(value: datetime) -> datetime | None:
    """``value`` as a plain datetime with a fixed-offset ``timezone``, or None when it has no offset.

    A ``tzlocal()`` datetime in a repeated DST hour is unequal to its own copy
    (PEP 495 compares different tzinfo objects by instant, same ones by wall
    time, and the fold decides the offset); a fixed offset has no such hour.
    """
    if type(value) is datetime:
        fast = fixed_offset(value)
        if fast is not None:
            return fast
    offset = datetime.utcoffset(value)
    if offset is None:
        return None
    zone = _zone(offset)
    if type(value) is datetime:
        # The fold no longer matters: a fixed offset has no repeated hour.
        return value if value.tzinfo is zone else value.replace(tzinfo=zone)
    # A subclass may override the attributes; the fields datetime itself keeps cannot lie.
    return _from_fields(value, zone)


def fixed_offset(value: datetime) -> datetime | None:
    """``instant(value)`` for a plain datetime with fold 0, cheaply; None leaves it to ``instant``.

    botocore gives every timestamp a new ``tzlocal()``: asking it for the
    offset runs Python code, and ``replace()`` costs several constructors, so
    the offset comes from the zone's state where that state fixes it (see
    ``_offset_reader``) and the datetime is built directly.  A fold of 1 is
    kept by ``replace()``; this leaves it to ``instant``.
    """
    zone = value.tzinfo
    if zone is None or value.fold:
        return None
    reader = _OFFSET_READERS.get(type(zone), _UNSEEN)
    if reader is _UNSEEN:
        reader = _learn_zone_type(type(zone))
    offset = reader(zone) if reader is not None else None
    if offset is None:
        offset = datetime.utcoffset(value)
        if offset is None:
            return None
    fixed = _ZONES.get(offset)
    if fixed is None:
        fixed = _zone(offset)
    if zone is fixed:
        return value
    return _from_fields(value, fixed)


def _zone(offset: timedelta) -> timezone:
    zone = _ZONES.get(offset)
    if zone is None:
        zone = timezone(offset)
        if len(_ZONES) < 512:
            _ZONES[offset] = zone
    return zone


def _tzlocal_offset(zone: Any) -> timedelta | None:
    """dateutil's ``tzlocal`` without DST (TZ=UTC, Lambda, most servers) answers its standard offset for every time."""
    return None if zone._hasdst else zone._std_offset


def _constant_offset(zone: Any) -> timedelta | None:
    """dateutil's ``tzoffset`` and ``tzutc`` answer one offset for every time."""
    return zone.utcoffset(None)  # type: ignore[no-any-return]


def _learn_zone_type(kind: type) -> Any:
    """How to read the offset of a zone of class ``kind`` without a datetime (None: ask the datetime).

    Only dateutil's own classes, exactly (a subclass may override anything), and
    looked up in ``sys.modules`` rather than imported: whoever made the zone has
    imported its module already.
    """
    reader = None
    dateutil_tz = sys.modules.get("dateutil.tz.tz")
    if dateutil_tz is not None:
        if kind is getattr(dateutil_tz, "tzlocal", None):
            reader = _tzlocal_offset
        elif kind is getattr(dateutil_tz, "tzoffset", None) or kind is getattr(dateutil_tz, "tzutc", None):
            reader = _constant_offset
    if len(_OFFSET_READERS) < 256:
        _OFFSET_READERS[kind] = reader
    return reader


_UNSEEN = object()
_OFFSET_READERS: dict[type, Any] = {}


def holds_secret(rule: Any) -> bool:
    """Whether a value judged by ``rule`` may hold a credential or a blob, at any depth."""
    found = _SECRET_CACHE.get(rule)
    if found is None:
        _SECRET_CACHE[rule] = False  # classes do not hold themselves, but be safe
        found = _SECRET_CACHE[rule] = rule._holds_secret()
    return found


_SECRET_CACHE: dict[Any, bool] = {}


class Validator:
    """Base of every validator: attrs calls it, ``problem`` decides, ``stored`` normalises."""

    __slots__ = ()

    def problem(self, value: Any) -> Problem | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def stored(self, value: Any) -> Any:
        """The form kept for a value ``problem`` accepted: exact builtins, fixed-offset datetimes."""
        return value

    def expected(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _holds_secret(self) -> bool:
        return False

    def __call__(self, instance: Any, attribute: Any, value: Any) -> None:
        """Reject with ``TypeError``/``ValueError`` only; store the plain form.

        attrs runs converters before validators, and the generated fields have
        none for scalars, so the plain form is written back here the way
        attrs' own frozen ``__init__`` writes: with ``object.__setattr__``.
        """
        try:
            found = self.problem(value)
            keep = self.stored(value) if found is None else value
        except Exception as error:
            found = Problem((), could_not_check(value, error), TypeError)
            keep = value
        if found is not None:
            where = f"{type(instance).__name__}.{attribute.name}{format_path(found.path)}"
            raise found.error(f"{where}: {found.reason}") from None
        if keep is not value:
            object.__setattr__(instance, attribute.name, keep)

    def _wrong_type(self, value: Any, secret: bool = False) -> Problem:
        shown = kind(value) if secret or holds_secret(self) else show(value)
        return Problem((), f"expected {self.expected()}, got {shown}", TypeError)

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in names if not n.startswith("_"))
        return f"<{type(self).__name__.lower()} validator {fields}>"


def _length_problem(
    length: int, min_len: int | None, max_len: int | None, shown: str, unit: str
) -> Problem | None:
    if min_len is not None and length < min_len:
        return Problem((), f"{shown} has {length} {unit}, fewer than the minimum {min_len}", ValueError)
    if max_len is not None and length > max_len:
        return Problem((), f"{shown} has {length} {unit}, more than the maximum {max_len}", ValueError)
    return None


class Text(Validator):
    """A ``str`` without NUL characters or lone surrogates (no AWS API carries
    them).  Length bounds are checked before the pattern, so a huge value is
    rejected without scanning it.  A ``str`` subclass (a str ``Enum`` member)
    is judged and stored as the plain string it holds.

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

    def _holds_secret(self) -> bool:
        return self.secret

    def matches(self, value: str) -> bool:
        return self._fullmatch is None or self._fullmatch(value) is not None

    def stored(self, value: Any) -> Any:
        return value if type(value) is str else str.__str__(value)

    def problem(self, value: Any) -> Problem | None:
        if not is_a(value, str):
            return self._wrong_type(value, self.secret)
        value = str.__str__(value)
        shown = "the secret value" if self.secret else show(value)
        found = _length_problem(len(value), self.min_len, self.max_len, shown, "characters")
        if found is not None:
            return found
        if not value.isascii() or "\x00" in value:
            bad = UNSENDABLE.search(value)
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
    """An ``int`` that is not a ``bool``, within optional bounds; an ``IntEnum`` member is stored as its int."""

    __slots__ = ("max", "min")

    def __init__(self, min: int | None, max: int | None) -> None:
        self.min = min
        self.max = max

    def expected(self) -> str:
        return "int"

    def accepts_type(self, value: Any) -> bool:
        return is_a(value, int) and not is_a(value, bool)

    def stored(self, value: Any) -> Any:
        return value if type(value) is int else int.__index__(value)

    def _range_problem(self, value: float) -> Problem | None:
        if self.min is not None and value < self.min:
            return Problem((), f"{show(value)} is less than the minimum {self.min}", ValueError)
        if self.max is not None and value > self.max:
            return Problem((), f"{show(value)} is more than the maximum {self.max}", ValueError)
        return None

    def problem(self, value: Any) -> Problem | None:
        if not self.accepts_type(value):
            return self._wrong_type(value)
        return self._range_problem(int.__index__(value))


class Number(Integer):
    """A finite ``float``, or an ``int`` (not a ``bool``) that a float can hold, kept as an int."""

    __slots__ = ()

    def expected(self) -> str:
        return "a finite float or int"

    def accepts_type(self, value: Any) -> bool:
        return is_a(value, (int, float)) and not is_a(value, bool)

    def stored(self, value: Any) -> Any:
        if type(value) is int or type(value) is float:
            return value
        return int.__index__(value) if is_a(value, int) else float.__float__(value)

    def problem(self, value: Any) -> Problem | None:
        if not self.accepts_type(value):
            return self._wrong_type(value)
        number = self.stored(value)
        if type(number) is int:
            try:
                float(number)
            except OverflowError:
                return Problem((), f"{show(number)} is too large for a float", ValueError)
        elif number - number != 0:  # inf or nan
            return self._wrong_type(number)
        return self._range_problem(number)


class Boolean(Validator):
    __slots__ = ()

    def expected(self) -> str:
        return "bool"

    def problem(self, value: Any) -> Problem | None:
        return None if type(value) is bool else self._wrong_type(value)


class Timestamp(Validator):
    """A timezone-aware ``datetime``, stored with a fixed-offset ``timezone`` (see ``instant``)."""

    __slots__ = ()

    def expected(self) -> str:
        return "a timezone-aware datetime"

    def stored(self, value: Any) -> Any:
        return instant(value)

    def problem(self, value: Any) -> Problem | None:
        if is_a(value, datetime) and datetime.utcoffset(value) is not None:
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

    def _holds_secret(self) -> bool:
        return True

    def stored(self, value: Any) -> Any:
        if type(value) is bytes or type(value) is str:
            return value
        return bytes.__bytes__(value) if is_a(value, bytes) else str.__str__(value)

    def problem(self, value: Any) -> Problem | None:
        if not is_a(value, (bytes, str)):
            return Problem((), f"expected {self.expected()}, got {type_name(value)}", TypeError)
        size = len(self.stored(value))
        return _length_problem(size, self.min_len, self.max_len, f"a blob of {size}", "bytes")


class OneOf(Validator):
    """One of an enum's values, or an ``UnknownValue`` kept by lenient structuring.

    A known value is stored as a plain ``str`` however it came (a str ``Enum``
    member, an ``UnknownValue`` that this release knows after all).
    """

    __slots__ = ("_allowed", "values")

    def __init__(self, values: tuple[str, ...]) -> None:
        self.values = values
        self._allowed = frozenset(values)

    def expected(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values)

    def allows(self, value: Any) -> bool:
        return str.__str__(value) in self._allowed or type(value) is UnknownValue

    def stored(self, value: Any) -> Any:
        plain = str.__str__(value)
        return plain if plain in self._allowed else value

    def problem(self, value: Any) -> Problem | None:
        if not is_a(value, str):
            return self._wrong_type(value)
        if self.allows(value):
            return None
        return Problem((), f"{show(value)} is not {self.expected()}", ValueError)


class InstanceOf(Validator):
    """An instance of one of the given model classes (or of a subclass of one)."""

    __slots__ = ("classes",)

    def __init__(self, classes: tuple[type, ...]) -> None:
        self.classes = classes

    def expected(self) -> str:
        return " or ".join(c.__name__ for c in self.classes)

    def _holds_secret(self) -> bool:
        import attrs

        return any(holds_secret(f.validator) for c in self.classes for f in attrs.fields(c))

    def problem(self, value: Any) -> Problem | None:
        return None if issubclass(type(value), self.classes) else self._wrong_type(value)


class SequenceOf(Validator):
    """A tuple (the constructor turns a list into one) whose every element passes."""

    __slots__ = ("element", "max_len", "min_len")

    def __init__(self, element: Validator, min_len: int | None, max_len: int | None) -> None:
        self.element = element
        self.min_len = min_len
        self.max_len = max_len

    def expected(self) -> str:
        return f"a list or tuple of {self.element.expected()}"

    def _holds_secret(self) -> bool:
        return holds_secret(self.element)

    def length_problem(self, value: tuple[Any, ...] | list[Any]) -> Problem | None:
        return _length_problem(len(value), self.min_len, self.max_len, "the list", "items")

    def stored(self, value: Any) -> Any:
        element = self.element
        kept = tuple([element.stored(item) for item in value])
        return value if all(a is b for a, b in zip(kept, value, strict=True)) else kept

    def problem(self, value: Any) -> Problem | None:
        if type(value) is not tuple:
            return self._wrong_type(value)
        found = self.length_problem(value)
        if found is not None:
            return found
        for index, item in enumerate(value):
            inner = self.element.problem(item)
            if inner is not None:
                return Problem((index, *inner.path), inner.reason, inner.error)
        return None


class MappingOf(Validator):
    """A ``FrozenDict`` (the constructor turns any mapping into one) whose keys and values pass."""

    __slots__ = ("key", "value")

    def __init__(self, key: Validator, value: Validator) -> None:
        self.key = key
        self.value = value

    def expected(self) -> str:
        return f"a mapping of {self.key.expected()} to {self.value.expected()}"

    def _holds_secret(self) -> bool:
        return holds_secret(self.key) or holds_secret(self.value)

    def stored(self, value: Any) -> Any:
        kept = {self.key.stored(k): self.value.stored(x) for k, x in value.items()}
        changed = any(
            type(k) is not type(k2) or x is not x2
            for (k, x), (k2, x2) in zip(value.items(), kept.items(), strict=True)
        )
        return FrozenDict._adopt(kept) if changed else value

    def problem(self, value: Any) -> Problem | None:
        if type(value) is not FrozenDict:
            if is_a(value, Mapping):
                # to_frozendict could not copy it: say why rather than "expected a mapping".
                try:
                    dict(value)
                except Exception as error:
                    return Problem((), could_not_check(value, error), TypeError)
            return self._wrong_type(value)
        for key, item in value.items():
            found = self.key.problem(key)
            if found is not None:
                return Problem((key_part(key),), f"key {found.reason}", found.error)
            found = self.value.problem(item)
            if found is not None:
                return Problem((key_part(key), *found.path), found.reason, found.error)
        return None


class Nullable(Validator):
    """``None`` (the field is absent) or a value the inner validator accepts."""

    __slots__ = ("inner",)

    def __init__(self, inner: Validator) -> None:
        self.inner = inner

    def expected(self) -> str:
        return self.inner.expected()

    def _holds_secret(self) -> bool:
        return holds_secret(self.inner)

    def stored(self, value: Any) -> Any:
        return None if value is None else self.inner.stored(value)

    def problem(self, value: Any) -> Problem | None:
        return None if value is None else self.inner.problem(value)


class LazyInstanceOf(InstanceOf):
    """``InstanceOf`` a class found by module path on first use.

    A recursive shape's class cannot import the class that holds it back (each
    module would import the other first), so that field names its class here;
    consumers read ``classes`` as for any ``InstanceOf``.
    """

    __slots__ = ("_found", "module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._found: tuple[type, ...] | None = None

    @property
    def classes(self) -> tuple[type, ...]:  # type: ignore[override]
        if self._found is None:
            import importlib

            self._found = (getattr(importlib.import_module(self.module), self.name),)
        return self._found


class DocumentValue(Validator):
    """A model ``document``: any JSON value, stored frozen (lists as tuples, objects as ``FrozenDict``)."""

    __slots__ = ()

    def expected(self) -> str:
        return "a JSON value"

    def problem(self, value: Any, path: Path = ()) -> Problem | None:
        if value is None or type(value) in (bool, int, str):
            return None
        if type(value) is float:
            return (
                None if math.isfinite(value) else Problem(path, "NaN and infinity are not JSON", ValueError)
            )
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                found = self.problem(item, (*path, index))
                if found is not None:
                    return found
            return None
        if isinstance(value, Mapping):
            for key, item in value.items():
                if type(key) is not str:
                    return Problem(
                        (*path, key_part(key)), f"a JSON object's keys are text, got {kind(key)}", TypeError
                    )
                found = self.problem(item, (*path, key))
                if found is not None:
                    return found
            return None
        return Problem(path, f"expected {self.expected()}, got {kind(value)}", TypeError)

    def stored(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return tuple(self.stored(item) for item in value)
        if isinstance(value, Mapping):
            return FrozenDict({key: self.stored(item) for key, item in value.items()})
        return value


Rule = (
    Text
    | Integer
    | Number
    | Boolean
    | Timestamp
    | Blob
    | OneOf
    | InstanceOf
    | SequenceOf
    | MappingOf
    | Nullable
    | DocumentValue
)
"""Every kind of rule a generated field holds: a consumer narrows a ``Validator`` with
``isinstance(rule, RULE_KINDS)`` and ``match``es it, ending in ``assert_never``, so that
mypy names every consumer a new kind would leave out."""
RULE_KINDS = (
    Text,
    Integer,
    Boolean,
    Timestamp,
    Blob,
    OneOf,
    InstanceOf,
    SequenceOf,
    MappingOf,
    Nullable,
    DocumentValue,
)


def rule_of(rule: Validator) -> Rule:
    """``rule`` as one of the closed ``Rule`` kinds, for a ``match`` that ends in ``assert_never``."""
    if not isinstance(rule, RULE_KINDS):
        raise TypeError(f"{type(rule).__name__} is not a kind of rule ecr-attrs knows")
    return rule


def exactly_one(obj: Any) -> None:
    """``__attrs_post_init__`` of a model ``union``: exactly one field is set."""
    names = [f.name for f in attrs.fields(type(obj))]
    given = [name for name in names if getattr(obj, name) is not None]
    if len(given) != 1:
        raise ValueError(
            f"{type(obj).__name__}: a union takes exactly one of {', '.join(names)}; "
            f"got {len(given)}{': ' + ', '.join(given) if given else ''}"
        )


def is_union(cls: type) -> bool:
    """Whether ``cls`` is a generated union class (``exactly_one`` checks its instances)."""
    return getattr(cls, "__attrs_post_init__", None) is exactly_one


def instance_of_lazy(module: str, name: str) -> LazyInstanceOf:
    return LazyInstanceOf(module, name)


def document() -> DocumentValue:
    return DocumentValue()


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


_NOT_A_LIST = (str, bytes, bytearray, memoryview)


@overload
def to_tuple(value: None) -> None: ...
@overload
def to_tuple(value: Iterable[T]) -> tuple[T, ...]: ...
def to_tuple(value: Any) -> Any:
    """attrs converter: store any sequence as a tuple; anything else is left for the validator.

    A field is typed ``Sequence[...]``, so a deque, a range or a user's sequence
    is taken, as the annotation promises.  Text and bytes are sequences too but
    never a list of values, and an iterator or a set is not a sequence (it has
    no order to keep, or would be consumed): the validator refuses all of
    them by type.  A sequence whose own methods raise is left for the validator.
    Typed for what a field accepts, so each generated field converter that calls
    it gives type checkers the precise constructor parameter.
    """
    if type(value) is list:
        return tuple(value)
    kind = type(value)  # not value.__class__, which a hostile object may make lie or raise
    if kind is tuple or not issubclass(kind, Sequence) or issubclass(kind, _NOT_A_LIST):
        return value
    try:
        return tuple(value)
    except Exception:  # its own methods raised
        return value


@overload
def to_frozendict(value: None) -> None: ...
@overload
def to_frozendict(value: Mapping[K, V]) -> FrozenDict[K, V]: ...
def to_frozendict(value: Any) -> Any:
    """attrs converter: store any mapping as a ``FrozenDict``, as ``structure()`` does.

    A mapping that cannot be read is left for the validator, which says why.
    """
    try:
        if type(value) is not FrozenDict and (type(value) is dict or is_a(value, Mapping)):
            return FrozenDict._adopt(dict(value))
    except Exception:  # its own methods raised
        return value
    return value


def value_repr(value: Any) -> str:
    """repr() of a stored value that never raises.

    Python refuses to print an int of more than 4,300 digits; such an int shows
    its size instead, also inside the tuples and FrozenDicts that hold it.
    """
    if type(value) is int:
        try:
            return repr(value)
        except ValueError:
            return f"<an int of {_digits(abs(value))} digits>"
    if type(value) is tuple:
        inner = ", ".join(map(value_repr, value))
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def model_repr(obj: Any) -> str:
    """``Class(field=value, ...)`` as attrs prints it, honouring each field's own repr."""
    shown = []
    for field in attrs.fields(type(obj)):
        if field.repr is False:
            continue
        value = getattr(obj, field.name)
        shown.append(f"{field.name}={field.repr(value) if callable(field.repr) else value_repr(value)}")
    unknown = _unknown.repr_suffix(obj)
    if unknown:
        shown.append(unknown)
    return f"{type(obj).__qualname__}({', '.join(shown)})"


def masked(value: Any) -> str:
    """repr of a credential: whether it is set, never what it is."""
    return "None" if value is None else "'***'"


def sized(value: Any) -> str:
    """repr of a blob: its size, not its content."""
    return "None" if value is None else f"<{len(value)} bytes>"
