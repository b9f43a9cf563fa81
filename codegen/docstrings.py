"""The docstrings of the generated classes: a summary, then every field with its rules.

``help(ImageDetailTypeDef)`` and an IDE's hover read the source, so the rules
are written into it, in the words ``ecr_attrs._describe`` uses for the
reference pages.  The rule objects are made by evaluating the very
expressions the generated modules run.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any, Literal, get_args

from ecr_attrs import _describe
from ecr_attrs import _validators as v

if TYPE_CHECKING:
    from codegen.render import ClassPlan, FieldPlan, Planner

WIDTH = 100


def field_rules(planner: Planner, plans: list[ClassPlan]) -> dict[str, list[tuple[FieldPlan, v.Validator]]]:
    """Each class's fields with their rule objects."""
    namespace: dict[str, Any] = {"_v": v, "get_args": get_args}
    for alias, values in planner.literals.items():
        namespace[alias] = Literal[values]
    for source, name in planner.constants.items():
        namespace[name] = eval(source, namespace)
    for name in planner.classes:
        namespace[name] = type(name, (), {})
    return {plan.name: [(f, eval(f.validator, namespace)) for f in plan.fields] for plan in plans}


def class_docstring(summary: str, fields: list[tuple[FieldPlan, v.Validator]]) -> str:
    """The text of a class's docstring (not yet a literal: see ``literal``)."""
    if not fields:
        return summary
    required = sum(plan.required for plan, _ in fields)
    told = "required ones marked" if required else "all optional"
    lines = [summary, "", f"Fields, in order ({told}):", ""]
    for plan, rule in fields:
        words = [shown_type(plan)] + (["required"] if plan.required else [])
        entry = f"- ``{plan.name}`` ({', '.join(words)})"
        rules = _describe.constraints(rule)
        if rules:
            entry += ": " + "; ".join(rules)
        lines += textwrap.wrap(
            entry, WIDTH, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False
        )
    return "\n".join(lines)


def shown_type(plan: FieldPlan) -> str:
    """What the constructor takes, without the ``Optional`` every optional field has."""
    shown = plan.accepts or plan.annotation
    inner = re.fullmatch(r"Optional\[(.*)\]", shown)
    shown = inner.group(1) if inner else shown
    enum = re.fullmatch(r"Union\[(\w+), UnknownValue\]", shown)
    return enum.group(1) if enum else shown


def literal(text: str, indent: str) -> list[str]:
    """Source lines of a docstring holding ``text`` exactly (backslashes of patterns included)."""
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    first, *rest = escaped.split("\n")
    if not rest:
        return [f'{indent}"""{first}"""']
    return [f'{indent}"""{first}', *[f"{indent}{line}" if line else "" for line in rest], f'{indent}"""']
