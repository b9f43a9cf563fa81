"""AsyncECRClient takes boto3's mappings like ECRClient: objects, mappings and any mix of
them send the same parameters (botocore's Stubber checks), and typos fail before sending."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import botocore.session
import pytest
from aiobotocore.session import AioSession
from botocore import xform_name
from botocore.stub import Stubber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_aio_client import fit
from test_requests import keywords, mixed

import ecr_attrs
from ecr_attrs import unstructure
from ecr_attrs.aio import AsyncECRClient
from ecr_attrs.errors import RequestError
from ecr_attrs.strategies import from_type

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())
MODEL = botocore.session.get_session().get_service_model("ecr")
OPERATIONS = {
    op: o for op, o in FACTS["operations"].items() if o["input"] and op in set(MODEL.operation_names)
}


async def calls(method: str, sent: dict, body: dict, requests: list[dict]) -> list:
    async with AioSession().create_client(
        "ecr", region_name="us-east-1", aws_access_key_id="stub", aws_secret_access_key="stub"
    ) as raw:
        client = AsyncECRClient(raw)
        with Stubber(raw) as stubber:
            for _ in requests:
                stubber.add_response(method, body, sent)
            got = [await getattr(client, method)(**kwargs) for kwargs in requests]
            stubber.assert_no_pending_responses()
    return got


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_mappings_objects_and_any_mix_send_the_same_parameters(operation):
    facts = OPERATIONS[operation]
    op_model = MODEL.operation_model(operation)
    responses = from_type(getattr(ecr_attrs, facts["output"])) if facts["output"] else st.none()

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data):
        request = fit(data.draw(from_type(getattr(ecr_attrs, facts["input"]))), op_model.input_shape)
        response = data.draw(responses)
        response = fit(response, op_model.output_shape) if response is not None else None
        body = unstructure(response) if response is not None else {}
        some = {name: data.draw(mixed(value)) for name, value in keywords(request).items()}
        got = asyncio.run(
            calls(xform_name(operation), unstructure(request), body, [unstructure(request), some])
        )
        assert got == [response, response]

    check()


def test_a_typo_in_a_nested_mapping_fails_before_sending():
    async def main() -> str:
        async with AioSession().create_client(
            "ecr", region_name="us-east-1", aws_access_key_id="stub", aws_secret_access_key="stub"
        ) as raw:
            client = AsyncECRClient(raw)
            with Stubber(raw), pytest.raises(RequestError) as caught:
                await client.create_repository(
                    repositoryName="web", imageScanningConfiguration={"scanOnPushh": True}
                )
            paginator = client.get_paginator("describe_images")
            with Stubber(raw), pytest.raises(RequestError) as paged:
                [
                    page
                    async for page in paginator.paginate(
                        repositoryName="web", PaginationConfig={"PageSiz": 2}
                    )
                ]
            return f"{caught.value}\n{paged.value}"

    assert asyncio.run(main()) == (
        "create_repository: $.imageScanningConfiguration.scanOnPushh: unknown key\n"
        "describe_images: $.PaginationConfig.PageSiz: unknown key"
    )
