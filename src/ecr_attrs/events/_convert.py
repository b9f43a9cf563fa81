"""Events <-> the dicts EventBridge delivers, keyed by the kebab-case keys as sent.

The model converter (``ecr_attrs._compile``) reads each field under its Python
name; events are read under ``metadata["key"]`` instead, by this small walker.
It does not judge values itself: every scalar, enum, timestamp and mapping goes
to ``Codec.judge``, the slow path of the model converter, so events are held to
exactly the rules (and give exactly the reasons) of the models.  Only objects,
and lists of objects, are walked here, because their keys differ.

A detail may also be a class of a generated service package (Inspector's
``FindingTypeDef``): its keys are its field names, and its timestamps may be
Inspector's text forms (``ecr_attrs.events._times``), which are written back
in the current one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from ecr_attrs import _unknown
from ecr_attrs import _validators as v
from ecr_attrs._compile import Codec, Problems, other_instant
from ecr_attrs._services import MODEL_PACKAGES
from ecr_attrs._validators import Path, could_not_check, key_part, show
from ecr_attrs.errors import MAX_REPORTED, InvalidValue, StructureError, _child_rule, _group
from ecr_attrs.events._base import EventModel, UnknownDetail, freeze, resolved, thaw
from ecr_attrs.events._details import DETAILS, Event
from ecr_attrs.events._times import format_text_time, parse_text_time

_CODECS = {False: Codec(strict=False, json=True), True: Codec(strict=True, json=True)}
_MISSING = object()
_new = object.__new__
_set = object.__setattr__
_SHOW_LIMIT = 60


def format_event_path(path: Path) -> str:
    """``('detail', 'repositories', 0, 'scan-frequency')`` -> ``.detail.repositories[0].scan-frequency``.

    Event keys are kebab-case, so a dash does not force the bracketed form the
    model paths use for other keys.
    """
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif len(part) > _SHOW_LIMIT:
            out.append(f"[{part[: _SHOW_LIMIT - 10]!r}... ({len(part)} characters)]")
        elif part.replace("-", "_").isidentifier() and not part.startswith("-"):
            out.append(f".{part}")
        else:
            out.append(f"[{part!r}]")
    return "".join(out)


class EventProblem(InvalidValue):
    """One problem in an event, its path written with the keys as sent (``$.detail.image-digest``)."""

    def __init__(self, path: Path, reason: str) -> None:
        where = "$" + format_event_path(path)
        ValueError.__init__(self, f"{where}: {reason}")
        self.path = where
        self.parts = path
        self.reason = reason


def event_error(problems: Problems, detail: type | None = None) -> StructureError:
    """The error of an event; ``detail`` is the class its detail was read as, for the notes."""
    count = len(problems)
    message = f"{count:,} problem{'s' if count != 1 else ''} structuring Event"
    reported: list[InvalidValue] = [EventProblem(path, reason) for path, reason in problems[:MAX_REPORTED]]
    error = StructureError(message, _group(reported, (), Event, _RulesBelow(detail)), Event)
    error.problems = reported
    error.omitted = count - len(reported)
    return error


class _RulesBelow:
    """What judges the part of an event one step below a rule, for the notes of its error.

    An event's parts are its keys, not its field names, and its detail is the
    class its source and detail-type chose, not the first the field allows.
    """

    def __init__(self, detail: type | None) -> None:
        self.detail = detail

    def __call__(self, rule: Any, part: str | int) -> Any:
        if isinstance(rule, v.Nullable):
            rule = rule.inner
        if type(rule) is v.InstanceOf or type(rule) is v.LazyInstanceOf:  # one class: an object below
            rule = rule.classes[0]
        if rule is Event and part == "detail":
            return self.detail
        if isinstance(rule, type) and attrs.has(rule):
            field = _fields_by_key(rule).get(part) if isinstance(part, str) else None
            return field.validator if field is not None else None
        return _child_rule(rule, part)


def _fields_by_key(cls: type) -> dict[str, attrs.Attribute[Any]]:
    return {key_of(field): field for field in attrs.fields(cls)}


def is_model(cls: type) -> bool:
    """A class of a generated service package, read under its field names."""
    return cls.__module__.startswith(MODEL_PACKAGES) and attrs.has(cls)


def _walked(cls: type) -> bool:
    return isinstance(cls, type) and (issubclass(cls, EventModel) or is_model(cls))


def key_of(field: attrs.Attribute[Any]) -> str:
    """The key a field is sent under: recorded by the event classes, the field's name in a model class."""
    key: str = field.metadata.get("key", field.name)
    return key


def _note(problems: Problems | None, path: Path, reason: str) -> Problems:
    problems = problems if problems is not None else []
    problems.append((path, reason))
    return problems


def known_keys(cls: type) -> frozenset[str]:
    """The keys the fields of ``cls`` are sent under."""
    found = _KNOWN_KEYS.get(cls)
    if found is None:
        found = _KNOWN_KEYS[cls] = frozenset(key_of(f) for f in attrs.fields(cls))
    return found


_KNOWN_KEYS: dict[type, frozenset[str]] = {}


class _Reader:
    def __init__(self, strict: bool, keep_unknown_keys: bool = False) -> None:
        self.strict = strict
        self.keep_unknown_keys = keep_unknown_keys
        self.codec = _CODECS[strict]
        self.text_times = False  # inside a model class: Inspector's text times are read too
        self.detail_class: type | None = None  # what the detail was read as, for the error's notes

    def value(self, rule: Any, value: Any, path: Path, problems: Problems | None) -> tuple[Any, Any]:
        if type(value) is str:
            # What events mostly hold, admitted by the same tests as the model converter's fast path.
            if (
                type(rule) is v.Text
                and rule._fullmatch is None
                and rule.min_len is None
                and rule.max_len is None
            ):
                if value.isascii() and "\x00" not in value:
                    return value, problems
            elif type(rule) is v.OneOf and value in rule._allowed:
                return value, problems
            elif type(rule) is v.Timestamp:
                stored = other_instant(value)
                if stored is None and self.text_times:
                    stored = parse_text_time(value)
                if stored is not None:
                    return stored, problems
        if isinstance(rule, v.InstanceOf) and _walked(rule.classes[0]):
            return self.object(rule.classes[0], value, path, problems)
        if isinstance(rule, v.SequenceOf) and isinstance(rule.element, v.InstanceOf):
            if type(value) is not list and type(value) is not tuple:
                return value, _note(problems, path, rule._wrong_type(value).reason)
            out = []
            for index, item in enumerate(value):
                item, problems = self.value(rule.element, item, (*path, index), problems)
                out.append(item)
            return tuple(out), problems
        return self.codec.judge(rule, value, path, problems)

    def object(self, cls: type, data: Any, path: Path, problems: Problems | None) -> tuple[Any, Any]:
        outer = self.text_times
        self.text_times = is_model(cls)
        try:
            return self._object(cls, data, path, problems)
        finally:
            self.text_times = outer

    def _object(self, cls: type, data: Any, path: Path, problems: Problems | None) -> tuple[Any, Any]:
        if not isinstance(data, Mapping):
            return data, _note(problems, path, f"expected an object ({cls.__name__}), got {show(data)}")
        if type(data) is not dict:
            try:  # a user's mapping: read once, through its own methods
                data = dict(data)
            except Exception as error:
                return data, _note(problems, path, could_not_check(data, error))
        before = len(problems or ())
        values: dict[str, Any] = {}
        present = 0  # keys that name a field: a dict with more holds an unknown key
        for field in attrs.fields(cls):
            key = key_of(field)
            rule = field.validator
            where = (*path, key)
            value = data.get(key, _MISSING)
            if value is not _MISSING:
                present += 1
            if value is _MISSING or value is None:
                if not isinstance(rule, v.Nullable):
                    problems = _note(
                        problems, where, f"required key {'missing' if value is _MISSING else 'is null'}"
                    )
                values[field.name] = None
                continue
            if isinstance(rule, v.Nullable):
                rule = rule.inner
            if field.name == "detail" and cls is Event:
                values[field.name], problems = self.detail(data, value, where, problems)
            else:
                values[field.name], problems = self.value(rule, value, where, problems)
        if self.strict:
            known = known_keys(cls)
            for key in data:
                if key not in known:
                    problems = _note(problems, (*path, key_part(key)), "unknown key (strict mode)")
        if len(problems or ()) > before:
            return data, problems
        # Every value is checked and in its stored form: the constructor would only check it again.
        obj: Any = _new(cls)
        for name, value in values.items():
            _set(obj, name, value)
        if self.keep_unknown_keys and len(data) > present:
            _set(obj, _unknown.SLOT, _unknown.collect(data, known_keys(cls)))
        return obj, problems

    def detail(
        self, event: Mapping[str, Any], value: Any, path: Path, problems: Problems | None
    ) -> tuple[Any, Any]:
        """The class chosen by (source, detail-type); a detail sent as JSON text is read first."""
        if isinstance(value, (str, bytes, bytearray)):
            try:
                value = json.loads(value)
            except ValueError:
                return value, _note(problems, path, "a detail given as text must be JSON")
        source, detail_type = event.get("source"), event.get("detail-type")
        # Text only: anything else is reported at its own key, and may not even hash.
        entry = None
        if type(source) is str and type(detail_type) is str:
            entry = DETAILS.get((str(source), str(detail_type)))
        if entry is not None:
            self.detail_class = resolved(entry)
            return self.object(self.detail_class, value, path, problems)
        if not isinstance(value, Mapping):
            return value, _note(problems, path, f"expected an object, got {show(value)}")
        return UnknownDetail(data=freeze(value)), problems


def parse_event(event: Any, *, strict: bool = False, keep_unknown_keys: bool = False) -> Event:
    """The typed event of what Lambda or a queue hands over: a dict, or its JSON text.

    Lenient by default, as for responses: unknown keys are ignored, unknown enum
    values kept as ``UnknownValue``, an unknown detail-type gives an
    ``UnknownDetail``.  ``strict`` refuses unknown keys and enum values;
    ``keep_unknown_keys`` keeps the keys on the objects, at every depth
    (``ecr_attrs.unknown_keys``), and ``unstructure_event`` writes them back.

    Raises:
        StructureError: with every problem, each at its path in the event's own keys.
        ValueError: both ``strict`` and ``keep_unknown_keys``.
    """
    if strict and keep_unknown_keys:
        raise ValueError("keep_unknown_keys and strict contradict each other: choose one")
    if isinstance(event, (str, bytes, bytearray)):
        try:
            event = json.loads(event)
        except json.JSONDecodeError as error:
            raise event_error([((), f"not JSON: {error.msg} at character {error.pos}")]) from None
        except ValueError:  # bytes that are not UTF-8, -16 or -32
            raise event_error([((), "not JSON: the bytes are not Unicode text")]) from None
    reader = _Reader(strict, keep_unknown_keys)
    try:
        obj, problems = reader.object(Event, event, (), None)
    except Exception as error:  # a defect of ours, or a value whose methods raise: reported, never leaked
        problems = [((), f"could not read the event: its {type(error).__name__} escaped")]
    if problems:
        raise event_error(problems, reader.detail_class)
    return obj  # type: ignore[no-any-return]


def format_time(value: datetime) -> str:
    """ISO 8601 as EventBridge writes it: ``2019-11-16T01:54:34Z``, a fraction only when there is one."""
    text = value.replace(tzinfo=None).isoformat(timespec="seconds")
    if value.microsecond:
        text += "." + f"{value.microsecond:06d}".rstrip("0")
    offset = value.utcoffset() or timedelta(0)
    if not offset:
        return text + "Z"
    sign = "-" if offset < timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    return text + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}" + (f":{seconds:02d}" if seconds else "")


def _dump(rule: Any, value: Any, text_times: bool) -> Any:
    if isinstance(rule, v.Nullable):
        rule = rule.inner
    if isinstance(value, EventModel) or is_model(type(value)):
        return unstructure_event(value)
    if isinstance(rule, v.SequenceOf):
        return [_dump(rule.element, item, text_times) for item in value]
    if isinstance(rule, v.MappingOf):
        return {str.__str__(k): _dump(rule.value, item, text_times) for k, item in value.items()}
    if isinstance(rule, v.Timestamp):
        return format_text_time(value) if text_times else format_time(value)
    if isinstance(value, str):
        return str.__str__(value)
    return value


def unstructure_event(obj: Any) -> dict[str, Any]:
    """The JSON-ready dict of an event (or of a detail), with the keys as EventBridge sends them.

    Absent optional keys stay absent; times are ISO 8601 text, but those of an
    Inspector finding are in Inspector's current text form; an
    ``UnknownDetail`` gives back the detail it holds.  Keys kept by
    ``parse_event(..., keep_unknown_keys=True)`` follow each object's fields,
    in the order they were sent.
    """
    if isinstance(obj, UnknownDetail):
        return thaw(obj.data)  # type: ignore[no-any-return]
    cls: Any = type(obj)
    if not _walked(cls):
        raise TypeError(f"expected an event, a detail or an object they hold, got {cls.__name__}")
    text_times = is_model(cls)
    out: dict[str, Any] = {}
    for field in attrs.fields(cls):
        value = getattr(obj, field.name)
        if value is not None:
            out[key_of(field)] = _dump(field.validator, value, text_times)
    kept = _unknown.held(obj)
    if kept:
        _unknown.put_back_json(out, kept)
    return out
