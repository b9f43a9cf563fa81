"""botocore as the oracle: what we unstructure is what boto3 accepts and returns."""

from __future__ import annotations

import pytest
from botocore import xform_name
from botocore.stub import Stubber
from botocore.validate import validate_parameters
from operations import (
    MODEL,
    REQUEST_CLASSES,
    RESPONSE_CLASSES,
    botocore_params,
    input_shape_of,
    method_of,
    offline_client,
    operation_of,
    request_params,
)
from samples import instance

import ecr_attrs
from ecr_attrs import structure, unstructure


@pytest.fixture(scope="module")
def client():
    return offline_client()


def client_can_paginate(operation: str) -> bool:
    return offline_client().can_paginate(xform_name(operation))


def test_every_request_and_response_class_is_tied_to_an_operation():
    operations = [MODEL.operation_model(name) for name in MODEL.operation_names]
    taking = [op for op in operations if op.input_shape.members]
    giving = [op for op in operations if op.output_shape.members]
    paginated = [op for op in taking if client_can_paginate(op.name)]
    assert len(REQUEST_CLASSES) == len(taking) + len(paginated) + len(offline_client().waiter_names)
    assert len(RESPONSE_CLASSES) == len(giving)
    for cls in REQUEST_CLASSES + RESPONSE_CLASSES:
        assert operation_of(cls) in MODEL.operation_names


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("cls", REQUEST_CLASSES, ids=lambda c: c.__name__)
def test_botocore_accepts_every_unstructured_request(cls, full):
    validate_parameters(botocore_params(instance(cls, full=full)), input_shape_of(cls))


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("cls", RESPONSE_CLASSES, ids=lambda c: c.__name__)
def test_stubbed_responses_are_accepted_and_structure_back_equal(client, cls, full):
    expected = instance(cls, full=full)
    with Stubber(client) as stubber:
        stubber.add_response(method_of(cls), unstructure(expected))
        got = getattr(client, method_of(cls))(**request_params(operation_of(cls)))
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
    assert [
        structure(p, ecr_attrs.DescribeImagesResponseTypeDef).imageDetails[0].imageDigest for p in pages
    ] == ["sha256:" + "1" * 64]
