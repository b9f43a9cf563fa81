"""Amazon ECR's EventBridge events as typed, frozen objects.

``parse_event(event)`` takes an event as a Lambda function or a queue consumer
receives it (a dict, or its JSON text) and returns an ``Event`` whose
``detail`` is the class of its (source, detail-type), or ``UnknownDetail``;
``unstructure_event(ev)`` gives the dict back with the keys as sent.  The
classes are generated from ``spec/ecr_events.toml``.
"""

from __future__ import annotations

from ecr_attrs.events._base import EventModel, UnknownDetail
from ecr_attrs.events._convert import format_time, parse_event, unstructure_event
from ecr_attrs.events._details import (
    DETAIL_CLASSES,
    ENUMS,
    Event,
    ImageActionDetail,
    ImageScanDetail,
    PullThroughCacheActionDetail,
    ReferrerActionDetail,
    ReplicationActionDetail,
    ScanResourceChangeDetail,
    ScanResourceRepository,
)

EventDetail = (
    ImageActionDetail
    | ImageScanDetail
    | PullThroughCacheActionDetail
    | ReferrerActionDetail
    | ReplicationActionDetail
    | ScanResourceChangeDetail
    | UnknownDetail
)
"""Every class an ``Event.detail`` can be."""

__all__ = [
    "DETAIL_CLASSES",
    "ENUMS",
    "Event",
    "EventDetail",
    "EventModel",
    "ImageActionDetail",
    "ImageScanDetail",
    "PullThroughCacheActionDetail",
    "ReferrerActionDetail",
    "ReplicationActionDetail",
    "ScanResourceChangeDetail",
    "ScanResourceRepository",
    "UnknownDetail",
    "format_time",
    "parse_event",
    "unstructure_event",
]
