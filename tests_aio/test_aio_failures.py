"""AsyncECRClient when an endpoint's answer is not what the models accept.

The same cases as tests/test_client_failures.py, through aiobotocore: a real
aiobotocore client parses crafted HTTP answers from 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from pathlib import Path

import attrs
import botocore.session
import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from crafted_http import CLIENT_SETTINGS, REQUEST_ID, crafted_endpoint
from samples import instance

import ecr_attrs
from ecr_attrs import StructureError, unstructure
from ecr_attrs import exceptions as ecr_errors
from ecr_attrs.aio import AsyncECRClient

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())["classes"]
ERROR_SHAPES = sorted(n for n, c in FACTS.items() if c["role"] == "error")
# aiobotocore's botocore parses the modeled fields only of the errors its model has.
KNOWN = set(botocore.session.get_session().get_service_model("ecr").shape_names)
WRONG = {
    "string": [5, 2.5, True, ["text"], {"text": "text"}, "nul \u0000 inside"],
    "integer": ["7", 2.5, True, [7], {"n": 7}],
    "long": ["7", 2.5, True, [7], {"n": 7}],
}


@asynccontextmanager
async def crafted_client():
    with crafted_endpoint() as endpoint:
        config = AioConfig(retries={"total_max_attempts": 1})
        async with AioSession().create_client(
            "ecr", endpoint_url=endpoint.url, config=config, **CLIENT_SETTINGS
        ) as raw:
            yield endpoint, AsyncECRClient(raw)


def test_every_modeled_error_is_typed_and_keeps_its_valid_fields():
    async def check():
        async with crafted_client() as (endpoint, client):
            for shape in ERROR_SHAPES:
                valid = instance(getattr(ecr_attrs, shape), full=True)
                code = shape.removesuffix("TypeDef")
                for field in FACTS[shape]["fields"]:
                    for wrong in WRONG[FACTS[shape]["members"][field]["type"]]:
                        body = {"__type": code, **unstructure(valid), field: wrong}
                        endpoint.answer(body, 500 if code == "ServerException" else 400)
                        with pytest.raises(ecr_errors.ERRORS[code]) as caught:
                            await client.describe_repositories()
                        error = caught.value
                        assert isinstance(error, ClientError) and error.code == code
                        if shape.removesuffix("TypeDef") in KNOWN:
                            assert error.shape == attrs.evolve(valid, **{field: None}), (shape, field, wrong)
                            assert error.dropped_fields == (field,)
                        assert isinstance(error.message, str)

    asyncio.run(check())


def refused(error: BaseException, operation: str) -> ecr_errors.ResponseStructureError:
    assert isinstance(error, ecr_errors.ResponseStructureError) and isinstance(error, StructureError)
    assert not isinstance(error, ClientError)
    assert error.operation_name == operation and error.__cause__ is error.structure_error
    assert str(error).startswith(f"{operation} succeeded, but its response does not structure")
    return error


def test_a_response_the_models_refuse_keeps_the_response():
    async def check():
        async with crafted_client() as (endpoint, client):
            endpoint.answer({})
            with pytest.raises(ecr_errors.ResponseStructureError) as caught:
                await client.put_image(repositoryName="team/web", imageManifest="{}")
            error = refused(caught.value, "PutImage")
            assert [p.path for p in error.problems] == ["$.image"]
            assert error.response["ResponseMetadata"]["RequestId"] == REQUEST_ID
            endpoint.answer({"imageIds": [{"imageTag": "t" * 301}]})
            with pytest.raises(ecr_errors.ResponseStructureError) as caught:
                await client.list_images(repositoryName="team/web")
            assert refused(caught.value, "ListImages").response["imageIds"] == [{"imageTag": "t" * 301}]

    asyncio.run(check())


def test_pages_and_the_final_response_of_a_wait_are_refused_with_the_response():
    async def check():
        async with AioSession().create_client("ecr", **CLIENT_SETTINGS) as raw:
            client = AsyncECRClient(raw)
            bad = {"imageIds": [{"imageTag": "t" * 301}]}
            done = {"imageScanStatus": {"status": "COMPLETE"}, "imageId": {"imageTag": "t" * 301}}
            with Stubber(raw) as stubber:
                stubber.add_response("list_images", bad)
                with pytest.raises(ecr_errors.ResponseStructureError) as caught:
                    [
                        page
                        async for page in client.get_paginator("list_images").paginate(repositoryName="web")
                    ]
                assert refused(caught.value, "ListImages").response == bad
                stubber.add_response("describe_image_scan_findings", done)
                with pytest.raises(ecr_errors.ResponseStructureError) as caught:
                    await client.get_waiter("image_scan_complete").wait(
                        repositoryName="web",
                        imageId=ecr_attrs.ImageIdentifierTypeDef(imageTag="v1"),
                        WaiterConfig=ecr_attrs.WaiterConfigTypeDef(Delay=0),
                    )
                assert refused(caught.value, "DescribeImageScanFindings").response == done

    asyncio.run(check())
