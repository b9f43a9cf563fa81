"""What AWS is known to send beyond the service model: ``spec/ecr_overrides.toml``.

The facts file is extracted from botocore and must stay a faithful copy of it;
what real traffic shows the model lacks lives in the overrides file instead,
each entry with its evidence, so a later botocore that catches up makes the
entry visibly redundant rather than silently duplicated.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import attrs

OVERRIDES_PATH = Path(__file__).resolve().parent.parent / "spec" / "ecr_overrides.toml"


@attrs.frozen
class Overrides:
    enum_additions: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    """Enum shape name -> values AWS sends that the model's enum lacks."""


def load_overrides(path: Path = OVERRIDES_PATH) -> Overrides:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = sorted(set(data) - {"enum_additions"})
    if unknown:
        raise ValueError(f"{path.name}: unknown tables {unknown}")
    additions = {}
    for shape, values in data.get("enum_additions", {}).items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{path.name}: enum_additions.{shape} must be a list of strings")
        additions[shape] = tuple(values)
    return Overrides(enum_additions=additions)
