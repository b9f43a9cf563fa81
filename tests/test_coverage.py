"""The whole ECR API of the installed botocore has a counterpart here, and nothing AWS sends is dropped.

These tests read botocore's service model directly, not our facts file: when
a botocore release adds an operation, a structure, a member, an enum value or
an error, they fail and name it.  That is how ecr-attrs learns of it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal, get_args, get_origin

import attrs
import botocore.session
import pytest
from botocore import xform_name
from botocore.stub import Stubber
from operations import offline_client, request_params
from samples import FIELD_SAMPLES, PATTERN_SAMPLES

import ecr_attrs
from ecr_attrs import _validators as v
from ecr_attrs import make_converter, models, unstructure

SESSION = botocore.session.get_session()
MODEL = SESSION.get_service_model("ecr")
LOADER = SESSION.get_component("data_loader")
PAGINATORS = LOADER.load_service_model("ecr", "paginators-1")["pagination"]
WAITERS = LOADER.load_service_model("ecr", "waiters-2")["waiters"]
OPERATIONS = [MODEL.operation_model(name) for name in MODEL.operation_names]
BOTO3_FIELDS = {"ResponseMetadata", "PaginationConfig", "WaiterConfig"}


def model_class(name: str) -> type | None:
    return getattr(models, name) if name in models.CLASS_NAMES else None


def unwrap(rule: v.Validator) -> v.Validator:
    return rule.inner if isinstance(rule, v.Nullable) else rule


def structures_of(shape: Any, seen: dict[str, Any]) -> None:
    """Every structure shape under ``shape``, by name."""
    if shape.type_name == "structure":
        if shape.name in seen:
            return
        seen[shape.name] = shape
        for member in shape.members.values():
            structures_of(member, seen)
    elif shape.type_name == "list":
        structures_of(shape.member, seen)
    elif shape.type_name == "map":
        structures_of(shape.key, seen)
        structures_of(shape.value, seen)


def gaps_between(shape: Any, cls: type, skipped: frozenset[str] = frozenset()) -> list[str]:
    """What ``shape`` has that ``cls`` lacks: members, enum values, the class of a structure."""
    fields = {f.name: unwrap(f.validator) for f in attrs.fields(cls)}
    gaps = []
    for name, member in shape.members.items():
        if name in skipped:
            continue
        if name not in fields:
            gaps.append(f"{cls.__name__}.{name}: no field for this member")
            continue
        gaps += [f"{cls.__name__}.{name}{gap}" for gap in value_gaps(member, fields[name])]
    return gaps


def value_gaps(shape: Any, rule: v.Validator) -> list[str]:
    """Where a field's rule cannot hold every value of its member's shape."""
    kind = shape.type_name
    if kind == "list" and isinstance(rule, v.SequenceOf):
        return [f"[]{gap}" for gap in value_gaps(shape.member, rule.element)]
    if kind == "map" and isinstance(rule, v.MappingOf):
        return [f"{{key}}{g}" for g in value_gaps(shape.key, rule.key)] + [
            f"{{}}{g}" for g in value_gaps(shape.value, rule.value)
        ]
    if kind == "structure" and isinstance(rule, v.InstanceOf):
        names = {c.__name__ for c in rule.classes}
        if not names & {f"{shape.name}TypeDef", f"{shape.name}OutputTypeDef"}:
            return [f": holds {sorted(names)}, not a class of structure {shape.name}"]
        return []
    if kind == "string" and shape.enum:
        if not isinstance(rule, v.OneOf):
            return [f": enum {shape.name} is not a Literal here"]
        return [f": lacks {shape.name} value {value!r}" for value in shape.enum if value not in rule.values]
    expected = {
        "string": (v.Text,),
        "integer": (v.Integer,),
        "long": (v.Integer,),
        "float": (v.Number,),
        "double": (v.Number,),
        "boolean": (v.Boolean,),
        "timestamp": (v.Timestamp,),
        "blob": (v.Blob,),
    }.get(kind, ())
    return [] if isinstance(rule, expected) else [f": a {kind} member has rule {rule!r}"]


def test_every_operation_has_its_request_and_response_classes():
    gaps = []
    for op in OPERATIONS:
        for shape, name in (
            (op.input_shape, f"{op.name}RequestRequestTypeDef"),
            (op.output_shape, f"{op.name}ResponseTypeDef"),
        ):
            cls = model_class(name)
            if shape.members and cls is None:
                gaps.append(f"{op.name}: no class {name}")
            elif cls is not None:
                gaps += gaps_between(shape, cls)
    assert gaps == []


def test_every_paginator_and_waiter_has_its_request_class():
    gaps = []
    for operation, config in PAGINATORS.items():
        name = f"{operation}Request{operation}PaginateTypeDef"
        cls = model_class(name)
        skipped = frozenset({config["input_token"], config.get("limit_key", "")})
        if cls is None:
            gaps.append(f"paginator {operation}: no class {name}")
        else:
            gaps += gaps_between(MODEL.operation_model(operation).input_shape, cls, skipped)
            assert "PaginationConfig" in attrs.fields_dict(cls)
    for waiter, config in WAITERS.items():
        name = f"{config['operation']}Request{waiter}WaitTypeDef"
        cls = model_class(name)
        if cls is None:
            gaps.append(f"waiter {waiter}: no class {name}")
        else:
            gaps += gaps_between(MODEL.operation_model(config["operation"]).input_shape, cls)
            assert "WaiterConfig" in attrs.fields_dict(cls)
    assert len(PAGINATORS) == 9 and len(WAITERS) == 2
    assert gaps == []


def test_every_structure_an_operation_reaches_has_a_class_with_every_member():
    reached: dict[str, Any] = {}
    for op in OPERATIONS:
        for shape in (op.input_shape, op.output_shape):
            for member in shape.members.values():
                structures_of(member, reached)
    gaps = []
    for name, shape in reached.items():
        variants = [c for c in (model_class(f"{name}TypeDef"), model_class(f"{name}OutputTypeDef")) if c]
        if not variants:
            gaps.append(f"structure {name}: no class {name}TypeDef")
        for cls in variants:
            gaps += gaps_between(shape, cls)
    assert gaps == []


def test_every_error_shape_has_a_class():
    errors = {s.name: s for op in OPERATIONS for s in op.error_shapes}
    gaps = []
    for name, shape in errors.items():
        cls = model_class(f"{name}TypeDef")
        if cls is None:
            gaps.append(f"error {name}: no class {name}TypeDef")
        else:
            gaps += gaps_between(shape, cls)
    assert len(errors) == 50
    assert gaps == []


def test_short_names_are_the_same_class_objects_and_clash_with_nothing():
    assert set(models.ALIASES).isdisjoint(models.CLASS_NAMES)
    for alias, target in models.ALIASES.items():
        assert getattr(ecr_attrs, alias) is getattr(ecr_attrs, target)
        assert alias in ecr_attrs.__all__
    taking = [op.name for op in OPERATIONS if op.input_shape.members]
    assert {f"{name}RequestTypeDef" for name in taking} <= set(models.ALIASES)


def test_every_class_name_of_the_pydantic_baseline_exists_here():
    """Code written against the baseline 2.x's names finds the same classes here.

    Its ``...UnionTypeDef`` and ``BlobTypeDef`` are type aliases, not classes,
    and its ``...OutputTypeDef`` twins of structures newer than the spec are
    the one class here that serves both directions.
    """
    baseline = pytest.importorskip("aws_resource_validator.pydantic_models.ecr.ecr_classes")
    names = {n for n in dir(baseline) if n.endswith("TypeDef") and n != "BlobTypeDef"}
    missing = sorted(
        n
        for n in names
        if not hasattr(ecr_attrs, n)
        and not n.endswith("UnionTypeDef")
        and not (n.endswith("OutputTypeDef") and hasattr(ecr_attrs, n.replace("OutputTypeDef", "TypeDef")))
    )
    assert missing == []


# -- nothing dropped: every member of every response, at every depth ------------------

WHEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


def full_value(shape: Any, name: str = "") -> Any:
    """A value of ``shape`` with every member present, valid for both botocore and us."""
    kind = shape.type_name
    if kind == "structure":
        return {m: full_value(member, m) for m, member in shape.members.items()}
    if kind == "list":
        return [full_value(shape.member, name)]
    if kind == "map":
        return {full_value(shape.key, "key"): full_value(shape.value, name)}
    if kind == "string":
        if shape.enum:
            return shape.enum[-1]
        if name in FIELD_SAMPLES:
            return FIELD_SAMPLES[name]
        # Output-only patterns are not ours to check (nor botocore's): any text does.
        pattern = shape.metadata.get("pattern")
        if pattern in PATTERN_SAMPLES:
            return PATTERN_SAMPLES[pattern]
        low, high = shape.metadata.get("min", 1), shape.metadata.get("max", 64)
        return ("value-of-" + name + "-" * low)[: max(low, min(high, 24))]
    if kind in ("integer", "long"):
        return max(shape.metadata.get("min", 0), 1)
    if kind in ("float", "double"):
        return 2.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return WHEN
    if kind == "blob":
        return b"blob"
    raise TypeError(f"no value for a {kind} shape")


RESPONSES = [op for op in OPERATIONS if op.output_shape.members]


@pytest.fixture(scope="module")
def strict():
    return make_converter(forbid_extra_keys=True)


@pytest.mark.parametrize("op", RESPONSES, ids=lambda op: op.name)
def test_a_response_with_every_member_loses_nothing(op, strict):
    response = full_value(op.output_shape)
    client = offline_client()
    with Stubber(client) as stubber:  # botocore's own check that the response fits its model
        stubber.add_response(xform_name(op.name), response)
        got = getattr(client, xform_name(op.name))(**request_params(op.name))
    got.pop("ResponseMetadata", None)
    obj = strict.structure(got, getattr(ecr_attrs, f"{op.name}ResponseTypeDef"))
    assert unstructure(obj) == response


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.input_shape.members], ids=lambda op: op.name)
def test_a_request_with_every_member_is_accepted_and_kept(op, strict):
    params = full_value(op.input_shape)
    obj = strict.structure(params, getattr(ecr_attrs, f"{op.name}RequestRequestTypeDef"))
    assert unstructure(obj) == params


def test_every_enum_of_the_model_is_a_literal_named_after_it():
    enums = {
        name: shape["enum"] for name, shape in MODEL._shape_resolver._shape_map.items() if "enum" in shape
    }
    gaps = []
    for name, values in enums.items():
        alias = getattr(models, name, None)
        if alias is None or get_origin(alias) is not Literal:
            gaps.append(f"enum {name}: no Literal ecr_attrs.models.{name}")
        else:
            gaps += [f"enum {name}: lacks {value!r}" for value in values if value not in get_args(alias)]
    assert len(enums) == 30
    assert gaps == []
