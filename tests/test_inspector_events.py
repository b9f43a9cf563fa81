"""Amazon Inspector's events about ECR images: the Finding from Inspector's model, scans and coverage.

"Inspector2 Finding" details are Inspector's ``Finding`` structure, generated
into ``ecr_attrs.inspector2`` (Finding and only what it holds) and checked here
against the installed botocore model and its parser; "Inspector2 Scan" and
"Inspector2 Coverage" come from spec/ecr_events.toml like ECR's detail-types.
Finding times are Inspector's text forms (``ecr_attrs.events._times``).
"""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import botocore.parsers
import botocore.session
import pytest
from botocore.validate import ParamValidator
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ecr_attrs import (
    StructureError,
    UnknownValue,
    inspector2,
    json_converter,
    make_converter,
    make_json_converter,
)
from ecr_attrs import _validators as v
from ecr_attrs import strategies as model_strategies
from ecr_attrs.events import (
    DETAIL_CLASSES,
    ENUMS,
    FindingTypeDef,
    InspectorCoverageDetail,
    InspectorCoverageStatus,
    InspectorScanDetail,
    UnknownDetail,
    parse_event,
    unstructure_event,
)
from ecr_attrs.events._times import format_text_time, parse_text_time
from ecr_attrs.events.strategies import EVENT_CLASSES, event_dicts, events
from ecr_attrs.inspector2 import models
from ecr_attrs.inspector2.strategies import MODEL_CLASSES

FIXTURES = Path(__file__).parent / "fixtures" / "events"
PUBLISHED = json.loads((FIXTURES / "inspector_published_keys.json").read_text(encoding="utf-8"))
MODEL = botocore.session.get_session().get_service_model("inspector2")
INSPECTOR_TYPES = sorted(d for s, d in DETAIL_CLASSES if s == "aws.inspector2")
STRICT = make_converter(forbid_extra_keys=True)
STRICT_JSON = make_json_converter(forbid_extra_keys=True)
EXAMPLES = settings(max_examples=15, deadline=None)


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def problems(error: StructureError) -> dict[str, str]:
    return {p.path: p.reason for p in error.problems}


def unwrap(rule: Any) -> Any:
    return rule.inner if isinstance(rule, v.Nullable) else rule


def checked(obj: object) -> None:
    """Every stored value passes its class's validators at every depth (parsing skips ``__init__``)."""
    if attrs.has(type(obj)):
        attrs.validate(obj)  # type: ignore[arg-type]
        for field in attrs.fields(type(obj)):
            checked(getattr(obj, field.name))
    elif isinstance(obj, tuple):
        for item in obj:
            checked(item)


# -- the generated package: Finding and only what it holds ------------------------


def shapes_under(name: str) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def visit(shape: Any) -> None:
        if shape.type_name == "structure" and shape.name not in found:
            found[shape.name] = shape
            for member in shape.members.values():
                visit(member)
        elif shape.type_name == "list":
            visit(shape.member)
        elif shape.type_name == "map":
            visit(shape.key)
            visit(shape.value)

    visit(MODEL.shape_for(name))
    return found


def test_the_package_is_finding_and_every_structure_it_holds_with_every_member():
    shapes = shapes_under("Finding")
    assert models.CLASS_NAMES == {f"{name}TypeDef" for name in shapes}
    assert len(MODEL_CLASSES) == len(shapes) == 28
    for name, shape in shapes.items():
        cls = getattr(models, f"{name}TypeDef")
        assert [f.name for f in attrs.fields(cls)] == list(shape.members), name
        for field in attrs.fields(cls):
            assert isinstance(field.validator, v.Nullable) is (field.name not in shape.required_members)


def test_the_package_is_the_one_the_installed_model_gives():
    assert (models.BOTOCORE_VERSION, models.INSPECTOR_API_VERSION) == (
        botocore.__version__,
        MODEL.api_version,
    )


def test_the_package_is_models_only():
    assert not hasattr(inspector2, "client")
    for name in ("client.py", "aio.py", "exceptions.py", "_kwargs.py"):
        assert not (Path(inspector2.__file__).parent / name).exists(), name


@st.composite
def complete(draw: st.DrawFn, cls: type) -> Any:
    """An instance with every member set, at every depth (each list holds at least one element)."""
    values = {}
    for field in attrs.fields(cls):
        rule = unwrap(field.validator)
        if isinstance(rule, v.InstanceOf):
            values[field.name] = draw(complete(rule.classes[0]))
        elif isinstance(rule, v.SequenceOf) and isinstance(rule.element, v.InstanceOf):
            values[field.name] = tuple(
                draw(st.lists(complete(rule.element.classes[0]), min_size=1, max_size=2))
            )
        elif isinstance(rule, v.SequenceOf):
            element = model_strategies.for_rule(
                rule.element, field.name, field.metadata.get("output_element_min", 0)
            )
            values[field.name] = tuple(draw(st.lists(element, min_size=1, max_size=2)))
        elif isinstance(rule, v.MappingOf):
            values[field.name] = draw(
                st.dictionaries(
                    st.text("abcé環", min_size=1, max_size=4),
                    st.text("xyzü本 ", max_size=6),
                    min_size=1,
                    max_size=2,
                )
            )
        else:
            values[field.name] = draw(
                model_strategies.for_rule(rule, field.name, field.metadata.get("output_min", 0))
            )
    return cls(**values)


def every_member_set(obj: Any, path: str = "$") -> None:
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        assert value is not None, f"{path}.{field.name}"
        items = value if isinstance(value, tuple) else [value]
        assert items, f"{path}.{field.name}"
        for index, item in enumerate(items):
            if attrs.has(type(item)):
                every_member_set(item, f"{path}.{field.name}[{index}]")


@EXAMPLES
@given(complete(FindingTypeDef))
def test_a_complete_finding_is_one_botocore_validates_parses_and_strict_mode_takes_back(finding):
    every_member_set(finding)
    sent = STRICT.unstructure(finding)
    report = ParamValidator().validate(sent, MODEL.shape_for("Finding"))
    assert not report.has_errors(), report.generate_report()
    assert STRICT.structure(sent, FindingTypeDef) == finding
    # As a response body through botocore's own rest-json parser: tzlocal datetimes, floats as sent.
    body = json.dumps({"findings": [STRICT_JSON.unstructure(finding)]}).encode()
    parsed = botocore.parsers.create_parser("rest-json").parse(
        {"body": body, "headers": {}, "status_code": 200},
        MODEL.operation_model("ListFindings").output_shape,
    )
    assert STRICT.structure(parsed["findings"][0], FindingTypeDef) == finding


@EXAMPLES
@given(complete(FindingTypeDef))
def test_a_complete_finding_in_an_event_round_trips_exactly(finding):
    event = data_event("Inspector2 Finding", finding)
    sent = unstructure_event(event)
    json.dumps(sent)
    again = parse_event(sent, strict=True)
    assert again == event
    assert unstructure_event(again) == sent
    checked(again)


def data_event(detail_type: str, detail: Any) -> Any:
    base = fixture("inspector_scan_ecr.json") | {"detail-type": detail_type}
    base["detail"] = {}
    shell = parse_event(base | {"source": "my.app"})
    return attrs.evolve(shell, source="aws.inspector2", detail=detail)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_every_inspector_class_from_its_strategy_is_valid_and_round_trips_strictly(cls, data):
    obj = data.draw(st.from_type(cls))
    attrs.validate(obj)
    assert STRICT.structure(STRICT.unstructure(obj), cls) == obj
    assert json_converter.structure(STRICT_JSON.unstructure(obj), cls) == obj
    assert pickle.loads(pickle.dumps(obj)) == obj


# -- every Inspector detail-type, from its strategy ---------------------------------


def test_the_inspector_detail_types_and_their_classes():
    assert {d: DETAIL_CLASSES["aws.inspector2", d] for d in INSPECTOR_TYPES} == {
        "Inspector2 Coverage": InspectorCoverageDetail,
        "Inspector2 Finding": FindingTypeDef,
        "Inspector2 Scan": InspectorScanDetail,
    }
    assert [len(attrs.fields(c)) for c in (FindingTypeDef, InspectorScanDetail, InspectorCoverageDetail)] == [
        21,
        8,
        8,
    ]
    assert InspectorCoverageStatus in EVENT_CLASSES and FindingTypeDef not in EVENT_CLASSES


@pytest.mark.parametrize("detail_type", INSPECTOR_TYPES)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_generated_inspector_events_are_valid_strict_and_round_trip_exactly(detail_type, data):
    event = data.draw(events(detail_type))
    assert event.source == "aws.inspector2"
    assert type(event.detail) is DETAIL_CLASSES["aws.inspector2", detail_type]
    checked(event)
    sent = unstructure_event(event)
    assert json.loads(json.dumps(sent)) == sent
    assert parse_event(sent, strict=True) == event
    assert unstructure_event(parse_event(json.dumps(sent))) == sent
    assert pickle.loads(pickle.dumps(event)) == event


@settings(max_examples=30, deadline=None)
@given(event_dicts(source="aws.inspector2"))
def test_event_dicts_of_a_source_are_that_sources_events(sent):
    assert sent["source"] == "aws.inspector2" and sent["detail-type"] in INSPECTOR_TYPES


# -- the documented shapes -------------------------------------------------------------


SAMPLES = sorted(PUBLISHED["samples"])


@pytest.mark.parametrize("name", SAMPLES)
def test_each_fixture_has_the_keys_of_a_published_sample(name):
    sent = fixture(name)
    published = PUBLISHED["samples"][name]
    assert list(sent) == PUBLISHED["envelope"]
    assert sorted(sent["detail"]) == sorted(published["detail"])
    cls = DETAIL_CLASSES[sent["source"], sent["detail-type"]]
    keys = {f.metadata.get("key", f.name) for f in attrs.fields(cls)}
    assert set(published["detail"]) <= keys, "a published key the class lacks"


def test_the_finding_samples_keys_at_every_depth_are_members_of_the_model():
    # What Inspector's published findings carry, object by object: all of it typed.
    for shape, keys in PUBLISHED["finding objects"].items():
        assert set(keys) <= set(MODEL.shape_for(shape).members), shape


@pytest.mark.parametrize("name", SAMPLES)
def test_each_fixture_parses_strictly_and_is_given_back(name):
    sent = fixture(name)
    event = parse_event(sent, strict=True)
    checked(event)
    back = unstructure_event(event)
    if name == "inspector_finding_2021.json":
        # The 2021 form reads to the same instants and is written in the current form.
        assert back != sent and parse_event(back, strict=True) == event
        assert back["detail"]["firstObservedAt"] == "Thu Dec 09 14:05:10.000 UTC 2021"
    else:
        assert back == sent
    if type(event.detail) is not FindingTypeDef:  # a finding's keys come in the model's order
        assert list(back["detail"]) == list(sent["detail"])


def test_a_finding_reads_as_inspectors_model_with_aware_utc_times_and_non_ascii_text():
    event = parse_event(fixture("inspector_finding_ecr.json"))
    finding = event.detail
    assert isinstance(finding, FindingTypeDef)
    assert finding.firstObservedAt == datetime(2024, 10, 7, 8, 15, 40, 118000, UTC)
    image = finding.resources[0].details.awsEcrContainerImage
    assert image.repositoryName == "tienda/café-api" and image.imageTags == ("v2.4", "última")
    assert image.pushedAt == datetime(2024, 10, 7, 8, 14, 59, tzinfo=UTC)
    assert finding.resources[0].tags == {"équipe": "paiements", "環境": "本番"}
    assert finding.epss.score == 0.00051 and finding.fixAvailable == "PARTIAL"


def test_a_2021_finding_reads_its_times_as_utc():
    finding = parse_event(fixture("inspector_finding_2021.json")).detail
    assert finding.firstObservedAt == finding.lastObservedAt == datetime(2021, 12, 9, 14, 5, 10, tzinfo=UTC)
    assert finding.packageVulnerabilityDetails.vendorCreatedAt == datetime(2021, 11, 1, tzinfo=UTC)
    assert finding.resources[0].details.awsEcrContainerImage.lastInUseAt == datetime(
        2021, 12, 9, 0, 30, tzinfo=UTC
    )


def test_scan_events_name_the_repository_by_its_arn():
    detail = parse_event(fixture("inspector_scan_ecr.json")).detail
    assert isinstance(detail, InspectorScanDetail)
    assert detail.repository_name == "arn:aws:ecr:ap-northeast-1:210987654321:repository/tienda/café-api"
    assert detail.finding_severity_counts == {"CRITICAL": 1, "HIGH": 4, "MEDIUM": 9, "TOTAL": 17}
    ec2 = parse_event(fixture("inspector_scan_ec2.json")).detail
    assert ec2.instance_id == "i-0a1b2c3d4e5f60718" and ec2.repository_name is None


def test_coverage_events_read_their_camel_case_keys_and_iso_times():
    detail = parse_event(fixture("inspector_coverage_ec2.json")).detail
    assert isinstance(detail, InspectorCoverageDetail)
    assert (detail.scan_status.reason, detail.scan_status.status_code_value) == (
        "EC2_INSTANCE_STOPPED",
        "INACTIVE",
    )
    assert detail.event_timestamp == datetime(2024, 11, 12, 21, 38, 39, 204817, UTC)


@pytest.mark.parametrize(
    ("enum", "shape"),
    [
        ("InspectorScanStatusCode", "ScanStatusCode"),
        ("InspectorScanStatusReason", "ScanStatusReason"),
        ("InspectorScanType", "ScanType"),
        ("InspectorProvider", "Provider"),
    ],
)
def test_the_coverage_enums_are_the_installed_models(enum, shape):
    assert ENUMS[enum] == tuple(MODEL.shape_for(shape).enum)


# -- lenient on read, like responses ------------------------------------------------


def test_unknown_keys_at_any_depth_of_a_finding_are_ignored_and_strict_mode_names_them():
    sent = fixture("inspector_finding_ecr.json")
    sent["detail"]["riskScore"] = 3
    sent["detail"]["remediation"]["recommendation"]["urlTexte"] = "voir"
    sent["detail"]["resources"][0]["details"]["image"]["layerCount"] = 7
    event = parse_event(sent)
    assert event == parse_event(fixture("inspector_finding_ecr.json"))
    with pytest.raises(StructureError) as caught:
        parse_event(sent, strict=True)
    assert problems(caught.value) == {
        "$.detail.riskScore": "unknown key (strict mode)",
        "$.detail.remediation.recommendation.urlTexte": "unknown key (strict mode)",
        "$.detail.resources[0].details.image.layerCount": "unknown key (strict mode)",
    }


def test_unknown_keys_of_scan_and_coverage_details_are_ignored_and_strict_mode_names_them():
    for name, where in (("inspector_scan_ecr.json", ()), ("inspector_coverage_azure.json", ("scanStatus",))):
        sent = fixture(name)
        target = sent["detail"]
        for key in where:
            target = target[key]
        target["nouvelle-clé"] = "oui"
        assert parse_event(sent) == parse_event(fixture(name))
        with pytest.raises(StructureError) as caught:
            parse_event(sent, strict=True)
        path = "$.detail" + "".join(f".{k}" for k in where) + ".nouvelle-clé"
        assert problems(caught.value) == {path: "unknown key (strict mode)"}


def test_an_unknown_enum_value_is_kept_and_strict_mode_refuses_it():
    sent = fixture("inspector_finding_network.json")
    sent["detail"]["severity"] = "SEVERE"
    sent["detail"]["resources"][0]["provider"] = "OCI"
    finding = parse_event(sent).detail
    assert finding.severity == "SEVERE" and isinstance(finding.severity, UnknownValue)
    assert isinstance(finding.resources[0].provider, UnknownValue)
    assert unstructure_event(parse_event(sent)) == sent
    with pytest.raises(StructureError) as caught:
        parse_event(sent, strict=True)
    assert set(problems(caught.value)) == {"$.detail.severity", "$.detail.resources[0].provider"}


def test_a_missing_required_member_and_a_bad_time_are_reported_at_their_keys():
    sent = fixture("inspector_finding_ecr.json")
    del sent["detail"]["findingArn"]
    sent["detail"]["resources"][0]["details"]["image"]["pushedAt"] = "Sun Oct 07 08:14:59.000 UTC 2024"
    sent["detail"]["lastObservedAt"] = "yesterday"
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    found = problems(caught.value)
    assert set(found) == {
        "$.detail.findingArn",
        "$.detail.resources[0].details.image.pushedAt",
        "$.detail.lastObservedAt",
    }
    assert found["$.detail.findingArn"] == "required key missing"


def test_inspectors_text_times_are_for_finding_details_only():
    sent = fixture("inspector_coverage_ec2.json")
    sent["detail"]["eventTimestamp"] = "Tue Nov 12 21:38:39.204 UTC 2024"
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    assert set(problems(caught.value)) == {"$.detail.eventTimestamp"}
    sent = fixture("inspector_finding_code.json")
    sent["time"] = "Tue Oct 01 12:00:09.000 UTC 2024"
    with pytest.raises(StructureError) as caught:
        parse_event(sent)
    assert set(problems(caught.value)) == {"$.time"}


def test_a_finding_with_iso_times_is_read_too_and_written_in_inspectors_form():
    sent = fixture("inspector_finding_code.json")
    sent["detail"]["firstObservedAt"] = "2024-10-01T12:00:08.750Z"
    finding = parse_event(sent).detail
    assert finding.firstObservedAt == datetime(2024, 10, 1, 12, 0, 8, 750000, UTC)
    assert unstructure_event(finding)["firstObservedAt"] == "Tue Oct 01 12:00:08.750 UTC 2024"


def test_an_inspector_detail_type_without_a_class_is_an_unknown_detail():
    sent = fixture("inspector_scan_2021.json") | {"detail-type": "Inspector2 AutoEnable"}
    sent["detail"] = {"version": "1.0.0", "AutoEnableStatus": "Failed"}
    event = parse_event(sent, strict=True)
    assert type(event.detail) is UnknownDetail and unstructure_event(event) == sent


# -- Inspector's text times ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("Wed Sep 04 16:59:44.356 UTC 2024", datetime(2024, 9, 4, 16, 59, 44, 356000, UTC)),
        ("Thu Feb 29 00:00:00.000 UTC 2024", datetime(2024, 2, 29, tzinfo=UTC)),
        ("Thu Feb 29 00:00:00 UTC 2024", datetime(2024, 2, 29, tzinfo=UTC)),
        ("Tue Dec 31 23:59:59.999999 UTC 2024", datetime(2024, 12, 31, 23, 59, 59, 999999, UTC)),
        ("Dec 3, 2021, 6:02:30 PM", datetime(2021, 12, 3, 18, 2, 30, tzinfo=UTC)),
        ("Oct 16, 2019, 12:00:00 AM", datetime(2019, 10, 16, 0, 0, tzinfo=UTC)),
        ("Oct 16, 2019, 12:30:00 PM", datetime(2019, 10, 16, 12, 30, tzinfo=UTC)),
        ("Jan 1, 2022, 1:00:00\u202fAM", datetime(2022, 1, 1, 1, 0, tzinfo=UTC)),
    ],
)
def test_both_published_text_forms_read_to_aware_utc(text, instant):
    parsed = parse_text_time(text)
    assert parsed == instant and parsed is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text",
    [
        "Thu Sep 04 16:59:44.356 UTC 2024",  # 2024-09-04 was a Wednesday
        "Wed Feb 30 00:00:00.000 UTC 2024",
        "Wed Sep 04 16:59:44.356 CET 2024",
        "Wed Sep 04 24:00:00.000 UTC 2024",
        "Dec 3, 2021, 13:02:30 PM",
        "Dec 3, 2021, 0:02:30 AM",
        "Dec 3, 2021, 6:02:30",
        "Dec 3 2021 6:02:30 PM",
        "2021-12-03T18:02:30Z",
        "Wed Sep 04 16:59:44.356 UTC 2024\n",
        "Wed Sep ０4 16:59:44.356 UTC 2024",
    ],
)
def test_what_is_neither_form_or_no_real_time_is_not_read(text):
    assert parse_text_time(text) is None


@given(
    st.datetimes(
        min_value=datetime(1000, 1, 1),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
        ),
    )
)
@example(datetime(1000, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))))  # year 999 in UTC
def test_the_written_form_reads_back_to_the_same_instant(value):
    text = format_text_time(value)
    assert parse_text_time(text) == value
    if value.microsecond % 1000 == 0:
        assert text.endswith(
            f".{value.astimezone(UTC).microsecond // 1000:03d} UTC {value.astimezone(UTC).year:04d}"  # 0999 in UTC
        )
