"""AsyncECRClient over a real aiobotocore client against botocore's Stubber.

aiobotocore pins an older botocore than the models come from: requests and
responses are fitted to the installed model (members it lacks left out), and the
operations it lacks must fail clearly.
"""

from __future__ import annotations

import asyncio
import copy
import json
from contextlib import asynccontextmanager
from pathlib import Path

import attrs
import botocore.session
import pytest
from aiobotocore.session import AioSession
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import instance

import ecr_attrs
from ecr_attrs import aio, unstructure
from ecr_attrs import exceptions as ecr_errors
from ecr_attrs.aio import AsyncECRClient
from ecr_attrs.strategies import from_type
from ecr_attrs.testing import ECRStubber
from ecr_attrs.values import FrozenDict

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())
OPERATIONS = FACTS["operations"]
WAITERS = FACTS["waiters"]
ERROR_SHAPES = sorted(n for n, c in FACTS["classes"].items() if c["role"] == "error")
MODEL = botocore.session.get_session().get_service_model("ecr")
INSTALLED = set(MODEL.operation_names)
MISSING = sorted(set(OPERATIONS) - INSTALLED)
EXAMPLES = 3
NO_DELAY = ecr_attrs.WaiterConfigTypeDef(Delay=0)


def model(name: str) -> type:
    return getattr(ecr_attrs, name)


@asynccontextmanager
async def offline():
    """A real aiobotocore ECR client; the Stubber answers for it."""
    session = AioSession()
    async with session.create_client(
        "ecr", region_name="us-east-1", aws_access_key_id="stub", aws_secret_access_key="stub"
    ) as raw:
        yield raw


def fit(obj, shape):
    """``obj`` without the members the installed botocore's ``shape`` lacks."""
    if attrs.has(type(obj)):
        changes = {}
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            if value is None or field.name == "ResponseMetadata":
                continue
            member = shape.members.get(field.name)
            changes[field.name] = None if member is None else fit(value, member)
        return attrs.evolve(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(fit(item, shape.member) for item in obj)
    if isinstance(obj, FrozenDict):
        return FrozenDict({key: fit(value, shape.value) for key, value in obj.items()})
    return obj


def as_kwargs(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj)) if getattr(obj, f.name) is not None}


def without_boto3_settings(obj) -> dict:
    params = unstructure(obj)
    params.pop("PaginationConfig", None)
    params.pop("WaiterConfig", None)
    return params


def test_the_async_client_has_the_same_methods_as_the_sync_one():
    from ecr_attrs.client import ECRClient

    methods = {xform_name(op) for op in OPERATIONS}
    assert len(methods) == 62
    for name in methods:
        assert asyncio.iscoroutinefunction(getattr(AsyncECRClient, name)), name
        assert callable(getattr(ECRClient, name))
    assert sorted(aio._PAGINATORS) == sorted(xform_name(op) for op in FACTS["paginators"])
    assert sorted(aio._WAITERS) == sorted(xform_name(name) for name in WAITERS)


def test_aiobotocore_installs_an_older_botocore_than_the_models_come_from():
    assert MODEL.api_version == FACTS["source"]["apiVersion"]
    assert botocore.__version__ != FACTS["source"]["botocore"]
    assert MISSING == [
        "DescribeReplicationBackfillResults",
        "ListReplicationBackfills",
        "StartReplicationBackfill",
        "StopReplicationBackfill",
    ]


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_operation_sends_the_request_and_structures_the_response(operation):
    facts = OPERATIONS[operation]
    method = xform_name(operation)
    examples = []

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def collect(data):
        request = data.draw(from_type(model(facts["input"]))) if facts["input"] else None
        response = data.draw(from_type(model(facts["output"]))) if facts["output"] else None
        examples.append((request, response))

    collect()

    async def check():
        async with offline() as raw:
            client = AsyncECRClient(raw)
            call = getattr(client, method)
            if operation in MISSING:
                with pytest.raises(
                    ecr_errors.UnknownOperationError, match=f"{operation} is not in the ECR model"
                ):
                    await (call(examples[0][0]) if facts["input"] else call())
                return
            op_model = MODEL.operation_model(operation)
            for request, response in examples:
                request = fit(request, op_model.input_shape) if request is not None else None
                response = fit(response, op_model.output_shape) if response is not None else None
                body = unstructure(response) if response is not None else {}
                expected = unstructure(request) if request is not None else {}
                with Stubber(raw) as stubber:
                    stubber.add_response(method, body, expected)
                    stubber.add_response(method, body, expected)
                    if request is None:
                        got = [await call(), await call()]
                    else:
                        got = [await call(request), await call(**as_kwargs(request))]
                    stubber.assert_no_pending_responses()
                assert got == [response, response]

    asyncio.run(check())


# Paginators.


def digest(i: int) -> str:
    return "sha256:" + f"{i:064x}"


PAGES = {
    None: {"imageDetails": [{"imageDigest": digest(0)}, {"imageDigest": digest(1)}], "nextToken": "t1"},
    "t1": {"imageDetails": [{"imageDigest": digest(2)}, {"imageDigest": digest(3)}], "nextToken": "t2"},
    "t2": {"imageDetails": [{"imageDigest": digest(4)}, {"imageDigest": digest(5)}]},
}


def queue_pages(stubber, *tokens):
    for token in tokens or (None, "t1", "t2"):
        expected = {"repositoryName": "web", "maxResults": 2} | ({"nextToken": token} if token else {})
        stubber.add_response("describe_images", copy.deepcopy(PAGES[token]), expected)


def test_async_pages_items_and_a_resumable_merged_result():
    config = ecr_attrs.PaginatorConfigTypeDef(PageSize=2)

    async def check():
        async with offline() as raw:
            paginator = AsyncECRClient(raw).get_paginator("describe_images")
            with Stubber(raw) as stubber:
                queue_pages(stubber)
                pages = [p async for p in paginator.paginate(repositoryName="web", PaginationConfig=config)]
                assert [p.nextToken for p in pages] == ["t1", "t2", None]
                assert all(type(p) is ecr_attrs.DescribeImagesResponseTypeDef for p in pages)

                queue_pages(stubber)
                items = [
                    i.imageDigest
                    async for i in paginator.items(repositoryName="web", PaginationConfig=config)
                ]
                assert items == [digest(i) for i in range(6)]

                queue_pages(stubber, None, "t1")
                first = await paginator.paginate(
                    repositoryName="web",
                    PaginationConfig=ecr_attrs.PaginatorConfigTypeDef(PageSize=2, MaxItems=3),
                ).build_full_result()
                assert [i.imageDigest for i in first.imageDetails] == [digest(i) for i in range(3)]
                queue_pages(stubber, "t1", "t2")
                resume = ecr_attrs.PaginatorConfigTypeDef(PageSize=2, StartingToken=first.nextToken)
                rest = [
                    i.imageDigest
                    async for i in paginator.items(repositoryName="web", PaginationConfig=resume)
                ]
                assert rest == [digest(i) for i in range(3, 6)]
                stubber.assert_no_pending_responses()

    asyncio.run(check())


def test_async_search_gives_what_botocore_search_gives_with_objects_restored():
    config = ecr_attrs.PaginatorConfigTypeDef(PageSize=2)
    expressions = ["imageDetails[]", "imageDetails[].imageDigest", "length(imageDetails)", "nextToken"]

    async def check():
        async with offline() as raw:
            paginator = AsyncECRClient(raw).get_paginator("describe_images")
            with Stubber(raw) as stubber:
                for expression in expressions:
                    queue_pages(stubber)
                    pages = paginator.paginate(repositoryName="web", PaginationConfig=config)
                    ours = [item async for item in pages.search(expression)]
                    queue_pages(stubber)
                    raw_pages = raw.get_paginator("describe_images").paginate(
                        repositoryName="web", PaginationConfig={"PageSize": 2}
                    )
                    theirs = [item async for item in raw_pages.search(expression)]
                    shown = [unstructure(i) if attrs.has(type(i)) else i for i in ours]
                    assert shown == theirs, expression
                    if expression == "imageDetails[]":
                        assert all(type(i) is ecr_attrs.ImageDetailTypeDef for i in ours)
                stubber.assert_no_pending_responses()

    asyncio.run(check())


@pytest.mark.parametrize("name", sorted(aio._PAGINATORS))
def test_every_async_paginator(name):
    async def check():
        async with offline() as raw:
            paginator = AsyncECRClient(raw).get_paginator(name)
            op = paginator.op
            request = instance(model(paginator.request_class), full=False)
            if op.name in MISSING:
                with pytest.raises(ecr_errors.UnknownOperationError):
                    paginator.paginate(request)
                return
            base = fit(instance(model(op.response), full=True), MODEL.operation_model(op.name).output_shape)
            pages = [attrs.evolve(base, nextToken=t) for t in ("p1", "p2", None)]
            with Stubber(raw) as stubber:
                for token, page in zip((None, "p1", "p2"), pages):
                    params = without_boto3_settings(request) | ({"nextToken": token} if token else {})
                    stubber.add_response(op.method, unstructure(page), params)
                assert [p async for p in paginator.paginate(request)] == pages

    asyncio.run(check())


# Waiters.


def waiter_responses(name, *statuses):
    response_cls = model(OPERATIONS[WAITERS[name]["operation"]]["output"])
    base = instance(response_cls, full=False)
    if name == "ImageScanComplete":
        return [
            attrs.evolve(base, imageScanStatus=ecr_attrs.ImageScanStatusTypeDef(status=s)) for s in statuses
        ]
    return [attrs.evolve(base, status=s) for s in statuses]


@pytest.mark.parametrize("name", sorted(WAITERS))
def test_async_waits_return_the_last_response_or_raise_with_it(name):
    request = instance(model(WAITERS[name]["class"]), full=False)
    method = xform_name(WAITERS[name]["operation"])

    async def check():
        async with offline() as raw:
            waiter = AsyncECRClient(raw).get_waiter(xform_name(name))
            with Stubber(raw) as stubber:
                done = waiter_responses(name, "IN_PROGRESS", "COMPLETE")
                failed = waiter_responses(name, "FAILED")
                slow = waiter_responses(name, "IN_PROGRESS", "IN_PROGRESS")
                for response in [*done, *failed, *slow]:
                    stubber.add_response(method, unstructure(response), without_boto3_settings(request))
                assert await waiter.wait(request, WaiterConfig=NO_DELAY) == done[-1]
                with pytest.raises(ecr_errors.WaiterError, match="terminal failure") as caught:
                    await waiter.wait(**as_kwargs(request), WaiterConfig=NO_DELAY)
                assert caught.value.response == failed[-1]
                config = ecr_attrs.WaiterConfigTypeDef(Delay=0, MaxAttempts=2)
                with pytest.raises(ecr_errors.WaiterError, match="Max attempts exceeded") as caught:
                    await waiter.wait(request, WaiterConfig=config)
                assert caught.value.response == slow[-1]
                stubber.assert_no_pending_responses()

    asyncio.run(check())


# Errors.


@pytest.mark.parametrize("shape", ERROR_SHAPES)
def test_every_modeled_error_raises_its_class(shape):
    code = shape.removesuffix("TypeDef")
    operations = [op for op, f in sorted(OPERATIONS.items()) if shape in f["errors"] and op in INSTALLED]
    known = code in MODEL.error_shapes and operations  # else: an error of an operation botocore lacks
    operation = operations[0] if known else "DescribeRegistry"
    fields = instance(model(shape), full=True)
    request_class = OPERATIONS[operation]["input"]

    async def check():
        async with offline() as raw:
            client = AsyncECRClient(raw)
            call = getattr(client, xform_name(operation))
            with Stubber(raw) as stubber:
                modeled = unstructure(fields) if known else None
                stubber.add_client_error(
                    xform_name(operation), code, fields.message, 400, modeled_fields=modeled
                )
                with pytest.raises(ecr_errors.ERRORS[code]) as caught:
                    await (call(instance(model(request_class), full=False)) if request_class else call())
            error = caught.value
            assert isinstance(error, ClientError) and error.code == code and error.message == fields.message
            assert error.shape == (fields if known else model(shape)(message=fields.message))

    asyncio.run(check())


def test_the_stub_of_ecr_attrs_testing_works_on_the_async_client():
    async def check():
        async with offline() as raw:
            client = AsyncECRClient(raw)
            with ECRStubber(client) as stub:
                answer = ecr_attrs.DescribeRepositoriesResponseTypeDef(repositories=[])
                stub.add_response(answer, expected=ecr_attrs.DescribeRepositoriesRequestRequestTypeDef())
                assert await stub.client.describe_repositories() == answer
                stub.add_error(ecr_errors.RepositoryNotFoundException, operation="describe_repositories")
                with pytest.raises(ecr_errors.RepositoryNotFoundException):
                    await stub.client.describe_repositories(repositoryNames=["web"])

    asyncio.run(check())
