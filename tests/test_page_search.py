"""``paginate(...).search(expression)`` gives what botocore's ``search`` gives, as objects.

The oracle is botocore's own page iterator searching the same pages (raw
dicts from the Stubber); our results, unstructured, must equal its results,
and where the expression selects whole objects we yield the objects of the
structured pages themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from botocore.stub import Stubber
from operations import offline_client
from samples import instance

import ecr_attrs
from ecr_attrs import ECRClient, unstructure
from ecr_attrs import client as client_module
from ecr_attrs.values import FrozenDict

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())
PAGINATORS = FACTS["paginators"]


def expressions(result_key: str) -> list[str]:
    """Selections of whole items, of members, filters, functions and built values."""
    return [
        result_key,
        f"{result_key}[]",
        f"{result_key}[0]",
        f"{result_key}[-1]",
        f"length({result_key})",
        f"{result_key}[?@ != `null`] | [0]",
        f"{{items: {result_key}, count: length({result_key})}}",
        f"[{result_key}[0], nextToken]",
        "nextToken",
        "keys(@)",
        "no_such_member",
    ]


def plain(value: Any) -> Any:
    """Our result in botocore's terms: objects unstructured, tuples as lists."""
    if attrs.has(type(value)):
        return unstructure(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dict, FrozenDict)):
        return {k: plain(v) for k, v in value.items()}
    return value


def pages_of(name: str) -> tuple[Any, list[Any], Any]:
    client = ECRClient(offline_client())
    paginator = client.get_paginator(name)
    base = instance(getattr(ecr_attrs, paginator.op.response), full=True)
    pages = [attrs.evolve(base, nextToken=token) for token in ("p1", "p2", None)]
    return client, pages, paginator


def items_at(obj: Any, key: str) -> tuple[Any, ...]:
    for part in key.split("."):
        obj = getattr(obj, part) if obj is not None else None
    return obj or ()


def queue(stubber: Stubber, method: str, pages: list[Any]) -> None:
    for page in pages:
        stubber.add_response(method, unstructure(page))


CASES = [
    (name, expression)
    for name in sorted(client_module._PAGINATORS)
    for key in PAGINATORS[client_module._PAGINATORS[name].op.name]["result_keys"]
    for expression in expressions(key)
]


@pytest.mark.parametrize(("name", "expression"), CASES)
def test_search_agrees_with_botocore_over_the_same_pages(name, expression):
    client, pages, paginator = pages_of(name)
    request = instance(getattr(ecr_attrs, paginator.request_class), full=False)
    params = unstructure(request)
    params.pop("PaginationConfig", None)
    with Stubber(client.raw) as stubber:
        queue(stubber, paginator.op.method, pages)
        ours = list(paginator.paginate(request).search(expression))
        queue(stubber, paginator.op.method, pages)
        theirs = list(client.raw.get_paginator(paginator.op.method).paginate(**params).search(expression))
        stubber.assert_no_pending_responses()
    assert [plain(item) for item in ours] == theirs


@pytest.mark.parametrize("name", sorted(client_module._PAGINATORS))
def test_search_yields_the_items_of_the_structured_pages(name):
    client, pages, paginator = pages_of(name)
    request = instance(getattr(ecr_attrs, paginator.request_class), full=False)
    for key in PAGINATORS[paginator.op.name]["result_keys"]:
        with Stubber(client.raw) as stubber:
            queue(stubber, paginator.op.method, pages)
            found = list(paginator.paginate(request).search(f"{key}[]"))
        expected = [item for page in pages for item in items_at(page, key)]
        assert found and found == expected
        assert [type(item) for item in found] == [type(item) for item in expected]


def test_a_filter_selects_objects_by_their_members():
    client, _, paginator = pages_of("describe_images")
    sizes = [[5, 50], [500], [7, 70]]
    pages = [
        ecr_attrs.DescribeImagesResponseTypeDef(
            imageDetails=[
                ecr_attrs.ImageDetailTypeDef(imageSizeInBytes=size, imageTags=[f"size-{size}"])
                for size in group
            ],
            nextToken=token,
        )
        for group, token in zip(sizes, ("p1", "p2", None))
    ]
    with Stubber(client.raw) as stubber:
        queue(stubber, "describe_images", pages)
        found = list(
            paginator.paginate(repositoryName="web").search("imageDetails[?imageSizeInBytes > `10`]")
        )
    assert [d.imageTags for d in found] == [("size-50",), ("size-500",), ("size-70",)]
    assert all(type(d) is ecr_attrs.ImageDetailTypeDef for d in found)
