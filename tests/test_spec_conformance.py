"""The models conform to the spec in this repository: every class, field order, required flags, enum values.

Departures are the listed ones only (``SPEC_DIFFERENCES``); a class may add
optional fields after the spec's (newer ECR model members).
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from codegen.spec import SpecClass, TypeRef, parse_spec
from ecr_attrs import _validators as v
from ecr_attrs import models

SPEC = parse_spec(Path(__file__).parent.parent / "spec" / "ecr_classes.md")
MADE_OPTIONAL = {(c, f) for c, f, change, _ in models.SPEC_DIFFERENCES if change == "required -> optional"}


def literal_values(ref: TypeRef) -> set[str]:
    return set(ref.values if ref.kind == "literal" else ()).union(*(literal_values(a) for a in ref.args))


def one_of_values(rule: v.Validator) -> set[str]:
    found = set(rule.values) if isinstance(rule, v.OneOf) else set()
    for name in type(rule).__slots__:
        part = getattr(rule, name)
        if not name.startswith("_") and isinstance(part, v.Validator):
            found |= one_of_values(part)
    return found


def test_every_spec_class_is_a_model():
    assert [] == [spec.name for spec in SPEC if spec.name not in models.CLASS_NAMES]


@pytest.mark.parametrize("spec", SPEC, ids=lambda spec: spec.name)
def test_the_class_conforms_to_the_spec(spec: SpecClass):
    fields = attrs.fields(getattr(models, spec.name))
    names = [f.name for f in fields]
    assert [f.name for f in spec.fields] == names[: len(spec.fields)]
    for extra in fields[len(spec.fields) :]:
        assert extra.default is None, f"{extra.name} is added, so it must be optional"
    for spec_field, field in zip(spec.fields, fields):
        required = spec_field.required and (spec.name, spec_field.name) not in MADE_OPTIONAL
        assert required == (field.default is attrs.NOTHING), spec_field.name
        assert literal_values(spec_field.type) <= one_of_values(field.validator), spec_field.name
