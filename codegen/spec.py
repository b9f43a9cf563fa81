"""Parse ``spec/ecr_classes.md`` into a small intermediate representation.

The spec is the Pydantic baseline's model documentation: one ``# ClassName``
heading per class, one ``### field`` heading per field, followed by
``- **Type**: ...`` and optionally ``- **Required**: Yes``.  Types are written
as Python reprs (``typing.Optional[typing.List[str]]``); ``parse_type`` reads
them with a tiny recursive-descent parser so that an unexpected type fails
loudly instead of being guessed.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

_CLASS_PREFIX = "aws_resource_validator.pydantic_models.ecr_classes."
_SCALARS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "datetime.datetime": "datetime",
}


@attrs.frozen
class TypeRef:
    """A field type.  ``kind`` is one of: str int float bool datetime blob
    class seq map literal union."""

    kind: str
    args: tuple[TypeRef, ...] = ()
    values: tuple[str, ...] = ()  # for literal
    name: str = ""  # for class

    def class_names(self) -> list[str]:
        """Every spec class this type refers to, at any depth."""
        own = [self.name] if self.kind == "class" else []
        return own + [n for a in self.args for n in a.class_names()]


@attrs.frozen
class SpecField:
    name: str
    type: TypeRef
    required: bool


@attrs.frozen
class SpecClass:
    name: str
    fields: tuple[SpecField, ...]

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


class SpecError(ValueError):
    """The spec holds something the generator does not understand."""


def parse_spec(path: Path) -> list[SpecClass]:
    """Read every class of the spec, in spec order (the empty base excluded)."""
    classes: list[SpecClass] = []
    current: str | None = None
    fields: list[SpecField] = []
    field_name: str | None = None
    field_type: str | None = None
    required = False

    def close_field() -> None:
        nonlocal field_name, field_type, required
        if field_name is not None:
            if field_type is None:
                raise SpecError(f"{current}.{field_name} has no type")
            ref, optional = _field_type(field_type)
            fields.append(SpecField(field_name, ref, required and not optional))
        field_name, field_type, required = None, None, False

    def close_class() -> None:
        nonlocal fields
        close_field()
        if current is not None and current != "BaseValidatorModel":
            classes.append(SpecClass(current, tuple(fields)))
        fields = []

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and not line.startswith("# Pydantic Models"):
            close_class()
            current = line[2:].strip()
        elif line.startswith("### "):
            close_field()
            field_name = line[4:].strip()
        elif line.startswith("- **Type**: "):
            field_type = line[len("- **Type**: ") :].replace(_CLASS_PREFIX, "")
        elif line.startswith("- **Required**: Yes"):
            required = True
    close_class()
    return classes


def _field_type(text: str) -> tuple[TypeRef, bool]:
    """The type of a field and whether the spec wraps it in Optional."""
    match = re.fullmatch(r"typing\.Optional\[(.*)\]", text)
    if match:
        return parse_type(match.group(1)), True
    return parse_type(text), False


def parse_type(text: str) -> TypeRef:
    parser = _TypeParser(text)
    ref = parser.parse()
    if parser.rest():
        raise SpecError(f"trailing text in type {text!r}: {parser.rest()!r}")
    return ref


class _TypeParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def rest(self) -> str:
        return self.text[self.pos :]

    def take(self, pattern: str) -> str | None:
        match = re.compile(pattern).match(self.text, self.pos)
        if not match:
            return None
        self.pos = match.end()
        return match.group(0)

    def expect(self, literal: str) -> None:
        if not self.text.startswith(literal, self.pos):
            raise SpecError(f"expected {literal!r} at {self.rest()!r} in {self.text!r}")
        self.pos += len(literal)

    def parse(self) -> TypeRef:
        if self.take(r"<class '"):
            name = self.take(r"[\w.]+")
            self.expect("'>")
            return self.named(name or "")
        if self.take(r"typing\.Literal\["):
            values = []
            while True:
                value = self.take(r"'[^']*'")
                if value is None:
                    raise SpecError(f"bad Literal in {self.text!r}")
                values.append(value[1:-1])
                if not self.take(r", "):
                    break
            self.expect("]")
            return TypeRef("literal", values=tuple(values))
        generic = self.take(r"typing\.(List|Sequence|Dict|Union|IO)\[")
        if generic:
            args = [self.parse()]
            while self.take(r", "):
                args.append(self.parse())
            self.expect("]")
            return self.generic(generic[len("typing.") : -1], tuple(args))
        if self.take(r"typing\.Any"):
            return TypeRef("any")
        name = self.take(r"[\w.]+")
        if name is None:
            raise SpecError(f"cannot read type at {self.rest()!r} in {self.text!r}")
        return self.named(name)

    def named(self, name: str) -> TypeRef:
        if name in _SCALARS:
            return TypeRef(_SCALARS[name])
        if name.endswith("TypeDef"):
            return TypeRef("class", name=name)
        raise SpecError(f"unknown type name {name!r} in {self.text!r}")

    def generic(self, origin: str, args: tuple[TypeRef, ...]) -> TypeRef:
        if origin in ("List", "Sequence") and len(args) == 1:
            return TypeRef("seq", args)
        if origin == "Dict" and len(args) == 2:
            return TypeRef("map", args)
        if origin == "IO":
            return TypeRef("io")
        if origin == "Union":
            kinds = {a.kind for a in args}
            # The one upload field: boto3 takes text, bytes or a readable stream.
            if kinds == {"str", "bytes", "io"}:
                return TypeRef("blob")
            if kinds == {"class"}:
                return TypeRef("union", args)
        raise SpecError(f"unsupported type {origin}{list(args)} in {self.text!r}")
