"""``python -m benchmarks.client_overhead``: what ECRClient adds per call over plain boto3.

Both call the same boto3 client with botocore's Stubber answering, so the
network is out of the picture and what is left is boto3's own per-call work
(parameter validation, events, the stub) plus, for ECRClient, building the
request object, unstructuring it and structuring the response.  Rounds
alternate between the contenders so machine noise falls on all of them.
The second group sends nested values (``imageIds`` and ``filter``): as boto3's
mappings, which the client validates strictly on the way in, or as objects.
Prints one line per contender and the ratio to plain boto3; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from botocore.stub import Stubber

from ecr_attrs import (
    DescribeImagesFilterTypeDef,
    DescribeImagesRequestRequestTypeDef,
    ECRClient,
    ImageIdentifierTypeDef,
)
from ecr_attrs.testing import offline_client

RESPONSE = {
    "imageDetails": [
        {
            "registryId": "123456789012",
            "repositoryName": "team/web",
            "imageDigest": "sha256:" + f"{i:064x}",
            "imageTags": [f"v1.{i}.0"],
            "imageSizeInBytes": 48_213_004 + i,
            "imageScanStatus": {"status": "COMPLETE"},
        }
        for i in range(10)
    ]
}


def measure(call: Callable[[], Any], stubber: Stubber, calls: int) -> float:
    """Seconds per call for ``calls`` calls, each answered by the stub."""
    for _ in range(calls):
        stubber.add_response("describe_images", RESPONSE)
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.client_overhead", description=__doc__)
    parser.add_argument("--calls", type=int, default=500, help="calls per round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    raw = offline_client()
    client = ECRClient(raw)
    request = DescribeImagesRequestRequestTypeDef(repositoryName="team/web")
    image, tagged = ImageIdentifierTypeDef(imageTag="v1.0.0"), DescribeImagesFilterTypeDef(tagStatus="TAGGED")
    nested = DescribeImagesRequestRequestTypeDef(repositoryName="team/web", imageIds=[image], filter=tagged)
    contenders: dict[str, Callable[[], Any]] = {
        "plain boto3: raw.describe_images(repositoryName=...)": lambda: raw.describe_images(
            repositoryName="team/web"
        ),
        "ECRClient, keywords": lambda: client.describe_images(repositoryName="team/web"),
        "ECRClient, request object": lambda: client.describe_images(request),
        "plain boto3, nested mappings": lambda: raw.describe_images(
            repositoryName="team/web", imageIds=[{"imageTag": "v1.0.0"}], filter={"tagStatus": "TAGGED"}
        ),
        "ECRClient, nested mappings": lambda: client.describe_images(
            repositoryName="team/web", imageIds=[{"imageTag": "v1.0.0"}], filter={"tagStatus": "TAGGED"}
        ),
        "ECRClient, nested objects": lambda: client.describe_images(
            repositoryName="team/web", imageIds=[image], filter=tagged
        ),
        "ECRClient, nested request object": lambda: client.describe_images(nested),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    with Stubber(raw) as stubber:
        for name, call in contenders.items():  # warm up: caches, lazy class loading
            measure(call, stubber, 20)
        for _ in range(args.rounds):
            for name, call in contenders.items():
                times[name].append(measure(call, stubber, args.calls))
    base = statistics.median(times[next(iter(contenders))])
    print(f"describe_images with a 10-image response, Stubber answering; median of {args.rounds} rounds")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:55} {median * 1e6:8.1f} µs/call  {median / base:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
