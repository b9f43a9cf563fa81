"""Checked by mypy in tests/test_typing.py, never run: the async client's exact types."""

from collections.abc import AsyncIterator, Coroutine
from typing import Any, assert_type

from ecr_attrs import (
    DescribeImageScanFindingsResponseTypeDef,
    DescribeImagesResponseTypeDef,
    ImageDetailTypeDef,
    ImageIdentifierTypeDef,
    ImageScanFindingTypeDef,
)
from ecr_attrs._runtime import AsyncPageIterator
from ecr_attrs.aio import AsyncECRClient


async def typed(client: AsyncECRClient) -> None:
    pending = Coroutine[Any, Any, DescribeImagesResponseTypeDef]
    call = assert_type(client.describe_images(repositoryName="web"), pending)
    assert_type(await call, DescribeImagesResponseTypeDef)
    assert_type(await client.tag_resource(resourceArn="arn", tags=[]), None)

    paginator = client.get_paginator("describe_images")
    pages = paginator.paginate(repositoryName="web")
    assert_type(pages, AsyncPageIterator[DescribeImagesResponseTypeDef])
    async for page in pages:
        assert_type(page, DescribeImagesResponseTypeDef)
        assert_type(page.nextToken, str | None)
    assert_type(paginator.items(repositoryName="web"), AsyncIterator[ImageDetailTypeDef])
    assert_type(await pages.build_full_result(), DescribeImagesResponseTypeDef)
    image = ImageIdentifierTypeDef(imageTag="v1")
    findings = client.get_paginator("describe_image_scan_findings").findings(
        repositoryName="web", imageId=image
    )
    assert_type(findings, AsyncIterator[ImageScanFindingTypeDef])

    done = await client.get_waiter("image_scan_complete").wait(repositoryName="web", imageId=image)
    assert_type(done, DescribeImageScanFindingsResponseTypeDef)

    await client.describe_images(repositoryName=7)  # error expected: an int is not a repository name
    bad: DescribeImagesResponseTypeDef = client.describe_images(repositoryName="w")  # error expected: await
    print(bad)
    for item in paginator.items(repositoryName="web"):  # error expected: an async iterator needs async for
        pass
    client.get_waiter("image_pushed")  # error expected: no such waiter
