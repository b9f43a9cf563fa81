"""Porting a boto3 script: wrap the client, read responses as attributes, change nothing else.

``tests/port/housekeeping_boto3.py`` is a script written for plain boto3 (nested
dicts in the requests, ``PaginationConfig`` and ``WaiterConfig`` as dicts,
``client.exceptions``); ``housekeeping.py`` is its port.  Both run against
moto's server and must agree; the port's diff touches no request.
"""

from __future__ import annotations

import difflib
import importlib
import json
import re
from pathlib import Path

import boto3
import pytest

from ecr_attrs.demo import embedded_ecr

PORT = Path(__file__).parent / "port"
BEFORE = PORT / "housekeeping_boto3.py"
AFTER = PORT / "housekeeping.py"
# How many lines of the script the port changes or adds (the closing note of issue 23 reports it).
MOST_LINES_CHANGED = 13


def manifest(n: int) -> str:
    layer = {
        "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
        "size": 1,
        "digest": "sha256:" + f"{n:064x}",
    }
    config = {
        "mediaType": "application/vnd.docker.container.image.v1+json",
        "size": 1,
        "digest": "sha256:" + "c" * 64,
    }
    body = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json"}
    return json.dumps({**body, "config": config, "layers": [layer]})


@pytest.fixture(scope="module")
def raw():
    with embedded_ecr() as url:
        yield boto3.client(
            "ecr", endpoint_url=url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )


def run(module: str, raw) -> dict:
    script = importlib.import_module(f"port.{module}")
    return script.housekeeping(raw, {f"v{n}": manifest(n) for n in (1, 2, 3)})


def test_the_boto3_script_and_its_port_do_the_same_against_moto(raw):
    before = run("housekeeping_boto3", raw)
    after = run("housekeeping", raw)
    assert after == before
    assert before["tags"] == ["v1", "v2", "v3"] and before["removed"] == ["v2", "v3"]
    assert before["gone"] is True and before["region"] == "eu-west-1"


def changed_lines() -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(BEFORE.read_text().splitlines(), AFTER.read_text().splitlines(), n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def test_the_port_wraps_the_client_and_changes_no_request():
    removed, added = changed_lines()
    assert "    ecr = ECRClient(raw)" in added and "from ecr_attrs import ECRClient" in added
    # No line that calls the client changed, apart from the one that makes it.
    assert [line for line in removed if re.search(r"\becr\.", line)] == []
    assert len([line for line in added if line.strip()]) <= MOST_LINES_CHANGED
