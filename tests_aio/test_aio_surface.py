"""AsyncECRClient's ``meta``, ``can_paginate``, ``close()``, ``async with`` and merged results."""

from __future__ import annotations

import asyncio

from aiobotocore.session import AioSession
from botocore.stub import Stubber

from ecr_attrs.aio import AsyncECRClient

SCAN = {"registryId": "123456789012", "repositoryName": "web", "imageId": {"imageTag": "v1"}}
FINDING = {"name": "CVE-1", "severity": "HIGH"}


def test_the_async_client_delegates_and_keeps_the_last_pages_members():
    async def main() -> None:
        raw = AioSession().create_client(
            "ecr", region_name="us-east-1", aws_access_key_id="stub", aws_secret_access_key="stub"
        )
        raw = await raw.__aenter__()
        closed = []
        real_close = raw.close

        async def close() -> None:
            closed.append("closed")
            await real_close()

        raw.close = close
        async with AsyncECRClient(raw) as client:
            assert client.meta is raw.meta and client.can_paginate("describe_image_scan_findings")
            pages = [
                SCAN
                | {
                    "imageScanStatus": {"status": "IN_PROGRESS"},
                    "nextToken": "t",
                    "imageScanFindings": {"findings": [FINDING]},
                },
                SCAN
                | {
                    "imageScanStatus": {"status": "COMPLETE"},
                    "imageScanFindings": {"findings": [FINDING], "findingSeverityCounts": {"HIGH": 2}},
                },
            ]
            request = {"repositoryName": "web", "imageId": {"imageTag": "v1"}}
            with Stubber(raw) as stubber:
                stubber.add_response("describe_image_scan_findings", pages[0], request)
                stubber.add_response("describe_image_scan_findings", pages[1], request | {"nextToken": "t"})
                paginator = client.get_paginator("describe_image_scan_findings")
                full = await paginator.paginate(**request).build_full_result()
            assert full.imageScanStatus.status == "COMPLETE"
            assert len(full.imageScanFindings.findings) == 2
            assert full.imageScanFindings.findingSeverityCounts == {"HIGH": 2}
            assert closed == []
        assert closed == ["closed"]

    asyncio.run(main())
