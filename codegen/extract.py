"""Extract the facts ecr-attrs needs from a service model botocore ships.

Run ``python -m codegen.extract [SERVICE ...]`` (needs botocore) to rewrite the
facts file each shipped service's config names (``spec/ecr_facts.json``,
``spec/ecr_public_facts.json``).  Only facts are kept: shape names, lengths,
patterns, ranges, enum values, required members, sensitive and union traits,
paginator and waiter settings, the errors each operation may raise; no
documentation text.

Which classes exist is decided here, in two steps:

1. The seed spec's classes, if the service has one (ECR's 139), each mapped to
   a model shape by its name (``shape_for``); anything that maps to nothing
   stops the extraction.  Members the model has and the spec lacks become
   extra fields after the spec's.
2. Everything else the model has: a request and a response class for every
   operation that takes or gives members, a paginate and a wait request class
   for every paginator and waiter, a class for every structure reachable from
   an operation or an error, and one for every error shape.  They follow the
   spec's names.  Streaming and event-stream members are left out by name.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from codegen.service import ECR, ServiceConfig, load_service, shipped_services
from codegen.spec import SpecClass, parse_spec

ROOT = Path(__file__).resolve().parent.parent

# boto3's own structures: they exist in every client, not in any service model.
BOTO3_CLASSES = {"ResponseMetadataTypeDef", "PaginatorConfigTypeDef", "WaiterConfigTypeDef"}
BOTO3_SPEC = ROOT / "spec" / "boto3_classes.md"
"""Their fields, for a service whose seed spec does not have them (or that has no seed spec)."""
# Fields boto3 adds around the model's members, and the class each holds.
BOTO3_FIELDS = {
    "ResponseMetadata": "ResponseMetadataTypeDef",
    "PaginationConfig": "PaginatorConfigTypeDef",
    "WaiterConfig": "WaiterConfigTypeDef",
}

# Keys boto3 itself may add to its structures beyond the spec's fields: botocore's
# retry handler sets MaxAttemptsReached when it gave up retrying.
BOTO3_EXTRA_MEMBERS = {
    "ResponseMetadataTypeDef": {"MaxAttemptsReached": {"shape": "Boolean", "type": "boolean"}},
}

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


def boto3_classes() -> list[SpecClass]:
    return parse_spec(BOTO3_SPEC)


# -- names of the classes the spec does not have ------------------------------


def request_name(operation: str) -> str:
    return f"{operation}RequestRequestTypeDef"


def response_name(operation: str) -> str:
    return f"{operation}ResponseTypeDef"


def paginate_name(operation: str) -> str:
    return f"{operation}Request{operation}PaginateTypeDef"


def wait_name(operation: str, waiter: str) -> str:
    return f"{operation}Request{waiter}WaitTypeDef"


def structure_name(shape: str) -> str:
    return f"{shape}TypeDef"


def short_aliases(operation: str, waiters: list[str], paginated: bool) -> dict[str, str]:
    """The shorter names of boto3-stubs and the Pydantic baseline 2.x, by target."""
    aliases = {f"{operation}RequestTypeDef": request_name(operation)}
    if paginated:
        aliases[f"{operation}RequestPaginateTypeDef"] = paginate_name(operation)
    if len(waiters) == 1:  # with two waiters on one operation the short name would be ambiguous
        aliases[f"{operation}RequestWaitTypeDef"] = wait_name(operation, waiters[0])
    return aliases


# -- facts of one member --------------------------------------------------------


def member_facts(
    shapes: dict[str, Any], target: str, class_of: dict[str, str] | None = None
) -> dict[str, Any]:
    """The facts of one shape as a member sees them, following lists and maps.

    With ``class_of`` (shape -> class name), a structure also records the class
    that stands for it: the generator needs that for fields the spec lacks.
    """
    shape = shapes[target]
    facts: dict[str, Any] = {"shape": target, "type": "document" if shape.get("document") else shape["type"]}
    for key in _CONSTRAINT_KEYS:
        if key in shape:
            facts[key] = shape[key]
    if shape.get("sensitive"):
        facts["sensitive"] = True
    if facts["type"] == "document":
        return facts
    if shape["type"] == "list":
        facts["member"] = member_facts(shapes, shape["member"]["shape"], class_of)
    elif shape["type"] == "map":
        facts["key"] = member_facts(shapes, shape["key"]["shape"], class_of)
        facts["value"] = member_facts(shapes, shape["value"]["shape"], class_of)
    elif shape["type"] == "structure" and class_of is not None:
        facts["class"] = class_of[target]
    return facts


def structures_under(shapes: dict[str, Any], root: str) -> list[str]:
    """Every structure shape a member of ``root`` leads to, at any depth, in the order met.

    Recursive shapes (a structure that holds itself, directly or not) are met once.
    A ``document`` shape holds any JSON value and leads to nothing; nor does an
    event stream, which no class holds (``Catalogue.streams``).
    """
    found: list[str] = []
    seen: set[str] = set()
    stack = [root]
    while stack:
        name = stack.pop()
        shape = shapes[name]
        if shape["type"] == "list":
            stack.append(shape["member"]["shape"])
        elif shape["type"] == "map":
            stack += [shape["value"]["shape"], shape["key"]["shape"]]
        elif shape["type"] == "structure" and name not in seen and not _opaque(shape):
            seen.add(name)
            if name != root:
                found.append(name)
            stack += reversed([m["shape"] for m in shape.get("members", {}).values()])
    return found


def _opaque(shape: dict[str, Any]) -> bool:
    return bool(shape.get("document") or shape.get("eventstream"))


# -- the catalogue of classes -----------------------------------------------------


class Catalogue:
    """Every class of the package: its shape, operation, role and fields, in order."""

    def __init__(
        self,
        service: dict[str, Any],
        paginators: dict[str, Any],
        waiters: dict[str, Any],
        spec: list[SpecClass],
        roots: tuple[str, ...] = (),
    ):
        """``service``, ``paginators``, ``waiters``: botocore's JSON files for ECR, as loaded.

        With ``roots`` the catalogue holds those structures and what they hold, and
        no operation, paginator, waiter or error (``ServiceConfig.roots``).
        """
        self.shapes: dict[str, Any] = service["shapes"]  # raw JSON, constraints included
        self.roots = roots
        self.raw_operations: dict[str, Any] = {} if roots else service["operations"]
        self.operations = list(self.raw_operations)
        self.paginators = paginators
        self.waiters = waiters
        self.spec = {c.name: c for c in spec}
        self.classes: dict[str, dict[str, Any]] = {}
        self.output_side: set[str] = set()  # structures reached from a response
        self.input_side: set[str] = set()  # structures reached from a request
        self.left_out: list[str] = []  # Shape.member of each streaming or event-stream member

    def op_shapes(self, operation: str) -> tuple[str | None, str | None]:
        """The operation's input and output shape, each None when it has no members."""
        op = self.raw_operations[operation]
        names = []
        for key in ("input", "output"):
            name = op.get(key, {}).get("shape")
            names.append(name if name and self.shapes[name].get("members") else None)
        return names[0], names[1]

    def build(self) -> None:
        if self.roots:
            self.build_from_roots()
            return
        for operation in self.operations:
            request, response = self.op_shapes(operation)
            if request:
                self.input_side.update(structures_under(self.shapes, request))
            if response:
                self.output_side.update(structures_under(self.shapes, response))
        for name, shape in self.shapes.items():  # an error's fields may hold structures no operation does
            if shape.get("exception"):
                self.output_side.update(structures_under(self.shapes, name))
        for cls in self.spec.values():
            self.add_spec_class(cls)
        self.add_boto3_classes()
        for operation in self.operations:
            self.add_operation(operation)
        for shape in sorted(self.input_side | self.output_side, key=list(self.shapes).index):
            if not any(c["shape"] == shape and c["role"] == "structure" for c in self.classes.values()):
                self.add_class(structure_name(shape), shape, None, "structure")
        for name, shape in self.shapes.items():
            if shape.get("exception"):
                self.add_class(structure_name(name), name, None, "error")

    def build_from_roots(self) -> None:
        """Only the root structures and what they hold, in the order met."""
        for root in self.roots:
            if self.shapes.get(root, {}).get("type") != "structure":
                raise MappingError(f"root {root}: the model has no such structure")
            for shape in [root, *structures_under(self.shapes, root)]:
                self.add_class(structure_name(shape), shape, None, "structure")

    def class_of(self, shape: str, holder: str) -> str:
        """The class standing for a structure inside ``holder``: the spec's Output
        variant where the holder is response-side and the spec has one."""
        output = f"{shape}OutputTypeDef"
        holder_role = self.classes[holder]["role"] if holder in self.classes else "structure"
        on_output_side = holder_role == "output" or holder.endswith("OutputTypeDef")
        if on_output_side and output in self.spec:
            return output
        return structure_name(shape)

    def skipped(self, role: str, operation: str | None) -> set[str]:
        """Members a paginate class leaves to the paginator: the token and page size."""
        if role != "paginate" or operation is None:
            return set()
        config = self.paginators[operation]
        tokens = config["input_token"]
        return {*(tokens if isinstance(tokens, list) else [tokens]), config.get("limit_key", "")}

    def streams(self, shape_name: str, holder: str) -> set[str]:
        """Members no class holds: a streaming body or an event stream (ecr-attrs reads neither).

        Each is recorded in ``left_out`` as ``Shape.member``, so the plan names them.
        """
        out = set()
        for name, ref in self.shapes[shape_name].get("members", {}).items():
            target = self.shapes[ref["shape"]]
            if ref.get("streaming") or target.get("streaming") or target.get("eventstream"):
                out.add(name)
                where = f"{shape_name}.{name}"
                if where not in self.left_out:
                    self.left_out.append(where)
        return out

    def add_spec_class(self, cls: SpecClass) -> None:
        shape_name, operation, role = shape_for(cls.name)
        out: dict[str, Any] = {"shape": shape_name, "operation": operation, "role": role, "spec": True}
        self.classes[cls.name] = out
        if shape_name is None:
            added = {
                k: m for k, m in BOTO3_EXTRA_MEMBERS.get(cls.name, {}).items() if k not in cls.field_names()
            }
            out["members"] = added
            out["fields"] = [f.name for f in cls.fields] + list(added)
            out["extra"] = list(added)
            return
        if shape_name not in self.shapes:
            raise MappingError(f"{cls.name}: model has no shape {shape_name}")
        if operation is not None and operation not in self.operations:
            raise MappingError(f"{cls.name}: model has no operation {operation}")
        shape = self.shapes[shape_name]
        out["required"] = sorted(shape.get("required", []))
        members: dict[str, Any] = {}
        spec_fields = [f.name for f in cls.fields]
        for name in spec_fields:
            if name in BOTO3_FIELDS:
                continue
            if name not in shape["members"]:
                raise MappingError(f"{cls.name}.{name}: shape {shape_name} has no such member")
            members[name] = member_facts(self.shapes, shape["members"][name]["shape"])
        skipped = self.skipped(role, operation) | self.streams(shape_name, cls.name)
        extra = [m for m in shape["members"] if m not in spec_fields and m not in skipped]
        for name in extra:
            members[name] = self.new_member(shape["members"][name]["shape"], cls.name)
        out["members"] = members
        out["fields"] = spec_fields + extra
        out["extra"] = extra

    def add_boto3_classes(self) -> None:
        """boto3's classes the seed spec lacks, where the service uses them."""
        wanted = {
            "ResponseMetadataTypeDef": any(self.op_shapes(op)[1] for op in self.operations),
            "PaginatorConfigTypeDef": bool(self.paginators),
            "WaiterConfigTypeDef": bool(self.waiters),
        }
        for cls in boto3_classes():
            if wanted[cls.name] and cls.name not in self.spec:
                self.add_spec_class(cls)
                self.classes[cls.name]["spec"] = False

    def add_operation(self, operation: str) -> None:
        request, response = self.op_shapes(operation)
        if request:
            self.add_class(request_name(operation), request, operation, "input")
            if operation in self.paginators:
                self.add_class(paginate_name(operation), request, operation, "paginate")
            for waiter, config in self.waiters.items():
                if config["operation"] == operation:
                    self.add_class(wait_name(operation, waiter), request, operation, "wait")
        if response:
            self.add_class(response_name(operation), response, operation, "output")

    def add_class(self, name: str, shape_name: str, operation: str | None, role: str) -> None:
        if name in self.classes:
            if self.classes[name]["shape"] != shape_name:
                raise MappingError(
                    f"{name} would stand for both {self.classes[name]['shape']} and {shape_name}"
                )
            return
        shape = self.shapes[shape_name]
        skipped = self.skipped(role, operation) | self.streams(shape_name, name)
        out: dict[str, Any] = {"shape": shape_name, "operation": operation, "role": role, "spec": False}
        if shape.get("union"):
            out["union"] = True  # exactly one member is set
        self.classes[name] = out
        fields = [m for m in shape.get("members", {}) if m not in skipped]
        out["required"] = sorted(m for m in shape.get("required", []) if m not in skipped)
        refs = shape.get("members", {})
        out["members"] = {
            m: self.new_member(refs[m]["shape"], name, bool(refs[m].get("sensitive"))) for m in fields
        }
        boto3_field = {"output": "ResponseMetadata", "paginate": "PaginationConfig", "wait": "WaiterConfig"}
        out["fields"] = fields + ([boto3_field[role]] if role in boto3_field else [])

    def new_member(self, target: str, holder: str, sensitive: bool = False) -> dict[str, Any]:
        structures = [target, *structures_under(self.shapes, target)]
        facts = member_facts(self.shapes, target, {s: self.class_of(s, holder) for s in structures})
        if sensitive:  # the trait on the member rather than on its shape
            facts["sensitive"] = True
        return facts


# -- what the typed client needs ---------------------------------------------------


def operation_facts(catalogue: Catalogue) -> dict[str, Any]:
    out = {}
    for operation in catalogue.operations:
        request, response = catalogue.op_shapes(operation)
        errors = [structure_name(e["shape"]) for e in catalogue.raw_operations[operation].get("errors", [])]
        out[operation] = {
            "input": request_name(operation) if request else None,
            "output": response_name(operation) if response else None,
            "errors": errors,
        }
    return out


def paginator_facts(paginators: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for operation, config in paginators.items():
        keys = config["result_key"]
        out[operation] = {
            "class": paginate_name(operation),
            "input_token": config["input_token"],
            "output_token": config["output_token"],
            "limit_key": config.get("limit_key"),
            "result_keys": keys if isinstance(keys, list) else [keys],
        }
    return out


def waiter_facts(waiters: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {
            "operation": config["operation"],
            "class": wait_name(config["operation"], name),
            "delay": config["delay"],
            "max_attempts": config["maxAttempts"],
        }
        for name, config in waiters.items()
    }


def alias_facts(catalogue: Catalogue) -> dict[str, str]:
    """Short names -> class names; a short name that is already a class name is an error."""
    aliases: dict[str, str] = {}
    for operation in catalogue.operations:
        if catalogue.op_shapes(operation)[0] is None:
            continue
        waiters = [w for w, c in catalogue.waiters.items() if c["operation"] == operation]
        aliases.update(short_aliases(operation, waiters, operation in catalogue.paginators))
    # A short name that is also a class's name stays the class's (glue's
    # GetWorkflowRunsRequestTypeDef would otherwise mean two things).
    return dict(sorted((a, t) for a, t in aliases.items() if a not in catalogue.classes))


def load_model(botocore_name: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """botocore's service, paginators and waiters JSON of a service; a missing
    paginators or waiters file is no paginators or waiters."""
    import botocore.session
    from botocore.exceptions import DataNotFoundError, UnknownServiceError

    loader = botocore.session.get_session().get_component("data_loader")
    try:
        service = loader.load_service_model(botocore_name, "service-2")
    except UnknownServiceError as error:
        raise LookupError(f"botocore has no service named {botocore_name!r}") from error
    optional = []
    for kind, key in (("paginators-1", "pagination"), ("waiters-2", "waiters")):
        try:
            optional.append(loader.load_service_model(botocore_name, kind)[key])
        except (DataNotFoundError, UnknownServiceError):  # botocore raises the latter for a missing file
            optional.append({})
    return service, optional[0], optional[1]


def extract(service: ServiceConfig = ECR) -> dict[str, Any]:
    """The facts of ``service`` from the installed botocore."""
    import botocore

    model, paginators, waiters = load_model(service.botocore_name)
    if service.roots:
        paginators, waiters = {}, {}
    seeds = parse_spec(service.seed_spec) if service.seed_spec else []
    catalogue = Catalogue(model, paginators, waiters, seeds, service.roots)
    catalogue.build()
    return {
        "source": {"botocore": botocore.__version__, "apiVersion": model["metadata"]["apiVersion"]},
        "classes": catalogue.classes,
        "operations": operation_facts(catalogue),
        "paginators": paginator_facts(paginators),
        "waiters": waiter_facts(waiters),
        "aliases": alias_facts(catalogue),
        # Streaming and event-stream members no class holds, by Shape.member (absent when none).
        **({"left_out": catalogue.left_out} if catalogue.left_out else {}),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m codegen.extract [SERVICE ...]``: rewrite the facts file of each shipped service."""
    for name in (argv if argv is not None else sys.argv[1:]) or shipped_services():
        service = load_service(name)
        if service.facts is None:
            raise SystemExit(f"{name}: its config names no facts file")
        facts = extract(service)
        service.facts.write_text(json.dumps(facts, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {service.facts.relative_to(ROOT)}: {len(facts['classes'])} classes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
