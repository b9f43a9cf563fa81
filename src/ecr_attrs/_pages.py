"""``build_full_result()`` that keeps what botocore's merge drops.

botocore merges the pages' result keys (``imageDetails``), takes the few
members its paginator lists as "non-aggregate" from the first page and drops
every other member, so ``describe_replication_backfill_results`` would lose
its ``status``.  Here botocore's own ``build_full_result`` runs over a
stand-in for its page iterator that remembers the last page; every member
but the result keys then comes from that page (where it has one), since the
last page describes the state the listing ended in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

# A page's own: its token and boto3's metadata describe that one request.
_PAGE_ONLY = frozenset(("ResponseMetadata", "nextToken"))


class _Recorder:
    """botocore's page iterator as its ``build_full_result`` sees it, noting the last page."""

    def __init__(self, pages: Any) -> None:
        self._pages = pages
        self.last: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:  # result_keys, resume_token, non_aggregate_part
        return getattr(self._pages, name)

    def __iter__(self) -> Iterator[Any]:
        for page in self._pages:
            self.last = page
            yield page

    async def __aiter__(self) -> AsyncIterator[Any]:
        async for page in self._pages:
            self.last = page
            yield page


def full_result(pages: Any) -> dict[str, Any]:
    recorder = _Recorder(pages)
    merged = type(pages).build_full_result(recorder)
    return _last_with_results(merged, recorder.last, _result_paths(pages))


async def full_result_async(pages: Any) -> dict[str, Any]:
    recorder = _Recorder(pages)
    merged = await type(pages).build_full_result(recorder)
    return _last_with_results(merged, recorder.last, _result_paths(pages))


def _result_paths(pages: Any) -> list[tuple[str, ...]]:
    """The result keys as paths: ``imageScanFindings.findings`` -> ``("imageScanFindings", "findings")``."""
    return [tuple(key.expression.split(".")) for key in pages.result_keys]


def _last_with_results(
    merged: dict[str, Any], last: dict[str, Any], results: list[tuple[str, ...]]
) -> dict[str, Any]:
    """The last page's members, with the merged items under each result key and botocore's resume token."""
    out = {key: value for key, value in last.items() if key not in _PAGE_ONLY}
    for path in results:
        value: Any = merged
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        holder = out
        for part in path[:-1]:
            inner = holder.get(part)
            if not isinstance(inner, dict):
                if value is None:
                    break
                inner = {}
            holder[part] = inner = dict(inner)  # a copy: the page stays as botocore gave it
            holder = inner
        else:
            if value is None:
                holder.pop(path[-1], None)
            else:
                holder[path[-1]] = value
    if "NextToken" in merged:
        out["NextToken"] = merged["NextToken"]
    return out
