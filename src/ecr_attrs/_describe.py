"""A field's rules in words, for the classes' docstrings and the reference pages.

Both read the validator objects the constructors run, so what ``help()``, an
IDE's hover and the docs say a field demands is what it demands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from ecr_attrs import _validators as v


def constraints(rule: v.Validator, class_ref: Callable[[str], str] | None = None) -> list[str]:
    """What ``rule`` demands beyond its type; rules of items are prefixed ``each``, ``key``, ``value``.

    With ``class_ref``, a field holding objects says which class, named by it
    (the reference pages link it); without, it says nothing: its type told.
    """
    rule = v.rule_of(rule)
    match rule:
        case v.Nullable():
            return constraints(rule.inner, class_ref)
        case v.SequenceOf():
            own = _bounds("items", rule.min_len, rule.max_len)
            return own + [f"each: {c}" for c in constraints(rule.element, class_ref)]
        case v.MappingOf():
            keys = [f"key: {c}" for c in constraints(rule.key, class_ref)]
            return keys + [f"value: {c}" for c in constraints(rule.value, class_ref)]
        case v.OneOf():
            return ["one of " + ", ".join(f"``{value}``" for value in rule.values)]
        case v.Text():
            found = _bounds("characters", rule.min_len, rule.max_len)
            if rule.pattern is not None:
                found.append(f"matches ``{rule.pattern}``")
            if rule.secret:
                found.append("hidden in repr and errors")
            return found
        case v.Blob():
            return _bounds("bytes", rule.min_len, rule.max_len)
        case v.Integer():  # and Number
            return [c for c in (_at_least(rule.min), _at_most(rule.max)) if c]
        case v.InstanceOf():
            if class_ref is None:
                return []
            return ["a " + " or ".join(class_ref(cls.__name__) for cls in rule.classes)]
        case v.Boolean() | v.Timestamp() | v.DocumentValue():  # the type says it all
            return []
        case _:
            assert_never(rule)


def _bounds(unit: str, low: int | None, high: int | None) -> list[str]:
    if low is not None and high is not None:
        return [f"{low} to {high} {unit}"]
    if low is not None:
        return [f"at least {low} {unit}"]
    return [f"at most {high} {unit}"] if high is not None else []


def _at_least(low: float | None) -> str:
    return "" if low is None else f">= {low}"


def _at_most(high: float | None) -> str:
    return "" if high is None else f"<= {high}"
