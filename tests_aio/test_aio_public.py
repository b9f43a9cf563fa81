"""AsyncECRPublicClient over a real aiobotocore ECR Public client against botocore's Stubber.

As tests_aio/test_aio_client.py does for ECR: every operation, every
paginator, every modeled error.  aiobotocore pins an older botocore than the
models come from, so requests and responses are fitted to the installed
model (members it lacks left out).
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import pickle
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

import ecr_attrs
from ecr_attrs import unstructure
from ecr_attrs.public import aio, models
from ecr_attrs.public import exceptions as errors
from ecr_attrs.public.aio import AsyncECRPublicClient
from ecr_attrs.public.strategies import from_type
from ecr_attrs.public.testing import ECRPublicStubber
from ecr_attrs.values import FrozenDict

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_public_facts.json").read_text())
OPERATIONS = FACTS["operations"]
PAGINATORS = FACTS["paginators"]
ERROR_SHAPES = sorted(n for n, c in FACTS["classes"].items() if c["role"] == "error")
MODEL = botocore.session.get_session().get_service_model("ecr-public")
INSTALLED = set(MODEL.operation_names)
EXAMPLES = 3


def model(name: str) -> type:
    return getattr(models, name)


@asynccontextmanager
async def offline():
    """A real aiobotocore ECR Public client; the Stubber answers for it."""
    session = AioSession()
    async with session.create_client(
        "ecr-public", region_name="us-east-1", aws_access_key_id="stub", aws_secret_access_key="stub"
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


def drawn(strategy):
    """One value of ``strategy`` (the samples of tests/samples.py know ECR's patterns only)."""
    out = []

    @settings(max_examples=1, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        out.append(value)

    collect()
    return out[0]


def as_kwargs(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj)) if getattr(obj, f.name) is not None}


def without_boto3_settings(obj) -> dict:
    params = unstructure(obj)
    params.pop("PaginationConfig", None)
    return params


def test_every_operation_is_a_coroutine_method_and_every_paginator_is_listed():
    assert len(OPERATIONS) == 23
    for operation in OPERATIONS:
        assert inspect.iscoroutinefunction(getattr(AsyncECRPublicClient, xform_name(operation))), operation
    assert sorted(aio._PAGINATORS) == sorted(xform_name(op) for op in PAGINATORS)
    assert aio._WAITERS == {}  # the ecr-public model has no waiters


def test_aiobotocore_botocore_knows_every_public_operation():
    assert MODEL.api_version == FACTS["source"]["apiVersion"]
    assert sorted(OPERATIONS) == sorted(INSTALLED)


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
    op_model = MODEL.operation_model(operation)

    async def check():
        async with offline() as raw:
            call = getattr(AsyncECRPublicClient(raw), method)
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
                if response is not None:
                    assert all(type(g).__module__.startswith("ecr_attrs.public._models.") for g in got)

    asyncio.run(check())


def test_a_public_repository_is_not_an_ecr_one():
    answer = {"repositories": [{"repositoryName": "web", "registryId": "123456789012"}]}

    async def check():
        async with offline() as raw:
            with Stubber(raw) as stubber:
                stubber.add_response("describe_repositories", answer, {})
                got = await AsyncECRPublicClient(raw).describe_repositories()
        (repository,) = got.repositories
        assert type(repository) is models.RepositoryTypeDef
        assert type(repository) is not ecr_attrs.RepositoryTypeDef
        assert repository.repositoryName == "web"

    asyncio.run(check())


# Paginators.


@pytest.mark.parametrize("name", sorted(aio._PAGINATORS))
def test_every_async_paginator_yields_its_pages_and_items(name):
    async def check():
        async with offline() as raw:
            paginator = AsyncECRPublicClient(raw).get_paginator(name)
            op = paginator.op
            (key,) = PAGINATORS[op.name]["result_keys"]
            request = attrs.evolve(drawn(from_type(model(paginator.request_class))), PaginationConfig=None)
            output_shape = MODEL.operation_model(op.name).output_shape
            base = drawn(
                from_type(model(op.response))
                .map(lambda r: fit(r, output_shape))
                .filter(lambda r: getattr(r, key))
            )
            pages = [attrs.evolve(base, nextToken=t) for t in ("p1", "p2", None)]

            def queue(stubber):
                for token, page in zip((None, "p1", "p2"), pages):
                    params = without_boto3_settings(request) | ({"nextToken": token} if token else {})
                    stubber.add_response(op.method, unstructure(page), params)

            with Stubber(raw) as stubber:
                queue(stubber)
                assert [p async for p in paginator.paginate(request)] == pages
                queue(stubber)
                items = [item async for item in paginator.items(request)]
                assert items == [item for page in pages for item in getattr(page, key)]
                assert len(items) == 3 * len(getattr(base, key)) > 0
                stubber.assert_no_pending_responses()

    asyncio.run(check())


def test_async_pages_merge_into_one_resumable_result_and_search_gives_what_botocore_gives():
    def repository(i: int) -> dict:
        return {"repositoryName": f"web-{i}", "registryId": "123456789012"}

    pages = {
        None: {"repositories": [repository(0), repository(1)], "nextToken": "t1"},
        "t1": {"repositories": [repository(2), repository(3)], "nextToken": "t2"},
        "t2": {"repositories": [repository(4)]},
    }

    def queue(stubber, *tokens):
        for token in tokens or (None, "t1", "t2"):
            expected = {"maxResults": 2} | ({"nextToken": token} if token else {})
            stubber.add_response("describe_repositories", copy.deepcopy(pages[token]), expected)

    async def check():
        async with offline() as raw:
            paginator = AsyncECRPublicClient(raw).get_paginator("describe_repositories")
            with Stubber(raw) as stubber:
                queue(stubber, None, "t1")
                config = models.PaginatorConfigTypeDef(PageSize=2, MaxItems=3)
                first = await paginator.paginate(PaginationConfig=config).build_full_result()
                assert type(first) is models.DescribeRepositoriesResponseTypeDef
                assert [r.repositoryName for r in first.repositories] == ["web-0", "web-1", "web-2"]
                queue(stubber, "t1", "t2")
                resume = models.PaginatorConfigTypeDef(PageSize=2, StartingToken=first.nextToken)
                rest = [r.repositoryName async for r in paginator.items(PaginationConfig=resume)]
                assert rest == ["web-3", "web-4"]

                for expression in ("repositories[]", "repositories[].repositoryName", "nextToken"):
                    queue(stubber)
                    ours = [
                        item
                        async for item in paginator.paginate(
                            PaginationConfig=models.PaginatorConfigTypeDef(PageSize=2)
                        ).search(expression)
                    ]
                    queue(stubber)
                    raw_pages = raw.get_paginator("describe_repositories").paginate(
                        PaginationConfig={"PageSize": 2}
                    )
                    theirs = [item async for item in raw_pages.search(expression)]
                    assert [unstructure(i) if attrs.has(type(i)) else i for i in ours] == theirs, expression
                    if expression == "repositories[]":
                        assert all(type(i) is models.RepositoryTypeDef for i in ours)
                stubber.assert_no_pending_responses()

    asyncio.run(check())


def test_an_error_on_a_later_page_is_raised_as_its_class():
    async def check():
        async with offline() as raw:
            paginator = AsyncECRPublicClient(raw).get_paginator("describe_images")
            with Stubber(raw) as stubber:
                stubber.add_response(
                    "describe_images", {"imageDetails": [], "nextToken": "t1"}, {"repositoryName": "web"}
                )
                stubber.add_client_error("describe_images", "RepositoryNotFoundException", "gone", 400)
                seen = []
                with pytest.raises(errors.RepositoryNotFoundException) as caught:
                    async for page in paginator.paginate(repositoryName="web"):
                        seen.append(page)
        assert [p.nextToken for p in seen] == ["t1"]
        assert isinstance(caught.value.__cause__, ClientError)

    asyncio.run(check())


# Errors.


@pytest.mark.parametrize("shape", ERROR_SHAPES)
def test_every_modeled_error_raises_its_class_with_its_fields(shape):
    code = FACTS["classes"][shape]["shape"]
    operation = next(op for op, f in sorted(OPERATIONS.items()) if shape in f["errors"])
    fields = drawn(from_type(model(shape)).filter(lambda f: f.message))
    request_class = OPERATIONS[operation]["input"]
    request = drawn(from_type(model(request_class))) if request_class else None

    async def check():
        async with offline() as raw:
            call = getattr(AsyncECRPublicClient(raw), xform_name(operation))
            with Stubber(raw) as stubber:
                stubber.add_client_error(
                    xform_name(operation), code, fields.message, 400, modeled_fields=unstructure(fields)
                )
                with pytest.raises(errors.ERRORS[code]) as caught:
                    await (call(request) if request is not None else call())
        error = caught.value
        assert isinstance(error, errors.ECRPublicServiceError) and isinstance(error, ClientError)
        assert not isinstance(error, ecr_attrs.exceptions.ECRServiceError)
        assert (error.code, error.message, error.shape) == (code, fields.message, fields)
        assert type(pickle.loads(pickle.dumps(error))) is errors.ERRORS[code]

    asyncio.run(check())


def test_an_unmodeled_code_raises_the_service_base():
    async def check():
        async with offline() as raw:
            with Stubber(raw) as stubber:
                stubber.add_client_error("describe_registries", "ThrottlingException", "slow down", 400)
                with pytest.raises(errors.ECRPublicServiceError) as caught:
                    await AsyncECRPublicClient(raw).describe_registries()
        assert type(caught.value) is errors.ECRPublicServiceError
        assert (caught.value.code, caught.value.shape) == ("ThrottlingException", None)

    asyncio.run(check())


def test_the_public_stubber_works_on_the_async_client():
    async def check():
        async with offline() as raw, AsyncECRPublicClient(raw) as client:
            with ECRPublicStubber(client) as stub:
                answer = models.DescribeRegistriesResponseTypeDef(registries=[])
                stub.add_response(answer, expected=models.DescribeRegistriesRequestRequestTypeDef())
                assert await stub.client.describe_registries() == answer
                stub.add_error(errors.RepositoryNotFoundException, operation="describe_repositories")
                with pytest.raises(errors.RepositoryNotFoundException):
                    await stub.client.describe_repositories(repositoryNames=["web"])

    asyncio.run(check())
