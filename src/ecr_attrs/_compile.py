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
from datetime import UTC, datetime
from typing import Any

import attrs

from ecr_attrs import _validators as v
from ecr_attrs._validators import Path, Problem, show
from ecr_attrs.values import FrozenDict, UnknownValue

StructureFn = Callable[[Any], Any]
UnstructureFn = Callable[[Any], Any]


class Invalid(Exception):
    """Internal: the problems found under one value, paths relative to it."""

    def __init__(self, problems: list[tuple[Path, str]]) -> None:
        self.problems = problems


_MISSING = object()
_DATETIME_EXPECTED = "expected a datetime, an ISO 8601 string or epoch seconds"


def to_datetime(value: Any) -> tuple[Any, str | None]:
    """A timezone-aware datetime from what boto3 and saved JSON hold, or the reason not."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return value, f"{show(value)} has no timezone, so it names no instant"
        return value, None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value, f"{_DATETIME_EXPECTED}, got {show(value)}"
        if parsed.utcoffset() is None:
            return value, f"{show(value)} has no UTC offset (add Z or +00:00)"
        return parsed, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC), None
        except (OverflowError, OSError, ValueError):
            return value, f"epoch seconds {show(value)} are out of range"
    return value, f"{_DATETIME_EXPECTED}, got {show(value)}"


def from_base64(value: Any) -> tuple[Any, str | None]:
    """JSON mode: a blob travels as base64 text."""
    if isinstance(value, bytes):
        return value, None
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True), None
        except (binascii.Error, ValueError):
            return value, f"expected base64 text, got {show(value)}"
    return value, f"expected base64 text, got {type(value).__name__}"


def to_base64(value: str | bytes) -> str:
    raw = value.encode("utf-8") if isinstance(value, str) else value
    return base64.b64encode(raw).decode("ascii")


def add(
    problems: list[tuple[Path, str]] | None, path: Path, found: Problem | None
) -> list[tuple[Path, str]] | None:
    """Record ``found`` under ``path``; the fast test may reject what problem() accepts."""
    if found is None:
        return problems
    problems = problems if problems is not None else []
    problems.append(((*path, *found.path), found.reason))
    return problems


def note(problems: list[tuple[Path, str]] | None, path: Path, reason: str) -> list[tuple[Path, str]]:
    problems = problems if problems is not None else []
    problems.append((path, reason))
    return problems


def nest(problems: list[tuple[Path, str]] | None, path: Path, error: Invalid) -> list[tuple[Path, str]]:
    problems = problems if problems is not None else []
    problems.extend(((*path, *inner), reason) for inner, reason in error.problems)
    return problems


def each(fn: StructureFn, items: Any, path: Path, problems: list[tuple[Path, str]] | None) -> tuple[Any, Any]:
    """Slow path of a list of objects: structure every element, keep every problem."""
    out = []
    for index, item in enumerate(items):
        try:
            out.append(fn(item))
        except Invalid as error:
            problems = nest(problems, (*path, index), error)
    return tuple(out), problems


def each_problem(rule: v.Validator, items: Any, path: Path, problems: Any) -> Any:
    """Slow path of a list of scalars: every failing element with its index."""
    for index, item in enumerate(items):
        problems = add(problems, (*path, index), rule.problem(item))
    return problems


def enum(rule: v.OneOf, value: Any, path: Path, problems: Any, strict: bool) -> tuple[Any, Any]:
    """Slow path of an enum: keep an unknown string as ``UnknownValue`` unless strict."""
    if isinstance(value, str) and not rule.allows(value) or (strict and type(value) is UnknownValue):
        if strict:
            return value, note(
                problems, path, f"{show(value)} is not a value this release knows (strict mode)"
            )
        return UnknownValue(value), problems
    return value, add(problems, path, rule.problem(value))


def each_enum(
    rule: v.OneOf, items: tuple[Any, ...], path: Path, problems: Any, strict: bool
) -> tuple[Any, Any]:
    out = []
    for index, item in enumerate(items):
        item, problems = enum(rule, item, (*path, index), problems, strict)
        out.append(item)
    return tuple(out), problems


class Codec:
    """The generated functions of one converter configuration.

    ``strict`` makes unknown keys and enum values errors; ``json`` reads and
    writes datetimes as ISO 8601 text and blobs as base64.
    """

    def __init__(self, *, strict: bool, json: bool) -> None:
        self.strict = strict
        self.json = json
        self.namespace: dict[str, Any] = {
            "_MISSING": _MISSING,
            "_Invalid": Invalid,
            "_Mapping": Mapping,
            "_add": add,
            "_note": note,
            "_nest": nest,
            "_each": each,
            "_each_problem": each_problem,
            "_enum": enum,
            "_each_enum": each_enum,
            "_to_datetime": to_datetime,
            "_from_base64": from_base64,
            "_to_base64": to_base64,
            "_datetime": datetime,
            "_UnknownValue": UnknownValue,
            "_FrozenDict": FrozenDict,
            "_new": object.__new__,
            "_set": object.__setattr__,
            "_show": show,
        }
        self._structure: dict[type, StructureFn] = {}
        self._unstructure: dict[type, UnstructureFn] = {}

    def _name(self, prefix: str, cls: type) -> str:
        return f"{prefix}_{cls.__name__}"

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

    # -- structuring ---------------------------------------------------------

    def structure_fn(self, cls: type) -> StructureFn:
        """The function that turns a dict into ``cls``, raising ``Invalid``."""
        fn = self._structure.get(cls)
        if fn is None:
            # Writing the source asks for the functions of the classes it holds first.
            fn = self._structure[cls] = self._compile(
                self._name("structure", cls), self._structure_source(cls)
            )
        return fn

    def _structure_source(self, cls: type) -> str:
        name = self._name("structure", cls)
        cls_ref = self._const(cls, "cls")
        fields = attrs.fields(cls)
        # Everything the body calls often is bound as a default argument: a local
        # lookup is cheaper than a global one.
        builder = self._const(_builder_of(cls), "builder")
        fast_locals = ["_MISSING", "_new", "_set", "_datetime", "_Invalid", builder]
        defaults = ", ".join(f"{n}={n}" for n in fast_locals)
        lines = [
            f"def {name}(data, {defaults}):",
            "    if data.__class__ is not dict:",
            f"        if data.__class__ is {cls_ref}:",
            "            return data",
            "        if not isinstance(data, _Mapping):",
            f"            raise _Invalid([((), 'expected an object ({cls.__name__}), got ' + _show(data))])",
            "    problems = None",
            "    get = data.get",
        ]
        for index, field in enumerate(fields):
            var = f"f{index}"
            rule = field.validator
            optional = isinstance(rule, v.Nullable)
            inner = rule.inner if optional else rule
            if optional:
                # Absent and None mean the same for an optional field.
                lines.append(f"    {var} = get({field.name!r})")
                lines.append(f"    if {var} is None:")
                lines.append("        pass")
            else:
                lines.append(f"    {var} = get({field.name!r}, _MISSING)")
                lines.append(f"    if {var} is _MISSING:")
                lines.append(
                    f"        problems = _note(problems, ({field.name!r},), 'required field missing')"
                )
                lines.append(f"    elif {var} is None:")
                lines.append(
                    f"        problems = _note(problems, ({field.name!r},), 'required field is None')"
                )
            lines.append("    else:")
            lines += ["        " + line for line in self._structure_value(inner, var, (field.name,))]
        if self.strict:
            known = self._const(frozenset(f.name for f in fields), "known")
            lines += [
                f"    if len(data) > {len(fields)} or not data.keys() <= {known}:",
                "        for key in data:",
                f"            if key not in {known}:",
                "                problems = _note(problems, (key,) if isinstance(key, str) else (_show(key),), 'unknown key')",
            ]
        lines += [
            "    if problems is not None:",
            "        raise _Invalid(problems)",
            f"    obj = _new({builder})",
        ]
        lines += [f"    obj.{f.name} = f{i}" for i, f in enumerate(fields)]
        lines += [f"    _set(obj, '__class__', {cls_ref})", "    return obj"]
        return "\n".join(lines) + "\n"

    def _structure_value(self, rule: v.Validator, var: str, path: Path) -> list[str]:
        """Lines that check ``var`` against ``rule`` and rebind it to its stored form."""
        ref = self._const(rule, "rule")
        path_src = repr(path)
        fallback = [f"    problems = _add(problems, {path_src}, {ref}.problem({var}))"]
        if isinstance(rule, v.InstanceOf):
            fn = self._const(self.structure_fn(rule.classes[0]), "structure")
            # A structuring function returns an instance of its own class as is;
            # only a union has to let instances of its other classes through.
            lines = (
                [f"if not isinstance({var}, {self._const(rule.classes, 'classes')}):"]
                if len(rule.classes) > 1
                else ["if True:"]
            )
            return lines + [
                "    try:",
                f"        {var} = {fn}({var})",
                "    except _Invalid as error:",
                f"        problems = _nest(problems, {path_src}, error)",
            ]
        if isinstance(rule, v.Timestamp):
            return [
                f"if {var}.__class__ is not _datetime or {var}.tzinfo is None:",
                f"    {var}, reason = _to_datetime({var})",
                "    if reason is not None:",
                f"        problems = _note(problems, {path_src}, reason)",
            ]
        if isinstance(rule, v.Blob) and self.json:
            return [
                f"{var}, reason = _from_base64({var})",
                "if reason is not None:",
                f"    problems = _note(problems, {path_src}, reason)",
                f"elif {self._fast_test(rule, var)}:",
                *fallback,
            ]
        if isinstance(rule, v.OneOf):
            allowed = self._const(rule._allowed, "allowed")
            return [
                f"if not ({var}.__class__ is str and {var} in {allowed}):",
                f"    {var}, problems = _enum({ref}, {var}, {path_src}, problems, {self.strict})",
            ]
        if isinstance(rule, v.SequenceOf):
            return self._structure_sequence(rule, var, path)
        if isinstance(rule, v.MappingOf):
            return self._structure_mapping(rule, var, path)
        return [f"if not ({self._fast_test(rule, var)}):", *fallback]

    def _fast_test(self, rule: v.Validator, var: str) -> str:
        """An expression true only for values ``rule.problem`` accepts."""
        if isinstance(rule, v.Text):
            parts = [f"{var}.__class__ is str"]
            parts += self._bounds(f"len({var})", rule.min_len, rule.max_len)
            parts.append(f"{var}.isascii() and '\\x00' not in {var}")
            if rule.pattern is not None:
                parts.append(f"{self._const(rule, 'rule')}.matches({var})")
            return " and ".join(parts)
        if isinstance(rule, v.Number):
            parts = [f"({var}.__class__ is float or {var}.__class__ is int)", f"{var} - {var} == 0"]
            return " and ".join(parts + self._bounds(var, rule.min, rule.max))
        if isinstance(rule, v.Integer):
            return " and ".join([f"{var}.__class__ is int", *self._bounds(var, rule.min, rule.max)])
        if isinstance(rule, v.Boolean):
            return f"{var}.__class__ is bool"
        if isinstance(rule, v.Blob):
            return " and ".join(
                [
                    f"({var}.__class__ is bytes or {var}.__class__ is str)",
                    *self._bounds(f"len({var})", rule.min_len, rule.max_len),
                ]
            )
        raise TypeError(f"no inline test for {rule!r}")

    @staticmethod
    def _bounds(expr: str, low: int | None, high: int | None) -> list[str]:
        out = []
        if low is not None:
            out.append(f"{expr} >= {low}")
        if high is not None:
            out.append(f"{expr} <= {high}")
        return out

    def _structure_sequence(self, rule: v.SequenceOf, var: str, path: Path) -> list[str]:
        ref = self._const(rule, "rule")
        element = rule.element
        path_src = repr(path)
        lines = [
            f"if {var}.__class__ is not list and {var}.__class__ is not tuple:",
            f"    problems = _add(problems, {path_src}, {ref}.problem({var}))",
        ]
        length = self._bounds(f"len({var})", rule.min_len, rule.max_len)
        if length:
            lines += [
                f"elif not ({' and '.join(length)}):",
                f"    problems = _add(problems, {path_src}, {ref}.problem(tuple({var})))",
            ]
        lines.append("else:")
        if isinstance(element, v.InstanceOf):
            first = self.structure_fn(element.classes[0])
            if len(element.classes) > 1:
                first = _keeping(element.classes, first)
            fn = self._const(first, "structure")
            lines += [
                "    try:",
                f"        {var} = tuple([{fn}(x) for x in {var}])",
                "    except _Invalid:",
                f"        {var}, problems = _each({fn}, {var}, {path_src}, problems)",
            ]
        elif isinstance(element, v.OneOf):
            allowed = self._const(element._allowed, "allowed")
            elem_ref = self._const(element, "rule")
            lines += [
                f"    {var} = tuple({var})",
                f"    for x in {var}:",
                f"        if not (x.__class__ is str and x in {allowed}):",
                f"            {var}, problems = _each_enum({elem_ref}, {var}, {path_src}, problems, {self.strict})",
                "            break",
            ]
        else:
            elem_ref = self._const(element, "rule")
            lines += [
                f"    {var} = tuple({var})",
                f"    for x in {var}:",
                f"        if not ({self._fast_test(element, 'x')}):",
                f"            problems = _each_problem({elem_ref}, {var}, {path_src}, problems)",
                "            break",
            ]
        return lines

    def _structure_mapping(self, rule: v.MappingOf, var: str, path: Path) -> list[str]:
        helper = self._const(self._mapping_helper(rule), "mapping")
        tests = [self._fast_test(rule.value, "x")]
        if isinstance(rule.key, v.OneOf):
            tests.insert(0, f"k.__class__ is str and k in {self._const(rule.key._allowed, 'allowed')}")
        else:
            tests.insert(0, self._fast_test(rule.key, "k"))
        return [
            f"if {var}.__class__ is not dict:",
            f"    {var}, problems = {helper}({var}, {path!r}, problems)",
            "else:",
            f"    for k, x in {var}.items():",
            f"        if not ({' and '.join(f'({t})' for t in tests)}):",
            f"            {var}, problems = {helper}({var}, {path!r}, problems)",
            "            break",
            "    else:",
            f"        {var} = _FrozenDict({var})",
        ]

    def _mapping_helper(self, rule: v.MappingOf) -> Callable[..., Any]:
        """Mappings are rare and small in ECR, so one readable helper serves them."""
        strict = self.strict

        def check_key(key: Any) -> tuple[Any, str | None]:
            if isinstance(rule.key, v.OneOf) and isinstance(key, str) and not rule.key.allows(key):
                if strict:
                    return key, f"key {show(key)} is not a value this release knows (strict mode)"
                return UnknownValue(key), None
            found = rule.key.problem(key)
            return key, None if found is None else f"key {found.reason}"

        def structure_mapping(value: Any, path: Path, problems: Any) -> tuple[Any, Any]:
            if not isinstance(value, Mapping):
                return value, add(problems, path, rule._wrong_type(value))
            out = {}
            for key, item in value.items():
                key, reason = check_key(key)
                where = (*path, key if isinstance(key, str) else show(key))
                if reason is not None:
                    problems = note(problems, where, reason)
                    continue
                problems = add(problems, where, rule.value.problem(item))
                out[key] = item
            return FrozenDict(out), problems

        return structure_mapping

    # -- unstructuring -------------------------------------------------------

    def unstructure_fn(self, cls: type) -> UnstructureFn:
        """The function that turns an instance of ``cls`` into boto3's dict."""
        fn = self._unstructure.get(cls)
        if fn is None:
            # Writing the source asks for the functions of the classes it holds first.
            fn = self._unstructure[cls] = self._compile(
                self._name("unstructure", cls), self._unstructure_source(cls)
            )
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
        lines.append("    return out")
        return "\n".join(lines) + "\n"

    def _dump(self, rule: v.Validator, expr: str) -> str:
        """An expression giving boto3's (or JSON's) form of ``expr``."""
        if isinstance(rule, v.InstanceOf):
            fns = [(c, self._const(self.unstructure_fn(c), "unstructure")) for c in rule.classes]
            out = f"{fns[-1][1]}({expr})"
            for cls, fn in reversed(fns[:-1]):
                out = f"({fn}({expr}) if {expr}.__class__ is {self._const(cls, 'cls')} else {out})"
            return out
        if isinstance(rule, v.SequenceOf):
            if isinstance(rule.element, (v.InstanceOf, v.Timestamp, v.Blob)):
                return f"[{self._dump(rule.element, 'x')} for x in {expr}]"
            return f"list({expr})"
        if isinstance(rule, v.MappingOf):
            return f"{expr}.to_dict()"
        if isinstance(rule, v.Timestamp) and self.json:
            return f"{expr}.isoformat()"
        if isinstance(rule, v.Blob) and self.json:
            return f"_to_base64({expr})"
        return expr


def _keeping(classes: tuple[type, ...], fn: StructureFn) -> StructureFn:
    """For a union: keep an instance of any of its classes, structure anything else."""

    def structure_member(value: Any) -> Any:
        return value if isinstance(value, classes) else fn(value)

    return structure_member


def _builder_of(cls: type) -> type:
    """A plain class with the model's base and slots, whose instances can become models."""
    slots = cls.__dict__["__slots__"]
    if "__weakref__" in slots or "__dict__" in slots:
        raise TypeError(f"{cls.__name__} must have only its fields as slots")
    return type(f"{cls.__name__}Builder", cls.__bases__, {"__slots__": slots, "__module__": __name__})
