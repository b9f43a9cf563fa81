"""Opt in to cheaper timestamps in the responses of botocore clients.

botocore turns each timestamp of a response into
``datetime.fromtimestamp(x, tzlocal())`` with a new ``tzlocal()`` per value,
which costs more than everything ecr-attrs then does with it.  botocore lets a
session build its parsers with another timestamp parser; this one gives the
same instants with the fixed-offset UTC zone, which is also the zone ecr-attrs
stores them with.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

__all__ = ["fast_timestamps", "utc_timestamp"]


def utc_timestamp(value: Any) -> datetime:
    """A response timestamp (epoch seconds, or text) as a UTC datetime; botocore's parser does the rest."""
    kind = type(value)
    if kind is int or kind is float:
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            pass
    from botocore.utils import parse_timestamp

    parsed: datetime = parse_timestamp(value)
    return parsed.astimezone(UTC)


def fast_timestamps(session: Any) -> Any:
    """Make the clients ``session`` creates from now on parse timestamps with ``utc_timestamp``.

    ``session`` is a botocore session, or a boto3 ``Session`` (its botocore
    session is used).  What changes is the tzinfo of the datetimes in those
    clients' raw responses (``timezone.utc`` instead of ``tzlocal()``), never
    the instant; clients created before the call keep their parser.  Returns
    the botocore session, for chaining.
    """
    core = getattr(session, "_session", session)  # boto3.Session wraps a botocore one
    core.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=utc_timestamp)
    return core
