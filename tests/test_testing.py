"""ecr_attrs.testing and its pytest fixtures: what a test of code that takes an ECRClient needs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from botocore.exceptions import StubAssertionError
from hypothesis import given, settings
from hypothesis import strategies as st

import ecr_attrs as ecr
from ecr_attrs import ECRClient
from ecr_attrs.exceptions import ECRServiceError, InvalidLayerPartException, RepositoryNotFoundException
from ecr_attrs.testing import ECRStubber


def newest_tags(client: ECRClient, repository: str) -> tuple[str, ...]:
    """Code under test: the tags of the image pushed last."""
    details = client.describe_images(repositoryName=repository).imageDetails
    pushed = [d for d in details if d.imagePushedAt is not None]
    return max(pushed, key=lambda d: d.imagePushedAt).imageTags or () if pushed else ()


def test_the_fixtures_come_from_the_installed_plugin(ecr_stub, ecr_client):
    assert isinstance(ecr_client, ECRClient) and ecr_stub.client is ecr_client
    ecr_stub.add_response(
        ecr.DescribeImagesResponseTypeDef(imageDetails=[]),
        expected=ecr.DescribeImagesRequestRequestTypeDef(repositoryName="web"),
    )
    assert newest_tags(ecr_client, "web") == ()
    ecr_stub.assert_no_pending_responses()


@pytest.mark.ecr_stub_allow_pending  # the refused call leaves its response queued
def test_the_expected_request_is_checked(ecr_stub, ecr_client):
    ecr_stub.add_response(
        ecr.DescribeImagesResponseTypeDef(imageDetails=[]),
        expected=ecr.DescribeImagesRequestRequestTypeDef(repositoryName="web"),
    )
    with pytest.raises(StubAssertionError, match="repositoryName"):
        newest_tags(ecr_client, "api")


@settings(max_examples=25, deadline=None)
@given(st.from_type(ecr.DescribeImagesResponseTypeDef))
def test_newest_tags_belong_to_the_image_pushed_last(response):
    with ECRStubber() as stub:
        stub.add_response(response)
        tags = newest_tags(stub.client, "web")
    latest = max((d.imagePushedAt for d in response.imageDetails if d.imagePushedAt), default=None)
    assert tags == () or any(d.imageTags == tags and d.imagePushedAt == latest for d in response.imageDetails)


def test_an_operation_without_output_is_named(ecr_stub, ecr_client):
    request = ecr.UntagResourceRequestRequestTypeDef(
        resourceArn="arn:aws:ecr:us-east-1:1:repository/web", tagKeys=["k"]
    )
    ecr_stub.add_response(None, expected=request)  # the request's class tells the operation
    assert ecr_client.untag_resource(request) is None
    with pytest.raises(TypeError, match="name the operation"):
        ecr_stub.add_response(None)
    ecr_stub.add_response(None, operation="tag_resource")
    assert ecr_client.tag_resource(resourceArn="arn:aws:ecr:us-east-1:1:repository/web", tags=[]) is None


def test_a_queued_error_raises_its_class_with_its_fields(ecr_stub, ecr_client):
    fields = ecr.InvalidLayerPartExceptionTypeDef(
        uploadId="0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90",
        lastValidByteReceived=99,
        message="gap before byte 100",
    )
    ecr_stub.add_error(InvalidLayerPartException, fields, operation="upload_layer_part")
    with pytest.raises(InvalidLayerPartException) as caught:
        ecr_client.upload_layer_part(
            repositoryName="web",
            uploadId=fields.uploadId,
            partFirstByte=200,
            partLastByte=299,
            layerPartBlob=b".",
        )
    assert caught.value.shape == fields and caught.value.message == "gap before byte 100"


def test_errors_without_fields_and_unmodeled_codes(ecr_stub, ecr_client):
    request = ecr.DescribeRepositoriesRequestRequestTypeDef(repositoryNames=["web"])
    ecr_stub.add_error(RepositoryNotFoundException, expected=request, message="no web")
    ecr_stub.add_error("ThrottlingException", operation="describe_repositories", http_status=400)
    with pytest.raises(RepositoryNotFoundException, match="no web"):
        ecr_client.describe_repositories(request)
    with pytest.raises(ECRServiceError) as caught:
        ecr_client.describe_repositories()
    assert type(caught.value) is ECRServiceError and caught.value.code == "ThrottlingException"


def test_fields_of_another_error_are_refused(ecr_stub):
    with pytest.raises(TypeError, match="the fields of RepositoryNotFoundException are a RepositoryNotFound"):
        ecr_stub.add_error(
            RepositoryNotFoundException,
            ecr.ImageNotFoundExceptionTypeDef(message="x"),
            operation="describe_images",
        )


USERS_TESTS = """
import pytest

import ecr_attrs as ecr


def queue_listing(stub):
    stub.add_response(ecr.DescribeRepositoriesResponseTypeDef(repositories=[]))


def test_uses_what_it_queued(ecr_stub, ecr_client):
    queue_listing(ecr_stub)
    assert ecr_client.describe_repositories().repositories == ()


def test_leaves_a_response_unused(ecr_stub, ecr_client):
    queue_listing(ecr_stub)
    queue_listing(ecr_stub)
    ecr_client.describe_repositories()


def test_fails_before_its_call(ecr_stub, ecr_client):
    queue_listing(ecr_stub)
    assert False, "the user's own assertion"


@pytest.mark.ecr_stub_allow_pending
def test_leaves_one_on_purpose(ecr_stub):
    queue_listing(ecr_stub)
"""


def test_a_response_left_unused_fails_a_passing_test_at_teardown(tmp_path):
    (tmp_path / "test_users.py").write_text(USERS_TESTS)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
    )
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith("1 failed, 3 passed, 1 error"), done.stdout
    # The test that failed on its own reports only its failure, not the unused response too.
    assert "FAILED test_users.py::test_fails_before_its_call - AssertionError: the user's own" in done.stdout
    assert "ERROR test_users.py::test_leaves_a_response_unused - AssertionError: 1 responses" in done.stdout
