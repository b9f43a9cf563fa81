"""Spec + facts -> every class to generate, as the spec's own records.

The spec names the seed classes and types their fields.  The facts file
(``codegen/extract.py``) lists every class of the package with its fields in
order: the spec's fields first, then the members the ECR model has gained
since, and whole classes the spec never had.  Fields the spec does not type
get their type from the model shape here (``type_of``), so that everything
after this step looks alike to the planner in ``render.py``.
"""

from __future__ import annotations

from typing import Any

from codegen.extract import BOTO3_FIELDS, boto3_classes
from codegen.spec import SpecClass, SpecField, TypeRef

_SCALARS = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "float": "float",
    "double": "float",
    "boolean": "bool",
    "timestamp": "datetime",
    "blob": "blob",
}


def type_of(member: dict[str, Any]) -> TypeRef:
    """The type of a member the spec does not describe, from its model shape."""
    kind = member["type"]
    if kind == "string" and "enum" in member:
        return TypeRef("literal", values=tuple(member["enum"]))
    if kind in _SCALARS:
        return TypeRef(_SCALARS[kind])
    if kind == "list":
        return TypeRef("seq", (type_of(member["member"]),))
    if kind == "map":
        return TypeRef("map", (type_of(member["key"]), type_of(member["value"])))
    if kind == "structure":
        return TypeRef("class", name=member["class"])
    if kind == "document":
        return TypeRef("document")
    raise ValueError(f"shape {member['shape']} has type {kind}, which no field can hold")


def all_classes(spec: list[SpecClass], facts: dict[str, Any]) -> list[SpecClass]:
    """The spec's classes with their added fields, then the classes the spec lacks.

    Added fields of a spec class are optional whatever the model says: code
    written against the spec must keep constructing these classes unchanged.
    """
    seeds = {c.name: c for c in spec}
    for cls in boto3_classes():  # a service without a seed spec still needs boto3's classes
        if cls.name in facts["classes"]:
            seeds.setdefault(cls.name, cls)
    missing = sorted(set(seeds) - set(facts["classes"]))
    if missing:
        raise LookupError(
            f"the facts file lacks these spec classes: {missing}; run `python -m codegen.extract`"
        )
    out = []
    for name, cls in facts["classes"].items():
        seed = seeds.get(name)
        fields = list(seed.fields) if seed else []
        known = {f.name for f in fields}
        required = set() if seed else set(cls.get("required", []))
        for field_name in cls["fields"]:
            if field_name in known:
                continue
            if field_name in BOTO3_FIELDS:
                ref = TypeRef("class", name=BOTO3_FIELDS[field_name])
            else:
                ref = type_of(cls["members"][field_name])
            fields.append(SpecField(field_name, ref, field_name in required))
        out.append(SpecClass(name, tuple(fields)))
    return out
