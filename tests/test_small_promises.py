"""Small promises an outside audit checked: repr never raises, canonical stored forms."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from samples import MODEL_CLASSES, instance

from ecr_attrs import _validators as v

HUGE = 10**5000  # Python refuses to write out an int of more than 4,300 digits


def _rule(field):
    rule = field.validator
    return rule.inner if isinstance(rule, v.Nullable) else rule


def _huge_for(rule):
    """A value for ``rule`` that holds HUGE, or None where the rule holds no int."""
    if isinstance(rule, v.Integer):
        return HUGE
    if isinstance(rule, v.SequenceOf) and isinstance(rule.element, v.Integer):
        return [HUGE]
    if isinstance(rule, v.MappingOf) and isinstance(rule.value, v.Integer):
        return {"CRITICAL" if isinstance(rule.key, v.OneOf) else "key": HUGE}
    return None


INT_FIELDS = [
    (cls, field)
    for cls in MODEL_CLASSES
    for field in attrs.fields(cls)
    if _huge_for(_rule(field)) is not None
]


@pytest.mark.parametrize(("cls", "field"), INT_FIELDS, ids=lambda x: getattr(x, "__name__", None) or x.name)
def test_repr_never_raises_on_an_int_too_long_to_print(cls, field):
    try:
        obj = attrs.evolve(instance(cls), **{field.name: _huge_for(_rule(field))})
    except (TypeError, ValueError) as refused:  # a bounded field refuses it: that message must print too
        assert "digits" in str(refused)
        return
    assert "<an int of 5001 digits>" in repr(obj)
    assert pickle.loads(pickle.dumps(obj)) == obj


def test_some_fields_do_hold_huge_ints():
    held = 0
    for cls, field in INT_FIELDS:
        try:
            attrs.evolve(instance(cls), **{field.name: _huge_for(_rule(field))})
            held += 1
        except (TypeError, ValueError):
            pass
    assert held >= 10


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_repr_is_what_attrs_would_print(cls):
    obj = instance(cls)
    fields = [f for f in attrs.fields(cls) if f.repr is not False]
    expected = ", ".join(
        f"{f.name}={f.repr(getattr(obj, f.name)) if callable(f.repr) else repr(getattr(obj, f.name))}"
        for f in fields
    )
    assert repr(obj) == f"{cls.__name__}({expected})"


def test_structure_uses_only_public_cattrs_api():
    source = (Path(__file__).parent.parent / "src" / "ecr_attrs" / "converters.py").read_text("utf-8")
    assert "._structure_func" not in source and ".dispatch" not in source


HOOK_AFTER_FIRST_USE = """
import ecr_attrs
from ecr_attrs import converter, structure

cls = ecr_attrs.TagTypeDef
assert structure({"Key": "k", "Value": "v"}, cls) == cls(Key="k", Value="v")
converter.register_structure_hook(cls, lambda data, _: cls(Key="hooked", Value="v"))
print(structure({"Key": "k", "Value": "v"}, cls).Key)
"""


def test_structure_sees_a_hook_registered_after_first_use():
    # In a process of its own: cattrs cannot take a registration back, and a hook
    # registered for a class also serves its subclasses from then on, so the process
    # that ran this would structure a subclass of TagTypeDef differently afterwards.
    done = subprocess.run([sys.executable, "-c", HOOK_AFTER_FIRST_USE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["hooked"]


def test_a_named_fixed_offset_zone_is_stored_in_one_canonical_form():
    from datetime import datetime, timedelta, timezone

    import ecr_attrs
    from ecr_attrs import json_converter, structure

    when = datetime(2024, 5, 17, 9, 30, tzinfo=timezone(timedelta(hours=1), "CET"))
    built = ecr_attrs.ImageDetailTypeDef(imagePushedAt=when)
    structured = structure({"imagePushedAt": when}, ecr_attrs.ImageDetailTypeDef)
    assert structured == built and pickle.dumps(structured) == pickle.dumps(built)
    assert built.imagePushedAt.tzname() == "UTC+01:00"  # the name is not kept, the offset is
    text = json_converter.structure(
        {"imagePushedAt": "2024-05-17T09:30:00+01:00"}, ecr_attrs.ImageDetailTypeDef
    )
    assert pickle.dumps(text) == pickle.dumps(built)


# -- a FrozenDict's storage is out of reach ------------------------------------------


def _counts():
    from ecr_attrs import structure
    from ecr_attrs.models import ImageScanFindingsSummaryTypeDef

    return structure({"findingSeverityCounts": {"HIGH": 2}}, ImageScanFindingsSummaryTypeDef)


@pytest.mark.parametrize(
    "reach",
    [
        lambda fd: fd._items,
        lambda fd: object.__getattribute__(fd, "_items"),
        lambda fd: vars(fd),
        lambda fd: fd.__dict__,
        lambda fd: object.__getattribute__(fd, "__dict__"),
    ],
    ids=["attribute", "object-getattribute", "vars", "dict", "object-dict"],
)
def test_a_frozen_dicts_storage_cannot_be_reached_by_attribute(reach):
    with pytest.raises((AttributeError, TypeError)):
        reach(_counts().findingSeverityCounts)


@pytest.mark.parametrize(
    "change",
    [
        lambda fd: object.__setattr__(fd, "_items", {"CRITICAL": 99}),
        lambda fd: setattr(fd, "_items", {"CRITICAL": 99}),
        lambda fd: object.__delattr__(fd, "_items"),
        lambda fd: fd._items.__setitem__("CRITICAL", 99),
    ],
    ids=["object-setattr", "setattr", "object-delattr", "through-the-dict"],
)
def test_a_frozen_dicts_storage_cannot_be_changed_by_attribute(change):
    summary = _counts()
    before = (hash(summary), dict(summary.findingSeverityCounts))
    with pytest.raises((AttributeError, TypeError)):
        change(summary.findingSeverityCounts)
    assert (hash(summary), dict(summary.findingSeverityCounts)) == before


def test_a_frozen_dicts_storage_has_one_named_way_in():
    """The compiled core reads the slot by the offset of this descriptor, and of no other."""
    from ecr_attrs.values import FROZENDICT_ITEMS, FrozenDict

    fd = FrozenDict({"HIGH": 2})
    assert type(FROZENDICT_ITEMS).__name__ == "member_descriptor"
    assert FROZENDICT_ITEMS.__objclass__ is FrozenDict
    assert type(FROZENDICT_ITEMS.__get__(fd)) is dict
    assert FROZENDICT_ITEMS.__get__(fd) == {"HIGH": 2}
    assert not any(type(x).__name__ == "member_descriptor" for x in vars(FrozenDict).values())


# -- strategies ------------------------------------------------------------------------


def test_every_strategy_the_module_defines_is_used_or_documented():
    """A module-level strategy nothing uses (``plain_text`` was one) is dead weight."""
    import re

    from hypothesis.strategies import SearchStrategy

    from ecr_attrs import strategies

    root = Path(__file__).parent.parent
    source = (root / "src" / "ecr_attrs" / "strategies.py").read_text("utf-8")
    docs = "\n".join(p.read_text("utf-8") for p in [root / "README.md", *(root / "docs").rglob("*.rst")])
    unused = [
        name
        for name, value in vars(strategies).items()
        if isinstance(value, SearchStrategy)
        and len(re.findall(rf"\b{name}\b", source)) < 2
        and not re.search(rf"\b{name}\b", docs)
    ]
    assert unused == []
