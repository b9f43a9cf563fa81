"""What the client raises when an endpoint's answer is not what the models accept.

A real boto3 client parses crafted HTTP answers from 127.0.0.1 (botocore's
Stubber refuses to queue fields of the wrong type), so botocore's own parser
hands the client what a misbehaving endpoint would make it hand over.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import attrs
import boto3
import cattrs
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from crafted_http import CLIENT_SETTINGS, REQUEST_ID, Endpoint, crafted_endpoint
from operations import FACTS, offline_client
from samples import instance

import ecr_attrs
from ecr_attrs import ECRClient, StructureError, json_converter, unstructure
from ecr_attrs import exceptions as ecr_errors
from ecr_attrs.errors import format_exception

ERROR_SHAPES = sorted(n for n, c in FACTS.items() if c["role"] == "error")
OUTPUT_CLASSES = {c["operation"]: n for n, c in FACTS.items() if c["role"] == "output"}
# JSON values of every other type than the field's, and text the models refuse.
WRONG = {
    str: [5, 2.5, True, ["text"], {"text": "text"}, "nul \u0000 inside"],
    int: ["7", 2.5, True, [7], {"n": 7}],
}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with crafted_endpoint() as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def client(endpoint: Endpoint) -> ECRClient:
    # One attempt: a 500 answer must reach the client as it came, not be retried.
    config = Config(retries={"total_max_attempts": 1})
    return ECRClient(boto3.client("ecr", endpoint_url=endpoint.url, config=config, **CLIENT_SETTINGS))


def field_kind(shape: str, field: str) -> type:
    return {"string": str, "integer": int, "long": int}[FACTS[shape]["members"][field]["type"]]


def error_cases() -> Iterator[Any]:
    for shape in ERROR_SHAPES:
        for field in FACTS[shape]["fields"]:
            for wrong in WRONG[field_kind(shape, field)]:
                yield pytest.param(shape, field, wrong, id=f"{shape}.{field}={wrong!r}")


def status_of(shape: str) -> int:
    return 500 if shape.startswith("Server") else 400


# Item: a malformed error response raises the typed error, keeping the fields that are valid.


@pytest.mark.parametrize("shape", ERROR_SHAPES)
def test_every_modeled_error_keeps_its_valid_fields_beside_a_wrong_one(endpoint, client, shape):
    valid = instance(getattr(ecr_attrs, shape), full=True)
    code = shape.removesuffix("TypeDef")
    for field in FACTS[shape]["fields"]:
        for wrong in WRONG[field_kind(shape, field)]:
            endpoint.error(code, {**unstructure(valid), field: wrong}, status_of(shape))
            with pytest.raises(ecr_errors.ERRORS[code]) as caught:
                client.describe_repositories()
            error = caught.value
            assert isinstance(error, ClientError) and type(error).__name__ == code
            assert error.shape == attrs.evolve(valid, **{field: None}), (field, wrong)
            assert error.dropped_fields == (field,)
            assert [p.path for p in error.shape_error.problems] == [f"$.{field}"]
            if field != "message":
                assert error.message == valid.message
            else:  # botocore's text as it came, or "" when it is no text
                assert error.message == (wrong if isinstance(wrong, str) else "")
            assert (error.code, error.operation_name, error.request_id) == (
                code,
                "DescribeRepositories",
                REQUEST_ID,
            )
            assert error.response[field] == wrong  # botocore's dict keeps what was sent


@pytest.mark.parametrize("shape", ERROR_SHAPES)
def test_every_modeled_error_is_typed_when_every_field_is_wrong(endpoint, client, shape):
    code = shape.removesuffix("TypeDef")
    fields = FACTS[shape]["fields"]
    for column in range(max(len(WRONG[str]), len(WRONG[int]))):
        body = {f: WRONG[field_kind(shape, f)][column % len(WRONG[field_kind(shape, f)])] for f in fields}
        endpoint.error(code, body, status_of(shape))
        with pytest.raises(ecr_errors.ERRORS[code]) as caught:
            client.describe_repositories()
        assert caught.value.shape == getattr(ecr_attrs, shape)()
        assert sorted(caught.value.dropped_fields) == sorted(fields)
        assert isinstance(caught.value.message, str)


def test_a_well_formed_error_drops_nothing(endpoint, client):
    endpoint.error("RepositoryNotFoundException", {"message": "no team/web"})
    with pytest.raises(ecr_errors.RepositoryNotFoundException) as caught:
        client.describe_repositories()
    assert (caught.value.message, caught.value.dropped_fields, caught.value.shape_error) == (
        "no team/web",
        (),
        None,
    )


def test_an_error_code_that_is_not_text_raises_the_base_class():
    error = ClientError({"Error": {"Code": ["RepositoryNotFoundException"], "Message": 5}}, "DescribeImages")
    typed = ecr_errors.ECRServiceError(error.response, error.operation_name)
    assert (typed.code, typed.message, typed.shape) == ("Unknown", "", None)
    from ecr_attrs._runtime import service_error

    assert type(service_error(error, ECRClient(offline_client()))) is ecr_errors.ECRServiceError


# Item: a response the models refuse says that the call succeeded and keeps the response.


def refused(call: Any) -> ecr_errors.ResponseStructureError:
    with pytest.raises(ecr_errors.ResponseStructureError) as caught:
        call()
    error = caught.value
    assert isinstance(error, StructureError) and not isinstance(error, ClientError)
    assert isinstance(error.__cause__, StructureError) and error.__cause__ is error.structure_error
    assert error.problems == error.structure_error.problems
    assert str(error).startswith(f"{error.operation_name} succeeded, but its response does not structure")
    return error


def test_a_put_image_answer_without_its_image_keeps_the_response(endpoint, client):
    endpoint.answer({})
    error = refused(lambda: client.put_image(repositoryName="team/web", imageManifest="{}"))
    assert error.operation_name == "PutImage"
    assert [p.path for p in error.problems] == ["$.image"]
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert error.response["ResponseMetadata"]["RequestId"] == REQUEST_ID
    assert cattrs.transform_error(error, format_exception=format_exception) == [
        "required field missing @ $.image"
    ]


def test_a_listed_image_tag_beyond_the_request_limit_is_refused_with_the_response(endpoint, client):
    # ImageIdentifier is also part of requests (BatchGetImage), so its limits hold in responses too.
    tag = "t" * 301
    endpoint.answer({"imageIds": [{"imageTag": tag}]})
    error = refused(lambda: client.list_images(repositoryName="team/web"))
    assert (error.operation_name, [p.path for p in error.problems]) == (
        "ListImages",
        ["$.imageIds[0].imageTag"],
    )
    assert error.response["imageIds"] == [{"imageTag": tag}]


def test_a_nul_in_response_text_is_refused_with_the_response(endpoint, client):
    endpoint.answer({"repositories": [{"repositoryName": "team\u0000web"}]})
    error = refused(lambda: client.describe_repositories())
    assert [p.path for p in error.problems] == ["$.repositories[0].repositoryName"]
    assert error.response["repositories"][0]["repositoryName"] == "team\u0000web"


def test_the_refusal_pickles_and_copies_with_the_response(endpoint, client):
    endpoint.answer({})
    error = refused(lambda: client.put_image(repositoryName="team/web", imageManifest="{}"))
    for copied in (pickle.loads(pickle.dumps(error)), __import__("copy").copy(error)):
        assert type(copied) is ecr_errors.ResponseStructureError
        assert (copied.operation_name, copied.response, str(copied)) == (
            error.operation_name,
            error.response,
            str(error),
        )
        assert [p.path for p in copied.problems] == [p.path for p in error.problems]


def operations_with_a_required_response_member() -> list[tuple[str, str]]:
    cases = []
    for operation, name in sorted(OUTPUT_CLASSES.items()):
        fields = attrs.fields(getattr(ecr_attrs, name))
        required = [f.name for f in fields if f.default is attrs.NOTHING]
        if required:
            cases.append((operation, required[0]))
    return cases


@pytest.mark.parametrize(("operation", "member"), operations_with_a_required_response_member())
def test_every_operation_names_itself_when_its_response_is_refused(endpoint, client, operation, member):
    answer = json_converter.unstructure(instance(getattr(ecr_attrs, OUTPUT_CLASSES[operation]), full=True))
    answer.pop(member)
    answer.pop("ResponseMetadata", None)
    endpoint.answer(answer)
    method = getattr(client, xform_name(operation))
    request = getattr(ecr_attrs, f"{operation}RequestRequestTypeDef", None)
    error = refused(lambda: method(instance(request, full=False)) if request else method())
    assert error.operation_name == operation
    assert f"$.{member}" in [p.path for p in error.problems]


def test_pages_and_merged_pages_are_refused_with_the_response():
    raw = offline_client()
    paginator = ECRClient(raw).get_paginator("list_images")
    bad = {"imageIds": [{"imageTag": "t" * 301}]}
    with Stubber(raw) as stubber:
        stubber.add_response("list_images", bad)
        assert refused(lambda: list(paginator.paginate(repositoryName="team/web"))).response == bad
        stubber.add_response("list_images", bad)
        merged = refused(lambda: paginator.paginate(repositoryName="team/web").build_full_result())
        assert merged.operation_name == "ListImages" and merged.response["imageIds"] == bad["imageIds"]


def test_the_final_response_of_a_wait_is_refused_with_the_response():
    raw = offline_client()
    waiter = ECRClient(raw).get_waiter("image_scan_complete")
    done = {"imageScanStatus": {"status": "COMPLETE"}, "imageId": {"imageTag": "t" * 301}}
    with Stubber(raw) as stubber:
        stubber.add_response("describe_image_scan_findings", done)
        error = refused(
            lambda: waiter.wait(
                repositoryName="team/web",
                imageId=ecr_attrs.ImageIdentifierTypeDef(imageTag="v1"),
                WaiterConfig=ecr_attrs.WaiterConfigTypeDef(Delay=0),
            )
        )
    assert (error.operation_name, error.response) == ("DescribeImageScanFindings", done)
