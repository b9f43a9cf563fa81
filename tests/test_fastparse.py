"""``fast_timestamps``: a session's new clients give the same instants, in UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import botocore.session
import pytest
from botocore.awsrequest import AWSResponse

from ecr_attrs import DescribeImagesResponseTypeDef, ECRClient
from ecr_attrs.fastparse import fast_timestamps, utc_timestamp

BODY = json.dumps(
    {
        "imageDetails": [
            {
                "repositoryName": "team/web",
                "imageDigest": "sha256:" + "ab" * 32,
                "imagePushedAt": 1_700_000_000.25 + i * 3600,
                "lastRecordedPullTime": 1_735_689_600 + i,
            }
            for i in range(5)
        ]
    }
).encode()


class Raw:
    """What botocore reads an HTTP body from."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **kwargs):
        yield self.body


def answer(request, **kwargs):
    """A before-send handler: the endpoint's answer without a network."""
    headers = {"x-amzn-requestid": "r-1", "content-type": "application/x-amz-json-1.1"}
    return AWSResponse(request.url, 200, headers, Raw(BODY))


def client_of(session):
    client = session.create_client(
        "ecr", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    client.meta.events.register("before-send.ecr.DescribeImages", answer)
    return client


def test_the_instants_stay_and_the_zone_becomes_utc():
    default = client_of(botocore.session.get_session()).describe_images(repositoryName="team/web")
    fast = client_of(fast_timestamps(botocore.session.get_session())).describe_images(
        repositoryName="team/web"
    )
    for slow_image, fast_image in zip(default["imageDetails"], fast["imageDetails"], strict=True):
        for key in ("imagePushedAt", "lastRecordedPullTime"):
            assert fast_image[key].tzinfo is UTC
            assert fast_image[key].timestamp() == slow_image[key].timestamp()
            assert type(slow_image[key].tzinfo).__name__ == "tzlocal"


def test_a_boto3_session_is_accepted_and_ecrclient_structures_the_same_objects():
    session = boto3.Session()
    fast_timestamps(session)
    fast = ECRClient(client_of(session._session)).describe_images(repositoryName="team/web")
    slow = ECRClient(client_of(botocore.session.get_session())).describe_images(repositoryName="team/web")
    assert isinstance(fast, DescribeImagesResponseTypeDef)
    assert fast.imageDetails == slow.imageDetails


@pytest.mark.parametrize(
    "value",
    [
        0,
        1_700_000_000,
        1_700_000_000.5,
        "1700000000",
        "2024-05-01T10:00:00Z",
        "2024-05-01T12:00:00+02:00",
        "Wed, 01 May 2024 10:00:00 GMT",
    ],
)
def test_every_form_botocore_parses_is_the_same_instant_in_utc(value):
    from botocore.utils import parse_timestamp

    parsed = utc_timestamp(value)
    assert parsed.tzinfo is UTC
    assert parsed == parse_timestamp(value)


def test_a_timestamp_out_of_range_for_the_platform_goes_to_botocore():
    far = 253_402_300_800  # the year 10000: beyond datetime
    with pytest.raises((ValueError, OverflowError, OSError)):
        datetime.fromtimestamp(far, UTC)
    with pytest.raises(Exception):  # noqa: B017 - botocore's own error, whichever it raises
        utc_timestamp(far)
