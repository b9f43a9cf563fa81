"""Amazon ECR's EventBridge events, and Amazon Inspector's about ECR images, as typed, frozen objects.

``parse_event(event)`` takes an event as a Lambda function or a queue consumer
receives it (a dict, or its JSON text) and returns an ``Event`` whose
``detail`` is the class of its (source, detail-type), or ``UnknownDetail``;
``unstructure_event(ev)`` gives the dict back with the keys as sent.  The
classes are generated from ``spec/ecr_events.toml``; an "Inspector2 Finding"
detail is Inspector's ``FindingTypeDef`` (``ecr_attrs.inspector2``).
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
    InspectorCoverageDetail,
    InspectorCoverageStatus,
    InspectorScanDetail,
    PullThroughCacheActionDetail,
    ReferrerActionDetail,
    ReplicationActionDetail,
    ScanResourceChangeDetail,
    ScanResourceRepository,
)
from ecr_attrs.inspector2._models.FindingTypeDef import FindingTypeDef

EventDetail = (
    ImageActionDetail
    | ImageScanDetail
    | FindingTypeDef
    | InspectorCoverageDetail
    | InspectorScanDetail
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
    "FindingTypeDef",
    "ImageActionDetail",
    "ImageScanDetail",
    "InspectorCoverageDetail",
    "InspectorCoverageStatus",
    "InspectorScanDetail",
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
