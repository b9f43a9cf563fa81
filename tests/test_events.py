"""ECR's EventBridge events: typed on read, given back exactly, lenient like responses."""

from __future__ import annotations

import json
import pickle
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecr_attrs
from ecr_attrs import StructureError, UnknownValue
from ecr_attrs import _validators as v
from ecr_attrs.events import (
    DETAIL_CLASSES,
    ENUMS,
    Event,
    ImageActionDetail,
    ImageScanDetail,
    PullThroughCacheActionDetail,
    ReplicationActionDetail,
    ScanResourceChangeDetail,
    ScanResourceRepository,
    UnknownDetail,
    parse_event,
    unstructure_event,
)
from ecr_attrs.events.strategies import EVENT_CLASSES, event_dicts, events
from ecr_attrs.values import FrozenDict

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "events"
PUBLISHED = json.loads((FIXTURES / "published_keys.json").read_text(encoding="utf-8"))
SAMPLES = sorted(PUBLISHED["samples"])
# ECR's own; Amazon Inspector's (source aws.inspector2) are tests/test_inspector_events.py's.
ECR_CLASSES = {
    detail_type: cls for (source, detail_type), cls in DETAIL_CLASSES.items() if source == "aws.ecr"
}
DETAIL_TYPES = sorted(ECR_CLASSES)
# The detail-types the EventBridge events reference lists for source aws.ecr.
LISTED_BY_EVENTBRIDGE = {
    "ECR Image Action",
    "ECR Image Scan",
    "ECR Replication Action",
    "ECR Artifact Action",
    "ECR Referrer Action",
    "ECR Scan Resource Change",
    "ECR Pull Through Cache Action",
}


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def keys_of(cls: type) -> list[str]:
    return [f.metadata["key"] for f in attrs.fields(cls)]


def required_keys(cls: type) -> set[str]:
    return {f.metadata["key"] for f in attrs.fields(cls) if not isinstance(f.validator, v.Nullable)}


def checked(obj: object) -> None:
    """Every stored value passes its class's own validators, at every depth (parsing skips ``__init__``)."""
    if attrs.has(type(obj)):
        attrs.validate(obj)
        for field in attrs.fields(type(obj)):
            checked(getattr(obj, field.name))
    elif isinstance(obj, tuple):
        for item in obj:
            checked(item)


def problems(error: StructureError) -> dict[str, str]:
    return {p.path: p.reason for p in error.problems}


# -- every detail class, from its strategy --------------------------------------


@pytest.mark.parametrize("detail_type", DETAIL_TYPES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_generated_events_are_valid_and_round_trip_exactly(detail_type, data):
    event = data.draw(events(detail_type))
    cls = DETAIL_CLASSES["aws.ecr", detail_type]
    assert type(event.detail) is cls and event.detail_type == detail_type
    sent = unstructure_event(event)
    assert attrs.evolve(event) == event  # the constructor accepts what the strategy built
    assert parse_event(sent) == event
    checked(parse_event(sent))
    again = unstructure_event(parse_event(sent))
    assert again == sent and list(again) == list(sent) and list(again["detail"]) == list(sent["detail"])
    assert json.loads(json.dumps(sent)) == sent  # JSON-ready


@pytest.mark.parametrize("detail_type", DETAIL_TYPES)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_strict_mode_accepts_every_generated_event(detail_type, data):
    sent = data.draw(event_dicts(detail_type))
    assert parse_event(sent, strict=True) == parse_event(sent)


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_st_from_type_knows_every_event_class(cls, data):
    obj = data.draw(st.from_type(cls))
    assert isinstance(obj, cls)
    hash(obj)


def test_the_events_helper_refuses_a_detail_type_it_has_no_class_for():
    with pytest.raises(LookupError, match="ECR Artifact Action"):
        events("ECR Artifact Action")


@settings(max_examples=30, deadline=None)
@given(event_dicts())
def test_an_event_arrives_as_json_text_or_bytes_too(sent):
    text = json.dumps(sent)
    assert parse_event(text) == parse_event(text.encode()) == parse_event(sent)


# -- the documented shapes -------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_each_fixture_has_the_keys_of_its_published_sample_in_their_order(name):
    sent = fixture(name)
    assert list(sent) == PUBLISHED["envelope"]
    assert list(sent["detail"]) == PUBLISHED["samples"][name]
    for repository in sent["detail"].get("repositories", []):
        assert list(repository) == PUBLISHED["repositories[]"]


@pytest.mark.parametrize("name", SAMPLES)
def test_each_published_field_list_fits_its_class(name):
    sent = fixture(name)
    cls = DETAIL_CLASSES[sent["source"], sent["detail-type"]]
    published = PUBLISHED["samples"][name]
    assert set(published) <= set(keys_of(cls)), "a published key the class lacks"
    assert required_keys(cls) <= set(published), "a required key a published sample lacks"
    assert required_keys(Event) <= set(PUBLISHED["envelope"])


def test_every_key_of_every_class_is_in_some_published_sample():
    seen: dict[type, set[str]] = {}
    for name in SAMPLES:
        sent = fixture(name)
        seen.setdefault(DETAIL_CLASSES[sent["source"], sent["detail-type"]], set()).update(
            PUBLISHED["samples"][name]
        )
    assert {cls: set(keys_of(cls)) for cls in seen} == seen
    assert set(seen) == set(ECR_CLASSES.values())
    assert keys_of(ScanResourceRepository) == PUBLISHED["repositories[]"]


@pytest.mark.parametrize("name", SAMPLES)
def test_each_fixture_parses_strictly_and_gives_back_what_was_sent(name):
    sent = fixture(name)
    event = parse_event(sent, strict=True)
    assert type(event.detail) is DETAIL_CLASSES[sent["source"], sent["detail-type"]]
    checked(event)
    back = unstructure_event(event)
    assert back == sent and list(back) == list(sent)


def test_the_check_of_stored_values_catches_a_value_no_constructor_would_take():
    unchecked = object.__new__(ScanResourceRepository)
    for field in attrs.fields(ScanResourceRepository):
        object.__setattr__(unchecked, field.name, None)
    with pytest.raises(TypeError, match="repository_name"):
        checked(unchecked)


def test_the_detail_types_are_those_eventbridge_lists_but_artifact_action():
    assert set(DETAIL_TYPES) == LISTED_BY_EVENTBRIDGE - {"ECR Artifact Action"}
    assert {source for source, _ in DETAIL_CLASSES} == {"aws.ecr", "aws.inspector2"}


def test_identifiers_are_typed_but_not_pattern_checked():
    event = parse_event(fixture("referrer_restore.json"), strict=True)
    assert event.id == "7c9e4gb3-5d6f-6b8c-be0g-EXAMPLE"  # not a UUID, as in AWS's samples
    pulled = parse_event(fixture("pull_through_cache.json"), strict=True)
    assert pulled.detail.image_digest == "sha256:c0ffee00c0ffee00c0ffee00EXAMPLE"


def test_fields_are_snake_case_and_remember_their_key():
    detail = parse_event(fixture("image_scan_basic.json")).detail
    assert isinstance(detail, ImageScanDetail)
    assert detail.finding_severity_counts == {"HIGH": 4, "LOW": 17}
    assert detail.image_tags == ()
    assert attrs.fields(ImageScanDetail).finding_severity_counts.metadata == {
        "key": "finding-severity-counts"
    }


def test_times_are_aware_and_written_back_as_eventbridge_writes_them():
    event = parse_event(fixture("image_restore.json"))
    assert event.time == datetime(2025, 1, 22, 6, 5, 59, tzinfo=UTC)
    assert event.detail.last_activated_at == datetime(2025, 1, 22, 6, 5, 58, 310000, tzinfo=UTC)
    back = unstructure_event(event)
    assert (back["time"], back["detail"]["last-activated-at"]) == (
        "2025-01-22T06:05:59Z",
        "2025-01-22T06:05:58.31Z",
    )


def test_a_nested_list_of_objects_is_typed():
    detail = parse_event(fixture("scan_resource_change.json")).detail
    assert isinstance(detail, ScanResourceChangeDetail)
    assert [r.scan_frequency for r in detail.repositories] == ["CONTINUOUS_SCAN", "SCAN_ON_PUSH"]
    assert all(type(r) is ScanResourceRepository for r in detail.repositories)


def test_awss_own_pull_through_cache_sample_has_a_date_that_does_not_exist():
    sent = fixture("pull_through_cache.json") | {"time": "2023-02-29T02:36:48Z"}
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    assert list(problems(caught.value)) == ["$.time"]


def test_awss_own_pull_through_cache_sample_is_not_json():
    # The published detail ends with a comma before its closing brace.
    text = '{"version": "0", "detail": {"image-digest": "sha256:4aa0",}}'
    with pytest.raises(StructureError) as caught:
        parse_event(text)
    assert list(problems(caught.value)) == ["$"] and "not JSON" in str(caught.value)


# -- lenient like responses, strict on request -------------------------------------


def test_unknown_keys_are_ignored_at_every_depth_and_refused_when_strict():
    sent = fixture("scan_resource_change.json")
    sent["replay-name"] = "nightly"
    sent["detail"]["scan-origin"] = "console"
    sent["detail"]["repositories"][1]["lifecycle"] = {"state": "new"}
    assert parse_event(sent) == parse_event(fixture("scan_resource_change.json"))
    with pytest.raises(StructureError) as caught:
        parse_event(sent, strict=True)
    assert set(problems(caught.value)) == {
        "$.replay-name",
        "$.detail.scan-origin",
        "$.detail.repositories[1].lifecycle",
    }


def test_unknown_enum_values_are_kept_as_unknown_value_and_refused_when_strict():
    sent = fixture("image_scan_basic.json")
    sent["detail"]["scan-status"] = "QUEUED"
    sent["detail"]["finding-severity-counts"]["SEVERE"] = 2
    detail = parse_event(sent).detail
    assert detail.scan_status == "QUEUED" and type(detail.scan_status) is UnknownValue
    assert [type(k) for k in detail.finding_severity_counts] == [str, str, UnknownValue]
    assert unstructure_event(parse_event(sent)) == sent
    with pytest.raises(StructureError) as caught:
        parse_event(sent, strict=True)
    assert set(problems(caught.value)) == {"$.detail.scan-status", "$.detail.finding-severity-counts.SEVERE"}


@pytest.mark.parametrize(
    ("source", "detail_type"),
    [
        ("aws.ecr", "ECR Artifact Action"),
        ("aws.inspector2", "Inspector2 AutoEnable"),
        ("my.app", "ECR Image Action"),
    ],
)
def test_an_unknown_detail_type_gives_an_unknown_detail_never_an_error(source, detail_type):
    sent = fixture("image_push.json") | {"source": source, "detail-type": detail_type}
    sent["detail"] = {"artifact": {"layers": [1, {"size": 2}]}, "state": "ok"}
    for strict in (False, True):
        event = parse_event(sent, strict=strict)
        assert type(event.detail) is UnknownDetail
        assert event.detail.data["state"] == "ok"
        assert type(event.detail.data["artifact"]) is FrozenDict
        assert event.detail.data["artifact"]["layers"] == (1, {"size": 2})
        hash(event)
        assert unstructure_event(event) == sent


def test_a_detail_given_as_json_text_is_read():
    sent = fixture("replication_failure.json")
    as_text = sent | {"detail": json.dumps(sent["detail"])}
    assert parse_event(as_text) == parse_event(sent)
    with pytest.raises(StructureError) as caught:
        parse_event(sent | {"detail": "{not json"})
    assert list(problems(caught.value)) == ["$.detail"]


# -- errors name the keys as sent ------------------------------------------------------


def test_errors_list_every_problem_at_its_original_key_path():
    sent = fixture("scan_resource_change.json")
    del sent["region"]
    sent["resources"] = "arn:aws:ecr:us-east-1:210987654321:repository/shop/checkout"
    sent["detail"]["scan-type"] = None
    sent["detail"]["repositories"][0]["scan-frequency"] = 7
    sent["detail"]["repositories"][1] = "shop/cart"
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    assert problems(caught.value) == {
        "$.region": "required key missing",
        "$.resources": (
            "expected a list or tuple of str, got 'arn:aws:ecr:us-east-1:210987654321:repository/shop/checkout'"
        ),
        "$.detail.scan-type": "required key is null",
        "$.detail.repositories[0].scan-frequency": (
            "expected one of 'SCAN_ON_PUSH', 'CONTINUOUS_SCAN', 'MANUAL', got 7"
        ),
        "$.detail.repositories[1]": "expected an object (ScanResourceRepository), got 'shop/cart'",
    }
    assert str(caught.value).startswith("5 problems structuring Event\n  $.region: required key missing")


def test_the_error_is_the_package_structure_error_and_pickles():
    with pytest.raises(ecr_attrs.StructureError) as caught:
        parse_event(fixture("image_push.json") | {"detail": {"result": "SUCCESS"}})
    copy = pickle.loads(pickle.dumps(caught.value))
    assert [p.path for p in copy.problems] == [p.path for p in caught.value.problems]
    assert "$.detail.repository-name" in str(copy)


def test_a_source_that_is_not_text_is_an_error_at_its_key_not_a_crash():
    sent = fixture("image_push.json") | {"source": ["aws.ecr"], "detail-type": {"kind": "push"}}
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    assert list(problems(caught.value)) == ["$.detail-type", "$.source"]


class Unreadable(Mapping):
    """A mapping whose every method raises, as a hostile or broken one may."""

    def __getitem__(self, key):
        raise RuntimeError("no")

    def __iter__(self):
        raise RuntimeError("no")

    def __len__(self):
        raise RuntimeError("no")


def test_a_mapping_that_cannot_be_read_is_a_structure_error_at_its_path():
    sent = fixture("scan_resource_change.json")
    sent["detail"]["repositories"][0] = Unreadable()
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    assert problems(caught.value) == {
        "$.detail.repositories[0]": "could not check a Unreadable object: its RuntimeError escaped"
    }
    with pytest.raises(StructureError):
        parse_event(Unreadable())


@pytest.mark.parametrize("given_event", [None, 3, ["version"], "null"])
def test_anything_but_an_object_is_refused_at_the_root(given_event):
    with pytest.raises(StructureError) as caught:
        parse_event(given_event)
    assert list(problems(caught.value)) == ["$"]


# -- the classes -----------------------------------------------------------------------


def test_event_objects_are_frozen():
    event = parse_event(fixture("image_push.json"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.detail.image_tag = "other"  # type: ignore[misc]
    assert hash(event) == hash(parse_event(fixture("image_push.json")))


def test_the_constructor_runs_the_same_validators():
    with pytest.raises(ValueError, match="is not one of"):
        ReplicationActionDetail(
            result="MAYBE",
            repository_name="a",
            image_digest="b",
            source_account="c",
            action_type="REPLICATE",
            source_region="d",
        )


def test_enums_shared_with_the_ecr_model_take_its_values():
    from typing import get_args

    from ecr_attrs import models

    for name in ("ScanStatus", "FindingSeverity", "ScanFrequency", "ScanType", "TargetStorageClass"):
        assert set(ENUMS[name]) == set(get_args(getattr(models, name))), name


def test_the_detail_classes_are_the_ones_documented():
    assert {cls.__name__ for cls in ECR_CLASSES.values()} == {
        "ImageActionDetail",
        "ImageScanDetail",
        "PullThroughCacheActionDetail",
        "ReferrerActionDetail",
        "ReplicationActionDetail",
        "ScanResourceChangeDetail",
    }
    assert [len(attrs.fields(c)) for c in (Event, ImageActionDetail, PullThroughCacheActionDetail)] == [
        9,
        9,
        7,
    ]


def test_the_committed_event_module_is_what_the_spec_generates():
    from codegen.__main__ import FACTS_PATH, PACKAGE, format_sources
    from codegen.events import OUTPUT, render_events

    facts = json.loads(FACTS_PATH.read_text(encoding="utf-8"))
    (fresh,) = format_sources([render_events(facts)[OUTPUT]])
    assert fresh == (PACKAGE / OUTPUT).read_text(encoding="utf-8"), "run `python -m codegen`"


def test_the_generator_refuses_an_unknown_enum_and_a_key_neither_kebab_nor_camel_case(tmp_path):
    from codegen.__main__ import FACTS_PATH
    from codegen.events import EVENTS_SPEC_PATH, render_events

    facts = json.loads(FACTS_PATH.read_text(encoding="utf-8"))
    spec = EVENTS_SPEC_PATH.read_text(encoding="utf-8")
    bad = tmp_path / "ecr_events.toml"
    bad.write_text(spec.replace('"enum SyncStatus"', '"enum SyncState"'), encoding="utf-8")
    with pytest.raises(LookupError, match="SyncState"):
        render_events(facts, bad)
    bad.write_text(spec.replace('key = "rule-version"', 'key = "rule_version"'), encoding="utf-8")
    with pytest.raises(ValueError, match="rule_version"):
        render_events(facts, bad)
