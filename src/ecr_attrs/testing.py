"""Stub ECR for tests of code that takes an ``ECRClient``: queue response objects, check request objects.

Built on botocore's ``Stubber``, so what is queued is validated against the ECR
model and nothing is sent anywhere.  Needs boto3; the pytest fixtures
``ecr_stub`` and ``ecr_client`` come with the package (``ecr_attrs.pytest_plugin``).

    with ECRStubber() as stub:
        stub.add_response(DescribeImagesResponseTypeDef(imageDetails=[...]),
                          expected=DescribeImagesRequestRequestTypeDef(repositoryName="web"))
        newest_tag(stub.client, "web")
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Generic, Self, TypeVar, overload

from ecr_attrs import _extras

try:
    from botocore.stub import Stubber
except ModuleNotFoundError as error:
    raise _extras.missing(
        error, "botocore", "ecr_attrs.testing uses botocore's Stubber", _extras.INSTALL_CLIENT
    ) from error

from ecr_attrs import _runtime as _rt
from ecr_attrs import client as _client
from ecr_attrs._runtime import ServiceError
from ecr_attrs.aio import AsyncECRClient
from ecr_attrs.converters import unstructure

# boto3's own settings, which the paginator or waiter keeps out of the call's parameters.
_BOTO3_ONLY = ("PaginationConfig", "WaiterConfig")


def operations_of(client_module: Any) -> dict[str, _rt.Op[Any, Any]]:
    """Every request and response class name of a generated client module -> its operation."""
    out: dict[str, _rt.Op[Any, Any]] = {}
    for value in vars(client_module).values():
        if isinstance(value, _rt.Op):
            out.update({name: value for name in (value.request, value.response) if name})
        elif isinstance(value, type) and issubclass(value, (_rt.Paginator, _rt.Waiter)):
            out[value.request_class] = value.op
    return out


C = TypeVar("C", _client.ECRClient, AsyncECRClient)


def offline_client(service: str = "ecr") -> Any:
    """A boto3 client of ``service`` that never sends a request: the Stubber answers for it."""
    import boto3

    return boto3.client(
        service, region_name="us-east-1", aws_access_key_id="stub", aws_secret_access_key="stub"
    )


class ObjectStubber:
    """A ``Stubber`` that speaks objects, for any generated client; a service's stubber
    names its operations (``operations_of`` its client module)."""

    client: Any
    operations: dict[str, _rt.Op[Any, Any]]

    def __init__(self, client: Any) -> None:
        self.client = client
        self.stubber = Stubber(self.client.raw)

    def __enter__(self) -> Self:
        self.activate()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.deactivate()

    def activate(self) -> None:
        self.stubber.activate()

    def deactivate(self) -> None:
        self.stubber.deactivate()

    def add_response(
        self,
        response: object | None,
        expected: object | None = None,
        *,
        operation: str | None = None,
    ) -> None:
        """Queue ``response`` for the next call; with ``expected``, that call must send exactly it.

        The operation follows from the response's (or the request's) class; name it
        (``"tag_resource"``) only where neither is given.
        """
        method = self._method(operation, response, expected)
        body = unstructure(response) if response is not None else {}
        self.stubber.add_response(method, body, _params(expected))

    def add_error(
        self,
        error: type[ServiceError] | str,
        fields: object | None = None,
        *,
        operation: str | None = None,
        expected: object | None = None,
        message: str = "",
        http_status: int = 400,
    ) -> None:
        """Make the next call fail with ``error`` (a class of ``ecr_attrs.exceptions``, or any code).

        ``fields`` is the error's shape (``InvalidLayerPartExceptionTypeDef(uploadId=...)``);
        the call raises the class with those fields.
        """
        method = self._method(operation, None, expected)
        code = error if isinstance(error, str) else error.__name__
        shape_name = None if isinstance(error, str) else error.shape_name
        if fields is not None and type(fields).__name__ != shape_name:
            raise TypeError(f"the fields of {code} are a {shape_name}, not {type(fields).__name__}")
        modeled = unstructure(fields) if fields is not None else None
        self.stubber.add_client_error(
            method,
            service_error_code=code,
            service_message=message or (modeled or {}).get("message", ""),
            http_status_code=http_status,
            expected_params=_params(expected),
            modeled_fields=modeled,
        )

    def assert_no_pending_responses(self) -> None:
        self.stubber.assert_no_pending_responses()

    def _method(self, operation: str | None, *objects: object | None) -> str:
        if operation is not None:
            return operation
        for obj in objects:
            op = self.operations.get(type(obj).__name__) if obj is not None else None
            if op is not None and isinstance(obj, op._class(type(obj).__name__)):
                return op.method
        raise TypeError(
            "name the operation (operation='tag_resource'): no request or response object tells it"
        )


def _params(expected: object | None) -> dict[str, Any] | None:
    if expected is None:
        return None
    params: dict[str, Any] = unstructure(expected)
    for key in _BOTO3_ONLY:
        params.pop(key, None)
    return params


class ECRStubber(ObjectStubber, Generic[C]):
    """A ``Stubber`` that speaks objects, over an ``ECRClient`` (a fresh offline one
    unless given) or an ``AsyncECRClient`` (botocore's Stubber works on aiobotocore's
    clients as they are)."""

    operations = operations_of(_client)
    client: C

    @overload
    def __init__(self: ECRStubber[_client.ECRClient], client: None = None) -> None: ...
    @overload
    def __init__(self, client: C) -> None: ...
    def __init__(self, client: Any = None) -> None:
        super().__init__(client if client is not None else _client.ECRClient(offline_client()))
