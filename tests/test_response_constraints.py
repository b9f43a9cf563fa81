"""What a response is judged by, as README and docs/structuring.md say, on either backend.

Every class a response reaches checks types, enum values, required members and
text free of NUL and lone surrogates.  Lengths, patterns and ranges of the model
hold only in classes that a request reaches too (``ImageIdentifierTypeDef`` is
part of ``BatchGetImage``'s request), wherever their objects come from.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from samples import instance

import ecr_attrs
from codegen.__main__ import FACTS_PATH, SPEC_PATH
from codegen.model import all_classes
from codegen.render import Planner
from codegen.spec import parse_spec
from ecr_attrs import StructureError, structure, unstructure

FACTS = json.loads(FACTS_PATH.read_text(encoding="utf-8"))
PLANNER = Planner(all_classes(parse_spec(SPEC_PATH), FACTS), FACTS)


def reached_from(roles: tuple[str, ...]) -> set[str]:
    roots = [name for name, facts in FACTS["classes"].items() if facts["role"] in roles]
    seen: set[str] = set()
    while roots:
        name = roots.pop()
        if name not in seen:
            seen.add(name)
            roots.extend(n for fld in PLANNER.classes[name].fields for n in fld.type.class_names())
    return seen


IN_RESPONSES = reached_from(("output",))
IN_REQUESTS = reached_from(("input", "paginate", "wait"))


def beyond_the_model(member: dict[str, Any]) -> Iterator[Any]:
    """Values of the member's type that break one of its model constraints."""
    if member["type"] == "string" and "enum" not in member:
        if "max" in member:
            yield "a" * (member["max"] + 1)
        if member.get("min", 0) > 1:
            yield "a" * (member["min"] - 1)
        if "pattern" in member:
            yield "!"
    if member["type"] in ("integer", "long"):
        if "max" in member:
            yield member["max"] + 1
        if "min" in member:
            yield member["min"] - 1


def cases() -> Iterator[Any]:
    for name in sorted(IN_RESPONSES):
        for field, member in FACTS["classes"][name]["members"].items():
            for value in beyond_the_model(member):
                yield pytest.param(name, field, value, id=f"{name}.{field}={str(value)[:12]}")


def test_the_documented_split_is_the_one_the_generator_makes():
    assert PLANNER.in_request == IN_REQUESTS
    shared = IN_RESPONSES & IN_REQUESTS
    assert "ImageIdentifierTypeDef" in shared and "TagTypeDef" in shared
    assert "ImageDetailTypeDef" not in shared and "RepositoryTypeDef" not in shared
    assert (len(shared), len(IN_RESPONSES - IN_REQUESTS)) == (14, 102)  # README's figures


@pytest.mark.parametrize(("name", "field", "value"), list(cases()))
def test_model_constraints_hold_in_a_response_only_where_a_request_reaches(name, field, value):
    cls = getattr(ecr_attrs, name)
    data = {**unstructure(instance(cls, full=False)), field: value}
    if name in IN_REQUESTS:
        with pytest.raises(StructureError) as caught:
            structure(data, cls)
        assert [p.path for p in caught.value.problems] == [f"$.{field}"]
    else:
        assert getattr(structure(data, cls), field) == value


@pytest.mark.parametrize("name", sorted(IN_RESPONSES))
def test_every_class_of_a_response_refuses_nul_in_its_text(name):
    cls = getattr(ecr_attrs, name)
    texts = [
        f for f, m in FACTS["classes"][name]["members"].items() if m["type"] == "string" and "enum" not in m
    ]
    for field in texts:
        data = {**unstructure(instance(cls, full=False)), field: "a\u0000b"}
        with pytest.raises(StructureError) as caught:
            structure(data, cls)
        assert [p.path for p in caught.value.problems] == [f"$.{field}"]
