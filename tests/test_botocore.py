"""botocore as the oracle: what we unstructure is what boto3 accepts and returns."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.stub import Stubber
from botocore.validate import validate_parameters

import ecr_attrs
from ecr_attrs import structure, unstructure
from samples import instance

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())["classes"]
MODEL = botocore.session.get_session().get_service_model("ecr")
BOTO3_ONLY = ("PaginationConfig", "WaiterConfig")


def classes_with_role(*roles):
    return [getattr(ecr_attrs, name) for name, facts in FACTS.items() if facts["role"] in roles]


def operation_of(cls):
    return FACTS[cls.__name__]["operation"]


def request_params(operation):
    """Valid parameters for ``operation``, built from its request class (if it takes any)."""
    cls = getattr(ecr_attrs, f"{operation}RequestRequestTypeDef", None)
    return unstructure(instance(cls, full=False)) if cls is not None else {}


@pytest.fixture
def client():
    return boto3.client(
        "ecr", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


def test_every_request_and_response_class_is_tied_to_an_operation():
    assert len(classes_with_role("input", "paginate", "wait")) == 47
    assert len(classes_with_role("output")) == 41
    for cls in classes_with_role("input", "paginate", "wait", "output"):
        assert operation_of(cls) in MODEL.operation_names


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("cls", classes_with_role("input", "paginate", "wait"), ids=lambda c: c.__name__)
def test_botocore_accepts_every_unstructured_request(cls, full):
    params = unstructure(instance(cls, full=full))
    for key in BOTO3_ONLY:
        params.pop(key, None)  # boto3's paginator and waiter take these themselves
    validate_parameters(params, MODEL.operation_model(operation_of(cls)).input_shape)


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("cls", classes_with_role("output"), ids=lambda c: c.__name__)
def test_stubbed_responses_are_accepted_and_structure_back_equal(client, cls, full):
    expected = instance(cls, full=full)
    method = xform_name(operation_of(cls))
    with Stubber(client) as stubber:
        stubber.add_response(method, unstructure(expected))
        got = getattr(client, method)(**request_params(operation_of(cls)))
        stubber.assert_no_pending_responses()
    assert structure(got, cls) == expected


def test_a_paginator_takes_an_unstructured_paginate_request(client):
    request = ecr_attrs.DescribeImagesRequestDescribeImagesPaginateTypeDef(
        repositoryName="web", PaginationConfig=ecr_attrs.PaginatorConfigTypeDef(PageSize=2)
    )
    page = {"imageDetails": [{"imageDigest": "sha256:" + "1" * 64}]}
    with Stubber(client) as stubber:
        stubber.add_response("describe_images", page, {"repositoryName": "web", "maxResults": 2})
        pages = list(client.get_paginator("describe_images").paginate(**unstructure(request)))
    assert [structure(p, ecr_attrs.DescribeImagesResponseTypeDef).imageDetails[0].imageDigest for p in pages] == [
        "sha256:" + "1" * 64
    ]
