"""Hypothesis strategies for ECR's events (needs the ``hypothesis`` extra).

Importing this module registers every event class, so ``st.from_type(ImageScanDetail)``
works.  ``events(detail_type=...)`` gives typed events, ``event_dicts(...)`` the
dicts a Lambda handler receives.  Values are read off the same validator objects
the constructors run, with realistic text picked by key (the model strategies'
table, looked up under the key's camelCase name).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from ecr_attrs import _extras

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as error:
    raise _extras.missing(
        error, "hypothesis", "ecr_attrs.events.strategies builds on Hypothesis", _extras.INSTALL_HYPOTHESIS
    ) from error

from ecr_attrs import _validators as v
from ecr_attrs import strategies as model_strategies
from ecr_attrs.events._base import EventModel, UnknownDetail, resolved
from ecr_attrs.events._convert import is_model, unstructure_event
from ecr_attrs.events._details import DETAILS, Event, InspectorCoverageStatus, ScanResourceRepository

# EventBridge writes UTC times; a fraction appears only in some detail times.
times = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC))
event_times = times.map(lambda t: t.replace(microsecond=0))
event_ids = model_strategies.uuids

# Keys whose camelCase name the model strategies do not know.
KEYS: dict[str, st.SearchStrategy[str]] = {
    "account": model_strategies.account_ids,
    "source-account": model_strategies.account_ids,
    "source-region": model_strategies.regions,
    "manifest-media-type": st.sampled_from(model_strategies.MEDIA_TYPES),
    "rule-version": st.integers(1, 20).map(str),
    "version": st.just("0"),
}


def _camel(key: str) -> str:
    head, *rest = key.split("-")
    return head + "".join(part.title() for part in rest)


def for_key(rule: v.Validator, key: str) -> st.SearchStrategy[Any]:
    """Values ``rule`` accepts, realistic for the key they are sent under."""
    if isinstance(rule, v.Nullable):
        return st.none() | for_key(rule.inner, key)
    if isinstance(rule, v.InstanceOf) and (
        issubclass(rule.classes[0], EventModel) or is_model(rule.classes[0])
    ):
        return from_type(rule.classes[0])
    if isinstance(rule, v.SequenceOf):
        element = for_key(rule.element, key)
        return st.lists(element, max_size=model_strategies.MAX_ITEMS).map(tuple)
    if isinstance(rule, v.Timestamp):
        return times
    if isinstance(rule, v.Text) and key in KEYS:
        return KEYS[key]
    return model_strategies.for_rule(rule, _camel(key))


def from_type(cls: type) -> st.SearchStrategy[Any]:
    """Valid instances of an event class (for ``Event``, of any detail-type)."""
    found = _STRATEGIES.get(cls)
    if found is None:
        found = _STRATEGIES[cls] = _from_type(cls)
    return found


_STRATEGIES: dict[type, st.SearchStrategy[Any]] = {}


def _from_type(cls: type) -> st.SearchStrategy[Any]:
    if cls is Event:
        return events()
    if isinstance(cls, type) and is_model(cls):  # Inspector's Finding: the model strategies' own
        return model_strategies.from_type(cls)
    if cls is UnknownDetail:
        return st.builds(
            UnknownDetail, data=st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=12))
        )
    if not (isinstance(cls, type) and issubclass(cls, EventModel) and attrs.has(cls)):
        raise TypeError(f"{cls!r} is not an ecr_attrs event class")
    fields = {f.name: for_key(f.validator, f.metadata["key"]) for f in attrs.fields(cls)}
    return st.builds(cls, **fields)


def events(detail_type: str | None = None, *, source: str | None = None) -> st.SearchStrategy[Event]:
    """Typed events of one detail-type, or of every known one when ``detail_type`` is None.

    ``source`` may be left out where the detail-type names one source only
    (``aws.ecr`` for "ECR ..." detail-types, ``aws.inspector2`` for "Inspector2 ...").
    """
    if detail_type is None:
        return st.one_of([events(d, source=s) for s, d in DETAILS if source in (None, s)])
    if source is None:
        sources = sorted(s for s, d in DETAILS if d == detail_type)
        source = sources[0] if len(sources) == 1 else "aws.ecr"
    entry = DETAILS.get((source, detail_type))
    if entry is None:
        raise LookupError(f"no event class for source {source!r} and detail-type {detail_type!r}")
    cls = resolved(entry)
    return st.builds(
        Event,
        version=st.just("0"),
        id=event_ids,
        detail_type=st.just(detail_type),
        source=st.just(source),
        account=model_strategies.account_ids,
        time=event_times,
        region=model_strategies.regions,
        resources=st.lists(model_strategies.FIELD_NAMES["repositoryArn"], max_size=1).map(tuple),
        detail=from_type(cls),
    )


def event_dicts(
    detail_type: str | None = None, *, source: str | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """The dicts a Lambda handler receives for ``events(detail_type)``."""
    return events(detail_type, source=source).map(unstructure_event)


EVENT_CLASSES: tuple[type, ...] = (
    Event,
    InspectorCoverageStatus,
    ScanResourceRepository,
    UnknownDetail,
    *(cls for cls in DETAILS.values() if isinstance(cls, type) and not is_model(cls)),
)
"""The event classes: the model classes a detail may be are the model strategies' to register."""


def register() -> None:
    """Let ``st.from_type`` and ``st.builds`` find every event class."""
    for cls in EVENT_CLASSES:
        st.register_type_strategy(cls, _on_first_use)


def _on_first_use(cls: type) -> st.SearchStrategy[Any]:
    # A function, not a strategy: Hypothesis checks a registered strategy for emptiness
    # at once, which would build it (and import Inspector's classes for ``Event``).
    return from_type(cls)


register()
