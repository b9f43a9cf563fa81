"""Write, once per class and converter, the Python functions that structure
and unstructure it.

Each model field carries its validator (see ``_validators``); this module
turns the validator tree into straight-line code.  A cheap inline test admits
the common valid value; anything it does not admit is judged by the
validator's own ``problem()``, the same method the constructor uses, so the
converter is exactly as strict as the constructor.  Problems are collected,
not raised at the first one: a structuring function raises ``Invalid`` with
all of them once it has looked at every field, and its caller prefixes the
field's name to their paths.

Instances are built without running ``__init__`` a second time: every value
has been checked by then.  A frozen class refuses plain attribute assignment,
so the function fills an instance of a *builder*: a class with the same base
and the same slots, which assigns at full speed, and then sets its
``__class__`` to the model class (CPython allows this between classes of the
same layout).  This halves the cost of building an object compared with
setting each slot through ``object.__setattr__``.
"""

from __future__ import annotations

import base64
import binascii
import linecache
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timezone
from typing import Any, assert_never

import attrs

from ecr_attrs import _unknown
from ecr_attrs import _validators as v
from ecr_attrs._services import MODEL_PACKAGES
from ecr_attrs._validators import Path, Problem, could_not_check, is_a, key_part, kind, show
from ecr_attrs.values import FROZENDICT_ITEMS, FrozenDict, UnknownValue

StructureFn = Callable[[Any], Any]
UnstructureFn = Callable[[Any], Any]
Problems = list[tuple[Path, str]]


class Invalid(Exception):
    """Internal: the problems found under one value, paths relative to it."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems


_MISSING = object()
_DATETIME_EXPECTED = "expected a datetime, an ISO 8601 string or epoch seconds"
# An int below this in size always fits a float; larger ones are judged by float() itself.
_FLOAT_SAFE = 2**1023


def to_datetime(value: Any) -> tuple[Any, str | None]:
    """A fixed-offset datetime from what boto3 and saved JSON hold, or the reason not."""
    if is_a(value, datetime):
        stored = v.instant(value)
        if stored is None:
            return value, f"{show(value)} has no timezone, so it names no instant"
        return stored, None
    if is_a(value, str):
        value = str.__str__(value)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value, f"{_DATETIME_EXPECTED}, got {show(value)}"
        stored = v.instant(parsed)
        if stored is None:
            return value, f"{show(value)} has no UTC offset (add Z or +00:00)"
        return stored, None
    if is_a(value, (int, float)) and not is_a(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC), None
        except (OverflowError, OSError, ValueError):
            return value, f"epoch seconds {show(value)} are out of range"
    return value, f"{_DATETIME_EXPECTED}, got {show(value)}"


def other_instant(value: Any) -> datetime | None:
    """The stored form of ISO 8601 text or epoch seconds, or None to let ``judge`` decide and word the error."""
    kind = type(value)
    if kind is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        # isoformat() of a UTC time parses to timezone.utc itself: its own stored form.
        return parsed if parsed.tzinfo is UTC else v.fixed_offset(parsed)
    if kind is float or kind is int:
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def from_base64(value: Any) -> tuple[Any, str | None]:
    """JSON mode: a blob travels as base64 text; a message gives its size only."""
    if is_a(value, bytes):
        return value, None
    if is_a(value, str):
        value = str.__str__(value)
        try:
            return base64.b64decode(value, validate=True), None
        except (binascii.Error, ValueError):
            return value, f"expected base64 text, got {kind(value)} that is not base64"
    return value, f"expected base64 text, got {v.type_name(value)}"


def to_base64(value: str | bytes) -> str:
    raw = value.encode("utf-8") if isinstance(value, str) else value  # a stored value: exact str or bytes
    return base64.b64encode(raw).decode("ascii")


def note(problems: Problems | None, path: Path, reason: str) -> Problems:
    problems = problems if problems is not None else []
    problems.append((path, reason))
    return problems


def add(problems: Problems | None, path: Path, found: Problem | None) -> Problems | None:
    """Record ``found`` under ``path``."""
    if found is None:
        return problems
    return note(problems, (*path, *found.path), found.reason)


def nest(problems: Problems | None, path: Path, error: Invalid) -> Problems:
    problems = problems if problems is not None else []
    problems.extend(((*path, *inner), reason) for inner, reason in error.problems)
    return problems


def is_generated(cls: type) -> bool:
    """A class of a ``_models`` package the generator wrote (not a user's subclass of one).

    The shipped services' packages are known by name; a package generated for
    another service elsewhere is known by its shape: the class lives in
    ``<package>._models.<Name>`` and derives directly from that package's
    ``BaseValidatorModel``, which a user's subclass of a model never does.
    """
    module = cls.__module__
    if module.startswith(MODEL_PACKAGES):
        return True
    package, _, _ = module.rpartition(".")
    return package.rpartition(".")[2] == "_models" and any(
        base.__name__ == "BaseValidatorModel" and base.__module__ == f"{package}._shared"
        for base in cls.__bases__
    )


class Codec:
    """The generated functions of one converter configuration.

    ``strict`` makes unknown keys and enum values errors; ``json`` reads and
    writes datetimes as ISO 8601 text and blobs as base64; ``keep_unknown_keys``
    keeps unknown keys on the objects and writes them back (see ``_unknown``).

    A generated function admits the common valid value with cheap inline
    tests; every other value goes to ``judge``, which decides with the
    validators' own ``problem()`` and ``stored()``, exactly as the constructor
    does.  Each field's code runs in its own ``try``: a value whose methods
    raise gets a problem at its own path, and the other fields are still read.
    """

    def __init__(self, *, strict: bool, json: bool, keep_unknown_keys: bool = False) -> None:
        self.strict = strict
        self.json = json
        self.keep_unknown_keys = keep_unknown_keys and not strict
        self.namespace: dict[str, Any] = {
            "_MISSING": _MISSING,
            "_Invalid": Invalid,
            "_note": note,
            "_nest": nest,
            "_judge": self.judge,
            "_recover": self._recover,
            "_unknown_keys": self._unknown_keys,
            "_datetime": datetime,
            "_timezone": timezone,
            "_UTC": UTC,
            "_FrozenDict": FrozenDict,
            "_set_items": FROZENDICT_ITEMS.__set__,
            "_items_of": FROZENDICT_ITEMS.__get__,
            "_to_base64": to_base64,
            "_new": object.__new__,
            "_type": type,
            "_fixed_offset": v.fixed_offset,
            "_other_instant": other_instant,
            "_unsendable": v.UNSENDABLE.search,
            "_collect": _unknown.collect,
            "_put_back": _unknown.put_back_json if json else _unknown.put_back,
            "_set_unknown": object.__setattr__,
            "_thaw": _unknown.thaw_json if json else _unknown.thaw,
        }
        self._structure: dict[type, StructureFn] = {}
        self._unstructure: dict[type, UnstructureFn] = {}
        # Classes whose function is being written: a class that holds itself (at any
        # depth) names its function by its global name, bound once it is compiled.
        self._writing: set[tuple[str, type]] = set()
        self._enum_fields: dict[type, list[tuple[str, v.Validator]]] = {}

    def _name(self, prefix: str, cls: type) -> str:
        return f"{prefix}_{cls.__name__}_{id(cls):x}"

    def _const(self, obj: Any, hint: str) -> str:
        name = f"_{hint}_{id(obj):x}"
        self.namespace[name] = obj
        return name

    def _compile(self, name: str, source: str) -> Any:
        mode = ("strict " if self.strict else "") + ("json" if self.json else "boto3")
        filename = f"<ecr_attrs {mode} {name}>"
        # Like cattrs: register the source so tracebacks show the generated lines.
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), self.namespace)
        return self.namespace[name]

    # -- the slow path: any value, any rule --------------------------------

    def judge(self, rule: v.Validator, value: Any, path: Path, problems: Problems | None) -> tuple[Any, Any]:
        """The stored form of ``value`` and the problems so far; never raises."""
        try:
            return self._judge(rule, value, path, problems)
        except Exception as error:  # the value's own methods raised
            return value, note(problems, path, could_not_check(value, error))

    def _judge(self, rule: v.Validator, value: Any, path: Path, problems: Problems | None) -> tuple[Any, Any]:
        reason: str | None = None
        rule = v.rule_of(rule)
        match rule:
            case v.Nullable():
                return (None, problems) if value is None else self.judge(rule.inner, value, path, problems)
            case v.InstanceOf():
                if len(rule.classes) > 1 and issubclass(type(value), rule.classes):
                    return self._checked_instance(value, path, problems)
                try:
                    return self.structure_fn(rule.classes[0])(value), problems
                except Invalid as error:
                    return value, nest(problems, path, error)
            case v.OneOf():
                value, reason = self._enum(rule, value)
                return value, problems if reason is None else note(problems, path, reason)
            case v.SequenceOf():
                return self._sequence(rule, value, path, problems)
            case v.MappingOf():
                return self._mapping(rule, value, path, problems)
            case v.Timestamp():
                value, reason = to_datetime(value)
            case v.Blob():
                if self.json:
                    value, reason = from_base64(value)
            case v.Text() | v.Integer() | v.Boolean() | v.DocumentValue():
                pass
            case _:
                assert_never(rule)
        if reason is not None:
            return value, note(problems, path, reason)
        found = rule.problem(value)
        if found is not None:
            return value, add(problems, path, found)
        return rule.stored(value), problems

    def _enum(self, rule: v.OneOf, value: Any) -> tuple[Any, str | None]:
        """Known values become plain str; unknown ones ``UnknownValue``, or a reason when strict."""
        if not is_a(value, str):
            return value, rule._wrong_type(value).reason
        plain = str.__str__(value)
        if plain in rule._allowed:
            return plain, None
        if self.strict:
            return value, f"{show(plain)} is not a value this release knows (strict mode)"
        return UnknownValue(plain), None

    def _sequence(
        self, rule: v.SequenceOf, value: Any, path: Path, problems: Problems | None
    ) -> tuple[Any, Any]:
        if type(value) is not list and type(value) is not tuple:
            return value, add(problems, path, rule._wrong_type(value))
        if type(value) is list:
            value = list(value)  # a copy no Python code can change while it is judged
        found = rule.length_problem(value)
        if found is not None:
            return value, add(problems, path, found)
        out = []
        for index, item in enumerate(value):
            item, problems = self.judge(rule.element, item, (*path, index), problems)
            out.append(item)
        return tuple(out), problems

    def _mapping(
        self, rule: v.MappingOf, value: Any, path: Path, problems: Problems | None
    ) -> tuple[Any, Any]:
        if not is_a(value, Mapping):
            return value, add(problems, path, rule._wrong_type(value))
        try:
            # A dict is copied first: listing its items allocates, and may run code that changes it.
            items = list(value.copy().items()) if type(value) is dict else list(dict(value).items())
        except Exception as error:
            return value, note(problems, path, could_not_check(value, error))
        out = {}
        for key, item in items:
            where = (*path, key_part(key))
            try:
                key, reason = self._key(rule.key, key)
            except Exception as error:
                reason = could_not_check(key, error)
            if reason is not None:
                problems = note(problems, where, "key " + reason)
                continue
            out[key], problems = self.judge(rule.value, item, where, problems)
        return FrozenDict._adopt(out), problems

    def _key(self, rule: v.Validator, key: Any) -> tuple[Any, str | None]:
        if isinstance(rule, v.OneOf):
            return self._enum(rule, key)
        found = rule.problem(key)
        return (key, found.reason) if found is not None else (rule.stored(key), None)

    def _unknown_keys(self, data: dict[Any, Any], known: frozenset[str], problems: Problems | None) -> Any:
        """Strict mode: a problem for every key that names no field."""
        for key in list(data):
            try:
                unknown = key not in known
            except Exception:  # a key whose __hash__ or __eq__ raises
                unknown = True
            if unknown:
                problems = note(problems, (key_part(key),), "unknown key")
        return problems

    def _recover(
        self, rule: v.Validator, data: dict[str, Any], name: str, problems: Problems | None
    ) -> tuple[Any, Any]:
        """A field whose fast path raised: read it again and judge it slowly."""
        path = (name,)
        try:
            value = data.get(name, _MISSING)
        except Exception as error:  # a key of the dict whose __eq__ raises
            return None, note(problems, path, f"could not read this key: its {type(error).__name__} escaped")
        if value is _MISSING or value is None:
            if isinstance(rule, v.Nullable):
                return None, problems
            return None, note(
                problems, path, f"required field {'missing' if value is _MISSING else 'is None'}"
            )
        return self.judge(rule, value, path, problems)

    def _checked_instance(self, value: Any, path: Path, problems: Problems | None) -> tuple[Any, Any]:
        """An instance given where an object belongs: the constructor checked it,
        but strict mode must still refuse an ``UnknownValue`` at any depth."""
        if self.strict:
            for where in self.unknown_values(value):
                problems = note(
                    problems,
                    (*path, *where),
                    "an UnknownValue is not a value this release knows (strict mode)",
                )
        return value, problems

    def unknown_values(self, obj: Any) -> list[Path]:
        """Paths of every ``UnknownValue`` inside an instance; only fields that can hold an enum are visited."""
        found: list[Path] = []
        for name, rule in self._enum_fields_of(type(obj)):
            self._find_unknown(rule, getattr(obj, name), (name,), found)
        return found

    def _find_unknown(self, rule: v.Validator, value: Any, path: Path, found: list[Path]) -> None:
        if value is None:
            return
        rule = v.rule_of(rule)
        match rule:
            case v.Nullable():
                self._find_unknown(rule.inner, value, path, found)
            case v.OneOf():
                if type(value) is UnknownValue:
                    found.append(path)
            case v.InstanceOf():
                found.extend((*path, *inner) for inner in self.unknown_values(value))
            case v.SequenceOf():
                for index, item in enumerate(value):
                    self._find_unknown(rule.element, item, (*path, index), found)
            case v.MappingOf():
                for key, item in value.items():
                    if isinstance(rule.key, v.OneOf) and type(key) is UnknownValue:
                        found.append((*path, key))
                    self._find_unknown(rule.value, item, (*path, key_part(key)), found)
            case v.Text() | v.Integer() | v.Boolean() | v.Timestamp() | v.Blob() | v.DocumentValue():
                pass  # holds no enum value
            case _:
                assert_never(rule)

    def _enum_fields_of(self, cls: type) -> list[tuple[str, v.Validator]]:
        fields = self._enum_fields.get(cls)
        if fields is None:
            fields = self._enum_fields[cls] = [
                (f.name, f.validator)
                for f in attrs.fields(cls)
                if isinstance(f.validator, v.Validator) and _reaches_enum(f.validator)
            ]
        return fields

    def _head(self, cls: type) -> Callable[[Any], Any]:
        """What a structuring function does with anything but a dict: an instance
        is kept (checked in strict mode), another mapping is copied to a dict."""
        secret = any(
            isinstance(f.validator, v.Validator) and v.holds_secret(f.validator) for f in attrs.fields(cls)
        )

        def not_a_dict(data: Any) -> Any:
            try:
                if issubclass(type(data), cls):
                    value, problems = self._checked_instance(data, (), None)
                    if problems:
                        raise Invalid(problems)
                    return value
                if isinstance(data, Mapping):
                    return dict(data)
            except Invalid:
                raise
            except Exception as error:
                raise Invalid([((), could_not_check(data, error))]) from None
            shown = kind(data) if secret else show(data)
            raise Invalid([((), f"expected an object ({cls.__name__}), got {shown}")])

        return not_a_dict

    # -- structuring ---------------------------------------------------------

    def structure_fn(self, cls: type) -> StructureFn:
        """The function that turns a dict into ``cls``, raising only ``Invalid``."""
        fn = self._structure.get(cls)
        if fn is None:
            # Writing the source asks for the functions of the classes it holds first.
            fn = self._structure[cls] = self._write("structure", cls, self._structure_source)
        return fn

    def _write(self, kind: str, cls: type, source: Callable[[type], str]) -> Any:
        """Compile ``kind``'s function of ``cls``; while its source is written, ``_ref`` names it."""
        self._writing.add((kind, cls))
        try:
            return self._compile(self._name(kind, cls), source(cls))
        finally:
            self._writing.discard((kind, cls))

    def _ref(self, kind: str, cls: type) -> str:
        """How generated code calls ``kind``'s function of ``cls``.

        A compiled function is bound as a constant.  One still being written
        (its class holds itself, at some depth) is named by its global name,
        which is looked up when the code runs, by when it is compiled.
        """
        if (kind, cls) in self._writing:
            return self._name(kind, cls)
        fn = self.structure_fn(cls) if kind == "structure" else self.unstructure_fn(cls)
        return self._const(fn, kind)

    def _structure_source(self, cls: type) -> str:
        name = self._name("structure", cls)
        cls_ref = self._const(cls, "cls")
        fields = attrs.fields(cls)
        ours = [f for f in fields if isinstance(f.validator, v.Validator)]
        generated = is_generated(cls)
        head = self._const(self._head(cls), "head")
        builder = self._const(_builder_of(cls), "builder") if generated else None
        lines = [
            # type(), never data.__class__: a property can lie about the class.
            "    if _type(data) is not dict:",
            f"        data = {head}(data)",
            "        if _type(data) is not dict:",
            "            return data",
            "    problems = None",
        ]
        for index, field in enumerate(ours):
            var = f"f{index}"
            rule = field.validator
            optional = isinstance(rule, v.Nullable)
            inner = rule.inner if optional else rule
            lines.append("    try:")
            if optional:
                # Absent and None mean the same for an optional field.
                # data.get(...) rather than a bound ``get``: binding costs more than it saves.
                lines.append(f"        {var} = data.get({field.name!r})")
                lines.append(f"        if {var} is None:")
                lines.append("            pass")
            else:
                lines.append(f"        {var} = data.get({field.name!r}, _MISSING)")
                lines.append(f"        if {var} is _MISSING:")
                lines.append(
                    f"            problems = _note(problems, ({field.name!r},), 'required field missing')"
                )
                lines.append(f"        elif {var} is None:")
                lines.append(
                    f"            problems = _note(problems, ({field.name!r},), 'required field is None')"
                )
            lines.append("        else:")
            if optional and self.keep_unknown_keys:
                lines.append("            present += 1")
            lines += ["            " + line for line in self._structure_value(inner, var, (field.name,))]
            lines += [
                "    except Exception:",
                f"        {var}, problems = _recover({self._const(rule, 'rule')}, data, {field.name!r}, problems)",
            ]
        known = self._const(frozenset(f.name for f in fields), "known")
        if self.strict:
            lines += [
                "    try:",
                f"        if len(data) > {len(fields)} or not data.keys() <= {known}:",
                f"            problems = _unknown_keys(data, {known}, problems)",
                "    except Exception:",
                f"        problems = _unknown_keys(data, {known}, problems)",
            ]
        union = v.is_union(cls)
        if union:
            lines += self._union_check(ours, known)
        lines += ["    if problems is not None:", "        raise _Invalid(problems)"]
        keep = self.keep_unknown_keys
        if keep:
            # Each field found counts once: a dict with more keys than that holds a key that
            # names no field (or an optional field's None), and only such a dict is searched.
            required = sum(1 for f in ours if not isinstance(f.validator, v.Nullable))
            lines.insert(lines.index("    problems = None") + 1, f"    present = {required}")
            lines.append(f"    unknown = None if len(data) == present else _collect(data, {known})")
        if builder is not None:
            # Calling the builder is cheaper than object.__new__(builder).
            lines.append(f"    obj = {builder}()")
            lines += [f"    obj.{f.name} = f{i}" for i, f in enumerate(ours)]
            if keep:
                lines.append(f"    obj.{_unknown.SLOT} = unknown")
            elif union:
                lines.append(f"    obj.{_unknown.SLOT} = tag")
            # The builder is not frozen, so a plain assignment switches the class.
            lines += [f"    obj.__class__ = {cls_ref}", "    return obj"]
        else:
            # A user's subclass: its own fields and __init__ may do anything, so
            # build it through the constructor, with our fields already checked.
            build = self._const(self._subclass_builder(cls, ours), "build")
            lines.append(f"    obj = {build}(data, [{', '.join(f'f{i}' for i in range(len(ours)))}])")
            if keep:
                lines.append(f"    _set_unknown(obj, {_unknown.SLOT!r}, unknown)")
            lines.append("    return obj")
        body = "\n".join(lines) + "\n"
        # What the body uses often is bound as a default argument: a local lookup
        # is cheaper than a global one, and binding an unused one costs a little.
        hot = ["_MISSING", "_new", "_type", "_datetime", "_UTC", "_Invalid", "_set_items", "_unsendable"]
        if builder is not None:
            hot.append(builder)
        defaults = "".join(f", {n}={n}" for n in hot if n in body)
        return f"def {name}(data{defaults}):\n" + body

    def _union_check(self, ours: list[Any], known: str) -> list[str]:
        """Lines that check a model union (the builder skips ``__init__``, which would).

        A lenient converter takes a union none of whose members is set when it
        holds a key that names no member: a variant newer than this release
        (botocore's parser gives it as ``SDK_UNKNOWN_MEMBER``).  Its keys are
        kept on the object, as ``keep_unknown_keys`` keeps keys, so
        ``unstructure`` gives the variant back; strict mode refuses the key.
        """
        present = " + ".join(f"(f{i} is not None)" for i in range(len(ours))) or "0"
        lines = ["    tag = None"]
        refuse = "problems = _note(problems, (), 'a union takes exactly one member')"
        if self.strict:
            return [*lines, f"    if problems is None and {present} != 1:", f"        {refuse}"]
        return [
            *lines,
            f"    if problems is None and {present} != 1:",
            f"        tag = _collect(data, {known}) if {present} == 0 else None",
            "        if tag is None:",
            f"            {refuse}",
        ]

    def _subclass_builder(self, cls: type, ours: list[Any]) -> Callable[[dict[str, Any], list[Any]], Any]:
        our_aliases = [f.alias for f in ours]
        theirs = [f for f in attrs.fields(cls) if f.init and not isinstance(f.validator, v.Validator)]

        def build(data: dict[str, Any], values: list[Any]) -> Any:
            kwargs = dict(zip(our_aliases, values, strict=True))
            for field in theirs:
                if field.name in data:
                    kwargs[field.alias] = data[field.name]
            try:
                return cls(**kwargs)
            except Exception as error:
                raise Invalid([((), f"{cls.__name__}() refused the value: {type(error).__name__}")]) from None

        return build

    def _structure_value(self, rule: v.Validator, var: str, path: Path) -> list[str]:
        """Lines that check ``var`` against ``rule`` and rebind it to its stored form."""
        ref = self._const(rule, "rule")
        slow = [f"    {var}, problems = _judge({ref}, {var}, {path!r}, problems)"]
        rule = v.rule_of(rule)
        match rule:
            case v.InstanceOf():
                if len(rule.classes) > 1:
                    return ["if True:", *slow]
                fn = self._ref("structure", rule.classes[0])
                return [
                    "try:",
                    f"    {var} = {fn}({var})",
                    "except _Invalid as error:",
                    f"    problems = _nest(problems, {path!r}, error)",
                ]
            case v.Timestamp():
                # Any aware datetime, ISO text or epoch number whose stored form is
                # cheap to make; None sends the value to judge(), which words the error.
                return [
                    f"if not (_type({var}) is _datetime and {var}.tzinfo is _UTC):",
                    f"    t = _fixed_offset({var}) if _type({var}) is _datetime else _other_instant({var})",
                    "    if t is None:",
                    f"    {slow[0]}",
                    "    else:",
                    f"        {var} = t",
                ]
            case v.OneOf():
                allowed = self._const(rule._allowed, "allowed")
                return [f"if not (_type({var}) is str and {var} in {allowed}):", *slow]
            case v.SequenceOf():
                return self._structure_sequence(rule, var, path)
            case v.MappingOf():
                return self._structure_mapping(rule, var, path)
            case v.Blob() | v.Text() | v.Integer() | v.Boolean():
                test = self._fast_test(rule, var)
                return ["if True:", *slow] if test is None else [f"if not ({test}):", *slow]
            case v.DocumentValue() | v.Nullable():
                # Any JSON value is judged whole: its stored form is a frozen copy.
                return ["if True:", *slow]
            case _:
                assert_never(rule)

    def _fast_test(self, rule: v.Validator, var: str) -> str | None:
        """An expression true only for values ``rule.problem`` accepts and ``stored`` keeps,
        or None for a rule whose values are always judged (containers, objects, documents)."""
        rule = v.rule_of(rule)
        match rule:
            case v.Text():
                parts = [f"_type({var}) is str"]
                parts += self._bounds(f"len({var})", rule.min_len, rule.max_len)
                # ASCII without NUL is the common case; other text is searched for NUL and lone surrogates.
                parts.append(f"({var}.isascii() and '\\x00' not in {var} or _unsendable({var}) is None)")
                if rule.pattern is not None:
                    parts.append(f"{self._const(rule, 'rule')}.matches({var})")
                return " and ".join(parts)
            case v.Number():  # before Integer, which it refines
                kind_test = (
                    f"(_type({var}) is float and {var} - {var} == 0"
                    f" or _type({var}) is int and -{_FLOAT_SAFE} < {var} < {_FLOAT_SAFE})"
                )
                return " and ".join([kind_test, *self._bounds(var, rule.min, rule.max)])
            case v.Integer():
                return " and ".join([f"_type({var}) is int", *self._bounds(var, rule.min, rule.max)])
            case v.Boolean():
                return f"_type({var}) is bool"
            case v.Blob():
                if self.json:
                    return None  # base64 text, decoded by judge()
                return " and ".join(
                    [
                        f"(_type({var}) is bytes or _type({var}) is str)",
                        *self._bounds(f"len({var})", rule.min_len, rule.max_len),
                    ]
                )
            case v.OneOf():
                return f"_type({var}) is str and {var} in {self._const(rule._allowed, 'allowed')}"
            case v.Timestamp():
                return f"_type({var}) is _datetime and {var}.tzinfo is _UTC"
            case v.InstanceOf() | v.SequenceOf() | v.MappingOf() | v.Nullable() | v.DocumentValue():
                return None
            case _:
                assert_never(rule)

    @staticmethod
    def _bounds(expr: str, low: int | None, high: int | None) -> list[str]:
        out = []
        if low is not None:
            out.append(f"{expr} >= {low}")
        if high is not None:
            out.append(f"{expr} <= {high}")
        return out

    def _structure_sequence(self, rule: v.SequenceOf, var: str, path: Path) -> list[str]:
        """Lines for a list or tuple field.

        Python code may run between any two steps (a gc callback, a finalizer):
        the length is checked on what is stored, never before reading, and a
        list is read through ``list(var)``, which copies it without running any.
        """
        ref = self._const(rule, "rule")
        element = rule.element
        slow = f"{var}, problems = _judge({ref}, {var}, {path!r}, problems)"
        lines = [f"if not (_type({var}) is list or _type({var}) is tuple):", f"    {slow}", "else:"]
        bounds = " and ".join(self._bounds(f"len({var}_items)", rule.min_len, rule.max_len)) or "True"
        if isinstance(element, v.InstanceOf) and len(element.classes) == 1:
            fn = self._ref("structure", element.classes[0])
            return lines + [
                "    try:",
                # map() rather than a comprehension, whose own frame costs more than a short list.
                f"        {var}_items = tuple(map({fn}, {var}))",
                "    except _Invalid:",
                f"        {slow}",
                "    else:",
                f"        if {bounds}:",
                f"            {var} = {var}_items",
                "        else:",
                f"            {slow}",
            ]
        fast = self._fast_test(element, "x")
        if fast is None:  # objects of several classes, lists, mappings, documents: judged whole
            return lines + [f"    {slow}"]
        return lines + [
            f"    {var}_items = list({var}) if _type({var}) is list else {var}",
            f"    if not ({bounds}):",
            f"        {slow}",
            "    else:",
            f"        for x in {var}_items:",
            f"            if not ({fast}):",
            f"                {slow}",
            "                break",
            "        else:",
            f"            {var} = tuple({var}_items)",
        ]

    def _structure_mapping(self, rule: v.MappingOf, var: str, path: Path) -> list[str]:
        """Lines for a dict field: its copy is checked and stored, so nothing can change in between."""
        ref = self._const(rule, "rule")
        slow = f"{var}, problems = _judge({ref}, {var}, {path!r}, problems)"
        key_test = self._fast_test(rule.key, "k")
        value_test = self._fast_test(rule.value, "x")
        if key_test is None:
            return ["if True:", f"    {slow}"]
        if value_test is None:
            return self._structure_object_mapping(rule, var, slow, key_test)
        tests = [key_test, value_test]
        return [
            f"if _type({var}) is not dict:",
            f"    {slow}",
            "else:",
            f"    {var}_items = {var}.copy()",
            f"    for k, x in {var}_items.items():",
            f"        if not ({' and '.join(f'({t})' for t in tests)}):",
            f"            {slow}",
            "            break",
            "    else:",
            # FrozenDict._adopt inlined: a mapping per object is common enough to matter.
            f"        {var} = _new(_FrozenDict)",
            f"        _set_items({var}, {var}_items)",
        ]

    def _structure_object_mapping(self, rule: v.MappingOf, var: str, slow: str, key_test: str) -> list[str]:
        """A mapping whose values are objects of one class is structured inline; one
        whose values are lists, mappings or documents is judged whole.  Any problem
        sends the whole mapping to ``judge``, which finds every one with its path."""
        value = rule.value
        if not (isinstance(value, v.InstanceOf) and len(value.classes) == 1):
            return ["if True:", f"    {slow}"]
        fn = self._ref("structure", value.classes[0])
        return [
            f"if _type({var}) is not dict:",
            f"    {slow}",
            "else:",
            # A copy: structuring a value may run a collection, whose callbacks could change the dict.
            f"    {var}_copy = {var}.copy()",
            f"    for k in {var}_copy:",
            f"        if not ({key_test}):",
            f"            {slow}",
            "            break",
            "    else:",
            "        try:",
            f"            {var}_items = {{k: {fn}(x) for k, x in {var}_copy.items()}}",
            "        except _Invalid:",
            f"            {slow}",
            "        else:",
            f"            {var} = _new(_FrozenDict)",
            f"            _set_items({var}, {var}_items)",
        ]

    # -- unstructuring -------------------------------------------------------

    def unstructure_fn(self, cls: type) -> UnstructureFn:
        """The function that turns an instance of ``cls`` into boto3's dict."""
        fn = self._unstructure.get(cls)
        if fn is None:
            # Writing the source asks for the functions of the classes it holds first.
            fn = self._unstructure[cls] = self._write("unstructure", cls, self._unstructure_source)
        return fn

    def _unstructure_source(self, cls: type) -> str:
        name = self._name("unstructure", cls)
        fields = attrs.fields(cls)
        required = [f for f in fields if not isinstance(f.validator, v.Nullable)]
        body = ", ".join(f"{f.name!r}: {self._dump(f.validator, f'obj.{f.name}')}" for f in required)
        lines = [f"def {name}(obj):", f"    out = {{{body}}}"]
        for field in fields:
            if isinstance(field.validator, v.Nullable):
                lines += [
                    f"    value = obj.{field.name}",
                    "    if value is not None:",
                    f"        out[{field.name!r}] = {self._dump(field.validator.inner, 'value')}",
                ]
        if not self.keep_unknown_keys and not v.is_union(cls):
            lines.append("    return out")
            return "\n".join(lines) + "\n"
        # Kept keys: any converter gives back a union's unknown variant.
        lines += [
            # Unset in an object a converter that does not keep them built, or a constructor.
            "    try:",
            f"        if obj.{_unknown.SLOT} is None:",
            "            return out",
            "    except AttributeError:",
            "        return out",
            f"    _put_back(out, obj.{_unknown.SLOT})",
            "    return out",
        ]
        return "\n".join(lines) + "\n"

    def _dump(self, rule: v.Validator, expr: str, depth: int = 0) -> str:
        """An expression giving boto3's (or JSON's) form of ``expr``; ``depth`` names loop variables."""
        item, key = f"x{depth}", f"k{depth}"
        rule = v.rule_of(rule)
        match rule:
            case v.InstanceOf():
                fns = [(c, self._ref("unstructure", c)) for c in rule.classes]
                out = f"{fns[-1][1]}({expr})"
                for cls, fn in reversed(fns[:-1]):
                    out = f"({fn}({expr}) if _type({expr}) is {self._const(cls, 'cls')} else {out})"
                return out
            case v.SequenceOf():
                inner = self._dump(rule.element, item, depth + 1)
                return f"list({expr})" if inner == item else f"[{inner} for {item} in {expr}]"
            case v.MappingOf():
                inner = self._dump(rule.value, item, depth + 1)
                if inner == item:
                    return f"_items_of({expr}).copy()"  # FrozenDict.to_dict() without its frame
                return f"{{{key}: {inner} for {key}, {item} in _items_of({expr}).items()}}"
            case v.Timestamp():
                return f"{expr}.isoformat()" if self.json else expr
            case v.Blob():
                return f"_to_base64({expr})" if self.json else expr
            case v.DocumentValue():
                return f"_thaw({expr})"  # tuples and FrozenDicts back into lists and dicts
            case v.Nullable():
                inner = self._dump(rule.inner, expr, depth)
                return expr if inner == expr else f"(None if {expr} is None else {inner})"
            case v.Text() | v.Integer() | v.Boolean() | v.OneOf():
                return expr
            case _:
                assert_never(rule)


def _reaches_enum(rule: v.Validator, seen: frozenset[type] = frozenset()) -> bool:
    """Whether a value judged by ``rule`` can hold an enum value at any depth."""
    rule = v.rule_of(rule)
    match rule:
        case v.OneOf():
            return True
        case v.Nullable():
            return _reaches_enum(rule.inner, seen)
        case v.SequenceOf():
            return _reaches_enum(rule.element, seen)
        case v.MappingOf():
            return _reaches_enum(rule.key, seen) or _reaches_enum(rule.value, seen)
        case v.InstanceOf():
            return any(
                isinstance(f.validator, v.Validator) and _reaches_enum(f.validator, seen | {cls})
                for cls in rule.classes
                if cls not in seen
                for f in attrs.fields(cls)
            )
        case v.Text() | v.Integer() | v.Boolean() | v.Timestamp() | v.Blob() | v.DocumentValue():
            return False
        case _:
            assert_never(rule)


def _builder_of(cls: type) -> type:
    """A plain class with the model's base and slots, whose instances can become models."""
    slots = cls.__dict__["__slots__"]
    if "__weakref__" in slots or "__dict__" in slots:
        raise TypeError(f"{cls.__name__} must have only its fields as slots")
    return type(f"{cls.__name__}Builder", cls.__bases__, {"__slots__": slots, "__module__": __name__})
