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
from ecr_attrs.aio import AsyncECRClient
from ecr_attrs.converters import unstructure
from ecr_attrs.exceptions import ECRServiceError
from ecr_attrs.models import BaseValidatorModel

# boto3's own settings, which the paginator or waiter keeps out of the call's parameters.
_BOTO3_ONLY = ("PaginationConfig", "WaiterConfig")


def _operations() -> dict[str, _rt.Op[Any, Any]]:
    """Every request and response class name -> its operation."""
    out: dict[str, _rt.Op[Any, Any]] = {}
    for value in vars(_client).values():
        if isinstance(value, _rt.Op):
            out.update({name: value for name in (value.request, value.response) if name})
        elif isinstance(value, type) and issubclass(value, (_rt.Paginator, _rt.Waiter)):
            out[value.request_class] = value.op
    return out


_BY_CLASS = _operations()
C = TypeVar("C", _client.ECRClient, AsyncECRClient)


def offline_client() -> Any:
    """A boto3 ECR client that never sends a request: the Stubber answers for it."""
    import boto3

    return boto3.client(
        "ecr", region_name="us-east-1", aws_access_key_id="stub", aws_secret_access_key="stub"
    )


class ECRStubber(Generic[C]):
    """A ``Stubber`` that speaks objects, over an ``ECRClient`` (a fresh offline one
    unless given) or an ``AsyncECRClient`` (botocore's Stubber works on aiobotocore's
    clients as they are)."""

    @overload
    def __init__(self: ECRStubber[_client.ECRClient], client: None = None) -> None: ...
    @overload
    def __init__(self, client: C) -> None: ...
    def __init__(self, client: Any = None) -> None:
        self.client: C = client if client is not None else _client.ECRClient(offline_client())  # type: ignore[assignment]
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
        response: BaseValidatorModel | None,
        expected: BaseValidatorModel | None = None,
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
        error: type[ECRServiceError] | str,
        fields: BaseValidatorModel | None = None,
        *,
        operation: str | None = None,
        expected: BaseValidatorModel | None = None,
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

    @staticmethod
    def _method(operation: str | None, *objects: BaseValidatorModel | None) -> str:
        if operation is not None:
            return operation
        for obj in objects:
            if obj is not None and type(obj).__name__ in _BY_CLASS:
                return _BY_CLASS[type(obj).__name__].method
        raise TypeError(
            "name the operation (operation='tag_resource'): no request or response object tells it"
        )


def _params(expected: BaseValidatorModel | None) -> dict[str, Any] | None:
    if expected is None:
        return None
    params: dict[str, Any] = unstructure(expected)
    for key in _BOTO3_ONLY:
        params.pop(key, None)
    return params
