"""Requests as boto3 takes them: every model-typed field of a client call may be the
object or a plain mapping in boto3's shape (or a list of either), mixed at any depth.

botocore's Stubber is the oracle: its ``expected_params`` check that the mapping
form, the object form and any mix of the two send the same parameters, and a
call it was not told about fails differently from one refused before sending.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import attrs
import pytest
from botocore import xform_name
from botocore.stub import Stubber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from operations import offline_client

import ecr_attrs
from ecr_attrs import ECRClient, UnknownValue, unstructure
from ecr_attrs.errors import RequestError
from ecr_attrs.models import BaseValidatorModel
from ecr_attrs.strategies import from_type

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())
OPERATIONS = {op: o for op, o in FACTS["operations"].items() if o["input"]}
ARN = "arn:aws:ecr:us-east-1:123456789012:repository/web"


@st.composite
def mixed(draw, value):
    """``value`` with any of the objects in it, at any depth, replaced by its mapping."""
    if isinstance(value, BaseValidatorModel):
        fields = {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}
        if not draw(st.booleans()):
            return value
        return {k: draw(mixed(v)) for k, v in fields.items() if v is not None}
    if isinstance(value, tuple):
        return [draw(mixed(item)) for item in value]
    return value


def keywords(request) -> dict:
    return {
        f.name: getattr(request, f.name)
        for f in attrs.fields(type(request))
        if getattr(request, f.name) is not None
    }


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_mappings_objects_and_any_mix_send_the_same_parameters(operation):
    facts = OPERATIONS[operation]
    method = xform_name(operation)
    raw = offline_client()
    client = ECRClient(raw)
    responses = from_type(getattr(ecr_attrs, facts["output"])) if facts["output"] else st.none()

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data):
        request = data.draw(from_type(getattr(ecr_attrs, facts["input"])))
        response = data.draw(responses)
        body = unstructure(response) if response is not None else {}
        expected = unstructure(request)
        as_dicts = unstructure(request)  # every object at every depth a mapping, as boto3 takes it
        some = {name: data.draw(mixed(value)) for name, value in keywords(request).items()}
        with Stubber(raw) as stubber:
            for _ in range(2):
                stubber.add_response(method, body, expected)
            got = [getattr(client, method)(**as_dicts), getattr(client, method)(**some)]
            stubber.assert_no_pending_responses()
        assert got == [response, response]

    check()


def refusal(call, *args, **kwargs) -> str:
    """What a call refused before sending says (pytest's ``match`` reads an exception group's title only)."""
    with pytest.raises(RequestError) as caught:
        result = call(*args, **kwargs)
        list(result) if hasattr(result, "__iter__") else None
    return str(caught.value)


@pytest.fixture
def stubbed():
    raw = offline_client()
    with Stubber(raw) as stubber:  # nothing queued: a request that reached botocore fails differently
        yield ECRClient(raw), stubber


TYPOS = [
    (
        "create_repository",
        {"repositoryName": "web", "imageScanningConfiguration": {"scanOnPushh": True}},
        ["create_repository: $.imageScanningConfiguration.scanOnPushh: unknown key"],
    ),
    (
        "create_repository",
        {"repositoryName": "web", "tags": [{"Key": "team", "Valeu": "platform"}]},
        [
            "create_repository: $.tags[0].Value: required field missing",
            "create_repository: $.tags[0].Valeu: unknown key",
        ],
    ),
    (
        "create_repository",
        {"repositoryName": "web", "imageTagMutability": "IMMUTABEL"},
        ["create_repository: $.imageTagMutability: 'IMMUTABEL' is not one of 'IMMUTABLE', 'MUTABLE'"],
    ),
    (
        "describe_images",
        {
            "repositoryName": "web",
            "imageIds": [{"imageTag": "v1"}, {"imagetag": "v2"}],
            "filter": {"tagStatus": "TAGED"},
        },
        [
            "describe_images: $.imageIds[1].imagetag: unknown key",
            "describe_images: $.filter.tagStatus: 'TAGED' is not one of 'ANY', 'TAGGED', 'UNTAGGED'",
        ],
    ),
    (
        "put_replication_configuration",
        {
            "replicationConfiguration": {
                "rules": [
                    {
                        "destinations": [{"region": "eu-west-1", "registryId": "123456789012"}],
                        "repositoryFilters": [{"filter": "team", "filterType": "PREFIX"}],
                    }
                ]
            }
        },
        [
            (
                "put_replication_configuration: $.replicationConfiguration.rules[0].repositoryFilters[0]"
                ".filterType: 'PREFIX' is not one of 'PREFIX_MATCH'"
            )
        ],
    ),
    (
        "tag_resource",
        {
            "resourceArn": ARN,
            "tags": [{"Key": "a", "Value": "b"}, ecr_attrs.TagTypeDef(Key="c", Value="d"), "e=f"],
        },
        ["tag_resource: $.tags[2]: expected an object (TagTypeDef), got 'e=f'"],
    ),
]


@pytest.mark.parametrize(
    ("method", "kwargs", "lines"), TYPOS, ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(TYPOS)]
)
def test_a_typo_at_any_depth_fails_before_sending_with_its_path(stubbed, method, kwargs, lines):
    client, _ = stubbed
    with pytest.raises(RequestError) as caught:
        getattr(client, method)(**kwargs)
    text = str(caught.value)
    for line in lines:
        assert line in text
    assert len(caught.value.problems) == len(lines)
    assert caught.value.operation == method
    # What a constructor raises for a bad argument, so existing handlers still catch it.
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, ValueError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == text


def test_paginator_and_waiter_settings_are_checked_too(stubbed):
    client, _ = stubbed
    paginator = client.get_paginator("describe_images")
    assert refusal(paginator.paginate, repositoryName="web", PaginationConfig={"MaxItem": 1}) == (
        "describe_images: $.PaginationConfig.MaxItem: unknown key"
    )
    request = ecr_attrs.DescribeImagesRequestDescribeImagesPaginateTypeDef(repositoryName="web")
    assert refusal(paginator.items, request, PaginationConfig={"PageSize": "2"}) == (
        "describe_images: $.PaginationConfig.PageSize: expected int, got '2'"
    )
    waiter = client.get_waiter("image_scan_complete")
    config = {"Delay": 0, "MaxAttemps": 1}
    assert refusal(waiter.wait, repositoryName="web", imageId={"imageTag": "v1"}, WaiterConfig=config) == (
        "describe_image_scan_findings: $.WaiterConfig.MaxAttemps: unknown key"
    )


def test_settings_as_mappings_reach_botocore():
    raw = offline_client()
    client = ECRClient(raw)
    page = {"imageDetails": [{"imageDigest": "sha256:" + "ab" * 32}], "nextToken": "more"}
    request = ecr_attrs.DescribeImagesRequestDescribeImagesPaginateTypeDef(repositoryName="web")
    paginator = client.get_paginator("describe_images")
    with Stubber(raw) as stubber:
        stubber.add_response("describe_images", page, {"repositoryName": "web", "maxResults": 2})
        stubber.add_response("describe_images", page, {"repositoryName": "web", "maxResults": 2})
        config = {"MaxItems": 1, "PageSize": 2}
        first = paginator.paginate(repositoryName="web", PaginationConfig=config).build_full_result()
        again = paginator.paginate(request, PaginationConfig=config).build_full_result()
        assert first == again and len(first.imageDetails) == 1 and first.nextToken is not None
        scan = {
            "registryId": "123456789012",
            "repositoryName": "web",
            "imageId": {"imageTag": "v1"},
            "imageScanStatus": {"status": "COMPLETE"},
        }
        stubber.add_response(
            "describe_image_scan_findings", scan, {"repositoryName": "web", "imageId": {"imageTag": "v1"}}
        )
        done = client.get_waiter("image_scan_complete").wait(
            repositoryName="web", imageId={"imageTag": "v1"}, WaiterConfig={"Delay": 0, "MaxAttempts": 1}
        )
        assert done.imageScanStatus.status == "COMPLETE"
        stubber.assert_no_pending_responses()


def test_a_newer_enum_value_is_sent_only_on_purpose(stubbed):
    client, stubber = stubbed
    stubber.add_response("tag_resource", {}, {"resourceArn": ARN, "tags": [{"Key": "k", "Value": "v"}]})
    stubber.add_response(
        "put_image_tag_mutability",
        {"registryId": "123456789012", "repositoryName": "web", "imageTagMutability": "IMMUTABLE_SOMEDAY"},
        {"repositoryName": "web", "imageTagMutability": "IMMUTABLE_SOMEDAY"},
    )
    client.tag_resource(resourceArn=ARN, tags=[{"Key": "k", "Value": "v"}])
    refused = refusal(
        client.put_image_tag_mutability, repositoryName="web", imageTagMutability="IMMUTABLE_SOMEDAY"
    )
    assert "$.imageTagMutability: 'IMMUTABLE_SOMEDAY' is not one of" in refused
    client.put_image_tag_mutability(
        repositoryName="web", imageTagMutability=UnknownValue("IMMUTABLE_SOMEDAY")
    )
    stubber.assert_no_pending_responses()


def test_a_nested_unknown_value_in_a_mapping_is_sent_too(stubbed):
    client, stubber = stubbed
    sent = {"repositoryName": "web", "filter": {"tagStatus": "SOMEDAY"}}
    stubber.add_response("describe_images", {"imageDetails": []}, sent)
    client.describe_images(repositoryName="web", filter={"tagStatus": UnknownValue("SOMEDAY")})
    stubber.assert_no_pending_responses()
