"""Reference pages generated at build time, so they follow the code as the model set grows.

``ecr-models``: every class of ``ecr_attrs.models.CLASS_NAMES``, grouped by the
operation ``spec/ecr_facts.json`` names for it (classes of no operation under
"Structures", or under their role when it is another one), with each field's
type and the constraints read off its validator.
``ecr-cli-help``: the ``--help`` text of the command and its subcommands.
``ecr-service-errors``: every modeled error class of ``ecr_attrs.exceptions.ERRORS``,
with a link to the model class of its fields.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from ecr_attrs import _describe as describe
from ecr_attrs import _validators as v
from ecr_attrs import models

FACTS = Path(__file__).parent.parent.parent / "spec" / "ecr_facts.json"


_ROLE_HEADINGS = {"structure": "Structures", "error": "Errors", "boto3": "boto3's own structures"}


def groups() -> dict[str, list[str]]:
    """Heading -> class names: operations first (by name), then structures, then other roles."""
    facts = json.loads(FACTS.read_text(encoding="utf-8"))["classes"]
    by_operation: dict[str, list[str]] = defaultdict(list)
    by_role: dict[str, list[str]] = defaultdict(list)
    for name in sorted(models.CLASS_NAMES):
        fact = facts.get(name, {})
        if fact.get("operation"):
            by_operation[fact["operation"]].append(name)
        else:
            role = fact.get("role") or "unknown"
            by_role[_ROLE_HEADINGS.get(role, f"Role: {role}")].append(name)
    ordered = {f"Operation {op}": by_operation[op] for op in sorted(by_operation)}
    known = list(_ROLE_HEADINGS.values())
    roles = sorted(by_role, key=lambda h: (known.index(h) if h in known else len(known), h))
    return ordered | {heading: by_role[heading] for heading in roles}


def constraints(rule: v.Validator) -> list[str]:
    """What a validator demands, in words, classes linked to their sections."""
    return describe.constraints(rule, _link)


def _link(name: str) -> str:
    return f":ref:`{name} <model-{name}>`" if name in models.CLASS_NAMES else f"``{name}``"


def _cell(text: str) -> str:
    return text or " "  # an empty list-table cell would end the row


def class_lines(name: str, underline: str) -> list[str]:
    cls = getattr(models, name)
    summary = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
    lines = [f".. _model-{name}:", "", name, underline * len(name), "", summary, ""]
    lines += [".. list-table::", "   :header-rows: 1", "   :widths: 22 28 12 38", "   :class: ecr-fields", ""]
    lines += ["   * - field", "     - type", "     - required", "     - constraints"]
    for field in attrs.fields(cls):
        kind = field.type if isinstance(field.type, str) else getattr(field.type, "__name__", str(field.type))
        lines += [
            f"   * - ``{field.name}``",
            f"     - ``{kind}``",
            f"     - {'yes' if field.default is attrs.NOTHING else 'no'}",
            f"     - {_cell('; '.join(constraints(field.validator)))}",
        ]
    return [*lines, ""]


class ModelsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        lines: list[str] = []
        for heading, names in groups().items():
            lines += [heading, "-" * len(heading), ""]
            for name in names:
                lines += class_lines(name, "~")
        self.env.note_dependency(str(FACTS))
        return _parse(self, lines)


class CliHelpDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from ecr_attrs.cli import build_parser

        parser = build_parser()
        texts = [parser.format_help()]
        subparsers: Any = next(a for a in parser._actions if a.dest == "command")
        texts += [sub.format_help() for sub in subparsers.choices.values()]
        return [nodes.literal_block(text, text, language="text") for text in texts]


class ServiceErrorsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from ecr_attrs.exceptions import ERRORS

        lines: list[str] = []
        for code, cls in sorted(ERRORS.items()):
            shape = cls.shape_name or ""
            fields = ", ".join(f"``{f.name}``" for f in attrs.fields(getattr(models, shape)))
            lines += [
                f".. py:exception:: {cls.__name__}",
                "   :module: ecr_attrs.exceptions",
                "",
                f"   Bases: ``ECRServiceError``. ECR's ``{code}``; ``shape`` is a {_link(shape)}"
                + (f" ({fields}, also attributes of the error)." if fields else "."),
                "",
            ]
        return _parse(self, lines)


def _parse(directive: SphinxDirective, lines: list[str]) -> list[nodes.Node]:
    container = nodes.section()
    container.document = directive.state.document
    nested_parse_with_titles(directive.state, StringList(lines, source="ecr-models"), container)
    return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("ecr-models", ModelsDirective)
    app.add_directive("ecr-cli-help", CliHelpDirective)
    app.add_directive("ecr-service-errors", ServiceErrorsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
