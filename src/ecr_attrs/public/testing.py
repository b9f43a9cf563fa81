"""Stub ECR Public for tests: queue response objects, check request objects (botocore's ``Stubber`` inside).

with ECRPublicStubber() as stub:
    stub.add_response(DescribeRepositoriesResponseTypeDef(repositories=[...]))
    stub.client.describe_repositories()
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from ecr_attrs.public import client as _client
from ecr_attrs.public.aio import AsyncECRPublicClient
from ecr_attrs.testing import ObjectStubber, offline_client, operations_of

C = TypeVar("C", _client.ECRPublicClient, AsyncECRPublicClient)


class ECRPublicStubber(ObjectStubber, Generic[C]):
    """``ECRStubber`` for ECR Public: over an ``ECRPublicClient`` (a fresh offline one
    unless given) or an ``AsyncECRPublicClient``."""

    operations = operations_of(_client)
    client: C

    @overload
    def __init__(self: ECRPublicStubber[_client.ECRPublicClient], client: None = None) -> None: ...
    @overload
    def __init__(self, client: C) -> None: ...
    def __init__(self, client: Any = None) -> None:
        if client is None:
            client = _client.ECRPublicClient(offline_client("ecr-public"))
        super().__init__(client)


__all__ = ["ECRPublicStubber"]
