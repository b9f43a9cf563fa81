"""Turn the parsed spec plus the extracted facts into the source of ``models.py``.

Reading order: ``plan_classes`` decides, per class, what each field becomes
(annotation, default, converter, validator); ``render_module`` prints it.
Nothing here reads the clock or the environment, so equal inputs give equal
bytes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import attrs

from codegen import docstrings
from codegen.overrides import Overrides, load_overrides
from codegen.patterns import LINEAR_FORMS, enforceable
from codegen.service import ECR, RUNTIME, ServiceConfig
from codegen.spec import SpecClass, SpecField, TypeRef

COMMAND = "python -m codegen"

# boto3 adds ResponseMetadata to every response; saved CLI output and stubbed
# responses lack it.  What a service's responses leave out is in its overrides file.
BOTO3_RESPONSE_OPTIONAL = {
    "ResponseMetadata": "added by boto3; absent from saved AWS CLI output and from stubbed responses",
}

BOTO3_DOCS = {
    "ResponseMetadataTypeDef": "What boto3 adds to every response: request id, HTTP status and headers, retries.",
    "PaginatorConfigTypeDef": "How a boto3 paginator pages: item cap, page size and where to start.",
    "WaiterConfigTypeDef": "How often and how long a boto3 waiter polls.",
}

_SCALAR_ANNOTATION = {"str": "str", "int": "int", "float": "float", "bool": "bool", "datetime": "datetime"}
# The model's shape types each spec scalar may stand for; anything else is a mapping error.
_COMPATIBLE = {
    "str": {"string"},
    "int": {"integer", "long"},
    "float": {"float", "double"},
    "bool": {"boolean"},
    "datetime": {"timestamp"},
    "blob": {"blob"},
    "class": {"structure"},
    "union": {"structure"},
    "seq": {"list"},
    "map": {"map"},
    "literal": {"string"},
    "document": {"document"},
}


def _enum_shapes(member: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(shape name, values) of every enum a member holds, at any depth of lists and maps."""
    found = [(member["shape"], member["enum"])] if member.get("enum") else []
    for part in ("member", "key", "value"):
        if isinstance(member.get(part), dict):
            found += _enum_shapes(member[part])
    return found


@attrs.frozen
class FieldPlan:
    name: str
    annotation: str
    required: bool
    validator: str
    converter: str | None  # the name of the field's converter function, defined beside the class
    accepts: str | None  # what that converter takes: the constructor parameter's static type
    store: str | None  # the runtime function the converter calls
    repr: str | None
    output_min: int | None = None
    output_element_min: int | None = None
    """The minimum size of each element of a response list (generated data respects it)."""


@attrs.frozen
class ClassPlan:
    name: str
    doc: str
    fields: tuple[FieldPlan, ...]
    union: bool = False
    """A model ``union``: exactly one field is set."""
    lazy: tuple[str, ...] = ()
    """Classes this one holds that hold it back (recursive shapes): imported only for type checkers."""


@attrs.frozen
class Difference:
    class_name: str
    field: str
    change: str
    reason: str


class Planner:
    """Decides what every field of every class becomes."""

    def __init__(
        self,
        classes: list[SpecClass],
        facts: dict[str, Any],
        overrides: Overrides | None = None,
        service: ServiceConfig = ECR,
    ) -> None:
        """``classes``: every class to generate (``codegen.model.all_classes``)."""
        self.service = service
        self.overrides = overrides if overrides is not None else load_overrides(service.overrides)
        self.classes = {c.name: c for c in classes}
        self.facts = facts["classes"]
        self._check_member_overrides()
        self.aliases: dict[str, str] = facts["aliases"]
        self.spec_names = [name for name, f in self.facts.items() if f["spec"]]
        missing = sorted(set(self.classes) ^ set(self.facts))
        if missing:
            raise LookupError(f"spec and facts disagree on these classes: {missing}")
        self.in_request = self._request_classes()
        self.lazy: set[tuple[str, str]] = set()  # (holder, held) edges that close a cycle
        self._holder = ""  # the class whose field is being planned
        self.constants: dict[str, str] = {}  # validator source -> constant name
        self.literals: dict[str, tuple[str, ...]] = {}  # alias name -> values
        self.differences: list[Difference] = []
        self._check_enum_additions()

    def _check_member_overrides(self) -> None:
        """Every member an overrides table names must be a field of a class of its shape."""
        fields: dict[str, set[str]] = {}
        for name, cls in self.facts.items():
            if cls["shape"] is not None:
                fields.setdefault(cls["shape"], set()).update(f.name for f in self.classes[name].fields)
        for table, pairs in (
            ("response_optional", self.overrides.response_optional),
            ("sensitive", self.overrides.sensitive),
        ):
            for shape, member in sorted(pairs):
                if member not in fields.get(shape, set()):
                    raise LookupError(f"the overrides' {table} names {shape}.{member}, which no class has")

    def _check_enum_additions(self) -> None:
        """An added enum value must name a shape of the model and be missing from it."""
        seen: dict[str, set[str]] = {}
        for cls in self.facts.values():
            for member in cls.get("members", {}).values():
                for shape, values in _enum_shapes(member):
                    seen.setdefault(shape, set()).update(values)
        for shape, added in self.overrides.enum_additions.items():
            if shape not in seen:
                raise LookupError(f"the overrides add values to {shape}, which is no enum of the model")
            already = sorted(set(added) & seen[shape])
            if already:
                raise LookupError(f"the model's {shape} now has {already}: remove them from the overrides")

    def _request_classes(self) -> set[str]:
        """Classes reachable from a request: AWS checks their constraints."""
        roots = [n for n, f in self.facts.items() if f["role"] in ("input", "paginate", "wait")]
        seen: set[str] = set()
        while roots:
            name = roots.pop()
            if name not in seen:
                seen.add(name)
                roots.extend(n for fld in self.classes[name].fields for n in fld.type.class_names())
        return seen

    def order(self) -> list[str]:
        """Spec order, except that a class comes after every class it holds.

        Recursive shapes make cycles; the edge that closes one (the holder is
        still being visited) goes to ``self.lazy``: that field names its class
        lazily, so that no module imports itself at run time.
        """
        done: dict[str, None] = {}
        active: set[str] = set()
        for root in self.classes:
            if root in done:
                continue
            # An explicit stack: a chain of nested shapes may be deeper than Python's recursion limit.
            active.add(root)
            stack = [(root, iter(self._deps(root)))]
            while stack:
                name, deps = stack[-1]
                dep = next(deps, None)
                if dep is None:
                    stack.pop()
                    active.discard(name)
                    done[name] = None
                elif dep in active:
                    self.lazy.add((name, dep))
                elif dep not in done:
                    active.add(dep)
                    stack.append((dep, iter(self._deps(dep))))
        return list(done)

    def _deps(self, name: str) -> list[str]:
        return [dep for fld in self.classes[name].fields for dep in fld.type.class_names()]

    def plan(self) -> list[ClassPlan]:
        return [self.plan_class(self.classes[name]) for name in self.order()]

    def plan_class(self, cls: SpecClass) -> ClassPlan:
        facts = self.facts[cls.name]
        fields = []
        self._holder = cls.name
        for fld in cls.fields:
            member = facts.get("members", {}).get(fld.name)
            fields.append(self.plan_field(cls, fld, member))
        lazy = tuple(sorted(held for holder, held in self.lazy if holder == cls.name))
        return ClassPlan(cls.name, self.docstring(cls.name), tuple(fields), bool(facts.get("union")), lazy)

    def plan_field(self, cls: SpecClass, fld: SpecField, member: dict[str, Any] | None) -> FieldPlan:
        constrained = cls.name in self.in_request
        shape = self.facts[cls.name]["shape"]
        secret = (shape, fld.name) in self.overrides.sensitive or bool((member or {}).get("sensitive"))
        annotation = self.annotation(fld.type, member)
        validator = self.validator(fld.type, member, constrained, secret, f"{cls.name}.{fld.name}")
        required = fld.required
        for enum, _values in _enum_shapes(member or {}):
            for value in self.overrides.enum_additions.get(enum, ()):
                change = f"{enum} + {value}"
                self.differences.append(
                    Difference(cls.name, fld.name, change, "sent by AWS beyond the model")
                )
        reason = (
            self.overrides.response_optional.get((shape, fld.name))
            or self.overrides.response_optional_everywhere.get(fld.name)
            or BOTO3_RESPONSE_OPTIONAL.get(fld.name)
        )
        if required and reason and self.facts[cls.name]["role"] == "output":
            required = False
            self.differences.append(Difference(cls.name, fld.name, "required -> optional", reason))
        if fld.type.kind == "blob" and self.facts[cls.name]["spec"]:
            self.differences.append(
                Difference(
                    cls.name,
                    fld.name,
                    "str | bytes | IO -> str | bytes",
                    "a stream is neither hashable nor comparable; read it first",
                )
            )
        accepts = self.accepted(fld.type, member)
        if not required:
            annotation = f"Optional[{annotation}]"
            validator = f"_v.optional({validator})"
            accepts = accepts and f"Optional[{accepts}]"
        converter = f"_as_{fld.name}" if accepts else None
        store = {"seq": "_v.to_tuple", "map": "_v.to_frozendict"}.get(fld.type.kind)
        field_repr = "_v.masked" if secret else "_v.sized" if fld.type.kind == "blob" else None
        # Output is not held to the model's constraints, but generated test data
        # should respect its minimum sizes and values, which botocore's Stubber checks.
        output_min = (
            (member or {}).get("min") if not constrained and fld.type.kind in ("seq", "str", "int") else None
        )
        element = (member or {}).get("member") or {}
        element_min = (
            element.get("min")
            if not constrained and fld.type.kind == "seq" and fld.type.args[0].kind in ("str", "int")
            else None
        )
        return FieldPlan(
            fld.name,
            annotation,
            required,
            validator,
            converter,
            accepts,
            store,
            field_repr,
            output_min or None,
            element_min or None,
        )

    def accepted(self, ref: TypeRef, member: dict[str, Any] | None) -> str | None:
        """The wider type a list or mapping field takes; None where the stored type is taken as is.

        Type checkers read a converter's parameter as the constructor's, so each
        such field gets a converter typed for it: ``tags`` takes a
        ``Sequence[TagTypeDef]`` and stores a ``tuple[TagTypeDef, ...]``.
        """
        member = member or {}
        if ref.kind == "seq":
            return f"Sequence[{self.annotation(ref.args[0], member.get('member'))}]"
        if ref.kind == "map":
            key = self.annotation(ref.args[0], member.get("key"))
            return f"Mapping[{key}, {self.annotation(ref.args[1], member.get('value'))}]"
        return None

    def annotation(self, ref: TypeRef, member: dict[str, Any] | None) -> str:
        kind = ref.kind
        if kind in _SCALAR_ANNOTATION:
            return _SCALAR_ANNOTATION[kind]
        if kind == "blob":
            return "Union[str, bytes]"
        if kind == "class":
            return ref.name
        if kind == "union":
            return "Union[" + ", ".join(a.name for a in ref.args) + "]"
        if kind == "seq":
            return f"tuple[{self.annotation(ref.args[0], (member or {}).get('member'))}, ...]"
        if kind == "map":
            key = self.annotation(ref.args[0], (member or {}).get("key"))
            value = self.annotation(ref.args[1], (member or {}).get("value"))
            return f"FrozenDict[{key}, {value}]"
        if kind == "literal":
            return f"Union[{self.literal_alias(ref, member)}, UnknownValue]"
        if kind == "document":
            return "Document"
        raise ValueError(f"no annotation for {ref}")

    def literal_alias(self, ref: TypeRef, member: dict[str, Any] | None) -> str:
        """A named Literal: the spec's values, then those the current model adds."""
        model_values = (member or {}).get("enum", [])
        values = tuple(ref.values) + tuple(v for v in model_values if v not in ref.values)
        added = self.overrides.enum_additions.get((member or {}).get("shape", ""), ())
        values += tuple(v for v in added if v not in values)
        name = (member or {}).get("shape") or "Literal" + str(len(self.literals))
        if name in self.literals and set(self.literals[name]) == set(values):
            return name  # a field typed from the model lists the spec's values in the model's order
        while name in self.literals and self.literals[name] != values:
            name += "_"
        self.literals[name] = values
        return name

    def validator(
        self, ref: TypeRef, member: dict[str, Any] | None, constrained: bool, secret: bool, where: str
    ) -> str:
        member = member or {}
        if member and member["type"] not in _COMPATIBLE.get(ref.kind, set()):
            raise ValueError(f"{where}: spec says {ref.kind}, the model says {member['type']}")
        limits = member if constrained else {}
        kind = ref.kind
        if kind == "str":
            pattern = enforceable(limits.get("pattern"))
            args = _args(
                min_len=limits.get("min"),
                max_len=limits.get("max"),
                pattern=pattern,
                secret=secret or None,
                linear=LINEAR_FORMS.get(pattern or ""),
            )
            return self.constant(f"_v.text({args})", member.get("shape") if args else "TEXT")
        if kind in ("int", "float"):
            factory = "integer" if kind == "int" else "number"
            args = _args(min=limits.get("min"), max=limits.get("max"))
            return self.constant(f"_v.{factory}({args})", member.get("shape") if args else kind.upper())
        if kind == "bool":
            return self.constant("_v.boolean()", "BOOL")
        if kind == "datetime":
            return self.constant("_v.timestamp()", "TIMESTAMP")
        if kind == "blob":
            return self.constant(
                f"_v.blob({_args(min_len=limits.get('min'), max_len=limits.get('max'))})", "BLOB"
            )
        if kind == "literal":
            alias = self.literal_alias(ref, member)
            return self.constant(f"_v.one_of(*get_args({alias}))", alias)
        if kind == "class" and (self._holder, ref.name) in self.lazy:
            return f'_v.instance_of_lazy("{self.service.models_package}.{ref.name}", "{ref.name}")'
        if kind == "class":
            return f"_v.instance_of({ref.name})"
        if kind == "document":
            return self.constant("_v.document()", "DOCUMENT")
        if kind == "union":
            return "_v.instance_of(" + ", ".join(a.name for a in ref.args) + ")"
        if kind == "seq":
            element = self.validator(ref.args[0], member.get("member"), constrained, secret, where + "[]")
            args = _args(min_len=limits.get("min"), max_len=limits.get("max"))
            return f"_v.sequence_of({element}{', ' + args if args else ''})"
        if kind == "map":
            key = self.validator(ref.args[0], member.get("key"), constrained, secret, where + ".key")
            value = self.validator(ref.args[1], member.get("value"), constrained, secret, where + ".value")
            return f"_v.mapping_of({key}, {value})"
        raise ValueError(f"{where}: no validator for {ref}")

    def constant(self, source: str, hint: str | None) -> str:
        """Share one validator object per distinct rule, named after its shape."""
        if source not in self.constants:
            name = "_" + _upper_snake(hint or "RULE")
            taken = set(self.constants.values())
            base, n = name, 2
            while name in taken:
                name, n = f"{base}_{n}", n + 1
            self.constants[source] = name
        return self.constants[source]

    def docstring(self, name: str) -> str:
        facts = self.facts[name]
        op = facts["operation"]
        role = facts["role"]
        if role == "boto3":
            return BOTO3_DOCS[name]
        if role == "input":
            return f"Parameters of ``{op}``: pass ``unstructure(obj)`` to ``client.{snake(op)}(**...)``."
        if role == "output":
            return f"What ``client.{snake(op)}`` returns, as a typed object."
        if role == "paginate":
            return f"Parameters of the ``{snake(op)}`` paginator's ``paginate(**...)``."
        if role == "wait":
            return f"Parameters of a waiter that polls ``{op}`` until it is done."
        if role == "error":
            return f"The fields of {self.service.label}'s ``{facts['shape']}`` error, as a typed object."
        holders = sorted(
            c.name for c in self.classes.values() if any(name in f.type.class_names() for f in c.fields)
        )
        if not holders:  # a root of a models-only service (``ServiceConfig.roots``)
            return f"The {self.service.label} ``{facts['shape']}`` structure, the root of this package."
        shown = ", ".join(f"``{h}``" for h in holders[:3]) + (", ..." if len(holders) > 3 else "")
        return f"The {self.service.label} ``{facts['shape']}`` structure, held by {shown}."


def _args(**kwargs: Any) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items() if v is not None)


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def snake(name: str) -> str:
    """``DescribeImages`` -> ``describe_images``, as boto3 names client methods."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def header(
    spec_path: Path | None, facts_path: Path | None, facts: dict[str, Any], label: str = ECR.label
) -> list[str]:
    """The first lines of every generated file: the command and its inputs, by hash, never a date."""
    source = facts["source"]
    inputs = [f"{p.name} (sha256 {_sha(p)}" for p in (spec_path, facts_path) if p is not None]
    versions = f"botocore {source['botocore']}, {label} API {source['apiVersion']})."
    if not inputs:
        return [
            f"# Generated by `{COMMAND}`: do not edit; change codegen/ or its inputs and regenerate.",
            f"# Inputs: the installed botocore's model ({versions}",
        ]
    named = "), ".join(inputs)
    return [
        f"# Generated by `{COMMAND}`: do not edit; change codegen/ or its inputs and regenerate.",
        f"# Inputs: {named},",
        f"# {versions}",
    ]


def render_package(
    planner: Planner, spec_path: Path | None, facts_path: Path | None, facts: dict[str, Any]
) -> dict[str, str]:
    """Every generated file, by path under the service's package directory.

    One module per class under ``_models/``, so that a class (and the classes it
    holds) is created only when first used: importing all of them at once would
    cost a Lambda cold start more than the whole rest of the package.
    ``models.py`` is the facade that loads them on attribute access.
    """
    plans = planner.plan()
    service = planner.service
    head = header(spec_path, facts_path, facts, service.label)
    doc = f'"""One generated module per {service.label} class; import them from ``{service.package}.models``."""'
    files = {"_models/__init__.py": "\n".join([*head, doc, ""])}
    files["_models/_shared.py"] = render_shared(planner, head)
    rules = docstrings.field_rules(planner, plans)
    for plan in plans:
        doc = docstrings.class_docstring(plan.doc, rules[plan.name])
        files[f"_models/{plan.name}.py"] = render_class(planner, attrs.evolve(plan, doc=doc), head)
    files["models.py"] = render_facade(planner, plans, head, facts)
    return files


def render_shared(planner: Planner, head: list[str]) -> str:
    out = [
        *head,
        '"""What the class modules share: the enum Literals, the validators, the base class."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Literal, get_args",
        "",
        f"from {RUNTIME} import _unknown",
        f"from {RUNTIME} import _validators as _v",
        "",
    ]
    # Literal aliases first: validators below take their values from them.
    for alias, values in planner.literals.items():
        out.append(f"{alias} = Literal[{', '.join(repr(v) for v in values)}]")
    out.append("")
    for source_text, name in planner.constants.items():
        out.append(f"{name} = {source_text}")
    out += [
        "",
        "",
        "class BaseValidatorModel:",
        f'    """Base of every {planner.service.label} class: frozen, keyword-only, validated attrs classes.',
        "",
        "    Its one slot holds the keys a converter that keeps them found beyond the",
        f"    fields (``{RUNTIME}.unknown_keys``); constructors leave it unset.",
        '    """',
        "",
        "    __slots__ = (_unknown.SLOT,)",
        "",
        "    __reduce_ex__ = _unknown.reduce",
        "",
        "    def __repr__(self) -> str:",
        "        return _v.model_repr(self)",
        "",
    ]
    return "\n".join(out)


def render_class(planner: Planner, plan: ClassPlan, head: list[str]) -> str:
    # No __weakref__ slot: it would keep the converter from building instances
    # through a layout-compatible builder class (see ecr_attrs/_compile.py).
    head_lines = [
        "@attrs.frozen(kw_only=True, weakref_slot=False, repr=False)",
        f"class {plan.name}(BaseValidatorModel):",
        *docstrings.literal(plan.doc, "    "),
        "",
    ]
    body: list[str] = []
    converters = []
    for fld in plan.fields:
        if fld.converter:
            converters += [
                f"def {fld.converter}(value: {fld.accepts}) -> {fld.annotation}:",
                f"    return {fld.store}(value)",
                "",
                "",
            ]
        args = [] if fld.required else ["default=None"]
        if fld.converter:
            args.append(f"converter={fld.converter}")
        args.append(f"validator={fld.validator}")
        if fld.repr:
            args.append(f"repr={fld.repr}")
        metadata = {"output_min": fld.output_min, "output_element_min": fld.output_element_min}
        shown = ", ".join(f'"{key}": {value}' for key, value in metadata.items() if value)
        if shown:
            args.append(f"metadata={{{shown}}}")
        body.append(f"    {fld.name}: {fld.annotation} = attrs.field({', '.join(args)})")
    if plan.union:
        body += ["", "    __attrs_post_init__ = _v.exactly_one"]
    code = "\n".join(converters + body)  # not the docstring: it names holders, which are not imported
    used = set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", code)) | {"BaseValidatorModel"}
    body = converters + head_lines + body
    shared = sorted(used & ({"BaseValidatorModel", *planner.literals, *planner.constants.values()}))
    classes = sorted(used & set(planner.classes) - {plan.name} - set(plan.lazy))
    lazy = sorted(used & set(plan.lazy) - {plan.name})
    typing_names = sorted(used & {"Optional", "Union"} | ({"TYPE_CHECKING"} if lazy else set()))
    out = [
        *head,
        f'"""The generated module of ``{plan.name}``."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    abc_names = sorted(used & {"Mapping", "Sequence"})
    if abc_names:
        out.append(f"from collections.abc import {', '.join(abc_names)}")
    if "datetime" in used:
        out.append("from datetime import datetime")
    if typing_names:
        out.append(f"from typing import {', '.join(typing_names)}")
    models = planner.service.models_package
    out += ["", "import attrs", "", f"from {RUNTIME} import _validators as _v"]
    out.append(f"from {models}._shared import {', '.join(shared)}")
    out += [f"from {models}.{name} import {name}" for name in classes]
    values = sorted(used & {"Document", "FrozenDict", "UnknownValue"})
    if values:
        out.append(f"from {RUNTIME}.values import {', '.join(values)}")
    if lazy:  # they import this module: at run time the validator finds them by name
        out += ["", "if TYPE_CHECKING:", *[f"    from {models}.{name} import {name}" for name in lazy]]
    return "\n".join([*out, "", "", *body, ""])


def render_facade(planner: Planner, plans: list[ClassPlan], head: list[str], facts: dict[str, Any]) -> str:
    source = facts["source"]
    names = [p.name for p in plans]
    service = planner.service
    models = service.models_package
    constant_prefix = re.sub(r"\W+", "_", service.label).upper()
    example = service.example_class or next(
        (n for n in names if planner.facts[n]["role"] == "structure"), names[0]
    )
    out = [
        *head,
        f'"""The {service.label} TypeDefs as frozen attrs classes that validate on construction.',
        "",
        f"Each class is created on first access (``{service.package}.models.{example}``),",
        f"together with the classes it holds; see ``{models}``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import TYPE_CHECKING, Any",
        "",
        f"from {models}._shared import {', '.join(['BaseValidatorModel', *planner.literals])}",
        "",
        "if TYPE_CHECKING:",
        *[f"    from {models}.{n} import {n} as {n}" for n in sorted(names)],
        *[f"    from {models}.{t} import {t} as {a}" for a, t in planner.aliases.items()],
        "",
        f"BOTOCORE_VERSION = {source['botocore']!r}",
        f"{constant_prefix}_API_VERSION = {source['apiVersion']!r}",
        "",
        "CLASS_NAMES = frozenset(",
        "    {",
        *[f"        {n!r}," for n in sorted(names)],
        "    }",
        ")",
        f'"""The names of all {len(names)} classes: the spec\'s, then every other shape of the {service.label} model."""',
        "",
        *(
            [
                "SPEC_CLASS_NAMES = frozenset(",
                "    {",
                *[f"        {n!r}," for n in sorted(planner.spec_names)],
                "    }",
                ")",
            ]
            if planner.spec_names
            else ["SPEC_CLASS_NAMES: frozenset[str] = frozenset()"]
        ),
        f'"""The names of the {len(planner.spec_names)} classes the spec defines."""',
        "",
        "ALIASES: dict[str, str] = {",
        *[f"    {alias!r}: {target!r}," for alias, target in planner.aliases.items()],
        "}",
        '"""Shorter names (as boto3-stubs and the Pydantic baseline 2.x spell them) -> class names."""',
        "",
        "SPEC_DIFFERENCES = (",
    ]
    for diff in planner.differences:
        out.append(f"    ({diff.class_name!r}, {diff.field!r}, {diff.change!r}, {diff.reason!r}),")
    out += [
        ")",
        '"""(class, field, change, reason) for every place the models depart from the spec."""',
        "",
        "",
        "def __getattr__(name: str) -> Any:",
        "    target = ALIASES.get(name, name)",
        "    if target not in CLASS_NAMES:",
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        f'    cls = getattr(importlib.import_module(f"{models}.{{target}}"), target)',
        "    globals()[name] = cls",
        "    return cls",
        "",
        "",
        "def __dir__() -> list[str]:",
        "    return sorted({*globals(), *CLASS_NAMES, *ALIASES})",
        "",
        "",
    ]
    every = sorted([*names, *planner.aliases, "BaseValidatorModel", *planner.literals])
    out += ["__all__ = ["] + [f"    {n!r}," for n in every] + ["]", ""]
    return "\n".join(out)
