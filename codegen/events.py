"""``spec/ecr_events.toml`` -> ``src/ecr_attrs/events/_details.py``: the event classes.

Events are not part of botocore's model, so their facts live in a spec file of
their own; enum values the ECR model already states (``ScanStatus``,
``FindingSeverity``...) are taken from the facts file and the overrides, so each
value is stated once.  The classes use the validator factories of the models
and the same module layout (Literal aliases, shared rule constants, one
converter per collection field), so converters, strategies and docs treat them
alike.  Each field records the key as sent in ``metadata["key"]``.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs

from codegen import docstrings
from codegen.extract import structure_name
from codegen.overrides import Overrides, load_overrides
from codegen.render import COMMAND, _sha, _upper_snake
from codegen.service import ECR, ServiceConfig, load_service

EVENTS_SPEC_PATH = Path(__file__).resolve().parent.parent / "spec" / "ecr_events.toml"
OUTPUT = "events/_details.py"


@attrs.frozen
class Key:
    key: str
    type: str
    required: bool

    @property
    def name(self) -> str:
        """The Python field name: the key in snake_case (``image-digest``, ``scanStatus`` -> ``scan_status``)."""
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", self.key).lower().replace("-", "_")


@attrs.frozen
class EventClass:
    name: str
    keys: tuple[Key, ...]
    source: str | None = None
    detail_type: str | None = None
    model: tuple[ServiceConfig, str] | None = None
    """A detail that is a structure of a service model (Inspector's ``Finding``): its service and class."""

    @property
    def module(self) -> str:
        """Where a model detail's class is defined."""
        assert self.model is not None
        return f"{self.model[0].models_package}.{self.name}"


@attrs.frozen
class EventSpec:
    enums: dict[str, tuple[str, ...]]
    envelope: EventClass
    details: tuple[EventClass, ...]
    objects: tuple[EventClass, ...]


def _keys(table: dict[str, Any], where: str) -> tuple[Key, ...]:
    keys = []
    for entry in table["keys"]:
        unknown = set(entry) - {"key", "type", "required"}
        if unknown:
            raise ValueError(f"{where}: unknown settings {sorted(unknown)} for {entry.get('key')}")
        # Kebab-case as ECR sends them, or camelCase as Inspector's coverage events do.
        if not re.fullmatch(r"[a-z][a-z0-9]*((-[a-z0-9]+)+|([A-Z][a-z0-9]*)+)?", entry["key"]):
            raise ValueError(f"{where}: {entry['key']!r} is neither a kebab-case nor a camelCase key")
        keys.append(Key(entry["key"], entry["type"], bool(entry["required"])))
    return tuple(keys)


def model_enum(facts: dict[str, Any], overrides: Overrides, shape: str) -> tuple[str, ...]:
    """The values of an enum shape of a service model (ECR's by default), then those the overrides add."""
    found: list[str] | None = None

    def walk(member: dict[str, Any]) -> None:
        nonlocal found
        if member.get("shape") == shape and member.get("enum"):
            found = member["enum"]
        for part in ("member", "key", "value"):
            if isinstance(member.get(part), dict):
                walk(member[part])

    for cls in facts["classes"].values():
        for member in cls.get("members", {}).values():
            walk(member)
    if found is None:
        raise LookupError(f"{EVENTS_SPEC_PATH.name}: the model's facts have no enum {shape}")
    values: tuple[str, ...] = tuple(found)
    return values + tuple(v for v in overrides.enum_additions.get(shape, ()) if v not in values)


def load_spec(facts: dict[str, Any], path: Path = EVENTS_SPEC_PATH) -> EventSpec:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = sorted(set(data) - {"envelope", "enums", "details", "objects"})
    if unknown:
        raise ValueError(f"{path.name}: unknown tables {unknown}")
    overrides = load_overrides(ECR.overrides)
    enums = {}
    for name, entry in data["enums"].items():
        if "model" in entry:
            # "Shape" names an ECR enum, "service:Shape" one of another shipped service.
            service, _, shape = entry["model"].rpartition(":")
            if service:
                other = load_service(service)
                enums[name] = model_enum(_facts_of(other), load_overrides(other.overrides), shape)
            else:
                enums[name] = model_enum(facts, overrides, shape)
        else:
            enums[name] = tuple(entry["values"])
    envelope = EventClass(data["envelope"]["class"], _keys(data["envelope"], "envelope"))
    details = tuple(_detail(detail_type, t) for detail_type, t in data["details"].items())
    objects = tuple(EventClass(name, _keys(t, name)) for name, t in data.get("objects", {}).items())
    return EventSpec(enums, envelope, details, objects)


def _facts_of(service: ServiceConfig) -> dict[str, Any]:
    assert service.facts is not None, f"{service.botocore_name}: a shipped service has a facts file"
    facts: dict[str, Any] = json.loads(service.facts.read_text(encoding="utf-8"))
    return facts


def _detail(detail_type: str, table: dict[str, Any]) -> EventClass:
    """A detail-type's class: keys listed here, or ``model = "service:Shape"``, a generated class."""
    if "model" not in table:
        return EventClass(table["class"], _keys(table, detail_type), table["source"], detail_type)
    unknown = sorted(set(table) - {"source", "model"})
    if unknown:
        raise ValueError(f"{detail_type}: a model detail has no {unknown}")
    name, _, shape = table["model"].partition(":")
    service = load_service(name)
    cls = structure_name(shape)
    if cls not in _facts_of(service)["classes"]:
        raise LookupError(f"{detail_type}: {service.package} has no class {cls}")
    return EventClass(cls, (), table["source"], detail_type, (service, cls))


class _Renderer:
    """Types and rule constants of one generated module, shared between its classes."""

    def __init__(self, spec: EventSpec) -> None:
        self.spec = spec
        self.constants: dict[str, str] = {}  # validator source -> constant name
        self.class_names = {c.name for c in (*spec.details, *spec.objects) if c.model is None}
        self.detail_names = [c.name for c in spec.details] + ["UnknownDetail"]
        # A model detail's class is imported on first use (``LazyClass``): the module names it
        # by this constant, and imports it for type checkers only.
        self.lazy = {c.name: "_" + _upper_snake(c.name) for c in spec.details if c.model is not None}
        self.detail_refs = [self.lazy.get(name, name) for name in self.detail_names]

    def constant(self, source: str, hint: str) -> str:
        if source not in self.constants:
            self.constants[source] = "_" + _upper_snake(hint)
        return self.constants[source]

    def parse(self, text: str) -> tuple[str, list[str]]:
        """``"map of enum X to int"`` -> ("map", [key type, value type]) and the like."""
        if text.startswith("list of "):
            return "list", [text[len("list of ") :]]
        if text.startswith("map of "):
            key, _, value = text[len("map of ") :].partition(" to ")
            return "map", [key, value]
        if text.startswith(("enum ", "object ")):
            kind, _, name = text.partition(" ")
            if kind == "enum" and name not in self.spec.enums:
                raise LookupError(f"no enum {name} in [enums]")
            if kind == "object" and name not in self.class_names:
                raise LookupError(f"no object {name} in [objects]")
            return kind, [name]
        if text in ("text", "int", "timestamp", "detail"):
            return text, []
        raise ValueError(f"unknown type {text!r}")

    def annotation(self, text: str) -> str:
        kind, args = self.parse(text)
        if kind == "list":
            return f"tuple[{self.annotation(args[0])}, ...]"
        if kind == "map":
            return f"FrozenDict[{self.annotation(args[0])}, {self.annotation(args[1])}]"
        if kind == "enum":
            return f"Union[{args[0]}, UnknownValue]"
        if kind == "object":
            return args[0]
        if kind == "detail":
            return "Union[" + ", ".join(self.detail_names) + "]"
        return {"text": "str", "int": "int", "timestamp": "datetime"}[kind]

    def accepts(self, text: str) -> str | None:
        """The wider type a collection field's constructor takes, as the models do."""
        kind, args = self.parse(text)
        if kind == "list":
            return f"Sequence[{self.annotation(args[0])}]"
        if kind == "map":
            return f"Mapping[{self.annotation(args[0])}, {self.annotation(args[1])}]"
        return None

    def validator(self, text: str) -> str:
        kind, args = self.parse(text)
        if kind == "list":
            return f"_v.sequence_of({self.validator(args[0])})"
        if kind == "map":
            return f"_v.mapping_of({self.validator(args[0])}, {self.validator(args[1])})"
        if kind == "enum":
            return self.constant(f"_v.one_of(*get_args({args[0]}))", args[0])
        if kind == "object":
            return f"_v.instance_of({args[0]})"
        if kind == "detail":
            return "detail_of(" + ", ".join(self.detail_refs) + ")"
        factory = {"text": "text", "int": "integer", "timestamp": "timestamp"}[kind]
        return self.constant(f"_v.{factory}()", kind.upper())

    def docstring(self, cls: EventClass) -> str:
        if cls.detail_type is not None:
            summary = f"The detail of ``{cls.detail_type}`` events (source ``{cls.source}``)."
        elif cls is self.spec.envelope:
            summary = "An EventBridge event as Lambda or a queue hands it over, with its detail typed."
        else:
            holders = [c.name for c in self.spec.details if any(cls.name in k.type for k in c.keys)]
            listed = any(k.type == f"list of object {cls.name}" for c in self.spec.details for k in c.keys)
            where = "One element of a list in" if listed else "An object held by"
            summary = f"{where} ``{'``, ``'.join(holders)}``."
        lines = [summary, "", "Keys as sent, in order:", ""]
        for key in cls.keys:
            state = "required" if key.required else "optional"
            lines.append(f"- ``{key.key}`` -> ``{key.name}`` ({key.type}, {state})")
        return "\n".join(lines)

    def render_class(self, cls: EventClass) -> list[str]:
        converters: list[str] = []
        body = [
            "@attrs.frozen(kw_only=True, weakref_slot=False, repr=False)",
            f"class {cls.name}(EventModel):",
            *docstrings.literal(self.docstring(cls), "    "),
            "",
        ]
        for key in cls.keys:
            annotation = self.annotation(key.type)
            validator = self.validator(key.type)
            accepts = self.accepts(key.type)
            if not key.required:
                annotation = f"Optional[{annotation}]"
                validator = f"_v.optional({validator})"
                accepts = accepts and f"Optional[{accepts}]"
            args = [] if key.required else ["default=None"]
            if accepts:
                store = "_v.to_tuple" if key.type.startswith("list") else "_v.to_frozendict"
                converter = f"_as_{cls.name}_{key.name}"
                converters += [
                    f"def {converter}(value: {accepts}) -> {annotation}:",
                    f"    return {store}(value)",
                    "",
                    "",
                ]
                args.append(f"converter={converter}")
            args.append(f"validator={validator}")
            args.append(f'metadata={{"key": {key.key!r}}}')
            body.append(f"    {key.name}: {annotation} = attrs.field({', '.join(args)})")
        return [*converters, *body, "", ""]

    def render(self, head: list[str]) -> str:
        spec = self.spec
        classes: list[str] = []
        for cls in self._keyed():
            classes += self.render_class(cls)
        out = [
            *head,
            '"""The event classes, generated from ``spec/ecr_events.toml``; import them from ``ecr_attrs.events``."""',
            "",
            "from __future__ import annotations",
            "",
            "from collections.abc import Mapping, Sequence",
            "from datetime import datetime",
            "from typing import TYPE_CHECKING, Any, Literal, Optional, Union, get_args",
            "",
            "import attrs",
            "",
            "from ecr_attrs import _validators as _v",
            "from ecr_attrs.events._base import EventModel, LazyClass, UnknownDetail, detail_of, lazy_attribute",
            "from ecr_attrs.values import FrozenDict, UnknownValue",
            "",
            *self._model_imports(),
        ]
        for name, values in spec.enums.items():
            out.append(f"{name} = Literal[{', '.join(repr(v) for v in values)}]")
        out.append("")
        for source, name in self.constants.items():
            out.append(f"{name} = {source}")
        out.append("")
        for cls in self._models():
            out.append(f"{self.lazy[cls.name]} = LazyClass({cls.module!r}, {cls.name!r}, __name__)")
        out += ["", "", *classes]
        out += [
            "DETAILS: dict[tuple[str, str], type[Any] | LazyClass] = {",
            *[
                f"    ({c.source!r}, {c.detail_type!r}): {self.lazy.get(c.name, c.name)},"
                for c in spec.details
            ],
            "}",
            '"""(source, detail-type) -> the class of the detail, a service package\'s as a ``LazyClass``."""',
            "",
            "if TYPE_CHECKING:",
            "    DETAIL_CLASSES: dict[tuple[str, str], type[Any]]",
            '    """(source, detail-type) -> the class of the detail; any other pair gives ``UnknownDetail``."""',
            "else:",
            "",
            "    def __getattr__(name: str) -> Any:",
            '        """``DETAIL_CLASSES`` and the service packages\' detail classes, imported on first use."""',
            "        return lazy_attribute(globals(), name, DETAILS)",
            "",
            "",
            "ENUMS: dict[str, tuple[str, ...]] = {",
            *[f"    {name!r}: get_args({name})," for name in spec.enums],
            "}",
            "",
            "__all__ = [",
            *[f"    {n!r}," for n in sorted(["DETAIL_CLASSES", "ENUMS", *spec.enums, *self._class_names()])],
            "]",
            "",
        ]
        return "\n".join(out)

    def _keyed(self) -> list[EventClass]:
        """The classes this module defines: every one but the model details, which it imports."""
        spec = self.spec
        return [c for c in (*spec.objects, *spec.details, spec.envelope) if c.model is None]

    def _models(self) -> list[EventClass]:
        """The detail classes of service packages, imported on first use."""
        return [c for c in self.spec.details if c.model is not None]

    def _model_imports(self) -> list[str]:
        """The model details' classes, for type checkers only: at run time each is a ``LazyClass``."""
        if not self._models():
            return []
        return ["if TYPE_CHECKING:", *[f"    from {c.module} import {c.name}" for c in self._models()], ""]

    def _class_names(self) -> list[str]:
        return [c.name for c in self._keyed()]


def render_events(facts: dict[str, Any], path: Path = EVENTS_SPEC_PATH) -> dict[str, str]:
    """The generated event module, by path under ``src/ecr_attrs`` (not yet formatted)."""
    renderer = _Renderer(load_spec(facts, path))
    # Render the classes first: that is what fills the constants the module header lists.
    for cls in renderer._keyed():
        renderer.render_class(cls)
    head = [
        f"# Generated by `{COMMAND}`: do not edit; change codegen/events.py or its inputs and regenerate.",
        f"# Inputs: {path.name} (sha256 {_sha(path)}), enum shapes from the services' facts and overrides.",
    ]
    return {OUTPUT: renderer.render(head)}
