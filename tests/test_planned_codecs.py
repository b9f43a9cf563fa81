"""The converters structure what the generator writes for any service, not only ECR's kinds.

Two packages are generated into a scratch directory and imported:

* dynamodb: ``AttributeValue`` holds itself (``L`` and ``M``), items are
  mappings of objects, batch requests are mappings of lists of mappings;
* s3vectors: the smallest service with both a ``document`` (a vector's
  ``metadata``, in requests and responses) and a ``union`` (``VectorData``).

Every class of both is round-tripped through every converter, every request
is checked by botocore's ParamValidator, and responses come from botocore's
own JSON parser.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

import attrs
import botocore.parsers
import botocore.session
import botocore.validate
import pytest
from hypothesis import HealthCheck, given, settings

from codegen.__main__ import render_service
from codegen.plan import facts_of
from codegen.service import derived_config
from ecr_attrs._compile import Codec
from ecr_attrs.converters import make_converter, make_json_converter
from ecr_attrs.errors import StructureError
from ecr_attrs.strategies import from_type
from ecr_attrs.values import FrozenDict

SERVICES = {"dynamodb": "planned_dynamodb", "s3vectors": "planned_s3vectors"}

CONVERTERS = {
    "boto3": make_converter(speedups=False),
    "boto3 strict": make_converter(forbid_extra_keys=True),
    "boto3 keeping": make_converter(keep_unknown_keys=True),
    "json": make_json_converter(),
    "json strict": make_json_converter(forbid_extra_keys=True),
    "json keeping": make_json_converter(keep_unknown_keys=True),
}
boto3, json_mode = CONVERTERS["boto3"], CONVERTERS["json"]


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """Each service's generated ``models`` and ``client`` modules, by botocore name."""
    root = tmp_path_factory.mktemp("planned_codecs")
    for name, package in SERVICES.items():
        service = attrs.evolve(derived_config(name, name), package=package)
        for path, text in render_service(service, facts_of(service)).items():
            target = root / package / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (root / package / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        yield {
            name: (importlib.import_module(f"{p}.models"), importlib.import_module(f"{p}.client"))
            for name, p in SERVICES.items()
        }
    finally:
        sys.path.remove(str(root))


def operations(client: Any) -> dict[str, str]:
    """Request class name -> botocore operation name, read off the generated client."""
    found = {}
    for value in vars(client).values():
        if type(value).__name__ == "Op" and value.request is not None:
            found[value.request] = value.name
    return found


def round_trips(cls: type, shape: Any) -> None:
    """Hypothesis's instances of ``cls`` survive every converter; as a request, botocore takes them."""
    validator = botocore.validate.ParamValidator()

    @settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(from_type(cls))
    def check(obj):
        for mode, converter in CONVERTERS.items():
            data = converter.unstructure(obj)
            if mode.startswith("json"):
                data = json.loads(json.dumps(data))
            assert converter.structure(data, cls) == obj, mode
        if shape is not None:
            report = validator.validate(boto3.unstructure(obj), shape)
            assert not report.has_errors(), report.generate_report()

    check()


@pytest.mark.parametrize("name", SERVICES)
def test_every_class_round_trips_and_every_request_passes_botocore(planned, name):
    models, client = planned[name]
    model = botocore.session.get_session().get_service_model(name)
    requests = operations(client)
    checked = {"classes": 0, "requests": 0}
    for class_name in sorted(models.CLASS_NAMES):
        shape = model.operation_model(requests[class_name]).input_shape if class_name in requests else None
        round_trips(getattr(models, class_name), shape)
        checked["classes"] += 1
        checked["requests"] += shape is not None
    assert checked == {"classes": len(models.CLASS_NAMES), "requests": len(requests)}
    # An operation whose input has no member takes no request object.
    takes_input = [o for o in model.operation_names if model.operation_model(o).input_shape.members]
    assert checked["requests"] == len(takes_input)


# dynamodb: a class that holds itself, mappings of objects.


def parsed(service: str, operation: str, body: dict[str, Any]) -> dict[str, Any]:
    """A response body as boto3 hands it over: through botocore's own JSON parser."""
    model = botocore.session.get_session().get_service_model(service)
    output = model.operation_model(operation).output_shape
    response = {"status_code": 200, "headers": {}, "body": json.dumps(body).encode()}
    result = botocore.parsers.create_parser(model.metadata["protocol"]).parse(response, output)
    result.pop("ResponseMetadata", None)
    return result


NESTED_ITEM = {
    "Item": {
        "pk": {"S": "ünïcode-κλειδί"},
        "tags": {"L": [{"S": "a"}, {"M": {"deep": {"L": [{"N": "1.5"}, {"NULL": True}]}}}]},
        "blob": {"B": "AAEC"},
    }
}


def test_a_class_that_holds_itself_compiles_and_structures_at_any_depth(planned):
    models = planned["dynamodb"][0]
    codec = Codec(strict=False, json=False)
    codec.structure_fn(models.AttributeValueTypeDef)  # builds its own function first, then the rest
    response = parsed("dynamodb", "GetItem", NESTED_ITEM)
    item = boto3.structure(response, models.GetItemResponseTypeDef).Item
    assert type(item) is FrozenDict
    deep = item["tags"].L[1].M["deep"].L
    assert deep == (models.AttributeValueTypeDef(N="1.5"), models.AttributeValueTypeDef(NULL=True))
    assert item["blob"].B == b"\x00\x01\x02"
    assert boto3.unstructure(boto3.structure(response, models.GetItemResponseTypeDef)) == response


def test_a_problem_deep_in_a_recursive_value_is_reported_at_its_path(planned):
    models = planned["dynamodb"][0]
    response = parsed("dynamodb", "GetItem", NESTED_ITEM)
    response["Item"]["tags"]["L"][1]["M"]["deep"]["L"][0]["N"] = 15
    response["Item"]["pk"] = "not an object"
    with pytest.raises(StructureError) as refused:
        boto3.structure(response, models.GetItemResponseTypeDef)
    assert [(p.path, p.reason) for p in refused.value.problems] == [
        # AttributeValue holds blobs, so what it was given is only described.
        ("$.Item.pk", "expected an object (AttributeValueTypeDef), got a str of 13 characters"),
        ("$.Item.tags.L[1].M.deep.L[0].N", "expected str, got 15"),
    ]


def test_a_mapping_of_lists_of_mappings_of_objects_structures_and_passes_botocore(planned):
    models = planned["dynamodb"][0]
    request = {
        "RequestItems": {
            "tâble": [
                {"PutRequest": {"Item": {"pk": {"S": "1"}, "n": {"NS": ["1", "2"]}}}},
                {"DeleteRequest": {"Key": {"pk": {"S": "2"}}}},
            ]
        }
    }
    cls = models.BatchWriteItemRequestRequestTypeDef
    obj = boto3.structure(request, cls)
    assert obj.RequestItems["tâble"][1].DeleteRequest.Key["pk"].S == "2"
    assert boto3.unstructure(obj) == request
    assert json_mode.structure(json.loads(json.dumps(json_mode.unstructure(obj))), cls) == obj
    model = botocore.session.get_session().get_service_model("dynamodb")
    report = botocore.validate.ParamValidator().validate(
        boto3.unstructure(obj), model.operation_model("BatchWriteItem").input_shape
    )
    assert not report.has_errors()


# s3vectors: documents and a union.


def vectors_response(data: dict[str, Any]) -> dict[str, Any]:
    metadata = {"genre": "drâma", "year": 1999, "cast": ["a", {"b": None}], "score": 0.5, "ok": True}
    return parsed("s3vectors", "GetVectors", {"vectors": [{"key": "k1", "data": data, "metadata": metadata}]})


def test_a_document_is_held_frozen_and_given_back_as_lists_and_dicts(planned):
    models = planned["s3vectors"][0]
    response = vectors_response({"float32": [0.25, 1.0]})
    for converter in (boto3, json_mode, CONVERTERS["boto3 strict"]):
        vector = converter.structure(response, models.GetVectorsResponseTypeDef).vectors[0]
        assert vector.metadata == FrozenDict(
            {"genre": "drâma", "year": 1999, "cast": ("a", FrozenDict({"b": None})), "score": 0.5, "ok": True}
        )
        assert type(vector.metadata["cast"]) is tuple
        back = converter.unstructure(vector)
        assert back["metadata"] == response["vectors"][0]["metadata"]
        assert type(back["metadata"]) is dict and type(back["metadata"]["cast"]) is list
    response["vectors"][0]["metadata"]["cast"].append("changed afterwards")
    assert vector.metadata["cast"] == ("a", FrozenDict({"b": None}))


def test_a_document_that_is_no_json_value_is_refused_at_its_path(planned):
    models = planned["s3vectors"][0]
    response = vectors_response({"float32": [0.25]})
    response["vectors"][0]["metadata"]["cast"][1]["b"] = {1, 2}
    with pytest.raises(StructureError) as refused:
        boto3.structure(response, models.GetVectorsResponseTypeDef)
    assert [(p.path, p.reason) for p in refused.value.problems] == [
        ("$.vectors[0].metadata.cast[1].b", "expected a JSON value, got a set of 2 items")
    ]


def test_a_union_of_an_unknown_variant_keeps_its_tag_and_gives_it_back(planned):
    """botocore's parser gives a variant its model lacks as ``SDK_UNKNOWN_MEMBER``."""
    models = planned["s3vectors"][0]
    response = vectors_response({"float64": [0.25]})
    assert response["vectors"][0]["data"] == {"SDK_UNKNOWN_MEMBER": {"name": "float64"}}
    for converter in (boto3, json_mode, CONVERTERS["boto3 keeping"]):
        data = converter.structure(response, models.GetVectorsResponseTypeDef).vectors[0].data
        assert data.float32 is None
        assert converter.unstructure(data) == {"SDK_UNKNOWN_MEMBER": {"name": "float64"}}
    with pytest.raises(StructureError) as refused:
        CONVERTERS["boto3 strict"].structure(response, models.GetVectorsResponseTypeDef)
    assert [(p.path, p.reason) for p in refused.value.problems] == [
        ("$.vectors[0].data.SDK_UNKNOWN_MEMBER", "unknown key")
    ]


def test_a_union_with_no_member_and_no_other_key_is_refused(planned):
    models = planned["s3vectors"][0]
    for converter in CONVERTERS.values():
        with pytest.raises(StructureError) as refused:
            converter.structure({}, models.VectorDataTypeDef)
        assert [(p.path, p.reason) for p in refused.value.problems] == [
            ("$", "a union takes exactly one member")
        ]


def test_a_union_with_a_member_ignores_a_key_beside_it_when_lenient(planned):
    models = planned["s3vectors"][0]
    data = boto3.structure({"float32": [1.0], "float64": [2.0]}, models.VectorDataTypeDef)
    assert data.float32 == (1.0,)
    assert boto3.unstructure(data) == {"float32": [1.0]}


def test_a_package_generated_elsewhere_is_known_by_its_shape_and_a_subclass_is_not(planned):
    from ecr_attrs._compile import is_generated

    models = planned["s3vectors"][0]

    @attrs.frozen
    class Mine(models.VectorDataTypeDef):
        pass

    assert is_generated(models.VectorDataTypeDef)
    assert not is_generated(Mine)
