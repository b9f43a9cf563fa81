"""The part of the client runtime that each flavour (sync, asyncio) has its own copy of.

The client base, the page iterator, the paginator and the waiter the
generated clients subclass.  Both copies come from one text, the asyncio one;
``python -m codegen`` derives the sync one from it (``codegen/unasync.py``),
so the two cannot drift apart.  What differs beyond awaiting goes through a
pair of hooks in ``_runtime`` (``poll`` and its twin).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, ClassVar, Generic, Self

from botocore.exceptions import ClientError
from botocore.exceptions import WaiterError as BotocoreWaiterError

from ecr_attrs import _pages, _search
from ecr_attrs import _runtime as _rt
from ecr_attrs._runtime import Op, Q, R, service_error


class AsyncClientBase(_rt._Base):
    """What the typed client adds to the client it wraps: requests in, objects out."""

    async def close(self) -> None:
        """Close the wrapped client's connections."""
        await self.raw.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _call(self, op: Op[Q, R], request: Q | None, kwargs: Mapping[str, Any]) -> R:
        params = op.params(request, kwargs)
        method = self._method(op)
        try:
            raw = await method(**params)
        except ClientError as error:
            raise service_error(error, self) from error
        return op.structure(raw, self.converter)


class AsyncPageIterator(Generic[R]):
    """The structured pages of one ``paginate()`` call (botocore's page iterator inside)."""

    def __init__(self, pages: Any, op: Op[Any, R], client: _rt._Base) -> None:
        self.raw = pages
        self._op = op
        self._client = client

    async def __aiter__(self) -> AsyncIterator[R]:
        try:
            async for page in self.raw:
                yield self._op.structure(page, self._client.converter)
        except ClientError as error:
            raise service_error(error, self._client) from error

    def search(self, expression: str) -> AsyncIterator[Any]:
        """What botocore's ``search`` yields, over the structured pages: objects where the
        JMESPath expression selects them (``imageDetails[?imageSizeInBytes > `0`]``), plain
        values where it selects or builds them (``imageDetails[].imageDigest``)."""
        return _search.search_async(self.__aiter__(), expression)

    async def build_full_result(self) -> R:
        """Every page's result items in one response, the other members from the last page;
        ``nextToken`` resumes when ``MaxItems`` cut it short."""
        try:
            merged = await _pages.full_result_async(self.raw)
        except ClientError as error:
            raise service_error(error, self._client) from error
        return _rt._full_result(self._op, merged, self._client.converter)


class AsyncPaginator(Generic[Q, R]):
    """Pages of one operation, structured; generated subclasses add the typed methods."""

    op: ClassVar[Op[Any, Any]]
    request_class: ClassVar[str]

    def __init__(self, client: AsyncClientBase) -> None:
        self._client = client

    def _paginate(self, request: Q | None, kwargs: dict[str, Any]) -> AsyncPageIterator[R]:
        params = self.op.params_with(request, kwargs, self.request_class, "PaginationConfig")
        self._client._method(self.op)
        pages = self._client.raw.get_paginator(self.op.method).paginate(**params)
        return AsyncPageIterator(pages, self.op, self._client)

    async def _items(self, key: str, request: Q | None, kwargs: dict[str, Any]) -> AsyncIterator[Any]:
        async for page in self._paginate(request, kwargs):
            for item in _rt._items_of(page, key):
                yield item


class AsyncWaiter(Generic[Q, R]):
    """The service's waiter logic (acceptors, delay, attempts) around a call that keeps
    the last response, so the wait returns it structured."""

    op: ClassVar[Op[Any, Any]]
    request_class: ClassVar[str]
    name: ClassVar[str]
    method: ClassVar[str]

    def __init__(self, client: AsyncClientBase) -> None:
        self._client = client

    async def _wait(self, request: Q | None, kwargs: dict[str, Any]) -> R:
        params = self.op.params_with(request, kwargs, self.request_class, "WaiterConfig")
        method = self._client._method(self.op)
        last: list[Any] = []

        async def call(**call_params: Any) -> Any:
            try:
                last[:] = [await method(**call_params)]
            except ClientError as error:  # what botocore's own waiter does: acceptors see errors too
                last[:] = [error]
                return error.response
            return last[0]

        config = self._client.raw.get_waiter(self.method).config
        try:
            await _rt.poll_async(self.name, config, call, params)
        except BotocoreWaiterError as error:
            raise _rt._waiter_error(error, self.op, last, self._client) from error
        result: R = self.op.structure(last[0], self._client.converter)
        return result
