"""Keys an event holds beyond its classes survive ``parse_event(..., keep_unknown_keys=True)``.

As with the converters' option of the same name, each object keeps the keys
none of its fields is sent under, frozen and outside equality, at every depth:
the envelope, ECR's details and the objects they hold, Inspector's finding and
the structures it holds.  ``unstructure_event`` writes them back after each
object's fields, in the order they came.  The default ignores them; strict
mode refuses them.
"""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecr_attrs import FrozenDict, StructureError, make_converter, unknown_keys
from ecr_attrs import _validators as v
from ecr_attrs.events import DETAIL_CLASSES, Event, parse_event, unstructure_event
from ecr_attrs.events._convert import format_event_path, key_of
from ecr_attrs.events.strategies import event_dicts

FIXTURES = Path(__file__).parent / "fixtures" / "events"
DETAIL_TYPES = sorted(DETAIL_CLASSES)
SECRET = "wJalrXUtnFEMI/K7MDENG-never-in-a-repr"

Parts = tuple[str | int, ...]


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def known(cls: type) -> list[str]:
    return [key_of(f) for f in attrs.fields(cls)]


def objects_in(event: dict[str, Any]) -> list[tuple[Parts, type, dict[str, Any]]]:
    """Every object of ``event`` that a class reads, with its path and class (maps are not such objects)."""
    found: list[tuple[Parts, type, dict[str, Any]]] = []

    def visit(cls: type, data: dict[str, Any], path: Parts) -> None:
        found.append((path, cls, data))
        for field in attrs.fields(cls):
            key = key_of(field)
            if key not in data:
                continue
            if cls is Event and key == "detail":
                visit(DETAIL_CLASSES[data["source"], data["detail-type"]], data[key], (*path, key))
            else:
                held(field.validator, data[key], (*path, key))

    def held(rule: Any, value: Any, path: Parts) -> None:
        if isinstance(rule, v.Nullable):
            rule = rule.inner
        if isinstance(rule, v.InstanceOf):
            visit(rule.classes[0], value, path)
        elif isinstance(rule, v.SequenceOf):
            for index, item in enumerate(value):
                held(rule.element, item, (*path, index))
        elif isinstance(rule, v.MappingOf):
            for key, item in value.items():
                held(rule.value, item, (*path, key))

    visit(Event, event, ())
    return found


def at(data: Any, path: Parts) -> Any:
    for part in path:
        data = data[part]
    return data


def object_at(obj: Any, path: Parts) -> Any:
    """The parsed object at an event path (keys as sent)."""
    for part in path:
        if isinstance(part, int):
            obj = obj[part]
        else:
            (field,) = [f for f in attrs.fields(type(obj)) if key_of(f) == part]
            obj = getattr(obj, field.name)
    return obj


def insert(data: dict[str, Any], position: int, key: str, value: Any) -> None:
    """Put ``key`` at ``position`` among the keys of ``data``, in place (its holder sees the change)."""
    items = list(data.items())
    items.insert(position, (key, value))
    data.clear()
    data.update(items)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def with_unknown_keys(draw: st.DrawFn, detail_type: tuple[str, str]) -> tuple[dict, dict, dict, bool]:
    """(the event as generated, the event with unknown keys added, {path: {key: value}}, appended only)."""
    source, name = detail_type
    original = draw(event_dicts(name, source=source))
    sent = copy.deepcopy(original)
    places = objects_in(sent)
    at_end = draw(st.booleans())
    added: dict[Parts, dict[str, Any]] = {}
    for index in draw(st.lists(st.integers(0, len(places) - 1), min_size=1, max_size=5)):
        path, cls, data = places[index]
        names = {*data, *known(cls)}  # an absent optional key is not an unknown one
        key = draw(st.text(min_size=1, max_size=10).filter(lambda k, n=names: k not in n))
        value = draw(json_values)
        insert(data, len(data) if at_end else draw(st.integers(0, len(data))), key, value)
        added.setdefault(path, {})[key] = value
    return original, sent, added, at_end


@pytest.mark.parametrize("detail_type", DETAIL_TYPES, ids=lambda d: d[1])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_unknown_keys_at_any_depth_round_trip_and_follow_each_objects_fields(detail_type, data):
    original, sent, added, at_end = data.draw(with_unknown_keys(detail_type))
    event = parse_event(sent, keep_unknown_keys=True)
    assert event == parse_event(original)  # outside equality
    back = unstructure_event(event)
    assert back == sent
    assert json.loads(json.dumps(back)) == back
    for path, cls, given_object in objects_in(sent):
        fields = [k for k in given_object if k in known(cls)]
        extra = [k for k in given_object if k not in known(cls)]
        assert list(at(back, path)) == fields + extra, path
        if at_end:
            assert list(at(back, path)) == list(given_object), path
        assert dict(unknown_keys(object_at(event, path))).keys() == set(added.get(path, {}))
    assert unstructure_event(parse_event(json.dumps(sent), keep_unknown_keys=True)) == sent


@pytest.mark.parametrize("detail_type", DETAIL_TYPES, ids=lambda d: d[1])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_by_default_unknown_keys_are_ignored_and_strict_mode_refuses_each(detail_type, data):
    original, sent, added, _ = data.draw(with_unknown_keys(detail_type))
    event = parse_event(sent)
    assert event == parse_event(original) and unstructure_event(event) == original
    assert all(unknown_keys(object_at(event, path)) == {} for path in added)
    with pytest.raises(StructureError) as caught:
        parse_event(sent, strict=True)
    assert {p.path for p in caught.value.problems} == {
        "$" + format_event_path((*path, key)) for path, keys in added.items() for key in keys
    }
    assert {p.reason for p in caught.value.problems} == {"unknown key (strict mode)"}


# -- what the kept keys are --------------------------------------------------------------------


def finding_with_unknown_keys() -> dict[str, Any]:
    sent = fixture("inspector_finding_ecr.json")
    sent["replay"] = {"attempt": 2}
    sent["detail"]["riskScore"] = [3, {"note": SECRET}]
    sent["detail"]["resources"][0]["details"]["awsEcrContainerImage"]["layerCount"] = 7
    return sent


def test_the_kept_keys_are_frozen_copies_of_the_input_read_by_unknown_keys():
    sent = finding_with_unknown_keys()
    event = parse_event(sent, keep_unknown_keys=True)
    expected = unstructure_event(event)
    assert unknown_keys(event) == {"replay": FrozenDict({"attempt": 2})}
    assert unknown_keys(event.detail) == {"riskScore": (3, FrozenDict({"note": SECRET}))}
    image = event.detail.resources[0].details.awsEcrContainerImage
    assert unknown_keys(image) == {"layerCount": 7}
    sent["detail"]["riskScore"][1]["note"] = "changed later"
    sent["replay"]["attempt"] = 3
    assert unstructure_event(event) == expected
    out = unstructure_event(event)
    out["detail"]["riskScore"].append("changed output")
    assert unstructure_event(event) == expected
    with pytest.raises(TypeError):
        unknown_keys(event)["replay"] = 1  # type: ignore[index]


def test_repr_names_the_kept_keys_never_their_values():
    event = parse_event(finding_with_unknown_keys(), keep_unknown_keys=True)
    assert "unknown keys: ['replay']" in repr(event)
    assert "unknown keys: ['riskScore']" in repr(event.detail)
    assert SECRET not in repr(event)
    assert "unknown keys" not in repr(parse_event(finding_with_unknown_keys()))


@pytest.mark.parametrize(
    "again",
    [
        lambda e: pickle.loads(pickle.dumps(e)),
        lambda e: pickle.loads(pickle.dumps(e, protocol=2)),
        copy.copy,
        copy.deepcopy,
    ],
    ids=["pickle", "pickle-2", "copy", "deepcopy"],
)
def test_pickle_and_copies_keep_the_kept_keys(again):
    sent = finding_with_unknown_keys()
    event = parse_event(sent, keep_unknown_keys=True)
    copied = again(event)
    assert copied == event and unstructure_event(copied) == sent


def test_evolve_and_constructors_make_objects_without_kept_keys():
    event = parse_event(finding_with_unknown_keys(), keep_unknown_keys=True)
    changed = attrs.evolve(event, region="eu-west-3")
    assert unknown_keys(changed) == {} and "replay" not in unstructure_event(changed)
    assert unknown_keys(changed.detail) != {}  # the detail itself was not changed


def test_a_detail_sent_as_json_text_keeps_its_unknown_keys_and_comes_back_as_an_object():
    sent = fixture("replication_failure.json")
    sent["detail"]["failure-code"] = "ACCESS_DENIED"
    as_text = sent | {"detail": json.dumps(sent["detail"])}
    assert unstructure_event(parse_event(as_text, keep_unknown_keys=True)) == sent


def test_a_kept_finding_is_the_models_own_kind_the_converters_write_its_keys_back_too():
    finding = parse_event(finding_with_unknown_keys(), keep_unknown_keys=True).detail
    written = make_converter(keep_unknown_keys=True).unstructure(finding)
    assert written["riskScore"] == [3, {"note": SECRET}]
    assert written["resources"][0]["details"]["awsEcrContainerImage"]["layerCount"] == 7


def test_an_unknown_detail_holds_every_key_anyway():
    sent = fixture("image_push.json") | {"detail-type": "ECR Artifact Action", "later": 1}
    sent["detail"] = {"artifact": {"layers": [1]}}
    event = parse_event(sent, keep_unknown_keys=True)
    assert unknown_keys(event) == {"later": 1} and unknown_keys(event.detail) == {}
    assert unstructure_event(event) == sent


def test_keeping_and_refusing_unknown_keys_cannot_be_asked_together():
    with pytest.raises(ValueError, match="keep_unknown_keys and strict"):
        parse_event(fixture("image_push.json"), strict=True, keep_unknown_keys=True)


def test_unknown_keys_of_anything_but_an_ecr_attrs_object_is_a_type_error():
    for value in ({"a": 1}, parse_event, 3, object()):
        with pytest.raises(TypeError):
            unknown_keys(value)
