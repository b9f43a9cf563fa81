"""What the generated clients (``ecr_attrs.client``, ``ecr_attrs.aio``) call.

A call is: build the request object (keyword arguments go through its
constructor, so they are validated before anything is sent), unstructure it,
call botocore, turn a ``ClientError`` into our typed error, structure the
response.  This module holds what does not depend on the flavour (errors,
operations, the shared client base); the client bases, page iterators,
paginators and waiters are written once, async, in ``_runtime_async``, and
``_runtime_sync`` is generated from it (``codegen/unasync.py``).

Request and response classes are named by string and loaded on first use
from the service's own models module (each ``Op`` holds it, each error class
names it): loading all 243 classes up front would cost more than importing
boto3, and two services' classes of the same name never stand for each other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import attrs
import cattrs

from ecr_attrs import _extras

try:
    from botocore.exceptions import ClientError
    from botocore.exceptions import WaiterError as BotocoreWaiterError
except ModuleNotFoundError as error:
    needs = "The typed clients (ECRClient, ECRPublicClient, their async twins) and their errors use botocore"
    raise _extras.missing(error, "botocore", needs, _extras.INSTALL_CLIENT) from error

from ecr_attrs import _requests
from ecr_attrs.converters import converter
from ecr_attrs.errors import StructureError

Q = TypeVar("Q")
R = TypeVar("R")


class UnknownOperationError(NotImplementedError):
    """The installed botocore (or aiobotocore's pinned botocore) predates this operation."""

    __module__ = "ecr_attrs.exceptions"  # where users import it from


class ServiceError(ClientError):  # type: ignore[misc]  # botocore ships no types
    """An error a service answered with: a botocore ``ClientError``, so ``except ClientError`` still works.

    Modeled errors raise a subclass named after the code (``RepositoryNotFoundException``)
    whose ``shape`` holds the error's fields as a frozen object; other codes
    (throttling, access denied) raise this class with ``shape`` None.  The
    botocore ``ClientError`` it was made from is its ``__cause__``.  Fields of
    the wrong type are left out of ``shape``: ``dropped_fields`` names them and
    ``shape_error`` (a ``StructureError``) says why.
    """

    models_module: ClassVar[str]
    """The service's models module, where ``shape_name`` is looked up."""
    shape_name: ClassVar[str | None] = None
    shape: Any

    def __init__(self, error_response: dict[str, Any], operation_name: str) -> None:
        super().__init__(error_response, operation_name)
        error = error_response.get("Error", {})
        metadata = error_response.get("ResponseMetadata", {})
        code = error.get("Code", "Unknown")
        self.code: str = code if isinstance(code, str) else "Unknown"
        message = error.get("Message") or error_response.get("message")
        # An endpoint may send anything here; the attribute is text whatever it sent.
        self.message: str = message if isinstance(message, str) else ""
        self.request_id: str | None = metadata.get("RequestId")
        self.http_status: int | None = metadata.get("HTTPStatusCode")
        self.shape, self.dropped_fields, self.shape_error = self._structure_shape(error_response, message)

    def _structure_shape(
        self, error_response: dict[str, Any], message: Any
    ) -> tuple[Any, tuple[str, ...], StructureError | None]:
        """The error's fields as an object, keeping every field that structures.

        A field the models refuse (an endpoint sent ``message`` as a number) is
        left out, named in ``dropped_fields``, with the reasons in ``shape_error``:
        the typed error is raised whatever the fields hold.
        """
        if self.shape_name is None:
            return None, (), None
        cls = getattr(importlib.import_module(self.models_module), self.shape_name)
        # botocore puts the modeled fields at the top level, beside Error and ResponseMetadata.
        fields = {k: v for k, v in error_response.items() if k not in ("Error", "ResponseMetadata")}
        if message and "message" in attrs.fields_dict(cls):
            fields.setdefault("message", message)
        dropped: list[str] = []
        first: StructureError | None = None
        while True:
            try:
                return converter.structure(fields, cls), tuple(dropped), first
            except StructureError as error:
                first = first or error
                bad = {str(p.parts[0]) for p in error.problems if p.parts} & fields.keys()
                if not bad:  # nothing to blame on one field: keep none of them
                    return cls(), (*dropped, *sorted(fields)), first
                dropped += sorted(bad)
                fields = {k: v for k, v in fields.items() if k not in bad}

    def __reduce__(self) -> tuple[Any, ...]:
        # The classes that also subclass boto3's per-client class are made at run
        # time; pickle as the class of ecr_attrs.exceptions.
        cls = type(self).__dict__.get("_public_class", type(self))
        return cls, (self.response, self.operation_name)


class ECRServiceError(ServiceError):
    """An error ECR answered with: a botocore ``ClientError``, so ``except ClientError`` still works.

    Modeled errors raise a subclass named after the code (``RepositoryNotFoundException``)
    whose ``shape`` holds the error's fields as a frozen object; other codes
    (throttling, access denied) raise this class with ``shape`` None.  The
    botocore ``ClientError`` it was made from is its ``__cause__``.  Fields of
    the wrong type are left out of ``shape``: ``dropped_fields`` names them and
    ``shape_error`` (a ``StructureError``) says why.
    """

    __module__ = "ecr_attrs.exceptions"
    models_module = "ecr_attrs.models"


class WaiterError(BotocoreWaiterError):  # type: ignore[misc]
    """A wait failed or timed out: botocore's ``WaiterError`` with the last response structured.

    ``response`` is the last response as an object, or None when the last
    call failed; then ``error`` is the typed error it raised.  botocore's
    ``last_response`` (the dict) is there too.
    """

    __module__ = "ecr_attrs.exceptions"

    def __init__(self, cause: BotocoreWaiterError, response: Any, error: ServiceError | None) -> None:
        kwargs = cause.kwargs
        super().__init__(name=kwargs["name"], reason=kwargs["reason"], last_response=cause.last_response)
        self.response = response
        self.error = error

    def __reduce__(self) -> tuple[Any, ...]:
        # botocore's own __reduce__ calls the class with botocore's keywords, which ours does not take.
        # (botocore's own WaiterError does not unpickle either: its kwargs lack last_response.)
        args = (type(self), self.kwargs, self.last_response, self.response, self.error)
        return _rebuild_waiter_error, args


def _rebuild_waiter_error(
    cls: type[WaiterError],
    kwargs: dict[str, Any],
    last_response: Any,
    response: Any,
    error: ServiceError | None,
) -> WaiterError:
    cause = BotocoreWaiterError(name=kwargs["name"], reason=kwargs["reason"], last_response=last_response)
    return cls(cause, response, error)


class ResponseStructureError(StructureError):
    """The call succeeded, but its response does not structure: the server has acted.

    A ``StructureError`` with the same problems, so ``except StructureError``
    and ``cattrs.transform_error`` work as on ``structure()``; not a
    ``ClientError``, since ECR did not refuse the call (retrying on it would
    repeat what was done).  ``operation_name`` names the call, ``response`` is
    botocore's response dict as it came, and ``structure_error`` (also the
    ``__cause__``) is what structuring raised.
    """

    __module__ = "ecr_attrs.exceptions"
    operation_name: str
    response: Any
    structure_error: StructureError

    @classmethod
    def wrap(cls, error: StructureError, operation_name: str, response: Any) -> ResponseStructureError:
        new = cls(
            f"{operation_name} succeeded, but its response does not structure: {error.message}",
            list(error.exceptions),
            error.cl,
        )
        new.problems = list(error.problems)
        new.omitted = error.omitted
        new.operation_name = operation_name
        new.response = response
        new.structure_error = error
        return new

    def derive(self, excs: Sequence[Exception]) -> StructureError:  # type: ignore[override]
        derived = super().derive(excs)
        for name in ("operation_name", "response", "structure_error"):
            setattr(derived, name, getattr(self, name))
        return derived


def service_error(error: ClientError, client: _Base) -> ServiceError:
    """Our typed error for botocore's, from the client's own error classes
    (``client.exceptions``); it is also an instance of boto3's per-client class."""
    table = client.exceptions
    base: type[ServiceError] = table.ClientError
    code = error.response.get("Error", {}).get("Code", "")
    code = code if isinstance(code, str) else ""
    found = vars(table).get(code)
    cls = found if isinstance(found, type) and issubclass(found, base) else base
    raw_client = client.raw
    boto_cls = raw_client.exceptions.from_code(code) if cls is not base else ClientError
    if boto_cls is not ClientError:
        cls = _with_boto3_class(cls, boto_cls)
    return cls(error.response, error.operation_name)


_BOTH: dict[tuple[type, type], type[ServiceError]] = {}


def _with_boto3_class(cls: type[ServiceError], boto_cls: type) -> type[ServiceError]:
    """A class under both ours and boto3's, so ``except client.raw.exceptions.X`` keeps working.

    boto3 makes its classes per client session at run time, so ours are made
    (once per pair) at run time too.
    """
    key = (cls, boto_cls)
    if key not in _BOTH:
        _BOTH[key] = type(cls.__name__, (cls, boto_cls), {"__module__": cls.__module__, "_public_class": cls})
    return _BOTH[key]


class Op(Generic[Q, R]):
    """One operation: its names, its request and response classes (by name) and the
    models module (the service's own) they are found in."""

    __slots__ = ("method", "models", "name", "request", "response")

    def __init__(
        self, name: str, method: str, request: str | None, response: str | None, models: Any
    ) -> None:
        self.name = name
        self.method = method
        self.request = request
        self.response = response
        self.models = models

    def _class(self, name: str) -> Any:
        return getattr(self.models, name)

    def params(self, request: Any, kwargs: Mapping[str, Any], request_class: str | None = None) -> Any:
        """boto3's parameters from a request object or from keyword arguments, never both."""
        name = request_class or self.request
        if name is None:
            return {}
        cls = self._class(name)
        if request is None:
            request = _requests.build(cls, kwargs, self.method)
        elif not isinstance(request, cls):
            raise TypeError(f"{self.method}() takes a {name}, not {type(request).__name__}")
        elif kwargs:
            raise TypeError(f"{self.method}() takes a {name} or keyword arguments, not both")
        return converter.unstructure(request)

    def params_with(self, request: Any, kwargs: Mapping[str, Any], request_class: str, key: str) -> Any:
        """As ``params``, letting ``key`` (``PaginationConfig``, ``WaiterConfig``) go beside an object."""
        if request is not None and key in kwargs and isinstance(request, self._class(request_class)):
            request = _requests.with_config(self._class(request_class), request, kwargs, key, self.method)
            kwargs = {}
        return self.params(request, kwargs, request_class)

    def structure(self, raw: Any, using: cattrs.Converter = converter) -> R:
        if self.response is None:
            return None  # type: ignore[return-value]
        try:
            return using.structure(raw, self._class(self.response))  # type: ignore[no-any-return]
        except StructureError as error:
            raise ResponseStructureError.wrap(error, self.name, raw) from error


def _items_of(page: Any, key: str) -> tuple[Any, ...]:
    """The items under a result key such as ``imageScanFindings.findings``; () when absent."""
    for part in key.split("."):
        page = getattr(page, part, None)
        if page is None:
            return ()
    return page  # type: ignore[no-any-return]


def _full_result(op: Op[Any, R], merged: dict[str, Any], using: cattrs.Converter) -> R:
    # botocore names the resume token NextToken; the response classes call it nextToken.
    if "NextToken" in merged:
        merged["nextToken"] = merged.pop("NextToken")
    return op.structure(merged, using)


class _Base:
    raw: Any
    exceptions: ClassVar[Any]
    """The service's error classes by code, ``ClientError`` their base (generated per client)."""

    def __init__(self, client: Any, *, converter: cattrs.Converter = converter) -> None:
        """``client``: a botocore (or aiobotocore) client of the service, used as it is.

        ``converter`` structures the responses: for example
        ``make_converter(forbid_extra_keys=True)`` to fail on keys the models lack.
        """
        self.raw = client
        self.converter = converter
        self._known = frozenset(client.meta.service_model.operation_names)

    def _method(self, op: Op[Any, Any]) -> Any:
        if op.name not in self._known:
            import botocore

            raise UnknownOperationError(
                f"{op.name} is not in the {self.raw.meta.service_model.service_id} model of the installed "
                f"botocore {botocore.__version__}; "
                "upgrade botocore (or aiobotocore) to call it"
            )
        return getattr(self.raw, op.method)

    @property
    def meta(self) -> Any:
        """The wrapped client's ``meta``: region, endpoint, service model, events."""
        return self.raw.meta

    def can_paginate(self, operation_name: str) -> bool:
        """Whether ``get_paginator(operation_name)`` has a paginator, as boto3 answers it."""
        return bool(self.raw.can_paginate(operation_name))

    def _lookup(self, table: Mapping[str, Callable[[Any], R]], name: str, what: str) -> R:
        if name not in table:
            raise ValueError(f"no {what} named {name!r}; there are: {', '.join(sorted(table))}")
        return table[name](self)


def _waiter_error(
    cause: BotocoreWaiterError, op: Op[Any, Any], last: list[Any], client: _Base
) -> WaiterError:
    if last and isinstance(last[0], ClientError):
        return WaiterError(cause, None, service_error(last[0], client))
    try:
        response = op.structure(last[0], client.converter) if last else None
    except Exception:  # the last response did not structure: the dict stays in last_response
        response = None
    return WaiterError(cause, response, None)


# Per-flavour hooks: where botocore and aiobotocore differ by more than awaiting.
# ``_runtime_async`` calls the ``_async`` twin; its generated sync copy calls the plain one.


def poll(name: str, config: Any, call: Callable[..., Any], params: Mapping[str, Any]) -> None:
    """botocore's waiter loop (acceptors, delay, attempts) over ``call``."""
    from botocore.waiter import Waiter as BotocoreWaiter

    BotocoreWaiter(name, config, call).wait(**params)


async def poll_async(name: str, config: Any, call: Callable[..., Any], params: Mapping[str, Any]) -> None:
    """aiobotocore's waiter loop over ``call``, which it awaits."""
    from aiobotocore.waiter import AIOWaiter

    await AIOWaiter(name, config, call).wait(**params)


# The client bases, page iterators, paginators and waiters live in the per-flavour
# modules, which import this one; they are offered here too, loaded on first use.
_FLAVOURED = {
    "ClientBase": "_runtime_sync",
    "PageIterator": "_runtime_sync",
    "Paginator": "_runtime_sync",
    "Waiter": "_runtime_sync",
    "AsyncClientBase": "_runtime_async",
    "AsyncPageIterator": "_runtime_async",
    "AsyncPaginator": "_runtime_async",
    "AsyncWaiter": "_runtime_async",
}

if TYPE_CHECKING:
    from ecr_attrs._runtime_async import AsyncClientBase as AsyncClientBase
    from ecr_attrs._runtime_async import AsyncPageIterator as AsyncPageIterator
    from ecr_attrs._runtime_async import AsyncPaginator as AsyncPaginator
    from ecr_attrs._runtime_async import AsyncWaiter as AsyncWaiter
    from ecr_attrs._runtime_sync import ClientBase as ClientBase
    from ecr_attrs._runtime_sync import PageIterator as PageIterator
    from ecr_attrs._runtime_sync import Paginator as Paginator
    from ecr_attrs._runtime_sync import Waiter as Waiter
else:

    def __getattr__(name: str) -> Any:
        if name not in _FLAVOURED:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"ecr_attrs.{_FLAVOURED[name]}"), name)
        globals()[name] = value
        return value
