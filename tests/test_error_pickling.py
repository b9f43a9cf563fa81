"""Every error class of the package pickles, copies and crosses a process pool.

The classes are found by walking the package's modules, so a new one without an
example here fails ``test_every_error_class_of_the_package_has_an_example``.
Examples are made the way users meet them: raised by the client over botocore's
Stubber, by structuring, by a waiter.
"""

from __future__ import annotations

import copy
import importlib
import multiprocessing
import pickle
import pkgutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from botocore.stub import Stubber
from operations import offline_client
from samples import instance

import ecr_attrs
from ecr_attrs import ECRClient, StructureError, _compile, structure, unstructure
from ecr_attrs import exceptions as ecr_errors
from ecr_attrs._runtime import ServiceError
from ecr_attrs.errors import RequestError
from ecr_attrs.events import parse_event
from ecr_attrs.public import exceptions as public_errors
from ecr_attrs.public.client import ECRPublicClient
from ecr_attrs.testing import offline_client as offline_service_client

NO_DELAY = ecr_attrs.WaiterConfigTypeDef(Delay=0)
IMAGE = ecr_attrs.ImageIdentifierTypeDef(imageTag="v1")


def package_error_classes() -> set[type]:
    found: set[type] = set()
    for info in pkgutil.walk_packages(ecr_attrs.__path__, "ecr_attrs."):
        if info.name.endswith("__main__"):
            continue
        for value in vars(importlib.import_module(info.name)).values():
            is_error = isinstance(value, type) and issubclass(value, BaseException)
            if is_error and value.__module__.startswith("ecr_attrs"):
                found.add(value)
    return found


def caught(call: Any) -> BaseException:
    try:
        call()
    except BaseException as error:  # any error is an example
        return error
    raise AssertionError("nothing raised")


def subgroups(error: BaseException) -> Iterator[BaseException]:
    yield error
    for member in getattr(error, "exceptions", ()):
        yield from subgroups(member)


def examples() -> list[BaseException]:
    raw = offline_client()
    client = ECRClient(raw)
    out: list[BaseException] = []
    with Stubber(raw) as stubber:
        for code, cls in sorted(ecr_errors.ERRORS.items()):
            fields = unstructure(instance(getattr(ecr_attrs, cls.shape_name), full=True))
            stubber.add_client_error(
                "describe_repositories", code, fields["message"], 400, modeled_fields=fields
            )
            raised = caught(client.describe_repositories)  # also an instance of boto3's class
            out += [raised, cls(raised.response, raised.operation_name)]
        stubber.add_client_error("describe_repositories", "ThrottlingException", "slow down", 400)
        out.append(caught(client.describe_repositories))
        scan = {"imageScanStatus": {"status": "FAILED"}, "imageId": {"imageTag": "v1"}}
        waiter = client.get_waiter("image_scan_complete")
        stubber.add_response("describe_image_scan_findings", scan)
        out.append(caught(lambda: waiter.wait(repositoryName="web", imageId=IMAGE, WaiterConfig=NO_DELAY)))
        stubber.add_client_error("describe_image_scan_findings", "ScanNotFoundException", "no scan", 400)
        out.append(caught(lambda: waiter.wait(repositoryName="web", imageId=IMAGE, WaiterConfig=NO_DELAY)))
        stubber.add_response("put_image", {})
        out.append(caught(lambda: client.put_image(repositoryName="web", imageManifest="{}")))
    bad = {"imageDetails": [{"imageTags": ["ok", 5]}, {"imageSizeInBytes": True}]}
    structure_error = caught(lambda: structure(bad, ecr_attrs.DescribeImagesResponseTypeDef))
    out += list(subgroups(structure_error))  # the error, its groups per object and list, the problems
    lacking = ECRClient(raw)
    lacking._known = frozenset()  # as with a botocore older than the operation
    out.append(caught(lacking.describe_repositories))
    refused = caught(
        lambda: client.create_repository(
            repositoryName="web", imageScanningConfiguration={"scanOnPushh": True}
        )
    )
    assert isinstance(refused, RequestError)
    out.append(refused)
    out.append(_compile.Invalid([(("imageTags", 1), "expected str, got 5")]))
    event = {"detail-type": "ECR Image Scan", "source": "aws.ecr", "detail": {"scan-status": 3}}
    out += list(subgroups(caught(lambda: parse_event(event))))  # problems at the keys as sent
    return out + public_examples()


def public_examples() -> list[BaseException]:
    """ECR Public's errors, raised by its own client (``ecr_attrs.public``)."""
    raw = offline_service_client("ecr-public")
    client = ECRPublicClient(raw)
    out: list[BaseException] = []
    with Stubber(raw) as stubber:
        for code, cls in sorted(public_errors.ERRORS.items()):
            fields = {"message": f"{code}: ünïcode"}
            stubber.add_client_error(
                "describe_repositories", code, fields["message"], 400, modeled_fields=fields
            )
            raised = caught(client.describe_repositories)
            out += [raised, cls(raised.response, raised.operation_name)]
        stubber.add_client_error("describe_repositories", "ThrottlingException", "slow down", 400)
        out.append(caught(client.describe_repositories))
    return out


EXAMPLES = examples()


def public_class(error: BaseException) -> type:
    return type(error).__dict__.get("_public_class", type(error))


def view(value: Any) -> Any:
    """What must survive a copy: class, text, arguments and attributes, at every depth."""
    if isinstance(value, BaseException):
        state = {k: view(v) for k, v in vars(value).items() if k != "__notes__"}
        return (public_class(value), str(value), view(value.args), state, getattr(value, "__notes__", None))
    if isinstance(value, dict):
        return {k: view(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [view(v) for v in value]
    return value


def reraise(error: BaseException) -> None:
    raise error


def test_every_error_class_of_the_package_has_an_example():
    classes = package_error_classes()
    assert {ecr_errors.WaiterError, ecr_errors.ResponseStructureError, StructureError} <= classes
    assert len([c for c in classes if issubclass(c, ecr_errors.ECRServiceError)]) == 51
    # ServiceError is only a base: every service raises its own subclass of it.
    assert classes - {public_class(e) for e in EXAMPLES} == {ServiceError}


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_every_error_pickles_and_copies(error):
    for copied in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert type(copied) is public_class(error)
        assert view(copied) == view(error)


def test_every_error_crosses_a_process_pool():
    # spawn: the worker imports everything afresh, as on macOS and Windows.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(reraise, error) for error in EXAMPLES]
        for error, future in zip(EXAMPLES, futures, strict=True):
            back = future.exception()
            assert type(back) is public_class(error)
            assert view(back) == view(error)
