"""``python -m benchmarks.end_to_end``: ``describe_images`` of 100 images, botocore parsing a real body.

A ``before-send`` handler answers each call with the HTTP body ECR sends
(epoch timestamps), so botocore's whole path runs (serializing, events,
parsing) without a network.  Plain boto3 and ECRClient, each with botocore's
default parser and with ``ecr_attrs.fastparse.fast_timestamps``; rounds
alternate so machine noise falls on all of them.  It asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import botocore.session
from botocore.awsrequest import AWSResponse

from benchmarks.data import Payloads, body_of
from ecr_attrs import ECRClient
from ecr_attrs.fastparse import fast_timestamps


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **kwargs: Any) -> Any:
        yield self.body


def client(body: bytes, fast: bool) -> Any:
    session = botocore.session.get_session()
    if fast:
        fast_timestamps(session)
    raw = session.create_client(
        "ecr", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    headers = {"x-amzn-requestid": "r-1", "content-type": "application/x-amz-json-1.1"}

    def answer(request: Any, **kwargs: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, headers, _Raw(body))

    raw.meta.events.register("before-send.ecr.DescribeImages", answer)
    return raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.end_to_end", description=__doc__)
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--calls", type=int, default=50, help="calls per round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    body = body_of(Payloads().describe_images(args.images))
    default, fast = client(body, fast=False), client(body, fast=True)
    typed_default, typed_fast = ECRClient(default), ECRClient(fast)
    contenders: dict[str, Callable[[], Any]] = {
        "plain boto3, default parser": lambda: default.describe_images(repositoryName="team/web"),
        "plain boto3, fast_timestamps": lambda: fast.describe_images(repositoryName="team/web"),
        "ECRClient, default parser": lambda: typed_default.describe_images(repositoryName="team/web"),
        "ECRClient, fast_timestamps": lambda: typed_fast.describe_images(repositoryName="team/web"),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for call in contenders.values():
        call()
    for _ in range(args.rounds):
        for name, call in contenders.items():
            start = time.perf_counter()
            for _ in range(args.calls):
                call()
            times[name].append((time.perf_counter() - start) / args.calls)
    base = statistics.median(times[next(iter(contenders))])
    print(
        f"describe_images of {args.images} images, botocore parsing the body; median of {args.rounds} rounds"
    )
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:32} {median * 1e6:9.1f} µs/call  {median / base:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
