"""Hardening (issue 12): every promise holds for every class, on all four converters.

Each test walks the validators of every model, so a class or field added by
the generator is covered without editing this file.
"""

from __future__ import annotations

import copy
import enum
import json
import os
import pickle
import time
import types
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import MODEL_CLASSES, instance

import ecr_attrs
from ecr_attrs import StructureError, UnknownValue, json_converter, make_converter, make_json_converter
from ecr_attrs import _validators as v
from ecr_attrs.errors import MAX_REPORTED, format_exception
from ecr_attrs.strategies import boto3_dicts
from ecr_attrs.values import FrozenDict

CONVERTERS = {
    "boto3": ecr_attrs.converter,
    "json": json_converter,
    "strict": make_converter(forbid_extra_keys=True),
    "strict json": make_json_converter(forbid_extra_keys=True),
}
JSON_MODES = {"json", "strict json"}


def inner(rule: v.Validator) -> v.Validator:
    return rule.inner if isinstance(rule, v.Nullable) else rule


def fields_of(cls: type) -> list[tuple[str, v.Validator]]:
    return [(f.name, f.validator) for f in attrs.fields(cls)]


def dict_of(cls: type, mode: str = "boto3") -> dict[str, Any]:
    obj = instance(cls)
    return CONVERTERS[mode].unstructure(obj)


def leaf_spots(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of every value in a dict tree, containers included."""
    if path:
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaf_spots(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaf_spots(value, (*path, index))


def put(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of ``data`` with ``value`` at ``path``."""
    if not path:
        return value
    out = dict(data) if isinstance(data, dict) else list(data)
    out[path[0]] = put(out[path[0]], path[1:], value)
    return out


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def dollar(path: tuple[Any, ...]) -> str:
    return "$" + v.format_path(tuple(path))


def structure_error(converter: cattrs.Converter, data: Any, cls: type) -> StructureError:
    with pytest.raises(StructureError) as caught:
        converter.structure(data, cls)
    return caught.value


# -- hostile objects --------------------------------------------------------


class Boom(Exception):
    pass


def explode(*args: Any, **kwargs: Any) -> Any:
    raise Boom("the value's own method raised")


class Chaos:
    """Every method a checker might call raises, including ``__class__``."""

    __class__ = property(explode)  # type: ignore[assignment]
    __repr__ = __len__ = __iter__ = __hash__ = __eq__ = __str__ = explode  # type: ignore[assignment]
    __getattr__ = explode


class UnreadableMapping(Mapping[str, Any]):
    def __getitem__(self, key: str) -> Any:
        raise Boom("unreadable")

    def __iter__(self) -> Iterator[str]:
        return iter(["a", "b"])

    def __len__(self) -> int:
        return 2


class NastyStr(str):
    """A str whose methods raise; what it holds is plain text."""

    __len__ = __repr__ = __hash__ = __eq__ = __iter__ = explode  # type: ignore[assignment]


class RaisingZone(tzinfo):
    utcoffset = dst = tzname = explode  # type: ignore[assignment]


class NoOffsetZone(tzinfo):
    def utcoffset(self, dt: Any) -> None:
        return None

    def dst(self, dt: Any) -> None:
        return None


HOSTILE = {
    "chaos": Chaos(),
    "unreadable mapping": UnreadableMapping(),
    "int of 5000 digits": 7 * 10**4999,
    "datetime whose zone raises": datetime(2024, 1, 1, tzinfo=RaisingZone()),
}
OTHER_PROBLEM = ("ThisKeyIsNotAField", 1)


def hostile_cases() -> Iterator[Any]:
    for cls in MODEL_CLASSES:
        for name, rule in fields_of(cls):
            yield pytest.param(cls, name, id=f"{cls.__name__}.{name}")


@pytest.mark.parametrize(("cls", "name"), list(hostile_cases()))
def test_a_hostile_value_gets_a_problem_at_its_own_path_and_no_other_problem_is_lost(cls, name):
    rule = inner(attrs.fields_dict(cls)[name].validator)
    others = [n for n, r in fields_of(cls) if n != name]
    for mode, converter in CONVERTERS.items():
        for label, hostile in HOSTILE.items():
            if isinstance(rule, (v.Integer,)) and not isinstance(rule, v.Number) and "digits" in label:
                continue  # a valid int, merely long
            data = dict_of(cls, mode)
            spot: tuple[Any, ...] = (name,)
            if isinstance(rule, v.SequenceOf) and rule.min_len != 0:
                data[name] = [hostile]
                spot = (name, 0)
            else:
                data[name] = hostile
            if others:
                data[others[0]] = Chaos()  # a second misbehaving value, elsewhere
            error = structure_error(converter, data, cls)
            paths = [p.parts for p in error.problems]
            assert any(p[: len(spot)] == spot for p in paths), (mode, label, paths)
            if others:
                assert (others[0],) in paths, (mode, label, paths)
            assert len(str(error)) < 2_000


def test_a_mapping_that_raises_reports_at_its_own_path():
    data = {"imageDetails": [{"imageTags": ["v1"]}, UnreadableMapping(), {"imageSizeInBytes": True}]}
    error = structure_error(ecr_attrs.converter, data, ecr_attrs.DescribeImagesResponseTypeDef)
    assert [p.path for p in error.problems] == ["$.imageDetails[1]", "$.imageDetails[2].imageSizeInBytes"]
    assert error.problems[0].reason == "could not check a UnreadableMapping of 2 items: its Boom escaped"


def test_a_huge_int_keeps_every_other_problem():
    data = {"imageTags": [1, 7 * 10**4999, None], "imageSizeInBytes": "big"}
    error = structure_error(ecr_attrs.converter, data, ecr_attrs.ImageDetailTypeDef)
    assert [(p.path, p.reason) for p in error.problems] == [
        ("$.imageTags[0]", "expected str, got 1"),
        ("$.imageTags[1]", "expected str, got an int of 5000 digits"),
        ("$.imageTags[2]", "expected str, got None"),
        ("$.imageSizeInBytes", "expected int, got 'big'"),
    ]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_constructors_raise_only_type_and_value_errors(cls):
    for name, rule in fields_of(cls):
        for hostile in [*HOSTILE.values(), NastyStr("x"), datetime(2024, 1, 1, tzinfo=NoOffsetZone())]:
            kwargs = attrs.asdict(instance(cls), recurse=False)
            kwargs[name] = hostile
            try:
                cls(**kwargs)
            except (TypeError, ValueError):
                pass


# -- item 1: credentials ----------------------------------------------------

SECRET = "SeCrEtHeAd" + "Q" * 200 + "SiGnAtUrEtAiL"
SECRET_PIECES = ("SeCrEtHeAd", "SiGnAtUrEtAiL", "QQQQQQQQ")
SECRET_CLASSES = [cls for cls in MODEL_CLASSES if v.holds_secret(v.InstanceOf((cls,)))]


def with_secrets(cls: type, mode: str) -> dict[str, Any]:
    """A full dict of ``cls`` whose every credential and blob holds SECRET."""

    def fill(rule: v.Validator, value: Any) -> Any:
        rule = inner(rule)
        if isinstance(rule, v.Text) and rule.secret:
            return SECRET
        if isinstance(rule, v.Blob):
            return SECRET if mode in JSON_MODES else SECRET.encode()
        if isinstance(rule, v.InstanceOf):
            return {k: fill(attrs.fields_dict(rule.classes[0])[k].validator, x) for k, x in value.items()}
        if isinstance(rule, v.SequenceOf):
            return [fill(rule.element, x) for x in value]
        return value

    return fill(v.InstanceOf((cls,)), dict_of(cls, mode))


def wrong_shapes(cls: type, data: dict[str, Any]) -> Iterator[Any]:
    """Single-spot shape mistakes around every container and every secret."""
    yield [data]
    yield {"authorizationData": data}
    yield SECRET
    for spot in leaf_spots(data):
        value = get(data, spot)
        yield put(data, spot, [value])
        yield put(data, spot, {"wrapped": value})
        if isinstance(value, list) and value:
            yield put(data, spot, value[0])
        if isinstance(value, dict):
            yield put(data, spot, list(value.values()))
            if v.holds_secret(rule_at(cls, spot)):
                yield put(data, spot, SECRET)
        if isinstance(value, (str, bytes)) and value in (SECRET, SECRET.encode()):
            yield put(data, spot, SECRET + "%%not base64%%")
            yield put(data, spot, {"nested": [value]})


def messages(error: StructureError) -> list[str]:
    return [
        str(error),
        repr(error),
        *(repr(p) for p in error.problems),
        *cattrs.transform_error(error),
        *cattrs.transform_error(error, format_exception=format_exception),
    ]


@pytest.mark.parametrize("cls", SECRET_CLASSES, ids=lambda c: c.__name__)
def test_no_credential_reaches_any_message_of_any_wrong_shape(cls):
    assert SECRET_CLASSES, "the models hold credentials"
    checked = 0
    for mode, converter in CONVERTERS.items():
        for data in wrong_shapes(cls, with_secrets(cls, mode)):
            try:
                obj = converter.structure(data, cls)
            except StructureError as error:
                for text in messages(error):
                    assert not any(piece in text for piece in SECRET_PIECES), (mode, text)
                checked += 1
            else:
                assert SECRET not in repr(obj)
    assert checked > 10


def test_the_audit_cases_quote_no_token():
    token = "QVdTOmV5SndZWGxzYjJGa0lqb2l" * 8 + "SiGnAtUrEtAiL"
    for data, cls in [
        ([{"authorizationToken": token}], ecr_attrs.AuthorizationDataTypeDef),
        (
            {"authorizationData": {"authorizationToken": token}},
            ecr_attrs.GetAuthorizationTokenResponseTypeDef,
        ),
    ]:
        assert "SiGnAtUrEtAiL" not in str(structure_error(ecr_attrs.converter, data, cls))
    blob = dict_of(ecr_attrs.UploadLayerPartRequestRequestTypeDef, "json") | {"layerPartBlob": "SiGnAtUrE!"}
    error = structure_error(json_converter, blob, ecr_attrs.UploadLayerPartRequestRequestTypeDef)
    assert [p.reason for p in error.problems] == [
        "expected base64 text, got a str of 10 characters that is not base64"
    ]


# -- item 2: errors cross process boundaries --------------------------------


def failing_structure(data: Any) -> Any:
    return ecr_attrs.structure(data, ecr_attrs.DescribeImagesResponseTypeDef)


def test_a_structure_error_crosses_a_process_pool_intact():
    bad = {"imageDetails": [{"imageSizeInBytes": True}, {"imageTags": [1]}]}
    expected = structure_error(ecr_attrs.converter, bad, ecr_attrs.DescribeImagesResponseTypeDef)
    with ProcessPoolExecutor(max_workers=1) as pool:
        with pytest.raises(StructureError) as caught:
            pool.submit(failing_structure, bad).result()
        assert pool.submit(len, "pool still works").result() == 16
    got = caught.value
    assert [(p.path, p.parts, p.reason) for p in got.problems] == [
        (p.path, p.parts, p.reason) for p in expected.problems
    ]
    assert str(got) == str(expected)
    assert cattrs.transform_error(got) == cattrs.transform_error(expected)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_errors_pickle_and_copy_with_problems_and_paths(cls):
    data = {name: Chaos() for name, _ in fields_of(cls)} | {"x" * 100: 1}
    error = structure_error(CONVERTERS["strict"], data, cls)
    for twin in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error), copy.copy(error)):
        assert type(twin) is StructureError and twin.cl is cls
        assert [(p.parts, p.reason) for p in twin.problems] == [(p.parts, p.reason) for p in error.problems]
        assert str(twin) == str(error)
        assert cattrs.transform_error(twin, format_exception=format_exception) == cattrs.transform_error(
            error, format_exception=format_exception
        )
    leaf = error.problems[0]
    assert repr(pickle.loads(pickle.dumps(leaf))) == repr(leaf)


# -- items 4, 9, 11, 12: converter and constructor agree --------------------


class Color(enum.IntEnum):
    RED = 1


class Letter(str, enum.Enum):
    COMPLETE = "COMPLETE"
    TEXT = "sample-text"


enum_type = enum.Enum


class Tagged(str):
    pass


class Big(int):
    pass


class Precise(float):
    pass


class When(datetime):
    pass


NEW_YORK_REPEATED_HOUR = datetime(2023, 11, 5, 1, 30, tzinfo=timezone(timedelta(hours=-5)))


def edge_values(rule: v.Validator, value: Any) -> list[Any]:
    """Values of odd types for a leaf that holds ``value``: subclasses, enums, extremes."""
    rule = inner(rule)
    if isinstance(rule, v.OneOf):
        return [Tagged(value), UnknownValue(value), Letter.COMPLETE, UnknownValue("QUANTUM"), "QUANTUM"]
    if isinstance(rule, v.Text):
        return [Tagged(value), NastyStr(value), Letter.TEXT]
    if isinstance(rule, v.Number):
        return [Big(3), Precise(2.5), 10**400, 10**308, Color.RED, True]
    if isinstance(rule, v.Integer):
        return [Big(3), Color.RED, 10**400, True, 3.0]
    if isinstance(rule, v.Timestamp):
        return [
            When(2024, 1, 2, 3, 4, tzinfo=UTC),
            datetime(2024, 1, 2, tzinfo=NoOffsetZone()),
            datetime(2024, 1, 2),
            NEW_YORK_REPEATED_HOUR.replace(fold=1),
        ]
    if isinstance(rule, v.Blob):
        return [type("Raw", (bytes,), {})(b"abc"), Tagged("text")]
    if isinstance(rule, v.MappingOf):
        return [types.MappingProxyType(dict(value)), UnreadableMapping()]
    return []


def construct(cls: type, data: Any) -> Any:
    """Build ``data`` with the constructors only: what a user writing objects by hand gets."""
    if not isinstance(data, dict):
        return data
    kwargs = {}
    for name, value in data.items():
        rule = inner(attrs.fields_dict(cls)[name].validator)
        if isinstance(rule, v.InstanceOf):
            value = construct(rule.classes[0], value)
        elif isinstance(rule, v.SequenceOf) and isinstance(rule.element, v.InstanceOf):
            value = (
                [construct(rule.element.classes[0], x) for x in value] if isinstance(value, list) else value
            )
        kwargs[name] = value
    return cls(**kwargs)


def rule_at(cls: type, path: tuple[Any, ...]) -> v.Validator:
    rule: v.Validator = v.InstanceOf((cls,))
    for part in path:
        rule = inner(rule)
        if isinstance(rule, v.InstanceOf):
            rule = attrs.fields_dict(rule.classes[0])[part].validator
        elif isinstance(rule, v.SequenceOf):
            rule = rule.element
        elif isinstance(rule, v.MappingOf):
            rule = rule.value
    return rule


PLAIN = (str, int, float, bool, bytes, datetime, type(None), FrozenDict, tuple, UnknownValue)


def assert_plain(obj: Any) -> None:
    """Every stored value is an exact builtin; datetimes carry a fixed-offset timezone."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        for item in value.items() if type(value) is FrozenDict else [value]:
            for leaf in item if isinstance(item, tuple) else (item,):
                if attrs.has(type(leaf)):
                    assert_plain(leaf)
                else:
                    assert type(leaf) in PLAIN, (field.name, type(leaf))
                    if type(leaf) is datetime:
                        assert type(leaf.tzinfo) is timezone


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_structure_and_the_constructors_agree_on_odd_values(cls):
    """For every leaf, every odd value: both accept and store the same plain
    values, or both reject (lenient structuring alone keeps unknown enum
    values, as ``UnknownValue``)."""
    base = dict_of(cls)
    for spot in leaf_spots(base):
        rule = rule_at(cls, spot)
        for odd in edge_values(rule, get(base, spot)):
            data = put(base, spot, odd)
            try:
                built = construct(cls, data)
            except (TypeError, ValueError):
                built = None
            try:
                structured = ecr_attrs.structure(data, cls)
            except StructureError:
                structured = None
            enum = inner(rule)
            if (
                isinstance(enum, v.OneOf)
                and type(odd) is not UnknownValue
                and str(odd.value if isinstance(odd, enum_type) else odd) not in enum.values
            ):
                # Lenient structuring keeps a value it does not know; a constructor refuses it.
                assert built is None and type(getattr_path(structured, spot)) is UnknownValue
                continue
            assert (built is None) == (structured is None), (spot, odd)
            if built is not None:
                assert built == structured and hash(built) == hash(structured)
                assert_plain(built)
                assert_plain(structured)
                assert ecr_attrs.unstructure(built) == ecr_attrs.unstructure(structured)


def getattr_path(obj: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        obj = getattr(obj, part) if isinstance(part, str) and attrs.has(type(obj)) else obj[part]
    return obj


def test_an_enum_member_unstructures_to_its_plain_value():
    obj = ecr_attrs.ImageDetailTypeDef(imageSizeInBytes=Color.RED, imageTags=[Letter.COMPLETE])
    assert ecr_attrs.unstructure(obj) == {"imageSizeInBytes": 1, "imageTags": ["COMPLETE"]}
    assert type(obj.imageSizeInBytes) is int and type(obj.imageTags[0]) is str
    status = ecr_attrs.ImageScanStatusTypeDef(status=UnknownValue("COMPLETE"))
    assert type(status.status) is str


def test_a_float_field_refuses_an_int_no_float_can_hold():
    with pytest.raises(ValueError, match="too large for a float"):
        ecr_attrs.CvssScoreTypeDef(baseScore=10**401)
    error = structure_error(ecr_attrs.converter, {"baseScore": 10**401}, ecr_attrs.CvssScoreTypeDef)
    assert [p.reason for p in error.problems] == ["an int of 402 digits is too large for a float"]


MAPPING_CLASSES = [
    cls for cls in MODEL_CLASSES if any(isinstance(inner(r), v.MappingOf) for _, r in fields_of(cls))
]


@pytest.mark.parametrize("cls", MAPPING_CLASSES, ids=lambda c: c.__name__)
def test_mapping_fields_take_any_mapping_in_both_ways(cls):
    base = attrs.asdict(instance(cls), recurse=False)
    for name, rule in fields_of(cls):
        if isinstance(inner(rule), v.MappingOf):
            base[name] = types.MappingProxyType(dict(base[name]))
    built = cls(**base)
    assert built == ecr_attrs.structure(ecr_attrs.unstructure(built), cls)
    assert all(
        type(getattr(built, n)) is FrozenDict for n, r in fields_of(cls) if isinstance(inner(r), v.MappingOf)
    )


# -- item 5: one instant compares equal to itself everywhere ---------------


@pytest.fixture
def new_york():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


TIMESTAMP_CLASSES = [
    cls
    for cls in MODEL_CLASSES
    if any(
        isinstance(rule_at(cls, spot), (v.Timestamp, v.Nullable))
        and isinstance(inner(rule_at(cls, spot)), v.Timestamp)
        for spot in leaf_spots(dict_of(cls))
    )
]


@pytest.mark.parametrize("cls", TIMESTAMP_CLASSES, ids=lambda c: c.__name__)
def test_boto3_local_times_in_a_repeated_hour_compare_equal_to_themselves(cls, new_york):
    from dateutil.tz import tzlocal

    for fold in (0, 1):
        local = datetime(2023, 11, 5, 1, 30, tzinfo=tzlocal(), fold=fold)
        data = dict_of(cls)
        for spot in leaf_spots(data):
            if isinstance(get(data, spot), datetime):
                data = put(data, spot, local)
        first, second = ecr_attrs.structure(data, cls), ecr_attrs.structure(data, cls)
        assert first == second and hash(first) == hash(second)
        assert first == pickle.loads(pickle.dumps(first)) == copy.deepcopy(first)
        text = json.dumps(json_converter.unstructure(first))
        assert json_converter.structure(json.loads(text), cls) == first
        assert construct(cls, data) == first
        assert_plain(first)


def test_a_local_time_keeps_its_instant():
    from dateutil.tz import tzlocal

    local = datetime(2024, 5, 17, 9, 30, tzinfo=tzlocal())
    stored = ecr_attrs.ImageDetailTypeDef(imagePushedAt=local).imagePushedAt
    assert stored == local and stored.utcoffset() == local.utcoffset() and type(stored.tzinfo) is timezone


# -- item 6: subclasses -------------------------------------------------------


def subclasses_of(cls: type) -> list[type]:
    extra = {"note": attrs.field(default="none")}
    return [
        attrs.frozen(type("Mine", (cls,), {}), kw_only=True),
        attrs.frozen(type("MineWithNote", (cls,), {"__annotations__": {"note": str}, **extra}), kw_only=True),
        attrs.frozen(type("MineUnslotted", (cls,), {}), slots=False),
        attrs.frozen(type("MineWeak", (cls,), {}), weakref_slot=True),
        type("MinePlain", (cls,), {}),
    ]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_a_users_subclass_structures_to_an_instance_of_itself(cls):
    data = dict_of(cls)
    parent = ecr_attrs.structure(data, cls)
    for sub in subclasses_of(cls):
        for mode in ("boto3", "strict"):
            got = CONVERTERS[mode].structure(data | ({"note": "mine"} if "Note" in sub.__name__ else {}), sub)
            assert type(got) is sub
            for field in attrs.fields(cls):
                assert getattr(got, field.name) == getattr(parent, field.name)
            if "Note" in sub.__name__:
                assert got.note == "mine"
        mine = sub(**attrs.asdict(parent, recurse=False))
        assert ecr_attrs.structure(mine, cls) is mine  # an instance of a subclass is one of cls
        error = structure_error(ecr_attrs.converter, {n: Chaos() for n, _ in fields_of(cls)}, sub)
        assert len(error.problems) == len(fields_of(cls))


# -- item 7: bounded messages -----------------------------------------------


def test_a_huge_unknown_key_gives_a_short_message():
    error = structure_error(CONVERTERS["strict"], {"k" * 10_000_000: 1}, ecr_attrs.ImageScanStatusTypeDef)
    assert len(str(error)) < 300
    assert error.problems[0].path == "$['" + "k" * 50 + "'... (10000000 characters)]"


def test_failing_on_many_bad_items_costs_about_what_succeeding_costs():
    count = 200_000
    good = {"imageTags": ["v1"] * count}
    bad = {"imageTags": [1] * count}
    started = time.perf_counter()
    # Problems are always found by the pure Python functions (the compiled backend
    # only accepts), so succeeding is timed on them: the strict converter is never compiled.
    CONVERTERS["strict"].structure(good, ecr_attrs.ImageDetailTypeDef)
    succeeding = time.perf_counter() - started
    started = time.perf_counter()
    error = structure_error(ecr_attrs.converter, bad, ecr_attrs.ImageDetailTypeDef)
    failing = time.perf_counter() - started
    assert len(error.problems) == MAX_REPORTED and error.omitted == count - MAX_REPORTED
    assert str(error).endswith(f"... and {count - MAX_REPORTED:,} more problems")
    assert error.message == f"{count:,} problems structuring ImageDetailTypeDef"
    assert failing < 20 * succeeding + 0.5, (failing, succeeding)


# -- item 10: FrozenDict ------------------------------------------------------


def test_a_frozen_dict_cannot_be_changed_through_dict_or_init():
    counts = ecr_attrs.structure(
        {"findingSeverityCounts": {"HIGH": 2}}, ecr_attrs.ImageScanFindingsSummaryTypeDef
    ).findingSeverityCounts
    before = hash(counts)
    for attempt in (
        lambda: dict.__setitem__(counts, "LOW", 1),
        lambda: dict.update(counts, {"LOW": 1}),
        lambda: setattr(counts, "_items", {}),
        lambda: counts.__setitem__("LOW", 1),
    ):
        with pytest.raises((TypeError, AttributeError)):
            attempt()
    counts.__init__({"LOW": 1})  # object.__init__: it has nothing to change
    assert counts == {"HIGH": 2} and {"HIGH": 2} == counts and hash(counts) == before
    assert pickle.loads(pickle.dumps(counts)) == counts and copy.deepcopy(counts) == counts
    assert counts != {"HIGH": 3} and not isinstance(counts, dict) and isinstance(counts, Mapping)


# -- item 11: strict at every depth -------------------------------------------

ENUM_CLASSES = [
    cls
    for cls in MODEL_CLASSES
    if any(isinstance(inner(rule_at(cls, s)), v.OneOf) for s in leaf_spots(dict_of(cls)))
]


@pytest.mark.parametrize("cls", ENUM_CLASSES, ids=lambda c: c.__name__)
def test_strict_refuses_an_unknown_value_inside_a_built_instance(cls):
    strict = CONVERTERS["strict"]
    data = dict_of(cls)
    for spot in leaf_spots(data):
        if not isinstance(inner(rule_at(cls, spot)), v.OneOf):
            continue
        lenient = ecr_attrs.structure(put(data, spot, "QUANTUM"), cls)
        error = structure_error(strict, lenient, cls)
        assert [p.parts for p in error.problems] == [spot]
        # the same instance one level down, inside a dict of a class that holds it
        assert strict.structure(ecr_attrs.structure(data, cls), cls) == ecr_attrs.structure(data, cls)
        known = ecr_attrs.structure(put(data, spot, UnknownValue(get(data, spot))), cls)
        assert type(getattr_path(known, spot)) is str
        assert strict.structure(known, cls) == known


def test_strict_refuses_an_unknown_value_in_an_instance_nested_in_a_dict():
    status = ecr_attrs.structure({"status": "QUANTUM"}, ecr_attrs.ImageScanStatusTypeDef)
    error = structure_error(
        CONVERTERS["strict"],
        {"imageDetails": [{"imageScanStatus": status}]},
        ecr_attrs.DescribeImagesResponseTypeDef,
    )
    assert [p.path for p in error.problems] == ["$.imageDetails[0].imageScanStatus.status"]


# -- item 13: cattrs' own tools -----------------------------------------------


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_transform_error_gives_every_problem_with_its_full_path(cls):
    data = dict_of(cls)
    bad = data
    for spot in leaf_spots(data):
        bad = put(bad, spot, Chaos()) if not isinstance(get(data, spot), (dict, list)) else bad
    error = structure_error(CONVERTERS["strict"], bad | {"extra": 1}, cls)
    paths = [cattrs_path(cls, p.parts) for p in error.problems]
    ours = cattrs.transform_error(error, format_exception=format_exception)
    assert ours == [f"{p.reason} @ {path}" for p, path in zip(error.problems, paths, strict=True)]
    default = cattrs.transform_error(error)
    assert [line.rsplit(" @ ", 1)[1] for line in default] == paths


def cattrs_path(cls: type, parts: tuple[Any, ...]) -> str:
    """Our path as cattrs writes it: a mapping key in brackets (``['HIGH']``), not after a dot."""
    out = "$"
    for depth, part in enumerate(parts):
        in_mapping = isinstance(inner(rule_at(cls, parts[:depth])), v.MappingOf)
        out += f"[{part!r}]" if isinstance(part, int) or in_mapping else f".{part}"
    return out


@attrs.frozen
class Inventory:
    images: list[ecr_attrs.ImageDetailTypeDef]
    owner: str


def test_transform_error_follows_paths_through_a_users_class():
    converter = make_converter()
    data = {"images": [{"imageTags": ["ok"]}, {"imageTags": [5], "imageSizeInBytes": True}], "owner": "me"}
    with pytest.raises(cattrs.ClassValidationError) as caught:
        converter.structure(data, Inventory)
    assert cattrs.transform_error(caught.value, format_exception=format_exception) == [
        "expected str, got 5 @ $.images[1].imageTags[0]",
        "expected int, got True @ $.images[1].imageSizeInBytes",
    ]
    assert cattrs.transform_error(caught.value) == [
        "invalid value for type, expected str @ $.images[1].imageTags[0]",
        "invalid value for type, expected int @ $.images[1].imageSizeInBytes",
    ]


# -- the bounded fuzz -----------------------------------------------------------

# 139 classes x 40 examples x 4 converters: about 22,000 single-spot mutations a run.
FUZZ_EXAMPLES = 40
MUTATIONS = [
    Chaos(),
    UnreadableMapping(),
    NastyStr("abc"),
    Tagged("COMPLETE"),
    Color.RED,
    10**400,
    float("nan"),
    None,
    [],
    {},
    [[[]]],
    "",
    "x" * 5_000,
    "\x00",
    True,
    datetime(2024, 1, 1),
    datetime(2024, 1, 1, tzinfo=RaisingZone()),
    b"\xff",
]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_fuzz_single_spot_mutations_on_all_four_converters(cls):
    """A mutated dict structures to a valid object or raises StructureError, nothing else."""

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=boto3_dicts(cls), choice=st.data())
    def check(data, choice):
        obj = ecr_attrs.structure(data, cls)
        for converter in CONVERTERS.values():
            form = converter.unstructure(obj)
            spots = list(leaf_spots(form))
            mutated = form
            if spots:
                spot = choice.draw(st.sampled_from(spots))
                # drawn by index: sampled_from hashes its values, and Chaos refuses that
                mutated = put(form, spot, MUTATIONS[choice.draw(st.integers(0, len(MUTATIONS) - 1))])
            try:
                got = converter.structure(mutated, cls)
            except StructureError as error:
                assert 0 < len(error.problems) <= MAX_REPORTED and len(str(error)) < 10_000
                assert pickle.loads(pickle.dumps(error)).problems[0].path == error.problems[0].path
            else:
                assert_plain(got)
                assert cls(**attrs.asdict(got, recurse=False)) == got

    check()


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_a_hostile_value_in_place_of_the_whole_object_is_one_problem_at_the_root(cls):
    for converter in CONVERTERS.values():
        for hostile in (*HOSTILE.values(), NastyStr("x")):
            error = structure_error(converter, hostile, cls)
            assert [p.path for p in error.problems] == ["$"]


# -- item 8: the CLI never shows a traceback ----------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"imageDetails": [{"imageSizeInBytes": ' + "9" * 5_000 + "}]}", "more than 4,300 digits"),
        ("[" * 100_000 + "]" * 100_000, "nest too deeply"),
    ],
    ids=["5,000-digit number", "arrays 100,000 deep"],
)
def test_check_reports_what_python_cannot_read_as_invalid(tmp_path, capsys, text, reason):
    from ecr_attrs import cli

    path = tmp_path / "images.json"
    path.write_text(text)
    assert cli.main(["check", "DescribeImagesResponse", str(path)]) == cli.INVALID
    out = capsys.readouterr().out
    assert out.startswith("INVALID: ") and reason in out


def test_splitting_a_structure_error_keeps_the_problems_split():
    error = structure_error(
        ecr_attrs.converter,
        {"imageDetails": [{"imageSizeInBytes": True}, {"imageTags": [1]}]},
        ecr_attrs.DescribeImagesResponseTypeDef,
    )
    wanted, rest = error.split(lambda e: isinstance(e, ecr_attrs.InvalidValue) and "Size" in e.path)
    assert [p.path for p in wanted.problems] == ["$.imageDetails[0].imageSizeInBytes"]
    assert [p.path for p in rest.problems] == ["$.imageDetails[1].imageTags[0]"]
