"""What else a boto3 user reaches for on the client: ``meta``, ``can_paginate``, ``close()``
and ``with``, and a ``build_full_result()`` that keeps the members botocore's merge drops."""

from __future__ import annotations

import attrs
import pytest
from botocore.stub import Stubber
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from operations import offline_client
from samples import instance
from test_client import PAGINATORS, without_boto3_settings

import ecr_attrs
from ecr_attrs import ECRClient, unstructure
from ecr_attrs import client as client_module
from ecr_attrs.strategies import from_type


def test_meta_and_can_paginate_are_the_wrapped_clients():
    raw = offline_client()
    client = ECRClient(raw)
    assert client.meta is raw.meta and client.meta.region_name == "us-east-1"
    for name in ("describe_images", "create_repository", "list_images", "get_authorization_token"):
        assert client.can_paginate(name) is raw.can_paginate(name) is (name in client_module._PAGINATORS)


def test_close_and_with_close_the_wrapped_client(monkeypatch):
    raw = offline_client()
    closed = []
    real_close = raw.close
    monkeypatch.setattr(raw, "close", lambda: closed.append("closed") or real_close())
    with ECRClient(raw) as client:
        assert isinstance(client, ECRClient) and closed == []
    assert closed == ["closed"]
    ECRClient(raw).close()
    assert closed == ["closed", "closed"]


BACKFILL = "0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90"


def test_a_merged_result_keeps_the_last_pages_other_members():
    """botocore alone would give ``status=None``: its merge keeps only the result key."""
    raw = offline_client()
    paginator = ECRClient(raw).get_paginator("describe_replication_backfill_results")
    pages = [
        {"results": [], "status": "IN_PROGRESS", "nextToken": "t"},
        {"results": [], "status": "COMPLETE"},
    ]
    with Stubber(raw) as stubber:
        for page, token in zip(pages, (None, "t")):
            stubber.add_response(
                "describe_replication_backfill_results",
                page,
                {"replicationBackfillId": BACKFILL} | ({"nextToken": token} if token else {}),
            )
        full = paginator.paginate(replicationBackfillId=BACKFILL).build_full_result()
    assert full.status == "COMPLETE" and full.nextToken is None


def result_keys(paginator) -> list[str]:
    return PAGINATORS[paginator.op.name]["result_keys"]


def at(obj, key: str):
    for part in key.split("."):
        obj = getattr(obj, part) if obj is not None else None
    return obj


@pytest.mark.parametrize("name", sorted(client_module._PAGINATORS))
def test_every_merged_result_is_the_last_page_with_every_pages_items(name):
    raw = offline_client()
    paginator = ECRClient(raw).get_paginator(name)
    op = paginator.op
    keys = result_keys(paginator)
    nested = {key.split(".")[0] for key in keys if "." in key}

    @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
    @given(drawn=st.lists(from_type(getattr(ecr_attrs, op.response)), min_size=1, max_size=3))
    def check(drawn):
        # Every page carries its nested result holder, so where its items go is unambiguous.
        assume(all(getattr(page, top) is not None for page in drawn for top in nested))
        tokens = [f"page-{i}" for i in range(1, len(drawn))] + [None]
        pages = [
            attrs.evolve(page, nextToken=token, ResponseMetadata=None) for page, token in zip(drawn, tokens)
        ]
        request = instance(getattr(ecr_attrs, paginator.request_class), full=False)
        params = without_boto3_settings(request)
        with Stubber(raw) as stubber:
            for page, token in zip(pages, [None, *tokens[:-1]]):
                stubber.add_response(
                    op.method, unstructure(page), params | ({"nextToken": token} if token else {})
                )
            full = paginator.paginate(request).build_full_result()
            stubber.assert_no_pending_responses()
        expected = pages[-1]
        for key in keys:
            found = [item for page in pages if at(page, key) is not None for item in at(page, key)]
            present = any(at(page, key) is not None for page in pages)
            value = tuple(found) if present else None
            *holders, last = key.split(".")
            if holders:
                holder = getattr(expected, holders[0])
                expected = attrs.evolve(expected, **{holders[0]: attrs.evolve(holder, **{last: value})})
            else:
                expected = attrs.evolve(expected, **{last: value})
        assert full == expected

    check()
