"""Amazon ECR's EventBridge events, and Amazon Inspector's about ECR images, as typed, frozen objects.

``parse_event(event)`` takes an event as a Lambda function or a queue consumer
receives it (a dict, or its JSON text) and returns an ``Event`` whose
``detail`` is the class of its (source, detail-type), or ``UnknownDetail``;
``unstructure_event(ev)`` gives the dict back with the keys as sent.  The
classes are generated from ``spec/ecr_events.toml``; an "Inspector2 Finding"
detail is Inspector's ``FindingTypeDef`` (``ecr_attrs.inspector2``).

Inspector's finding classes are imported when first needed: by parsing such
an event, or by naming ``FindingTypeDef``, ``EventDetail`` or ``DETAIL_CLASSES``.
Type checkers see every name as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecr_attrs.events._base import EventModel, UnknownDetail
from ecr_attrs.events._convert import format_time, parse_event, unstructure_event
from ecr_attrs.events._details import (
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

if TYPE_CHECKING:
    from typing import TypeAlias

    from ecr_attrs.events._details import DETAIL_CLASSES as DETAIL_CLASSES
    from ecr_attrs.inspector2._models.FindingTypeDef import FindingTypeDef as FindingTypeDef

    EventDetail: TypeAlias = (
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
else:

    def __getattr__(name: str) -> Any:
        """The names that need Inspector's classes, made on first use and then kept."""
        from typing import get_type_hints

        from ecr_attrs.events import _details
        from ecr_attrs.events._base import lazy_attribute

        if name == "EventDetail":
            # The type of ``Event.detail``, so the generated annotation is the one list of classes.
            value: Any = get_type_hints(Event)["detail"]
        elif name == "DETAIL_CLASSES":
            value = _details.DETAIL_CLASSES
        else:
            # ``_details`` holds a ForwardRef under the name until the class is imported.
            return lazy_attribute(globals(), name, _details.DETAILS)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """Every public name, the lazy ones included, without importing Inspector's classes."""
    return sorted({*globals(), *__all__})


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
