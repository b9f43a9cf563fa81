"""The compiled backend: which one is active, and that it behaves exactly like pure Python.

``.ci/run`` runs the whole suite twice, once with the accelerator and once with
``ECR_ATTRS_NO_SPEEDUPS=1``, and says in ``ECR_ATTRS_EXPECT_BACKEND`` which one
each run must be using.  The differential tests compare a compiled converter
with a pure Python one in the same process, on valid data and on data mutated
at one spot: the same objects (down to the types they hold) or the same error.
"""

from __future__ import annotations

import gc
import json
import math
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil import tz as dateutil_tz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import MODEL_CLASSES

import ecr_attrs
from ecr_attrs import StructureError, _accel, converters, make_converter, make_json_converter
from ecr_attrs._unknown import SLOT as UNKNOWN_KEYS_SLOT
from ecr_attrs.strategies import from_type
from ecr_attrs.values import FrozenDict, UnknownValue

INSTALLED = _accel.speedups() is not None
needs_speedups = pytest.mark.skipif(not INSTALLED, reason="the compiled backend is not in use")
PYTHON = make_converter(speedups=False)
STRICT = make_converter(forbid_extra_keys=True)
PYTHON_STRICT = make_converter(forbid_extra_keys=True, speedups=False)
PYTHON_JSON = make_json_converter(speedups=False)
# Each compiled converter, and the pure Python one it must agree with.
PAIRS = [(ecr_attrs.converter, PYTHON), (STRICT, PYTHON_STRICT), (ecr_attrs.json_converter, PYTHON_JSON)]


def run(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}, check=True
    )
    return done.stdout.strip()


def test_the_active_backend_is_the_one_ci_asked_for():
    expected = os.environ.get("ECR_ATTRS_EXPECT_BACKEND")
    if expected is None:
        pytest.skip(".ci/run sets ECR_ATTRS_EXPECT_BACKEND for each of its runs")
    assert expected == ecr_attrs.BACKEND
    assert expected == converters.backend
    hook = ecr_attrs.converter.get_structure_hook(ecr_attrs.ImageDetailTypeDef)
    assert (expected == "speedups") == is_compiled(hook)


def is_compiled(hook: Any) -> bool:
    """Whether a cattrs hook is the compiled core's (a method of its per-class plan)."""
    return type(getattr(hook, "__self__", None)).__module__.startswith("ecr_attrs_speedups")


def test_the_environment_variable_turns_the_backend_off():
    code = "import ecr_attrs; from ecr_attrs import converters; print(ecr_attrs.BACKEND, converters.backend)"
    assert run(code, ECR_ATTRS_NO_SPEEDUPS="1") == "python python"


@needs_speedups
def test_without_the_variable_an_installed_backend_is_used():
    env = {k: v for k, v in os.environ.items() if k != "ECR_ATTRS_NO_SPEEDUPS"}
    done = subprocess.run(
        [sys.executable, "-c", "import ecr_attrs; print(ecr_attrs.BACKEND)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout.strip() == "speedups"


def test_the_version_names_the_backend():
    out = run("from ecr_attrs.cli import main; main(['--version'])")
    assert out == f"ecr-attrs {ecr_attrs.__version__} ({ecr_attrs.BACKEND} backend)"


def test_importing_the_package_does_not_load_the_backend():
    assert run("import sys, ecr_attrs; print('ecr_attrs_speedups' in sys.modules)") == "False"


@needs_speedups
def test_opted_out_converters_stay_pure_python_and_the_others_are_compiled():
    for conv in (PYTHON, PYTHON_STRICT, PYTHON_JSON):
        assert not is_compiled(conv.get_structure_hook(ecr_attrs.ImageDetailTypeDef))
        assert not is_compiled(conv.get_unstructure_hook(ecr_attrs.ImageDetailTypeDef))
    for conv, _ in PAIRS:
        assert is_compiled(conv.get_structure_hook(ecr_attrs.ImageDetailTypeDef))
        assert is_compiled(conv.get_unstructure_hook(ecr_attrs.ImageDetailTypeDef))


@needs_speedups
def test_a_users_subclass_is_structured_by_python():
    @attrs.frozen(kw_only=True)
    class Mine(ecr_attrs.TagTypeDef):
        pass

    # A fresh converter: a hook registered on ecr_attrs.converter for TagTypeDef elsewhere
    # (register_structure_hook dispatches to subclasses too) must not decide this.
    converter = make_converter()
    assert not is_compiled(converter.get_structure_hook(Mine))
    assert type(converter.structure({"Key": "a", "Value": "b"}, Mine)) is Mine


def test_the_table_is_made_from_the_rule_objects_of_each_field():
    table = _accel.field_table(ecr_attrs.ImageDetailTypeDef)
    assert table.cls is ecr_attrs.ImageDetailTypeDef and table.fields is not None
    by_name = {f.name: f for f in table.fields}
    assert [f.name for f in table.fields] == [f.name for f in attrs.fields(ecr_attrs.ImageDetailTypeDef)]
    tags = by_name["imageTags"]
    assert (tags.kind, tags.nullable, tags.check.kind) == (_accel.SEQUENCE, True, _accel.TEXT)
    summary = by_name["imageScanFindingsSummary"]
    assert (summary.kind, summary.child) == (_accel.OBJECT, ecr_attrs.ImageScanFindingsSummaryTypeDef)
    assert by_name["imagePushedAt"].kind == _accel.TIMESTAMP
    status = by_name["imageStatus"]
    rule = attrs.fields_dict(ecr_attrs.ImageDetailTypeDef)["imageStatus"].validator.inner
    assert status.kind == _accel.ENUM and status.check.fast is rule._allowed
    counts = _accel.field_table(ecr_attrs.ImageScanFindingsSummaryTypeDef).fields[-1]
    assert (counts.kind, counts.key.kind, counts.check.kind) == (_accel.MAPPING, _accel.ENUM, _accel.INTEGER)


@needs_speedups
def test_the_installed_backend_is_one_compiled_module_without_its_sources():
    from pathlib import Path

    import ecr_attrs_speedups

    here = Path(ecr_attrs_speedups.__file__).parent
    names = sorted(p.name for p in here.iterdir() if p.name != "__pycache__")
    assert [n.split(".")[0] for n in names] == ["__init__", "_core"]
    assert not [n for n in names if n.endswith((".c", ".pyx", ".pxd"))]


@needs_speedups
def test_the_core_reads_the_kind_numbers_the_table_is_written_with():
    from ecr_attrs_speedups import _core

    assert _core.KINDS == {name: getattr(_accel, name) for name in _core.KINDS}
    assert len(_core.KINDS) == 12


def test_rules_c_does_not_judge_are_deferred_to_python():
    from ecr_attrs import _validators as v

    class Odd(v.Validator):
        __slots__ = ()

    assert _accel.field_entry("x", v.optional(Odd()), json=False).kind == _accel.JUDGE
    huge = v.integer(min=0, max=2**80)
    assert _accel.field_entry("x", huge, json=False).kind == _accel.JUDGE
    two = v.instance_of(ecr_attrs.TagTypeDef, ecr_attrs.ImageIdentifierTypeDef)
    assert _accel.field_entry("x", v.sequence_of(two), json=False).kind == _accel.JUDGE
    assert _accel.field_entry("x", v.blob(), json=True).kind == _accel.JUDGE
    assert _accel.field_entry("x", v.blob(), json=True).dump == _accel.DUMP_BASE64
    assert _accel.field_entry("x", v.timestamp(), json=True).dump == _accel.DUMP_ISO
    assert _accel.field_entry("x", v.blob(), json=False).kind == _accel.BLOB


def test_a_class_that_is_not_plain_slots_gets_no_table():
    @attrs.frozen(kw_only=True, weakref_slot=True)
    class Mine(ecr_attrs.TagTypeDef):
        pass

    assert _accel.field_table(Mine).fields is None


# -- the differential tests --------------------------------------------------


class Local(tzinfo):
    """Like dateutil's tzlocal: a tzinfo that is not a fixed-offset timezone."""

    def utcoffset(self, dt: Any) -> timedelta:
        return timedelta(hours=-5)

    def dst(self, dt: Any) -> timedelta:
        return timedelta(0)


class Text(str):
    pass


class Number(int):
    pass


class Mapping(dict):  # type: ignore[type-arg]
    pass


class RaisingLength(list):  # type: ignore[type-arg]
    def __len__(self) -> int:
        raise RuntimeError("len")


class RaisingIndex(int):
    def __index__(self) -> int:
        raise RuntimeError("index")


class RaisingFloat(float):
    def __float__(self) -> float:
        raise RuntimeError("float")


# Values whose own methods raise: both backends must report them alike.  (Keys whose
# ``__eq__`` raises and tzinfos that raise are in test_hostile_core.py: Hypothesis compares
# the values it draws.)
HOSTILE = [
    RaisingLength(["a"]),
    RaisingIndex(3),
    RaisingFloat(2.5),
]

JUNK = [
    None,
    0,
    -1,
    2**70,
    True,
    1.5,
    float("nan"),
    float("inf"),
    "",
    "x",
    "é",
    "a\x00b",
    "\ud800",
    "ACTIVE",
    "COMPLETE",
    UnknownValue("NEW_VALUE"),
    Text("COMPLETE"),
    Text("value"),
    Number(3),
    b"bytes",
    [],
    [1],
    ["x", 2],
    (),
    ("a",),
    {},
    {"a": 1},
    {"HIGH": 1},
    Mapping(a="b"),
    FrozenDict({"k": "v"}),
    datetime(2024, 1, 2, 3, 4, 5),
    datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
    datetime(2024, 1, 2, 3, 4, 5, tzinfo=Local()),
    datetime(2024, 1, 2, 3, 4, 5, tzinfo=dateutil_tz.tzlocal()),
    datetime(2024, 1, 2, 3, 4, 5, tzinfo=dateutil_tz.tzoffset("X", 3600)),
    datetime(2024, 1, 2, 3, 4, 5, tzinfo=dateutil_tz.tzutc()),
    datetime(2024, 11, 3, 1, 30, tzinfo=ZoneInfo("America/New_York"), fold=1),
    datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("Europe/Paris")),
    "vé 中文 \U0001f600",
    "2024-01-02T03:04:05+02:00",
    "2024-01-02T03:04:05Z",
    1_700_000_000,
    object(),
    *HOSTILE,
]


def fingerprint(value: Any) -> Any:
    """Everything observable about a structured value: types at every depth, and values."""
    if attrs.has(type(value)):
        return (
            type(value),
            [(f.name, fingerprint(getattr(value, f.name))) for f in attrs.fields(type(value))],
        )
    if type(value) in (tuple, list):
        return (type(value), [fingerprint(item) for item in value])
    if isinstance(value, (dict, FrozenDict)):
        return (type(value), [(fingerprint(k), fingerprint(x)) for k, x in value.items()])
    if isinstance(value, datetime):
        return (type(value), value, type(value.tzinfo), value.utcoffset())
    if isinstance(value, float) and math.isnan(value):
        return (float, "nan")
    return (type(value), value)


def outcome(converter: Any, data: Any, cls: type) -> Any:
    try:
        return ("ok", fingerprint(converter.structure(data, cls)))
    except StructureError as error:
        return ("error", str(error), [p.path for p in error.problems], error.omitted)


def paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a boto3 dict that a mutation can hit."""
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*here, index))
    return found


def mutate(data: Any, path: tuple[Any, ...], how: str, junk: Any) -> Any:
    if not path:
        return junk if how == "replace" else data
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        out = dict(data)
        if not rest and how == "delete":
            del out[head]
        elif not rest and how == "as tuple" and isinstance(out[head], list):
            out[head] = tuple(out[head])
        else:
            out[head] = mutate(out[head], rest, how, junk)
        if not rest and how == "extra key":
            out["unknownKey"] = junk
        return out
    out_list = list(data)
    if not rest and how == "delete":
        del out_list[head]
    else:
        out_list[head] = mutate(out_list[head], rest, how, junk)
    return out_list


def check_same(cls: type, data: Any) -> None:
    """Lenient, strict and JSON: each compiled converter gives what its pure Python twin gives."""
    for active, python in PAIRS:
        compiled = outcome(active, data, cls)
        assert compiled == outcome(python, data, cls)
        if compiled[0] == "ok":
            obj = active.structure(data, cls)
            fast, slow = active.unstructure(obj), python.unstructure(obj)
            assert fingerprint(fast) == fingerprint(slow)
            assert list(fast) == list(slow)
            assert tracking(fast) == tracking(slow)


def tracking(value: Any) -> list[bool]:
    """Whether the collector sees each dict of an unstructured value, in walk order."""
    found = []
    todo = [value]
    while todo:
        item = todo.pop()
        if type(item) is dict:
            found.append(gc.is_tracked(item))
            todo.extend(item.values())
        elif type(item) is list:
            todo.extend(item)
    return found


DIFFERENTIAL = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@needs_speedups
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@DIFFERENTIAL
@given(data=st.data())
def test_both_backends_agree_on_valid_and_mutated_data(cls, data):
    valid = PYTHON.unstructure(data.draw(from_type(cls)))
    check_same(cls, valid)
    where = data.draw(st.sampled_from(paths(valid)))
    how = data.draw(st.sampled_from(["replace", "delete", "as tuple", "extra key"]))
    junk = data.draw(st.sampled_from(JUNK))
    check_same(cls, mutate(valid, where, how, junk))


@needs_speedups
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@DIFFERENTIAL
@given(data=st.data())
def test_both_backends_agree_on_json_text_as_the_json_converter_reads_it(cls, data):
    """ISO 8601 text and base64 blobs, as ``json.loads`` gives them back."""
    saved = json.loads(json.dumps(PYTHON_JSON.unstructure(data.draw(from_type(cls)))))
    for converter in (ecr_attrs.json_converter, PYTHON_JSON):
        assert outcome(converter, saved, cls)[0] == "ok"
    check_same(cls, saved)
    where = data.draw(st.sampled_from(paths(saved)))
    junk = data.draw(
        st.sampled_from(["2024-01-02T03:04:05", "2024-13-02T00:00:00Z", "not base64!", 1.5, "é"])
    )
    check_same(cls, mutate(saved, where, "replace", junk))


@needs_speedups
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_both_backends_agree_on_junk_in_place_of_the_whole_object(cls):
    for junk in JUNK:
        check_same(cls, junk)
    check_same(cls, Mapping())


@needs_speedups
def test_both_backends_keep_an_instance_given_in_place_of_a_dict():
    tag = ecr_attrs.TagTypeDef(Key="k", Value="v")
    data = {"repositoryName": "web", "tags": [tag, {"Key": "a", "Value": "b"}]}
    check_same(ecr_attrs.CreateRepositoryRequestRequestTypeDef, data)
    built = ecr_attrs.structure(data, ecr_attrs.CreateRepositoryRequestRequestTypeDef)
    assert built.tags[0] is tag


@needs_speedups
def test_a_local_time_goes_through_python_and_is_stored_with_a_fixed_offset():
    data = {"imagePushedAt": datetime(2024, 1, 2, 3, 4, 5, tzinfo=Local())}
    check_same(ecr_attrs.ImageDetailTypeDef, data)
    stored = ecr_attrs.structure(data, ecr_attrs.ImageDetailTypeDef).imagePushedAt
    assert type(stored.tzinfo) is timezone


@needs_speedups
def test_unstructuring_an_object_built_by_hand_agrees():
    obj = object.__new__(ecr_attrs.TagTypeDef)  # no slot set: both backends raise the same
    with pytest.raises(AttributeError) as fast:
        ecr_attrs.converter.unstructure(obj)
    with pytest.raises(AttributeError) as slow:
        PYTHON.unstructure(obj)
    assert str(fast.value) == str(slow.value)


@needs_speedups
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_core_leaves_the_unknown_keys_slot_unset_as_a_constructor_does(cls, data):
    """The core fills a new object's memory itself: every slot it does not store stays unset."""
    built = data.draw(from_type(cls))
    structured = ecr_attrs.structure(PYTHON.unstructure(built), cls)
    for obj in (built, structured):
        with pytest.raises(AttributeError):
            object.__getattribute__(obj, UNKNOWN_KEYS_SLOT)
    assert ecr_attrs.unknown_keys(structured) == {}
    assert [getattr(structured, f.name) for f in attrs.fields(cls)] == [
        getattr(built, f.name) for f in attrs.fields(cls)
    ]


# -- what the collector sees ----------------------------------------------------


def _reachable(value: Any) -> list[Any]:
    """Every object reachable from ``value`` (itself included), each once; classes are not followed."""
    seen: dict[int, Any] = {}
    todo = [value]
    while todo:
        item = todo.pop()
        if id(item) not in seen:
            seen[id(item)] = item
            todo.extend(r for r in gc.get_referents(item) if not isinstance(r, type))
    return list(seen.values())


@needs_speedups
def test_objects_that_hold_only_atoms_are_not_tracked_and_cannot_reach_a_tracked_object():
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=dateutil_tz.tzlocal())
    data = {
        "imageDetails": [
            {
                "registryId": "123456789012",
                "repositoryName": "wéb",
                "imageTags": ["v1", "latest"],
                "imagePushedAt": when,
                "imageScanFindingsSummary": {"findingSeverityCounts": {"HIGH": 2}},
            }
        ]
        * 3
    }
    built = ecr_attrs.structure(data, ecr_attrs.DescribeImagesResponseTypeDef)
    detail = built.imageDetails[0]
    promised = [built, built.imageDetails, detail, detail.imageTags, detail.imageScanFindingsSummary]
    promised.append(detail.imageScanFindingsSummary.findingSeverityCounts)
    assert [gc.is_tracked(x) for x in promised] == [False] * len(promised)
    # Nothing tracked is reachable from them, so no cycle can pass through them unseen.
    assert [x for x in _reachable(built) if gc.is_tracked(x)] == []


@needs_speedups
def test_an_object_holding_a_tracked_value_stays_tracked():
    data = {"findingSeverityCounts": {"HIGH": 1, "NEW_LEVEL": 2}}  # an UnknownValue key: judged by Python
    built = ecr_attrs.structure(data, ecr_attrs.ImageScanFindingsSummaryTypeDef)
    assert gc.is_tracked(built.findingSeverityCounts) and gc.is_tracked(built)
    outer = {"imageDetails": [{"imageStatus": "SOMETHING_NEW"}]}  # an UnknownValue: a tracked str subclass
    images = ecr_attrs.structure(outer, ecr_attrs.DescribeImagesResponseTypeDef)
    assert gc.is_tracked(images.imageDetails[0]) and gc.is_tracked(images)
    assert gc.is_tracked(images.imageDetails)


# -- the dicts unstructuring makes --------------------------------------------------


def _as_built_by_inserting(value: Any) -> Any:
    """The same dicts and lists, each made by inserting its items one at a time as Python does."""
    if type(value) is dict:
        out = {}
        for key, item in value.items():
            out[key] = _as_built_by_inserting(item)
        return out
    if type(value) is list:
        return [_as_built_by_inserting(item) for item in value]
    return value


@needs_speedups
def test_an_unstructured_dict_is_tracked_exactly_when_one_built_by_inserting_would_be():
    detail = ecr_attrs.structure(
        {"registryId": "123456789012", "imageTags": ["v1"], "imageDigest": "sha256:" + "a" * 64},
        ecr_attrs.ImageDetailTypeDef,
    )
    ident = ecr_attrs.structure(
        {"imageTag": "v1", "imageDigest": "sha256:" + "b" * 64}, ecr_attrs.ImageIdentifierTypeDef
    )
    for obj in (detail, ident):
        dumped = ecr_attrs.unstructure(obj)
        assert tracking(dumped) == tracking(_as_built_by_inserting(dumped))
    assert gc.is_tracked(ecr_attrs.unstructure(detail))  # it holds a list
    assert not gc.is_tracked(ecr_attrs.unstructure(ident))  # text only


@needs_speedups
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_unstructured_dict_is_its_own_whatever_is_done_to_the_last(cls, data):
    """The core starts each dict from a template of its keys: no two results share anything."""
    first, second = data.draw(from_type(cls)), data.draw(from_type(cls))
    dumped = ecr_attrs.unstructure(first)
    expected = PYTHON.unstructure(first)
    vandalized = ecr_attrs.unstructure(first)
    vandalized.clear()
    vandalized["intruder"] = 1
    again = ecr_attrs.unstructure(first)
    ecr_attrs.unstructure(second)
    assert fingerprint(dumped) == fingerprint(again) == fingerprint(expected)
    assert list(dumped) == list(again) == list(expected)
