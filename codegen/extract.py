"""Extract the facts ecr-attrs needs from the ECR service model botocore ships.

Run ``python -m codegen.extract`` (needs botocore) to rewrite
``spec/ecr_facts.json``.  Only facts are kept: shape names, lengths, patterns,
ranges, enum values and required members; no documentation text.

Every spec class is mapped to a model shape by name, explicitly, and anything
that maps to nothing stops the extraction.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from codegen.spec import SpecClass, parse_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "ecr_classes.md"
FACTS_PATH = ROOT / "spec" / "ecr_facts.json"

# boto3's own structures: they exist in every client, not in the ECR model.
BOTO3_CLASSES = {"ResponseMetadataTypeDef", "PaginatorConfigTypeDef", "WaiterConfigTypeDef"}
# Fields boto3 adds around the model's members.
BOTO3_FIELDS = {"ResponseMetadata", "PaginationConfig", "WaiterConfig"}

_CONSTRAINT_KEYS = ("min", "max", "pattern", "enum")


class MappingError(LookupError):
    """A spec class or field has no counterpart in the service model."""


def shape_for(class_name: str) -> tuple[str | None, str | None, str]:
    """Map a spec class name to (shape name, operation name, role).

    Roles: ``input``/``output`` of an operation, ``paginate``/``wait`` (the
    operation's input, driven by a paginator or waiter), ``structure`` for the
    nested shapes, ``boto3`` for boto3's own classes.
    """
    if class_name in BOTO3_CLASSES:
        return None, None, "boto3"
    if match := re.fullmatch(r"(\w+)RequestRequestTypeDef", class_name):
        return match.group(1) + "Request", match.group(1), "input"
    if match := re.fullmatch(r"(\w+)Request\w+?(Paginate|Wait)TypeDef", class_name):
        return match.group(1) + "Request", match.group(1), match.group(2).lower()
    if match := re.fullmatch(r"(\w+)ResponseTypeDef", class_name):
        return match.group(1) + "Response", match.group(1), "output"
    if match := re.fullmatch(r"(\w+?)(Output)?TypeDef", class_name):
        return match.group(1), None, "structure"
    raise MappingError(f"{class_name}: no rule maps this name to a model shape")


def member_facts(shapes: dict[str, Any], target: str) -> dict[str, Any]:
    """The facts of one shape as a member sees them, following lists and maps."""
    shape = shapes[target]
    facts: dict[str, Any] = {"shape": target, "type": shape["type"]}
    for key in _CONSTRAINT_KEYS:
        if key in shape:
            facts[key] = shape[key]
    if shape["type"] == "list":
        facts["member"] = member_facts(shapes, shape["member"]["shape"])
    elif shape["type"] == "map":
        facts["key"] = member_facts(shapes, shape["key"]["shape"])
        facts["value"] = member_facts(shapes, shape["value"]["shape"])
    return facts


def class_facts(cls: SpecClass, shapes: dict[str, Any], operations: set[str]) -> dict[str, Any]:
    shape_name, operation, role = shape_for(cls.name)
    out: dict[str, Any] = {"shape": shape_name, "operation": operation, "role": role}
    if shape_name is None:
        return out
    if shape_name not in shapes:
        raise MappingError(f"{cls.name}: model has no shape {shape_name}")
    if operation is not None and operation not in operations:
        raise MappingError(f"{cls.name}: model has no operation {operation}")
    shape = shapes[shape_name]
    out["required"] = sorted(shape.get("required", []))
    members: dict[str, Any] = {}
    for field in cls.fields:
        if field.name in BOTO3_FIELDS:
            continue
        if field.name not in shape["members"]:
            raise MappingError(f"{cls.name}.{field.name}: shape {shape_name} has no such member")
        members[field.name] = member_facts(shapes, shape["members"][field.name]["shape"])
    out["members"] = members
    return out


def extract() -> dict[str, Any]:
    import botocore
    import botocore.session

    model = botocore.session.get_session().get_service_model("ecr")
    shapes = model._shape_resolver._shape_map  # the raw JSON shapes, constraints included
    classes = parse_spec(SPEC_PATH)
    return {
        "source": {"botocore": botocore.__version__, "apiVersion": model.api_version},
        "classes": {c.name: class_facts(c, shapes, set(model.operation_names)) for c in classes},
    }


def main() -> int:
    facts = extract()
    FACTS_PATH.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {FACTS_PATH.relative_to(ROOT)}: {len(facts['classes'])} classes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
