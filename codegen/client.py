"""Facts -> the typed clients, their keyword TypedDicts and the typed errors.

One template writes both clients, switched by a ``Flavour``: the sync client
(``client.py``, over botocore) and the async one (``aio.py``, over
aiobotocore).  Each flavour's text is written for it, so no prose is
rewritten.  Both are committed and drift-checked with the models.  The
methods are a few lines each: the work is in the client runtime
(``ecr_attrs/_runtime.py`` and its per-flavour half, ``_runtime_async.py``
with its derived sync copy).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from codegen import docstrings
from codegen.render import Planner, snake
from codegen.service import RUNTIME, ServiceConfig
from codegen.spec import SpecClass, TypeRef


@dataclass(frozen=True)
class Flavour:
    """What the sync and the async client's texts differ by."""

    name: Literal["sync", "async"]
    library: str  # the client library the generated client wraps
    prefix: str  # of the runtime's classes: ``_rt.AsyncPaginator``
    async_: str  # before ``def`` of a method that calls the service
    await_: str  # before such a call

    def client_class(self, service: ServiceConfig) -> str:
        return service.async_client_class if self.name == "async" else service.client_class

    @property
    def iterator(self) -> str:
        return f"{self.prefix}Iterator"


SYNC = Flavour("sync", "botocore", "", "", "")
ASYNC = Flavour("async", "aiobotocore", "Async", "async ", "await ")
FLAVOURS = {"client.py": SYNC, "aio.py": ASYNC}
"""Each generated client module and its flavour."""


def _const(operation: str) -> str:
    return "_" + snake(operation).upper()


class ClientPlanner:
    """What the client modules need from the facts: operations, paginators, waiters, errors."""

    def __init__(self, planner: Planner, facts: dict[str, Any]) -> None:
        # planner.plan() has run: the Literal aliases have their final names.
        self.planner = planner
        self.service = planner.service
        self.classes: dict[str, SpecClass] = planner.classes
        self.facts = facts
        self.operations: dict[str, dict[str, Any]] = facts["operations"]
        self.paginators: dict[str, dict[str, Any]] = facts["paginators"]
        self.waiters: dict[str, dict[str, Any]] = facts["waiters"]
        self.errors = sorted(n for n, c in facts["classes"].items() if c["role"] == "error")
        self.used: set[str] = set()  # names the module needs from the service's models
        self.dicts_wanted: set[str] = set()  # classes whose mapping form a TypedDict spells

    def use(self, name: str) -> str:
        self.used.add(name)
        return name

    # Annotations.

    def annotation(self, ref: TypeRef, member: dict[str, Any] | None, top: bool = False) -> str:
        """The type a keyword argument takes: what the constructor takes for the field
        (a list field any sequence, a mapping field any mapping, as the models' converters)."""
        member = member or {}
        if top and ref.kind == "seq":
            return f"Sequence[{self.annotation(ref.args[0], member.get('member'))}]"
        if top and ref.kind == "map":
            key = self.annotation(ref.args[0], member.get("key"))
            return f"Mapping[{key}, {self.annotation(ref.args[1], member.get('value'))}]"
        if ref.kind == "literal":
            return f"{self.use(self.planner.literal_alias(ref, member))} | UnknownValue"
        if ref.kind == "blob":
            return "str | bytes"
        if ref.kind == "class":
            return self.use(ref.name)
        if ref.kind == "union":
            return " | ".join(self.use(a.name) for a in ref.args)
        if ref.kind == "seq":
            return f"tuple[{self.annotation(ref.args[0], member.get('member'))}, ...]"
        if ref.kind == "map":
            key = self.annotation(ref.args[0], member.get("key"))
            return f"FrozenDict[{key}, {self.annotation(ref.args[1], member.get('value'))}]"
        return self.planner.annotation(ref, member)  # a scalar: str, int, float, bool, datetime

    def request_annotation(self, ref: TypeRef, member: dict[str, Any] | None) -> str:
        """The type a request takes at any depth: each object also as a mapping in boto3's shape."""
        member = member or {}
        if ref.kind == "seq":
            return f"Sequence[{self.request_annotation(ref.args[0], member.get('member'))}]"
        if ref.kind == "map":
            key = self.request_annotation(ref.args[0], member.get("key"))
            return f"Mapping[{key}, {self.request_annotation(ref.args[1], member.get('value'))}]"
        if ref.kind == "class":
            return f"{self.use(ref.name)} | {self.wants_dict(ref.name)}"
        if ref.kind == "union":
            return " | ".join(f"{self.use(a.name)} | {self.wants_dict(a.name)}" for a in ref.args)
        return self.annotation(ref, member)

    def wants_dict(self, cls_name: str) -> str:
        self.dicts_wanted.add(cls_name)
        return dict_name(cls_name)

    def item_type(self, response: str, key: str) -> str | None:
        """The class of the items under a paginator's result key (``imageScanFindings.findings``)."""
        cls = self.classes[response]
        *path, last = key.split(".")
        for part in path:
            cls = self.classes[next(f for f in cls.fields if f.name == part).type.name]
        ref = next(f for f in cls.fields if f.name == last).type
        if ref.kind != "seq":
            return None  # a text or mapping result key: its pages carry it, it has no items to yield
        return self.annotation(ref.args[0], None)

    # TypedDicts.

    def kwargs_module(self, head: list[str]) -> str:
        out = [
            *head,
            '"""The keyword arguments of each client method, for type checkers.',
            "",
            "``client.describe_images(**kwargs)`` is typed ``**kwargs: Unpack[DescribeImagesKwargs]``;",
            "each object in a request may also be a mapping in boto3's shape, spelt by the",
            "``...Dict`` TypedDicts (``TagDict`` for ``TagTypeDef``).  At run time the client",
            "checks the same arguments, with the request class's rules, before sending.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
        ]
        body: list[str] = []
        for name, cls_name in self.kwargs_classes():
            body += ["", "", f"class {name}(TypedDict, total=False):"]
            body.append(f'    """Keyword arguments that build a ``{cls_name}``."""')
            members = self.facts["classes"][cls_name].get("members", {})
            for fld in self.classes[cls_name].fields:
                text = self.request_annotation(fld.type, members.get(fld.name))
                body.append(f"    {fld.name}: {f'Required[{text}]' if fld.required else f'{text} | None'}")
        done: set[str] = set()
        while self.dicts_wanted - done:
            for cls_name in sorted(self.dicts_wanted - done):
                done.add(cls_name)
                body += self.dict_class(cls_name)
        out += [_typing_import(body, "TYPE_CHECKING", "Any", "Required", "TypedDict"), ""]
        out += self.type_imports(body)
        names = re.findall(r"^class (\w+)\(TypedDict", "\n".join(body), re.MULTILINE)
        exported = ["", "", "__all__ = [", *[f'    "{n}",' for n in sorted(names)], "]"]
        return "\n".join([*out, *exported, *body, ""])

    def dict_class(self, cls_name: str) -> list[str]:
        """A TypedDict of the mapping boto3 takes for ``cls_name``: its keys, none of them None."""
        members = self.facts["classes"][cls_name].get("members", {})
        out = ["", "", f"class {dict_name(cls_name)}(TypedDict, total=False):"]
        out.append(f'    """``{cls_name}`` as a mapping in boto3\'s shape."""')
        out.append("")
        for fld in self.classes[cls_name].fields:
            text = self.request_annotation(fld.type, members.get(fld.name))
            out.append(f"    {fld.name}: {f'Required[{text}]' if fld.required else text}")
        return out

    def kwargs_classes(self) -> list[tuple[str, str]]:
        """(TypedDict name, request class) for every method, paginator and waiter."""
        out = [(f"{op}Kwargs", o["input"]) for op, o in self.operations.items() if o["input"]]
        out += [(f"{op}PaginateKwargs", p["class"]) for op, p in self.paginators.items()]
        out += [(f"{name}WaitKwargs", w["class"]) for name, w in self.waiters.items()]
        return out

    def type_imports(self, body: list[str], extra: tuple[str, ...] = ()) -> list[str]:
        text = "\n".join(body)
        used = sorted(n for n in self.used if re.search(rf"\b{n}\b", text))
        values = [n for n in ("Document", "FrozenDict", "UnknownValue") if re.search(rf"\b{n}\b", text)]
        lines = ["if TYPE_CHECKING:"]
        abc = [n for n in ("Mapping", "Sequence") if re.search(rf"\b{n}\[", text)]
        if abc:
            lines.append(f"    from collections.abc import {', '.join(abc)}")
        if re.search(r"\bdatetime\b", text):
            lines.append("    from datetime import datetime")
        lines += [f"    {line}" for line in extra]
        if used:
            lines.append(f"    from {self.service.package}.models import {', '.join(used)}")
        if values:
            lines.append(f"    from {RUNTIME}.values import {', '.join(values)}")
        self.used.clear()
        return lines

    # Errors.

    def exceptions_module(self, head: list[str]) -> str:
        label, base = self.service.label, self.service.base_error
        out = [
            *head,
            f'"""Typed {label} errors: a class per error of the {label} model, all under ``{base}``.',
            "",
            "The client raises them in place of botocore's ``ClientError`` (which they",
            f"subclass); codes the model does not list raise ``{base}`` itself.",
            "A call that succeeded but whose response does not structure raises",
            "``ResponseStructureError``, which keeps the response.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "{typing}",
            "",
            *self.base_error_lines(),
            f"from {RUNTIME}._runtime import ResponseStructureError as ResponseStructureError",
            f"from {RUNTIME}._runtime import UnknownOperationError as UnknownOperationError",
            f"from {RUNTIME}._runtime import WaiterError as WaiterError",
            "",
        ]
        body: list[str] = self.base_error_class()
        names = []
        for shape_class in self.errors:
            name = self.facts["classes"][shape_class]["shape"]
            names.append(name)
            body += ["", "", f"class {name}({base}):"]
            body.append(f'    """{label}\'s ``{name}``; ``shape`` holds its fields."""')
            body += ["", f"    shape_name = {shape_class!r}", f"    shape: {self.use(shape_class)}"]
            members = self.facts["classes"][shape_class]["members"]
            for fld in self.classes[shape_class].fields:
                if fld.name == "message":  # the base error's message already has it
                    continue
                text = self.annotation(fld.type, members.get(fld.name))
                body += [
                    "",
                    "    @property",
                    f"    def {fld.name}(self) -> {text} | None:",
                    f"        return self.shape.{fld.name}",
                ]
        body += ["", "", f"ERRORS: dict[str, type[{base}]] = {{"]
        body += [f"    {n!r}: {n}," for n in names]
        body += ["}", '"""Every modeled error class by its code."""', "", ""]
        body += [
            "class ClientExceptions:",
            '    """``client.exceptions``: the error classes by name, as boto3 offers them."""',
            "",
            f"    ClientError = {base}",
            *[f"    {n} = {n}" for n in names],
        ]
        out[out.index("{typing}")] = _typing_import(body, "TYPE_CHECKING")
        return "\n".join([*out, *self.type_imports(body), *body, ""])

    def base_error_lines(self) -> list[str]:
        """The service's base error: the runtime's (ECR's, kept where it always was) or a new one."""
        base = self.service.base_error
        if self.service.base_error_in_runtime:
            return [f"from {RUNTIME}._runtime import {base} as {base}"]
        return [f"from {RUNTIME}._runtime import ServiceError as ServiceError"]

    def base_error_class(self) -> list[str]:
        if self.service.base_error_in_runtime:
            return []
        label, base = self.service.label, self.service.base_error
        return [
            "",
            "",
            f"class {base}(ServiceError):",
            f'    """An error {label} answered with; a modeled one raises the subclass named after its code."""',
            "",
            f"    models_module = {self.service.package + '.models'!r}",
        ]

    # The clients.

    def client_module(self, head: list[str], flavour: Flavour) -> str:
        """The client module of one flavour: constants, paginators, waiters, the client, its tables."""
        body: list[str] = ["", ""]
        for op, o in self.operations.items():
            body.append(self.op_constant(op, o))
        for op, p in self.paginators.items():
            body += ["", "", *self.paginator_class(op, p, flavour)]
        for name, w in self.waiters.items():
            body += ["", "", *self.waiter_class(name, w, flavour)]
        body += ["", "", *self.client_class(flavour)]
        body += ["", ""]
        body.append(f"_PAGINATORS: dict[str, type[_rt.{flavour.prefix}Paginator[Any, Any]]] = {{")
        body += [f'    "{snake(op)}": {op}Paginator,' for op in self.paginators]
        body += ["}", f"_WAITERS: dict[str, type[_rt.{flavour.prefix}Waiter[Any, Any]]] = {{"]
        body += [f'    "{snake(name)}": {name}Waiter,' for name in self.waiters]
        body.append("}")
        label, package = self.service.label, self.service.package
        out = [
            *head,
            f'"""The typed {label} client for {flavour.library}: requests as objects in, structured responses out.',
            "",
            f"``{flavour.client_class(self.service)}({flavour.library}_client)`` keeps the client it wraps as ``.raw`` and adds",
            "no HTTP, retry or signing code of its own.  Each method takes a request object or",
            "its fields as keywords (validated by the request class before anything is sent);",
            f"paginators and waiters are typed by name; errors are ``{package}.exceptions``.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            f"from collections.abc import {flavour.iterator}",
            _typing_import(body, "TYPE_CHECKING", "Any", "Literal", "overload"),
            "",
            f"from {RUNTIME} import _runtime as _rt",
            f"from {package} import models as _models",
            f"from {package}.exceptions import ClientExceptions",
            "",
        ]
        imports = self.type_imports(body, ("from typing import Unpack", *self.kwargs_imports(body)))
        return "\n".join([*out, *imports, *body, ""])

    def kwargs_imports(self, body: list[str]) -> list[str]:
        text = "\n".join(body)
        names = [n for n, _ in self.kwargs_classes() if re.search(rf"\b{n}\b", text)]
        names += sorted(n for n in map(dict_name, self.classes) if re.search(rf"\b{n}\b", text))
        return [f"from {self.service.package}._kwargs import {', '.join(names)}"]

    def op_constant(self, op: str, o: dict[str, Any]) -> str:
        request = self.use(o["input"]) if o["input"] else "None"
        response = self.use(o["output"]) if o["output"] else "None"
        names = ", ".join(repr(n) if n else "None" for n in (op, snake(op), o["input"], o["output"]))
        return f"{_const(op)}: _rt.Op[{request}, {response}] = _rt.Op({names}, _models)"

    def client_class(self, flavour: Flavour) -> list[str]:
        out = [
            f"class {flavour.client_class(self.service)}(_rt.{flavour.prefix}ClientBase):",
            f'    """Every {self.service.label} operation as a typed method of the same name as boto3\'s.',
            "",
            f"    ``{flavour.await_}client.describe_images(request)`` or",
            f'    ``{flavour.await_}client.describe_images(repositoryName="web")`` returns a',
            "    ``DescribeImagesResponseTypeDef``; operations that answer nothing return None.",
            '    """',
            "",
            "    exceptions = ClientExceptions",
        ]
        for op, o in self.operations.items():
            out += ["", *self.method(op, o, flavour)]
        for kind, table, items, cls_suffix in (
            ("paginator", "_PAGINATORS", self.paginators, "Paginator"),
            ("waiter", "_WAITERS", self.waiters, "Waiter"),
        ):
            for name in items:
                out += [
                    "",
                    "    @overload",
                    f'    def get_{kind}(self, name: Literal["{snake(name)}"]) -> {name}{cls_suffix}: ...',
                ]
            out += [
                "",
                f"    def get_{kind}(self, name: str) -> Any:",
                f'        """A typed {kind} by boto3\'s name for it."""',
                f'        return self._lookup({table}, name, "{kind}")',
            ]
        return out

    def method(self, op: str, o: dict[str, Any], flavour: Flavour) -> list[str]:
        name, def_, await_ = snake(op), f"{flavour.async_}def", flavour.await_
        response = o["output"] or "None"
        doc = docstrings.literal(self.method_doc(op, o), "        ")
        if o["input"] is None:
            return [
                f"    {def_} {name}(self) -> {response}:",
                *doc,
                f"        return {await_}self._call({_const(op)}, None, {{}})",
            ]
        request = o["input"]
        return [
            "    @overload",
            f"    {def_} {name}(self, request: {request}, /) -> {response}: ...",
            "    @overload",
            f"    {def_} {name}(self, **kwargs: Unpack[{op}Kwargs]) -> {response}: ...",
            f"    {def_} {name}(self, request: {request} | None = None, **kwargs: Any) -> {response}:",
            *doc,
            f"        return {await_}self._call({_const(op)}, request, kwargs)",
        ]

    def method_doc(self, op: str, o: dict[str, Any]) -> str:
        """What ``help(client.method)`` says: the call, its classes, paging, waiting, its errors."""
        sends = (
            f"Sends ``{op}`` with a ``{o['input']}`` (that object, or its fields as keywords, "
            "any nested object also as a dict in boto3's shape); nothing is sent unless it is valid."
            if o["input"]
            else f"Sends ``{op}``, which takes no parameters."
        )
        returns = (
            f"Returns a ``{o['output']}``." if o["output"] else "Returns None: the operation answers nothing."
        )
        paragraphs = [sends + " " + returns]
        if op in self.paginators:
            paragraphs.append(f'Paged: ``get_paginator("{snake(op)}")`` walks every page.')
        waiters = [snake(w) for w, spec in self.waiters.items() if spec["operation"] == op]
        if waiters:
            shown = ", ".join(f'``get_waiter("{w}")``' for w in waiters)
            paragraphs.append(f"Polled until done by {shown}.")
        errors = [self.facts["classes"][shape]["shape"] for shape in o.get("errors", [])]
        if errors:
            shown = ", ".join(f"``{e}``" for e in errors)
            paragraphs.append(
                f"Errors {self.service.label} names for it (in ``{self.service.package}.exceptions``, "
                f"all ``{self.service.base_error}``): {shown}."
            )
        wrapped = [textwrap.fill(p, 96, break_on_hyphens=False, break_long_words=False) for p in paragraphs]
        return "\n\n".join(wrapped)

    def typed_pair(
        self, def_: str, method: str, request: str, config: str, kwargs: str, returns: str, body: str
    ) -> list[str]:
        """Two overloads (a request object, or keywords) and the implementation."""
        return [
            "",
            "    @overload",
            f"    {def_} {method}(self, request: {request}, /, *, {config} = None) -> {returns}: ...",
            "    @overload",
            f"    {def_} {method}(self, **kwargs: Unpack[{kwargs}]) -> {returns}: ...",
            f"    {def_} {method}(self, request: {request} | None = None, **kwargs: Any) -> {returns}:",
            f"        return {body}",
        ]

    def paginator_class(self, op: str, p: dict[str, Any], flavour: Flavour) -> list[str]:
        request, response = self.use(p["class"]), self.use(self.operations[op]["output"])
        keys = p["result_keys"]
        keys = [k for k in keys if self.item_type(response, k) is not None]
        methods = {"items": keys[0]} if len(keys) == 1 else {snake(k.split(".")[-1]): k for k in keys}
        methods = methods if keys else {}
        listed = [f"``{m}`` yields every ``{self.item_type(response, k)}``" for m, k in methods.items()]
        out = [
            f'class {op}Paginator(_rt.{flavour.prefix}Paginator["{request}", "{response}"]):',
            f'    """Pages of ``{snake(op)}``, structured;',
            *[f"    {line}{',' if i < len(listed) - 1 else '.'}" for i, line in enumerate(listed)],
            '    """',
            "",
            f"    op = {_const(op)}",
            f"    request_class = {request!r}",
        ]
        settings = self.use("PaginatorConfigTypeDef")
        config = f"PaginationConfig: {settings} | {dict_name(settings)} | None"
        out += self.typed_pair(
            "def",
            "paginate",
            request,
            config,
            f"{op}PaginateKwargs",
            f"_rt.{flavour.prefix}PageIterator[{response}]",
            "self._paginate(request, kwargs)",
        )
        for method, key in methods.items():
            out += self.typed_pair(
                "def",
                method,
                request,
                config,
                f"{op}PaginateKwargs",
                f"{flavour.iterator}[{self.item_type(response, key)}]",
                f'self._items("{key}", request, kwargs)',
            )
        return out

    def waiter_class(self, name: str, w: dict[str, Any], flavour: Flavour) -> list[str]:
        op = w["operation"]
        request, response = self.use(w["class"]), self.use(self.operations[op]["output"])
        out = [
            f'class {name}Waiter(_rt.{flavour.prefix}Waiter["{request}", "{response}"]):',
            f'    """Polls ``{snake(op)}`` (every {w["delay"]} s, {w["max_attempts"]} times unless',
            "    ``WaiterConfig`` says otherwise) and returns the response that ended the wait.",
            '    """',
            "",
            f"    op = {_const(op)}",
            f"    request_class = {request!r}",
            f"    name = {name!r}",
            f"    method = {snake(name)!r}",
        ]
        out += self.typed_pair(
            f"{flavour.async_}def",
            "wait",
            request,
            f"WaiterConfig: {self.use('WaiterConfigTypeDef')} | {dict_name('WaiterConfigTypeDef')} | None",
            f"{name}WaitKwargs",
            response,
            f"{flavour.await_}self._wait(request, kwargs)",
        )
        return out


def dict_name(cls_name: str) -> str:
    """The TypedDict of a class's mapping form: ``TagTypeDef`` -> ``TagDict``."""
    return cls_name.removesuffix("TypeDef") + "Dict"


def _typing_import(body: list[str], *names: str) -> str:
    text = "\n".join(body)
    used = [n for n in names if n == "TYPE_CHECKING" or re.search(rf"\b{n}\b", text)]
    return f"from typing import {', '.join(used)}"


def render_clients(planner: Planner, facts: dict[str, Any], head: list[str]) -> dict[str, str]:
    """The generated client files, by path under the service's package directory."""
    plan = ClientPlanner(planner, facts)
    files = {
        "_kwargs.py": plan.kwargs_module(head),
        "exceptions.py": plan.exceptions_module(head),
    }
    files |= {path: plan.client_module(head, flavour) for path, flavour in FLAVOURS.items()}
    return dict(zip(files, sort_imports(list(files.values()))))


def sort_imports(sources: list[str]) -> list[str]:
    """Order the imports as ruff's isort rule wants them (ruff is pinned, so the order is stable)."""
    with tempfile.TemporaryDirectory() as scratch:
        paths = [Path(scratch) / f"m{i}.py" for i in range(len(sources))]
        for path, text in zip(paths, sources):
            path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "ruff", "check", "--isolated", "--quiet", "--fix"]
        subprocess.run([*command, "--select", "I", "--line-length", "110", scratch], check=False)
        return [path.read_text(encoding="utf-8") for path in paths]
