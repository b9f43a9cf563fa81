"""AsyncECRClient over a real aiobotocore session against moto's server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import json

import pytest
from aiobotocore.session import AioSession
from botocore.config import Config

import ecr_attrs as ecr
from ecr_attrs import make_converter
from ecr_attrs.aio import AsyncECRClient
from ecr_attrs.demo import embedded_ecr
from ecr_attrs.exceptions import RepositoryNotFoundException

CONFIG = json.dumps(
    {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}
).encode()
LAYER = b"an async layer"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


MANIFEST = json.dumps(
    {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "size": len(CONFIG),
            "digest": digest(CONFIG),
        },
        "layers": [
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                "size": len(LAYER),
                "digest": digest(LAYER),
            }
        ],
    }
)


@pytest.fixture(scope="module")
def endpoint():
    with embedded_ecr() as url:
        yield url


def test_an_async_workflow_against_moto(endpoint):
    repo = "team/async-web"

    async def scenario():
        session = AioSession()
        async with session.create_client(
            "ecr",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"max_attempts": 0}),
        ) as raw:
            client = AsyncECRClient(raw, converter=make_converter(forbid_extra_keys=True))
            created = await client.create_repository(
                ecr.CreateRepositoryRequestRequestTypeDef(repositoryName=repo, imageTagMutability="IMMUTABLE")
            )
            assert created.repository.repositoryName == repo
            pushed = await client.put_image(repositoryName=repo, imageManifest=MANIFEST, imageTag="v1")
            image_digest = pushed.image.imageId.imageDigest
            assert image_digest.startswith("sha256:")

            paginator = client.get_paginator("describe_images")
            pages = [page async for page in paginator.paginate(repositoryName=repo)]
            assert [page.nextToken for page in pages] == [None]
            details = [detail async for detail in paginator.items(repositoryName=repo)]
            assert [(d.imageDigest, d.imageTags) for d in details] == [(image_digest, ("v1",))]

            image = ecr.ImageIdentifierTypeDef(imageTag="v1")
            await client.start_image_scan(repositoryName=repo, imageId=image)
            findings = await client.get_waiter("image_scan_complete").wait(
                repositoryName=repo,
                imageId=image,
                WaiterConfig=ecr.WaiterConfigTypeDef(Delay=0, MaxAttempts=5),
            )
            assert findings.imageScanStatus.status == "COMPLETE"
            assert findings.imageScanFindings.findingSeverityCounts["HIGH"] >= 1

            deleted = await client.delete_repository(repositoryName=repo, force=True)
            assert deleted.repository.repositoryName == repo
            with pytest.raises(RepositoryNotFoundException) as caught:
                await client.describe_images(repositoryName=repo)
            assert isinstance(caught.value, raw.exceptions.RepositoryNotFoundException)
            assert caught.value.http_status == 400 and repo in caught.value.message

    asyncio.run(scenario())
