"""Timestamps on both backends: every kind of tzinfo, ISO 8601 text and epoch seconds.

Each value is structured by a compiled converter and by its pure Python twin
(the pairs of test_speedups.py); both must store the same datetime (same wall
time, fold, offset and the very same canonical ``timezone`` object) or raise
the same error.  Other tests check that the kinds the compiled core reads in C
reach no Python timestamp code at all, and that a tzinfo C does not know is
consulted as often as pure Python consults it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given, settings
from hypothesis import strategies as st
from test_speedups import PAIRS, PYTHON, PYTHON_JSON, needs_speedups

import ecr_attrs
from ecr_attrs import StructureError, _compile, make_converter, make_json_converter
from ecr_attrs import _validators as v

try:
    import pytz
except ImportError:  # pytz is optional: its cases are skipped without it
    pytz = None

DETAIL = ecr_attrs.ImageDetailTypeDef
EXAMPLES = settings(max_examples=60, deadline=None)


def stored(converter: Any, value: Any) -> Any:
    """What a converter keeps for ``value`` as an image's push time, or the error it gives."""
    try:
        found = converter.structure({"imagePushedAt": value}, DETAIL).imagePushedAt
    except StructureError as error:
        return ("error", str(error), [p.path for p in error.problems])
    canonical = found.tzinfo is v._ZONES.get(found.utcoffset())  # the shared zone, while the table has room
    return ("ok", type(found), repr(found), found.fold, type(found.tzinfo), canonical)


def check_pairs(value: Any, reset: Callable[[], None] = lambda: None) -> Any:
    """Each compiled converter stores what its pure Python twin stores; returns that outcome.

    ``reset`` runs before each structuring, for a zone whose answer depends on how often it was asked.
    """
    outcomes = []
    for active, python in PAIRS:
        reset()
        expected = stored(python, value)
        reset()
        assert stored(active, value) == expected, value
        outcomes.append(expected)
    return outcomes[0]


def check_stored_form(value: datetime) -> None:
    """The stored form is the same instant with the canonical fixed-offset ``timezone``."""
    found = ecr_attrs.converter.structure({"imagePushedAt": value}, DETAIL).imagePushedAt
    offset = datetime.utcoffset(value)
    assert type(found) is datetime and type(found.tzinfo) is timezone
    assert found.tzinfo is v._ZONES.get(offset, found.tzinfo)
    assert found.replace(tzinfo=None) == value.replace(tzinfo=None)
    assert found.utcoffset() == offset


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """The process's local time zone set to ``name`` for a while (dateutil's tzlocal reads it)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


instants = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31))

ZONES: dict[str, Callable[[], tzinfo]] = {
    "timezone.utc": lambda: UTC,
    "timezone +2": lambda: timezone(timedelta(hours=2)),
    "named timezone -5:30": lambda: timezone(timedelta(hours=-5, minutes=-30), "somewhere"),
    "timezone with seconds": lambda: timezone(timedelta(hours=1, seconds=7)),
    "tzutc": dateutil_tz.tzutc,
    "tzoffset +1": lambda: dateutil_tz.tzoffset("X", 3600),
    "tzoffset -11": lambda: dateutil_tz.tzoffset(None, -11 * 3600),
    "ZoneInfo Paris": lambda: ZoneInfo("Europe/Paris"),
    "ZoneInfo New York": lambda: ZoneInfo("America/New_York"),
    "ZoneInfo UTC": lambda: ZoneInfo("UTC"),
    "tzlocal": dateutil_tz.tzlocal,
}


@needs_speedups
@pytest.mark.parametrize("zone", ZONES, ids=str)
@EXAMPLES
@given(wall=instants, fold=st.sampled_from([0, 1]))
def test_each_zone_kind_is_stored_alike_by_both_backends(zone, wall, fold):
    value = wall.replace(tzinfo=ZONES[zone](), fold=fold)
    assert check_pairs(value)[0] == "ok"
    check_stored_form(value)


@needs_speedups
@pytest.mark.parametrize(
    "name", ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
)
@settings(max_examples=40, deadline=None)
@given(wall=instants, fold=st.sampled_from([0, 1]))
def test_tzlocal_under_each_local_zone_is_stored_alike(name, wall, fold):
    with local_zone(name):
        value = wall.replace(tzinfo=dateutil_tz.tzlocal(), fold=fold)
        check_pairs(value)
        check_stored_form(value)


# The hours a clock change repeats or skips, in zones with DST.
FOLDS_AND_GAPS = [
    ("America/New_York", datetime(2024, 11, 3, 1, 30)),  # repeated
    ("America/New_York", datetime(2024, 3, 10, 2, 30)),  # skipped
    ("Europe/Paris", datetime(2024, 10, 27, 2, 30)),
    ("Europe/Paris", datetime(2024, 3, 31, 2, 30)),
    ("Australia/Lord_Howe", datetime(2024, 4, 7, 1, 45)),  # a half-hour change
]


@needs_speedups
@pytest.mark.parametrize(("name", "wall"), FOLDS_AND_GAPS)
@pytest.mark.parametrize("fold", [0, 1])
def test_repeated_and_skipped_hours_are_judged_alike(name, wall, fold):
    check_pairs(wall.replace(tzinfo=ZoneInfo(name), fold=fold))
    with local_zone(name):
        for minutes in (-61, -30, 0, 30, 61):
            check_pairs((wall + timedelta(minutes=minutes)).replace(tzinfo=dateutil_tz.tzlocal(), fold=fold))


@needs_speedups
@pytest.mark.skipif(pytz is None, reason="pytz is not installed")
@EXAMPLES
@given(
    wall=instants,
    name=st.sampled_from(["Europe/Paris", "America/New_York", "Asia/Kolkata", "EST", "Etc/GMT+5", "UTC"]),
    dst=st.sampled_from([True, False]),
)
def test_pytz_zones_are_stored_alike(wall, name, dst):
    value = pytz.timezone(name).localize(wall, is_dst=dst)
    assert check_pairs(value)[0] == "ok"
    check_stored_form(value)
    check_pairs(wall.replace(tzinfo=pytz.utc))
    check_pairs(wall.replace(tzinfo=pytz.timezone(name)))  # not localised: its first offset


# -- what the compiled core reads in C ------------------------------------------


@contextmanager
def python_timestamp_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """A list of the values Python's timestamp helpers see through converters made inside."""
    seen: list[Any] = []

    def watched(original: Any) -> Any:
        def call(value: Any) -> Any:
            seen.append(value)
            return original(value)

        return call

    monkeypatch.setattr(v, "fixed_offset", watched(v.fixed_offset))
    monkeypatch.setattr(_compile, "other_instant", watched(_compile.other_instant))
    monkeypatch.setattr(_compile, "to_datetime", watched(_compile.to_datetime))
    yield seen


C_READS = [
    lambda: datetime(2024, 5, 1, 12, 34, 56, tzinfo=UTC),
    lambda: datetime(2024, 5, 1, 12, 34, 56, tzinfo=timezone(timedelta(hours=2))),
    lambda: datetime(2024, 5, 1, 12, 34, 56, tzinfo=timezone(timedelta(hours=-3), "named")),
    lambda: datetime(2024, 5, 1, 12, 34, 56, tzinfo=ZoneInfo("Europe/Paris")),
    lambda: datetime(2024, 11, 3, 1, 30, tzinfo=ZoneInfo("America/New_York")),  # fold 0 of a repeated hour
    lambda: datetime(2024, 5, 1, 12, 34, 56, tzinfo=dateutil_tz.tzutc()),
    lambda: datetime(2024, 5, 1, 12, 34, 56, tzinfo=dateutil_tz.tzoffset("X", -7200)),
    lambda: datetime.fromtimestamp(1714566896.25, dateutil_tz.tzlocal()),
]


@needs_speedups
@pytest.mark.parametrize("make", C_READS, ids=range(len(C_READS)))
def test_known_zones_reach_no_python_timestamp_code(monkeypatch, make):
    for offset in (timedelta(hours=2), timedelta(hours=-3), timedelta(hours=-2)):
        v._zone(offset)  # the canonical zones exist already, as after a first use
    with local_zone("UTC"), python_timestamp_calls(monkeypatch) as seen:
        value = make()
        v._zone(datetime.utcoffset(value))
        found = make_converter().structure({"imagePushedAt": value}, DETAIL).imagePushedAt
        assert seen == []
        assert found.tzinfo is v._ZONES[datetime.utcoffset(value)]
        assert found.replace(tzinfo=None) == value.replace(
            tzinfo=None
        )  # PEP 495: a repeated hour compares unequal


@needs_speedups
@pytest.mark.parametrize(("name", "wall"), FOLDS_AND_GAPS)
def test_tzlocal_with_dst_reaches_no_python_timestamp_code(monkeypatch, name, wall):
    """Around each clock change, fold 0: C asks the C library what dateutil asks ``time.localtime``."""
    with local_zone(name):
        values = [
            (wall + timedelta(minutes=m)).replace(tzinfo=dateutil_tz.tzlocal()) for m in range(-90, 91, 15)
        ]
        expected = [PYTHON.structure({"imagePushedAt": value}, DETAIL).imagePushedAt for value in values]
        with python_timestamp_calls(monkeypatch) as seen:
            converter = make_converter()
            found = [converter.structure({"imagePushedAt": value}, DETAIL).imagePushedAt for value in values]
            assert seen == []
    assert [(repr(x), x.fold) for x in found] == [(repr(x), x.fold) for x in expected]


@needs_speedups
def test_tzlocal_after_the_local_zone_changed_is_asked_as_dateutil_asks():
    """dateutil reads ``time.timezone`` and the C library's zone when asked, not when made."""
    with local_zone("Europe/Paris"):
        zone = dateutil_tz.tzlocal()
        with local_zone("America/New_York"):
            for month in (1, 7):
                check_pairs(datetime(2024, month, 1, 12, tzinfo=zone))


@needs_speedups
def test_a_patched_localtime_is_asked_by_python(monkeypatch):
    calls = []

    def localtime(seconds: float) -> time.struct_time:
        calls.append(seconds)
        return time.gmtime(seconds)

    with local_zone("Europe/Paris"):
        value = datetime(2024, 7, 1, 12, tzinfo=dateutil_tz.tzlocal())
        monkeypatch.setattr(time, "localtime", localtime)
        check_pairs(value)
        assert calls


@needs_speedups
@pytest.mark.skipif(pytz is None, reason="pytz is not installed")
def test_pytz_zones_reach_no_python_timestamp_code(monkeypatch):
    v._zone(timedelta(hours=2))
    with python_timestamp_calls(monkeypatch) as seen:
        for value in (
            pytz.timezone("Europe/Paris").localize(datetime(2024, 5, 1, 12)),
            datetime(2024, 5, 1, 12, tzinfo=pytz.utc),
        ):
            make_converter().structure({"imagePushedAt": value}, DETAIL)
        assert seen == []


@needs_speedups
@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01T12:34:56.789000+00:00",
        "2024-05-01T12:34:56Z",
        "2024-05-01T12:34:56+02:00",
        1714566896,
        1.5,
    ],
)
def test_iso_text_and_epoch_seconds_reach_no_python_timestamp_code(monkeypatch, text):
    v._zone(timedelta(hours=2))
    with python_timestamp_calls(monkeypatch) as seen:
        make_json_converter().structure({"imagePushedAt": text}, DETAIL)
        assert seen == []


@needs_speedups
def test_a_patched_zone_class_is_asked_by_python(monkeypatch):
    """C reads a dateutil zone's state only while its class answers as dateutil wrote it."""
    monkeypatch.setattr(dateutil_tz.tzoffset, "utcoffset", lambda self, dt: timedelta(hours=5))
    value = datetime(2024, 5, 1, 12, tzinfo=dateutil_tz.tzoffset("X", 3600))
    assert check_pairs(value)[0] == "ok"
    assert ecr_attrs.converter.structure(
        {"imagePushedAt": value}, DETAIL
    ).imagePushedAt.utcoffset() == timedelta(hours=5)


@needs_speedups
def test_a_zone_whose_state_is_a_descriptor_is_asked_by_python(monkeypatch):
    """A data descriptor on the class runs code: C leaves such a zone to Python."""
    calls = []

    def offset(self: Any) -> timedelta:
        calls.append(self)
        return timedelta(hours=4)

    fixed = dateutil_tz.tzoffset("Y", 5400)
    monkeypatch.setattr(dateutil_tz.tzoffset, "_offset", property(offset), raising=False)
    monkeypatch.setattr(dateutil_tz.tzlocal, "_std_offset", property(offset), raising=False)
    monkeypatch.setattr(dateutil_tz.tzlocal, "_hasdst", property(lambda self: False), raising=False)
    local = dateutil_tz.tzlocal.__new__(dateutil_tz.tzlocal)
    for value in (datetime(2024, 5, 1, 12, tzinfo=local), datetime(2024, 5, 1, 12, tzinfo=fixed)):
        check_pairs(value)
        calls.clear()
        ecr_attrs.converter.structure({"imagePushedAt": value}, DETAIL)
        compiled = len(calls)
        calls.clear()
        PYTHON.structure({"imagePushedAt": value}, DETAIL)
        assert compiled == len(calls) > 0


# -- a tzlocal's state read from its dict in place ----------------------------------


def _local_zone(**state: Any) -> Any:
    """A dateutil tzlocal made as botocore makes it, then given ``state`` (None deletes)."""
    zone = dateutil_tz.tzlocal()
    for name, value in state.items():
        if value is None:
            delattr(zone, name)
        else:
            setattr(zone, name, value)
    return zone


class Delta(timedelta):
    pass


ODD_STATES: list[dict[str, Any]] = [
    {"_std_offset": timedelta(hours=3), "_hasdst": False},  # read in place: this zone's own value
    {"_std_offset": timedelta(hours=-2, minutes=-30), "_hasdst": False},
    {"_std_offset": 3600, "_hasdst": False},  # not a timedelta
    {"_std_offset": Delta(hours=1), "_hasdst": False},  # a timedelta subclass
    {"_std_offset": None},  # missing
    {"_hasdst": None},
    {"_hasdst": 0},  # falsy but not False
    {**{f"extra{i}": i for i in range(40)}, "_std_offset": timedelta(hours=1)},  # a dict too big to scan
]


@needs_speedups
@pytest.mark.parametrize("state", ODD_STATES, ids=range(len(ODD_STATES)))
def test_a_tzlocal_with_odd_state_of_its_own_is_stored_or_refused_alike(state):
    check_pairs(datetime(2024, 5, 1, 12, tzinfo=_local_zone(**state)))


@needs_speedups
def test_a_tzlocal_is_stored_with_the_offset_its_own_state_holds():
    """C reads each zone's own state, never one it read for another zone."""
    for hours in (3, -7, 0, 5):
        zone = _local_zone(_std_offset=timedelta(hours=hours), _hasdst=False)
        found = ecr_attrs.converter.structure(
            {"imagePushedAt": datetime(2024, 5, 1, 12, tzinfo=zone)}, DETAIL
        )
        assert found.imagePushedAt.utcoffset() == timedelta(hours=hours)
    zone = dateutil_tz.tzlocal()
    zone.__dict__ = {"_std_offset": timedelta(hours=2), "_hasdst": False}  # a dict of its own, not split
    check_pairs(datetime(2024, 5, 1, 12, tzinfo=zone))


@needs_speedups
def test_a_tzlocal_class_patched_after_c_read_a_zone_of_it_is_asked_by_python(monkeypatch):
    """C remembers that the class had no code for the state only until the class changes."""
    before = datetime(2024, 5, 1, 12, tzinfo=dateutil_tz.tzlocal())
    check_pairs(before)  # C has now read a tzlocal in place
    calls = []

    def offset(self: Any) -> timedelta:
        calls.append(self)
        return timedelta(hours=4)

    monkeypatch.setattr(dateutil_tz.tzlocal, "_std_offset", property(offset), raising=False)
    monkeypatch.setattr(dateutil_tz.tzlocal, "_hasdst", property(lambda self: False), raising=False)
    value = datetime(2024, 5, 1, 12, tzinfo=dateutil_tz.tzlocal.__new__(dateutil_tz.tzlocal))
    check_pairs(value)
    calls.clear()
    found = ecr_attrs.converter.structure({"imagePushedAt": value}, DETAIL)
    assert found.imagePushedAt.utcoffset() == timedelta(hours=4) and calls


# -- tzinfos C does not know ------------------------------------------------------


class Fixed(tzinfo):
    """A user's own zone: Python asks it, C never does."""

    calls = 0

    def utcoffset(self, dt: Any) -> timedelta:
        Fixed.calls += 1
        return timedelta(hours=3)

    def dst(self, dt: Any) -> timedelta:
        return timedelta(0)


class Drifting(tzinfo):
    """Answers another offset each time it is asked."""

    calls = 0

    def utcoffset(self, dt: Any) -> timedelta:
        Drifting.calls += 1
        return timedelta(minutes=Drifting.calls)


class Raising(tzinfo):
    def utcoffset(self, dt: Any) -> timedelta:
        raise RuntimeError("no offset")


class Wrong(tzinfo):
    def utcoffset(self, dt: Any) -> Any:
        return "two hours"


class Naive(tzinfo):
    def utcoffset(self, dt: Any) -> None:
        return None


class SubclassOfTimezoneLike(dateutil_tz.tzoffset):
    def utcoffset(self, dt: Any) -> timedelta:
        return timedelta(hours=-1)


class MyZoneInfo(ZoneInfo):
    pass


UNKNOWN = [
    Fixed,
    Drifting,
    Raising,
    Wrong,
    Naive,
    lambda: SubclassOfTimezoneLike("x", 60),
    lambda: MyZoneInfo("Asia/Tokyo"),
]


@needs_speedups
@pytest.mark.parametrize("make", UNKNOWN, ids=range(len(UNKNOWN)))
def test_an_unknown_zone_is_stored_or_refused_alike(make):
    for fold in (0, 1):
        check_pairs(
            datetime(2024, 5, 1, 12, tzinfo=make(), fold=fold), reset=lambda: setattr(Drifting, "calls", 0)
        )


@needs_speedups
@pytest.mark.parametrize("kind", [Fixed, Drifting])
def test_an_unknown_zone_is_asked_as_often_as_pure_python_asks(kind):
    counts = []
    for converter in (ecr_attrs.converter, PYTHON):
        kind.calls = 0
        converter.structure({"imagePushedAt": datetime(2024, 5, 1, 12, tzinfo=kind())}, DETAIL)
        counts.append(kind.calls)
    assert counts[0] == counts[1] > 0


# -- ISO 8601 text and epoch seconds --------------------------------------------------

TEXTS = [
    "2024-05-01T12:34:56.789000+00:00",
    "2024-05-01T12:34:56+00:00",
    "2024-05-01T12:34:56Z",
    "2024-05-01T12:34:56.789000Z",
    "2024-05-01T12:34:56-00:00",
    "2024-05-01T12:34:56.789+00:00",
    "2024-05-01T12:34:56,789000+00:00",
    "2024-05-01 12:34:56+00:00",
    "2024-05-01t12:34:56z",
    "2024-05-01T12:34:56+02:00",
    "2024-05-01T12:34:56.000001-05:30",
    "2024-05-01T12:34:56+00:00:30",
    "2024-05-01T12:34:56+14:00",
    "20240501T123456Z",
    "2024-05-01",
    "2024-05-01T12:34:56",  # no offset
    "2024-02-29T00:00:00Z",
    "2023-02-29T00:00:00Z",  # no such day
    "2024-04-31T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-00-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "2024-05-01T24:00:00Z",
    "2024-05-01T23:60:00Z",
    "2024-05-01T23:59:60Z",
    "2024-05-01T12:34:5xZ",
    "2024-05-01T12:34:56.78900xZ",
    "２０２４-05-01T12:34:56Z",  # full-width digits
    "2024-05-01T12:34:56Z\x00",
    "garbage",
    "",
    "\ud800",
    "é" * 25,
]


@needs_speedups
@pytest.mark.parametrize("text", TEXTS)
def test_iso_text_is_stored_or_refused_alike(text):
    check_pairs(text)


def test_iso_text_errors_say_what_is_wrong():
    assert "has no UTC offset (add Z or +00:00)" in stored(PYTHON_JSON, "2024-05-01T12:34:56")[1]
    assert "expected a datetime, an ISO 8601 string or epoch seconds" in stored(PYTHON_JSON, "garbage")[1]


@needs_speedups
@EXAMPLES
@given(moment=st.datetimes(timezones=st.just(UTC)), precise=st.booleans(), zulu=st.booleans())
def test_isoformat_of_any_utc_time_is_stored_alike(moment, precise, zulu):
    text = moment.isoformat(timespec="microseconds" if precise else "seconds")
    check_pairs(text.replace("+00:00", "Z") if zulu else text)


@needs_speedups
@EXAMPLES
@given(
    moment=st.datetimes(),
    minutes=st.integers(-23 * 60 - 59, 23 * 60 + 59),
    timespec=st.sampled_from(["auto", "seconds", "milliseconds", "microseconds"]),
)
def test_isoformat_with_any_offset_is_stored_alike(moment, minutes, timespec):
    check_pairs(moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(timespec=timespec))


EPOCHS = [
    0,
    1,
    -1,
    1714566896,
    1714566896.5,
    1714566896.0000005,
    -1.5,
    2**31,
    2**40,
    2**63,
    10**20,
    -(10**20),
]
EPOCHS += [253402300799, 253402300800, -62135596800, -62135596801, float("inf"), float("-inf"), float("nan")]
EPOCHS += [True, False, 1e300, 5e-324, -0.0, 0.0000005, 0.0000015, -0.0000005, 1.0000005, -1e-7]
EPOCHS += [1714566896.9999995, 253402300799.9999995, 253402300799.4, -62135596800.0, -62135596800.5]


@needs_speedups
@pytest.mark.parametrize("seconds", EPOCHS, ids=repr)
def test_epoch_seconds_are_stored_or_refused_alike(seconds):
    check_pairs(seconds)


@needs_speedups
@EXAMPLES
@given(
    seconds=st.one_of(
        st.integers(-(2**40), 2**40),
        st.floats(-1e12, 1e12),
        st.integers(),
        st.floats(),
        st.integers(-(10**6), 10**6).map(lambda us: us / 1e6),  # microseconds, rounding halves
        st.integers(-(2**52), 2**52).map(lambda half: half / 2e6),
    )
)
def test_any_epoch_seconds_are_stored_alike(seconds):
    check_pairs(seconds)


def test_epoch_errors_say_out_of_range():
    assert "epoch seconds 100000000000000000000 are out of range" in stored(PYTHON_JSON, 10**20)[1]
    assert "epoch seconds nan are out of range" in stored(PYTHON_JSON, float("nan"))[1]
    assert stored(PYTHON_JSON, True)[0] == "error"  # a bool is no number of seconds


def test_the_pure_python_json_path_keeps_a_parsed_utc_time_as_it_is():
    found = _compile.other_instant("2024-05-01T12:34:56Z")
    assert found == datetime(2024, 5, 1, 12, 34, 56, tzinfo=UTC) and found.tzinfo is UTC
    shifted = _compile.other_instant("2024-05-01T12:34:56+02:00")
    assert shifted.tzinfo is v._ZONES[timedelta(hours=2)]
