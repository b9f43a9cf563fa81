"""An object whose ``__class__`` lies is judged by what it is, never by what it claims.

``isinstance`` and ``x.__class__`` both believe a ``__class__`` property;
``type(x)`` cannot be fooled.  Every field position of every class, and the
elements and values inside its lists and mappings, gets an impostor claiming
the class of the valid value there: the constructor refuses it, and
structure() refuses it with exactly the error it gives an honest object of
the same name.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import ecr_attrs
from ecr_attrs import StructureError
from ecr_attrs import _validators as v
from tests.samples import MODEL_CLASSES, instance

CONVERTERS = {
    "lenient": ecr_attrs.make_converter(speedups=False),
    "strict": ecr_attrs.make_converter(speedups=False, forbid_extra_keys=True),
    "json": ecr_attrs.json_converter,
}


def impostor(claimed: type) -> Any:
    """An object whose ``__class__`` says ``claimed``."""

    class Impostor:
        __class__ = property(lambda self: claimed)  # type: ignore[assignment]

    return Impostor()


def honest() -> Any:
    class Impostor:  # the same name, so messages can be compared
        pass

    return Impostor()


def positions(rule: v.Validator, sample: Any) -> list[tuple[str, Any, Any]]:
    """(where, the impostor's value, the honest one's) for the field itself and what it holds."""
    inner = rule.inner if isinstance(rule, v.Nullable) else rule
    out = [("field", impostor(type(sample)), honest())]
    if isinstance(inner, v.SequenceOf) and sample:
        first = sample[0]
        out.append(("element", [impostor(type(first))], [honest()]))
    if isinstance(inner, v.MappingOf) and sample:
        key, value = next(iter(sample.items()))
        out.append(("value", {key: impostor(type(value))}, {key: honest()}))
        out.append(("key", {impostor(str): value}, {honest(): value}))
    return out


CASES = [
    pytest.param(cls, field.name, where, id=f"{cls.__name__}.{field.name}.{where}")
    for cls in MODEL_CLASSES
    for field in attrs.fields(cls)
    if isinstance(field.validator, v.Validator)
    for where, _, _ in positions(field.validator, getattr(instance(cls), field.name))
]


def outcome(converter: Any, data: dict[str, Any], cls: type) -> Any:
    try:
        converter.structure(data, cls)
    except StructureError as error:
        return [(p.path, p.reason) for p in error.problems]
    return "accepted"


@pytest.mark.parametrize(("cls", "name", "where"), CASES)
def test_an_impostor_is_refused_as_its_honest_twin_is(cls, name, where):
    obj = instance(cls)
    field = attrs.fields_dict(cls)[name]
    fake, real = next((f, r) for w, f, r in positions(field.validator, getattr(obj, name)) if w == where)
    for mode, converter in CONVERTERS.items():
        base = converter.unstructure(obj)
        told = outcome(converter, {**base, name: fake}, cls)
        assert told != "accepted", mode
        assert told == outcome(converter, {**base, name: real}, cls), mode
    with pytest.raises((TypeError, ValueError)):
        attrs.evolve(obj, **{field.alias: fake})
