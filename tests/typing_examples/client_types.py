"""Checked by mypy in tests/test_typing.py, never run: assert_type lines must hold, marked lines must fail."""

from collections.abc import Iterator
from typing import assert_type

from ecr_attrs import (
    DescribeImageScanFindingsResponseTypeDef,
    DescribeImagesRequestRequestTypeDef,
    DescribeImagesResponseTypeDef,
    DescribeRepositoriesResponseTypeDef,
    ECRClient,
    EnhancedImageScanFindingTypeDef,
    ImageDetailTypeDef,
    ImageIdentifierTypeDef,
    ImageScanFindingTypeDef,
    ListImagesRequestRequestTypeDef,
    PaginatorConfigTypeDef,
    WaiterConfigTypeDef,
)
from ecr_attrs._runtime import PageIterator
from ecr_attrs.exceptions import InvalidLayerPartException, RepositoryNotFoundException

client = ECRClient(object())
request = DescribeImagesRequestRequestTypeDef(repositoryName="web")

assert_type(client.describe_images(request), DescribeImagesResponseTypeDef)
assert_type(client.describe_images(repositoryName="web", maxResults=10), DescribeImagesResponseTypeDef)
assert_type(client.describe_repositories(), DescribeRepositoriesResponseTypeDef)
assert_type(client.tag_resource(resourceArn="arn", tags=[]), None)
assert_type(client.describe_registry().registryId, str)

paginator = client.get_paginator("describe_images")
pages = paginator.paginate(repositoryName="web", PaginationConfig=PaginatorConfigTypeDef(MaxItems=5))
assert_type(pages, PageIterator[DescribeImagesResponseTypeDef])
for page in pages:
    assert_type(page, DescribeImagesResponseTypeDef)
    assert_type(page.nextToken, str | None)
assert_type(paginator.items(repositoryName="web"), Iterator[ImageDetailTypeDef])
assert_type(pages.build_full_result(), DescribeImagesResponseTypeDef)
findings = client.get_paginator("describe_image_scan_findings")
image = ImageIdentifierTypeDef(imageTag="v1")
assert_type(findings.findings(repositoryName="web", imageId=image), Iterator[ImageScanFindingTypeDef])
assert_type(
    findings.enhanced_findings(repositoryName="web", imageId=image), Iterator[EnhancedImageScanFindingTypeDef]
)

waiter = client.get_waiter("image_scan_complete")
done = waiter.wait(repositoryName="web", imageId=image, WaiterConfig=WaiterConfigTypeDef(Delay=1))
assert_type(done, DescribeImageScanFindingsResponseTypeDef)

assert_type(client.exceptions.RepositoryNotFoundException, type[RepositoryNotFoundException])
try:
    client.describe_images(request)
except InvalidLayerPartException as error:
    assert_type(error.lastValidByteReceived, int | None)

client.describe_images(repositoryName=7)  # error expected: an int is not a repository name
client.describe_images(request, maxResults=5)  # error expected: an object or keywords, not both
client.describe_images(ListImagesRequestRequestTypeDef(repositoryName="web"))  # error expected: wrong class
client.describe_images(maxResults=5)  # error expected: repositoryName is required
client.describe_images(repositoryName="web", maxResult=5)  # error expected: no such parameter
client.get_paginator("describe_everything")  # error expected: no such paginator
client.get_waiter("image_pushed")  # error expected: no such waiter
client.describe_registry(registryId="123456789012")  # error expected: DescribeRegistry takes nothing
paginator.items(repositoryName="web", PaginationConfig={"MaxItem": 5})  # error expected: a misspelt key
