"""Aware datetimes of every kind of tzinfo are stored as the instant with a fixed offset.

The fast path reads the offset cheaply where it can (dateutil's ``tzlocal``
without DST, ``tzoffset``, ``tzutc``) and builds the datetime directly; the
stored value must be exactly what ``replace(tzinfo=timezone(utcoffset()))``
gives, fold, DST gaps and repeated hours included, on the structuring path
and in the constructor alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import example, given, settings
from hypothesis import strategies as st

import ecr_attrs
from ecr_attrs import StructureError
from ecr_attrs.models import RepositoryTypeDef

ROOT = Path(__file__).parent.parent
PARIS = ZoneInfo("Europe/Paris")
CONVERTERS = {
    "boto3": ecr_attrs.make_converter(speedups=False),
    "strict": ecr_attrs.make_converter(speedups=False, forbid_extra_keys=True),
}


class PytzStyle(tzinfo):
    """Like a pytz zone after ``localize()``: one instance per offset, answering it for every time."""

    def __init__(self, minutes: int) -> None:
        self._utcoffset = timedelta(minutes=minutes)

    def utcoffset(self, dt: Any) -> timedelta:
        return self._utcoffset

    def dst(self, dt: Any) -> timedelta:
        return timedelta(0)


class Shifting(tzinfo):
    """A zone of the user's own whose offset depends on the time (DST in odd hours)."""

    def utcoffset(self, dt: Any) -> timedelta:
        return timedelta(hours=1 + dt.hour % 2, minutes=dt.fold * 30)

    def dst(self, dt: Any) -> timedelta:
        return timedelta(0)


ZONES = {
    "utc": UTC,
    "fixed offset": timezone(timedelta(hours=5, minutes=30)),
    "named fixed offset": timezone(timedelta(hours=-3), "BRT"),
    "zoneinfo Europe/Paris": PARIS,
    "dateutil tzlocal": dateutil_tz.tzlocal(),
    "dateutil tzutc": dateutil_tz.tzutc(),
    "dateutil tzoffset": dateutil_tz.tzoffset("X", -7 * 3600),
    "dateutil gettz Europe/Paris": dateutil_tz.gettz("Europe/Paris"),
    "pytz style": PytzStyle(-150),
    "shifting": Shifting(),
}


def reference(value: datetime) -> datetime:
    """What the stored form has always been: the same wall time and fold, the offset fixed."""
    offset = value.utcoffset()
    assert offset is not None
    return value.replace(tzinfo=UTC if offset == timedelta(0) else timezone(offset))


def observed(value: datetime) -> tuple[Any, ...]:
    return (type(value), repr(value), value.fold, value.utcoffset(), type(value.tzinfo))


def stored_by_every_path(value: datetime) -> dict[str, datetime]:
    base = ecr_attrs.unstructure(RepositoryTypeDef(repositoryName="team/app"))
    out = {
        name: c.structure({**base, "createdAt": value}, RepositoryTypeDef).createdAt
        for name, c in CONVERTERS.items()
    }
    out["constructor"] = RepositoryTypeDef(repositoryName="team/app", createdAt=value).createdAt
    return out


# Both sides of Paris's DST changes in 2024, the repeated hour with either fold.
TRANSITIONS = [
    datetime(2024, 3, 31, 1, 59, 59),
    datetime(2024, 3, 31, 2, 30),  # does not exist
    datetime(2024, 3, 31, 3, 0),
    datetime(2024, 10, 27, 2, 30),
    datetime(2024, 10, 27, 2, 30, fold=1),
    datetime(2024, 10, 27, 3, 0),
]


@pytest.mark.parametrize("zone", list(ZONES.values()), ids=list(ZONES))
@settings(max_examples=60, deadline=None)
@given(
    wall=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1)),
    fold=st.sampled_from([0, 1]),
)
@example(wall=TRANSITIONS[0], fold=0)
@example(wall=TRANSITIONS[1], fold=0)
@example(wall=TRANSITIONS[2], fold=0)
@example(wall=TRANSITIONS[3], fold=0)
@example(wall=TRANSITIONS[4], fold=1)
@example(wall=TRANSITIONS[5], fold=0)
def test_every_kind_of_zone_is_stored_as_its_fixed_offset_form(zone, wall, fold):
    value = wall.replace(tzinfo=zone, fold=fold)
    expected = observed(reference(value))
    for path, stored in stored_by_every_path(value).items():
        assert observed(stored) == expected, path
        assert stored.timestamp() == value.timestamp(), path  # the same instant


def test_a_zone_that_gives_no_offset_is_refused_as_before():
    class Naive(tzinfo):
        def utcoffset(self, dt: Any) -> None:
            return None

    value = datetime(2024, 5, 1, tzinfo=Naive())
    with pytest.raises(StructureError) as caught:
        CONVERTERS["boto3"].structure({"createdAt": value}, RepositoryTypeDef)
    assert ["$.createdAt"] == [p.path for p in caught.value.problems]
    assert "has no timezone, so it names no instant" in caught.value.problems[0].reason


def test_a_zone_whose_offset_raises_is_refused_as_before():
    class Broken(tzinfo):
        def utcoffset(self, dt: Any) -> timedelta:
            raise RuntimeError("no")

    value = datetime(2024, 5, 1, tzinfo=Broken())
    with pytest.raises(StructureError) as caught:
        CONVERTERS["boto3"].structure({"createdAt": value}, RepositoryTypeDef)
    assert "could not check" in caught.value.problems[0].reason


def test_iso_text_and_epoch_numbers_are_stored_as_the_slow_path_stores_them():
    for text in ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.250+05:30", "2024-10-27T02:30:00-01:00"):
        stored = ecr_attrs.json_converter.structure({"createdAt": text}, RepositoryTypeDef).createdAt
        assert observed(stored) == observed(reference(datetime.fromisoformat(text)))
    for number in (0, 1_700_000_000, 1_700_000_000.125):
        stored = CONVERTERS["boto3"].structure({"createdAt": number}, RepositoryTypeDef).createdAt
        assert observed(stored) == observed(datetime.fromtimestamp(number, UTC))


CHILD = """
import sys
from datetime import datetime, timedelta, timezone, UTC
from dateutil.tz import tzlocal
from ecr_attrs import make_converter
from ecr_attrs.models import RepositoryTypeDef

converter = make_converter(speedups=False)
start = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
# Every hour of 2024 (the changes fall on the hour in UTC), as botocore makes them: a new tzlocal() per value.
for step in range(0, 366 * 24):
    value = datetime.fromtimestamp(start + step * 3600, tzlocal())
    offset = value.utcoffset()
    expected = value.replace(tzinfo=UTC if offset == timedelta(0) else timezone(offset))
    stored = converter.structure({"createdAt": value}, RepositoryTypeDef).createdAt
    built = RepositoryTypeDef(repositoryName="a", createdAt=value).createdAt
    for got in (stored, built):
        if repr(got) != repr(expected) or got.fold != expected.fold or got.timestamp() != value.timestamp():
            sys.exit(f"{value!r}: stored {got!r}, expected {expected!r}")
print("ok", datetime.fromtimestamp(start, tzlocal()).tzinfo._hasdst)
"""


@pytest.mark.parametrize(
    ("zone", "has_dst"),
    [
        ("UTC", False),
        ("Asia/Kolkata", False),
        ("Etc/GMT+5", False),
        ("Europe/Paris", True),
        ("America/Sao_Paulo", False),
    ],
)
def test_botocore_style_local_times_are_stored_exactly_under_any_tz(zone, has_dst):
    env = {**os.environ, "TZ": zone, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.split() == ["ok", str(has_dst)]


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [
                dateutil_tz.tzlocal(),
                dateutil_tz.tzoffset("X", -12_600),
                timezone(timedelta(hours=5, minutes=45)),
            ]
        ),
    )
)
def test_the_cheap_stored_form_is_the_same_wall_time_with_a_fixed_offset(moment):
    """``fixed_offset`` rebuilds the datetime from its fields in one go: nothing else may change."""
    from ecr_attrs import _validators as v

    moment = moment.replace(fold=0)
    stored = v.fixed_offset(moment)
    assert stored is not None
    assert type(stored) is datetime and type(stored.tzinfo) is timezone and stored.fold == 0
    assert stored.replace(tzinfo=None) == moment.replace(tzinfo=None)
    assert stored.utcoffset() == moment.utcoffset()
