"""``python -m benchmarks.end_to_end``: ``describe_images`` of 100 images, botocore parsing a real body.

A ``before-send`` handler answers each call with the HTTP body ECR sends
(epoch timestamps), so botocore's whole path runs (serializing, events,
parsing) without a network.  Plain boto3 and ECRClient (with each installed
backend), each with botocore's default parser and with
``ecr_attrs.fastparse.fast_timestamps``; rounds alternate so machine noise
falls on all of them.  It asserts nothing.  ``python -m benchmarks`` shows the
same calls as rows of its own.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import botocore.session
from botocore.awsrequest import AWSResponse

from benchmarks.data import Payloads, body_of
from ecr_attrs import ECRClient, make_converter
from ecr_attrs.fastparse import fast_timestamps

PLAIN = "plain boto3"
PARSERS = ("default parser", "fast_timestamps")


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


def backends() -> dict[str, Any]:
    """ECRClient's converter per installed backend, by the benchmark's contender label."""
    from ecr_attrs import _accel

    out = {"ecr-attrs": make_converter(speedups=False)}
    if _accel.speedups() is not None:
        out["ecr-attrs + speedups"] = make_converter()
    return out


def calls(images: int) -> dict[tuple[str, str], Callable[[], Any]]:
    """``describe_images`` by (who calls, which parser): plain boto3, then ECRClient per backend."""
    body = body_of(Payloads().describe_images(images))
    raws = {parser: client(body, fast=parser == "fast_timestamps") for parser in PARSERS}
    converters = backends()
    out: dict[tuple[str, str], Callable[[], Any]] = {}
    for parser, raw in raws.items():
        out[PLAIN, parser] = partial(raw.describe_images, repositoryName="team/web")
        for label, converter in converters.items():
            typed = ECRClient(raw, converter=converter)
            out[f"ECRClient, {label}", parser] = partial(typed.describe_images, repositoryName="team/web")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.end_to_end", description=__doc__)
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--calls", type=int, default=50, help="calls per round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    contenders = {f"{who}, {parser}": call for (who, parser), call in calls(args.images).items()}
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
        print(f"{name:50} {median * 1e6:9.1f} µs/call  {median / base:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
