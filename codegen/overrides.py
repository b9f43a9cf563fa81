"""What the service model does not say: a service's overrides file (ECR's: ``spec/ecr_overrides.toml``).

The facts file is extracted from botocore and must stay a faithful copy of it;
what real traffic shows the model lacks lives in the overrides file instead,
each entry with its evidence, so a later botocore that catches up makes the
entry visibly redundant rather than silently duplicated.  Entries are keyed by
the model's shape names, never by generated class names, so the same tables
serve any service.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

_TABLES = {"enum_additions", "sensitive", "response_optional", "response_optional_everywhere"}


@attrs.frozen
class Overrides:
    enum_additions: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    """Enum shape name -> values AWS sends that the model's enum lacks."""
    sensitive: frozenset[tuple[str, str]] = frozenset()
    """(structure shape, member) pairs to mask that the model does not mark ``sensitive``."""
    response_optional: dict[tuple[str, str], str] = attrs.field(factory=dict)
    """(response shape, member) -> why AWS leaves out a member the model requires."""
    response_optional_everywhere: dict[str, str] = attrs.field(factory=dict)
    """Member name -> why it is left out of any response the model requires it in."""


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings")
    return tuple(value)


def _reasons(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f"{where} must map member names to reasons")
    return dict(value)


def load_overrides(path: Path | None) -> Overrides:
    """The overrides of ``path``; none at all when there is no file."""
    if path is None:
        return Overrides()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = sorted(set(data) - _TABLES)
    if unknown:
        raise ValueError(f"{path.name}: unknown tables {unknown}")
    additions = {
        shape: _strings(values, f"{path.name}: enum_additions.{shape}")
        for shape, values in data.get("enum_additions", {}).items()
    }
    sensitive = frozenset(
        (shape, member)
        for shape, members in data.get("sensitive", {}).items()
        for member in _strings(members, f"{path.name}: sensitive.{shape}")
    )
    optional = {
        (shape, member): reason
        for shape, members in data.get("response_optional", {}).items()
        for member, reason in _reasons(members, f"{path.name}: response_optional.{shape}").items()
    }
    everywhere = _reasons(
        data.get("response_optional_everywhere", {}), f"{path.name}: response_optional_everywhere"
    )
    return Overrides(
        enum_additions=additions,
        sensitive=sensitive,
        response_optional=optional,
        response_optional_everywhere=everywhere,
    )
