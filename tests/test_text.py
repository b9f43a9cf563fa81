"""Text outside ASCII is judged as ASCII is: length in code points; NUL and lone surrogates refused.

Every text field of every class without a pattern (a pattern admits ASCII only)
gets non-ASCII values; structure() must store what the constructor stores and
refuse what it refuses, with the reason the constructor's rule gives.
"""

from __future__ import annotations

import attrs
import pytest

import ecr_attrs
from ecr_attrs import StructureError
from ecr_attrs import _validators as v
from tests.samples import MODEL_CLASSES, instance

CONVERTER = ecr_attrs.make_converter(speedups=False)

FIELDS = [
    pytest.param(cls, field, id=f"{cls.__name__}.{field.name}")
    for cls in MODEL_CLASSES
    for field in attrs.fields(cls)
    if isinstance(rule := getattr(field.validator, "inner", field.validator), v.Text) and rule.pattern is None
]


def texts(rule: v.Text) -> list[str]:
    low = rule.min_len or 1
    values = ["é" * low, "日本" * low, "🐳" * low, "x" * max(low - 1, 0) + "é"]
    if rule.max_len is not None:
        values += ["é" * rule.max_len, "é" * (rule.max_len + 1)]
    if low > 1:
        values.append("é" * (low - 1))
    return [*values, "é\x00" * low, "é\ud800" * low, "\udfff" + "é" * low]


@pytest.mark.parametrize(("cls", "field"), FIELDS)
def test_non_ascii_text_is_judged_as_the_constructor_judges_it(cls, field):
    obj = instance(cls, full=False)
    base = CONVERTER.unstructure(obj)
    rule = getattr(field.validator, "inner", field.validator)
    for text in texts(rule):
        found = rule.problem(text)
        try:
            stored = CONVERTER.structure({**base, field.name: text}, cls)
        except StructureError as error:
            assert found is not None, text
            assert [found.reason] == [p.reason for p in error.problems if p.path == f"$.{field.name}"]
        else:
            assert found is None, text
            assert getattr(stored, field.name) == text
            assert type(getattr(stored, field.name)) is str
