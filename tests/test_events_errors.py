"""The exception group of an event's StructureError names, at every depth, the class being structured.

Each note says which class (or list) a part belongs to and the type expected
there, as cattrs' own errors do; an event's detail is the class its source and
detail-type choose, and its parts are named by the keys as sent.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import cattrs
import pytest

from ecr_attrs import StructureError
from ecr_attrs.errors import format_exception
from ecr_attrs.events import (
    Event,
    FindingTypeDef,
    ImageScanDetail,
    InspectorCoverageDetail,
    InspectorCoverageStatus,
    ScanResourceChangeDetail,
    ScanResourceRepository,
    parse_event,
)
from ecr_attrs.inspector2 import models as inspector

FIXTURES = Path(__file__).parent / "fixtures" / "events"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def error_of(sent: dict[str, Any]) -> StructureError:
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    return caught.value


def notes_to(error: BaseException, path: str) -> list[tuple[str, Any]]:
    """The notes, outermost first, on the way to the problem at ``path``: (text, type named)."""

    def walk(exc: BaseException, trail: list[tuple[str, Any]]) -> list[tuple[str, Any]] | None:
        here = trail + [(str(note), getattr(note, "type", None)) for note in getattr(exc, "__notes__", [])]
        if isinstance(exc, BaseExceptionGroup):
            for member in exc.exceptions:
                found = walk(member, here)
                if found is not None:
                    return found
            return None
        return here if getattr(exc, "path", None) == path else None

    found = walk(error, [])
    assert found is not None, f"no problem at {path}"
    return found


def test_a_finding_detail_is_labelled_with_its_own_classes_at_every_depth():
    sent = fixture("inspector_finding_ecr.json")
    del sent["detail"]["findingArn"]
    sent["detail"]["resources"][0]["details"]["awsEcrContainerImage"]["pushedAt"] = "soon"
    error = error_of(sent)
    assert notes_to(error, "$.detail.findingArn") == [
        ("Structuring class Event @ attribute detail", FindingTypeDef),
        ("Structuring class FindingTypeDef @ attribute findingArn", str),
    ]
    assert notes_to(error, "$.detail.resources[0].details.awsEcrContainerImage.pushedAt") == [
        ("Structuring class Event @ attribute detail", FindingTypeDef),
        ("Structuring class FindingTypeDef @ attribute resources", tuple),
        ("Structuring item @ 0", inspector.ResourceTypeDef),
        ("Structuring class ResourceTypeDef @ attribute details", inspector.ResourceDetailsTypeDef),
        (
            "Structuring class ResourceDetailsTypeDef @ attribute awsEcrContainerImage",
            inspector.AwsEcrContainerImageDetailsTypeDef,
        ),
        ("Structuring class AwsEcrContainerImageDetailsTypeDef @ attribute pushedAt", datetime),
    ]
    (detail,) = error.exceptions
    assert detail.message == "While structuring FindingTypeDef at $.detail" and detail.cl is FindingTypeDef


def test_ecr_and_inspector_details_are_labelled_with_their_class_and_keys_as_sent():
    sent = fixture("scan_resource_change.json")
    sent["detail"]["scan-type"] = 1
    sent["detail"]["repositories"][0]["scan-frequency"] = 7
    error = error_of(sent)
    assert notes_to(error, "$.detail.scan-type") == [
        ("Structuring class Event @ attribute detail", ScanResourceChangeDetail),
        ("Structuring class ScanResourceChangeDetail @ attribute scan-type", str),
    ]
    assert notes_to(error, "$.detail.repositories[0].scan-frequency") == [
        ("Structuring class Event @ attribute detail", ScanResourceChangeDetail),
        ("Structuring class ScanResourceChangeDetail @ attribute repositories", tuple),
        ("Structuring item @ 0", ScanResourceRepository),
        ("Structuring class ScanResourceRepository @ attribute scan-frequency", str),
    ]
    sent = fixture("inspector_coverage_ec2.json")
    sent["detail"]["scanStatus"]["reason"] = 5
    assert notes_to(error_of(sent), "$.detail.scanStatus.reason") == [
        ("Structuring class Event @ attribute detail", InspectorCoverageDetail),
        ("Structuring class InspectorCoverageDetail @ attribute scanStatus", InspectorCoverageStatus),
        ("Structuring class InspectorCoverageStatus @ attribute reason", str),
    ]
    sent = fixture("image_scan_basic.json")
    sent["detail"]["repository-name"] = None
    assert notes_to(error_of(sent), "$.detail.repository-name") == [
        ("Structuring class Event @ attribute detail", ImageScanDetail),
        ("Structuring class ImageScanDetail @ attribute repository-name", str),
    ]


def test_an_envelope_problem_is_labelled_with_the_event_class():
    error = error_of(fixture("image_push.json") | {"time": "noon"})
    assert notes_to(error, "$.time") == [("Structuring class Event @ attribute time", datetime)]
    assert error.cl is Event


def test_cattrs_transform_error_gives_the_paths_as_sent():
    sent = fixture("inspector_finding_ecr.json")
    sent["detail"]["resources"][0]["details"]["awsEcrContainerImage"]["pushedAt"] = "soon"
    sent["detail"]["severity"] = 3
    assert cattrs.transform_error(error_of(sent), format_exception=format_exception) == [
        "expected one of 'INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNTRIAGED', got 3 @ $.detail.severity",
        (
            "expected a datetime, an ISO 8601 string or epoch seconds, got 'soon' "
            "@ $.detail.resources[0].details.awsEcrContainerImage.pushedAt"
        ),
    ]
