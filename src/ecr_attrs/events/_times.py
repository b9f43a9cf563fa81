"""The text forms Amazon Inspector writes the times of a finding's detail in.

Inspector's finding events do not write ISO 8601.  Two forms are published:

- ``Wed Sep 04 16:59:44.356 UTC 2024``: weekday, month, day, time with
  milliseconds, zone, year (Inspector's event reference, 2024 samples);
- ``Dec 3, 2021, 6:02:30 PM``: month, day, year, 12-hour time, no zone (ECR's
  enhanced scanning samples, 2021); read as UTC, since every other time of the
  event is UTC.  Newer Java releases put a narrow no-break space before the
  AM/PM marker, so that is accepted too.

Both read to an aware UTC datetime; ``format_text_time`` writes the first,
current, form, so an event read from it is given back exactly.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH = "|".join(_MONTHS)

_CURRENT = re.compile(
    rf"({'|'.join(_DAYS)}) ({_MONTH}) (\d{{1,2}}) (\d{{2}}):(\d{{2}}):(\d{{2}})(?:\.(\d{{1,6}}))? UTC (\d{{4}})",
    re.ASCII,
)
_EARLIER = re.compile(
    rf"({_MONTH}) (\d{{1,2}}), (\d{{4}}), (\d{{1,2}}):(\d{{2}}):(\d{{2}})[ \u202f](AM|PM)",
    re.ASCII,
)


def parse_text_time(text: str) -> datetime | None:
    """The aware UTC instant of either text form, or None when ``text`` is neither (or no real time).

    A weekday that does not match the date is not a time: the text was damaged.
    """
    if match := _CURRENT.fullmatch(text):
        weekday, month, day, hour, minute, second, fraction, year = match.groups()
        micro = int((fraction or "0").ljust(6, "0"))
        try:
            parsed = datetime(
                int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second), micro, UTC
            )
        except ValueError:
            return None
        return parsed if _DAYS[parsed.weekday()] == weekday else None
    if match := _EARLIER.fullmatch(text):
        month, day, year, hour, minute, second, half = match.groups()
        clock = int(hour)
        if not 1 <= clock <= 12:
            return None
        clock = clock % 12 + (12 if half == "PM" else 0)
        try:
            return datetime(
                int(year), _MONTHS.index(month) + 1, int(day), clock, int(minute), int(second), 0, UTC
            )
        except ValueError:
            return None
    return None


def format_text_time(value: datetime) -> str:
    """``value`` in Inspector's current form, in UTC: ``Wed Sep 04 16:59:44.356 UTC 2024``.

    Milliseconds as Inspector writes them; microseconds when the value has a
    finer part, so that no instant is rounded away.
    """
    utc = value.astimezone(UTC)
    fraction = f"{utc.microsecond:06d}"
    if fraction.endswith("000"):
        fraction = fraction[:3]
    return (
        f"{_DAYS[utc.weekday()]} {_MONTHS[utc.month - 1]} {utc.day:02d} "
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{fraction} UTC {utc.year:04d}"
    )
