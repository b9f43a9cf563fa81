"""ECRClient against botocore's Stubber: every operation, paginator, waiter and modeled error.

Requests and responses come from the strategies; the Stubber checks what is
sent against ``expected_params`` and the ECR model, so nothing here is mocked.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import pickle
import re
import shutil
import typing
from pathlib import Path

import attrs
import botocore.session
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.stub import Stubber, UnStubbedResponseError
from hypothesis import HealthCheck, given, settings
from operations import offline_client
from samples import instance

import ecr_attrs
from ecr_attrs import ECRClient, unstructure
from ecr_attrs import client as client_module
from ecr_attrs import exceptions as ecr_errors
from ecr_attrs.strategies import from_type
from ecr_attrs.testing import ECRStubber

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())
OPERATIONS = FACTS["operations"]
PAGINATORS = FACTS["paginators"]
WAITERS = FACTS["waiters"]
ERROR_SHAPES = sorted(n for n, c in FACTS["classes"].items() if c["role"] == "error")
EXAMPLES = 3
NO_DELAY = ecr_attrs.WaiterConfigTypeDef(Delay=0)


def model(name: str) -> type:
    return getattr(ecr_attrs, name)


def as_kwargs(obj) -> dict:
    """The fields that are set, as keyword arguments for the same constructor."""
    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj)) if getattr(obj, f.name) is not None}


def without_boto3_settings(obj) -> dict:
    params = unstructure(obj)
    params.pop("PaginationConfig", None)
    params.pop("WaiterConfig", None)
    return params


@pytest.fixture
def raw():
    return offline_client()


def test_every_operation_of_the_installed_botocore_has_a_method():
    service = botocore.session.get_session().get_service_model("ecr")
    missing = [op for op in service.operation_names if not callable(getattr(ECRClient, xform_name(op), None))]
    assert missing == []
    assert len(service.operation_names) == len(OPERATIONS) == 62


def test_every_paginator_and_waiter_of_botocore_is_typed(raw):
    methods = [xform_name(op) for op in raw.meta.service_model.operation_names]
    assert sorted(client_module._PAGINATORS) == sorted(m for m in methods if raw.can_paginate(m))
    assert sorted(client_module._WAITERS) == sorted(raw.waiter_names)
    assert len(client_module._PAGINATORS) == 9
    assert len(client_module._WAITERS) == 2


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_operation_sends_the_request_and_structures_the_response(operation):
    facts = OPERATIONS[operation]
    method = xform_name(operation)
    raw = offline_client()
    client = ECRClient(raw)
    requests = from_type(model(facts["input"])) if facts["input"] else None
    responses = from_type(model(facts["output"])) if facts["output"] else None

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st_data())
    def check(data):
        request = data.draw(requests) if requests is not None else None
        response = data.draw(responses) if responses is not None else None
        body = unstructure(response) if response is not None else {}
        expected = unstructure(request) if request is not None else {}
        with Stubber(raw) as stubber:
            stubber.add_response(method, body, expected)
            stubber.add_response(method, body, expected)
            if request is None:
                got = [getattr(client, method)(), getattr(client, method)()]
            else:  # the object, then its fields as keywords
                got = [getattr(client, method)(request), getattr(client, method)(**as_kwargs(request))]
            stubber.assert_no_pending_responses()
        assert got == [response, response]

    check()


def st_data():
    from hypothesis import strategies as st

    return st.data()


def test_keywords_are_validated_before_anything_is_sent(raw):
    client = ECRClient(raw)
    with Stubber(raw):  # nothing queued: a call that reached botocore would fail differently
        with pytest.raises(ValueError, match="repositoryName: 'Not A Name' does not match pattern"):
            client.describe_images(repositoryName="Not A Name")
        with pytest.raises(TypeError, match="repositoryName"):
            client.describe_images()
        with pytest.raises(UnStubbedResponseError):
            client.describe_images(repositoryName="web")


def test_a_request_object_and_keywords_together_are_refused(raw):
    client = ECRClient(raw)
    request = ecr_attrs.DescribeImagesRequestRequestTypeDef(repositoryName="web")
    with pytest.raises(
        TypeError, match="takes a DescribeImagesRequestRequestTypeDef or keyword arguments, not both"
    ):
        client.describe_images(request, maxResults=5)
    with pytest.raises(TypeError, match="takes a DescribeImagesRequestRequestTypeDef, not ListImagesRequest"):
        client.describe_images(ecr_attrs.ListImagesRequestRequestTypeDef(repositoryName="web"))


def test_operations_without_output_return_none(raw):
    client = ECRClient(raw)
    arn = "arn:aws:ecr:us-east-1:123456789012:repository/web"
    with Stubber(raw) as stubber:
        stubber.add_response("tag_resource", {}, {"resourceArn": arn, "tags": [{"Key": "k", "Value": "v"}]})
        assert client.tag_resource(resourceArn=arn, tags=[ecr_attrs.TagTypeDef(Key="k", Value="v")]) is None


# Paginators.


def digest(i: int) -> str:
    return "sha256:" + f"{i:064x}"


def images_page(first: int, count: int, token: str | None) -> dict:
    page = {"imageDetails": [{"imageDigest": digest(i)} for i in range(first, first + count)]}
    return page | ({"nextToken": token} if token else {})


PAGES = {None: images_page(0, 2, "t1"), "t1": images_page(2, 2, "t2"), "t2": images_page(4, 2, None)}


def queue_pages(stubber: Stubber, *tokens: str | None) -> None:
    """Queue the pages that start at these tokens, each expecting its own request."""
    for token in tokens or (None, "t1", "t2"):
        expected = {"repositoryName": "web", "maxResults": 2} | ({"nextToken": token} if token else {})
        # A copy: botocore's paginator cuts a page short in place when MaxItems ends inside it.
        stubber.add_response("describe_images", copy.deepcopy(PAGES[token]), expected)


def test_pages_come_structured_with_their_next_token(raw):
    paginator = ECRClient(raw).get_paginator("describe_images")
    with Stubber(raw) as stubber:
        queue_pages(stubber)
        pages = list(
            paginator.paginate(
                repositoryName="web", PaginationConfig=ecr_attrs.PaginatorConfigTypeDef(PageSize=2)
            )
        )
    assert [type(p) for p in pages] == [ecr_attrs.DescribeImagesResponseTypeDef] * 3
    assert [p.nextToken for p in pages] == ["t1", "t2", None]


def test_items_run_across_pages_in_order(raw):
    paginator = ECRClient(raw).get_paginator("describe_images")
    request = ecr_attrs.DescribeImagesRequestDescribeImagesPaginateTypeDef(
        repositoryName="web", PaginationConfig=ecr_attrs.PaginatorConfigTypeDef(PageSize=2)
    )
    with Stubber(raw) as stubber:
        queue_pages(stubber)
        items = list(paginator.items(request))
        stubber.assert_no_pending_responses()
    assert [i.imageDigest for i in items] == [digest(i) for i in range(6)]


def test_max_items_stops_with_a_token_that_resumes_where_it_stopped(raw):
    paginator = ECRClient(raw).get_paginator("describe_images")
    with Stubber(raw) as stubber:
        queue_pages(stubber, None, "t1")  # MaxItems=3 stops inside the second page
        first = paginator.paginate(
            repositoryName="web", PaginationConfig=ecr_attrs.PaginatorConfigTypeDef(PageSize=2, MaxItems=3)
        ).build_full_result()
        assert [i.imageDigest for i in first.imageDetails] == [digest(i) for i in range(3)]
        assert first.nextToken is not None  # botocore's NextToken, under the response's own name
        queue_pages(stubber, "t1", "t2")
        rest = list(
            paginator.items(
                ecr_attrs.DescribeImagesRequestDescribeImagesPaginateTypeDef(repositoryName="web"),
                PaginationConfig=ecr_attrs.PaginatorConfigTypeDef(PageSize=2, StartingToken=first.nextToken),
            )
        )
        stubber.assert_no_pending_responses()
    assert [i.imageDigest for i in rest] == [digest(i) for i in range(3, 6)]


def test_a_full_result_without_max_items_has_no_token(raw):
    paginator = ECRClient(raw).get_paginator("describe_images")
    with Stubber(raw) as stubber:
        queue_pages(stubber)
        full = paginator.paginate(
            repositoryName="web", PaginationConfig=ecr_attrs.PaginatorConfigTypeDef(PageSize=2)
        ).build_full_result()
    assert len(full.imageDetails) == 6 and full.nextToken is None


def item_methods(paginator_cls) -> dict[str, str]:
    keys = PAGINATORS[paginator_cls.op.name]["result_keys"]
    if len(keys) == 1:
        return {"items": keys[0]}
    return {xform_name(k.split(".")[-1]): k for k in keys}


def items_at(obj, key: str) -> tuple:
    for part in key.split("."):
        obj = getattr(obj, part) if obj is not None else None
    return obj or ()


@pytest.mark.parametrize("name", sorted(client_module._PAGINATORS))
def test_every_paginator_yields_pages_items_and_a_merged_result(raw, name):
    client = ECRClient(raw)
    paginator = client.get_paginator(name)
    op = paginator.op
    request = instance(model(paginator.request_class), full=False)
    base = instance(model(op.response), full=True)
    pages = [attrs.evolve(base, nextToken=t) for t in ("p1", "p2", None)]
    params = without_boto3_settings(request)

    def queue(stubber):
        for token, page in zip((None, "p1", "p2"), pages):
            stubber.add_response(
                op.method, unstructure(page), params | ({"nextToken": token} if token else {})
            )

    methods = item_methods(type(paginator))
    with Stubber(raw) as stubber:
        queue(stubber)
        assert list(paginator.paginate(request)) == pages
        for method, key in methods.items():
            queue(stubber)
            expected = [item for page in pages for item in items_at(page, key)]
            assert expected and list(getattr(paginator, method)(**as_kwargs(request))) == expected
        queue(stubber)
        full = paginator.paginate(request).build_full_result()
        stubber.assert_no_pending_responses()
    for key in methods.values():
        assert items_at(full, key) == tuple(item for page in pages for item in items_at(page, key))
    assert full.nextToken is None


def test_the_scan_findings_paginator_has_a_method_per_result_key():
    assert set(item_methods(client_module.DescribeImageScanFindingsPaginator)) == {
        "findings",
        "enhanced_findings",
    }
    assert not hasattr(client_module.DescribeImageScanFindingsPaginator, "items")


def test_an_unknown_paginator_or_waiter_name_is_refused(raw):
    client = ECRClient(raw)
    with pytest.raises(ValueError, match="no paginator named 'describe_everything'"):
        client.get_paginator("describe_everything")
    with pytest.raises(ValueError, match="no waiter named 'image_pushed'"):
        client.get_waiter("image_pushed")


# Waiters.


def waiter_responses(name: str, *statuses: str) -> list:
    facts = WAITERS[name]
    response_cls = model(OPERATIONS[facts["operation"]]["output"])
    base = instance(response_cls, full=False)
    if name == "ImageScanComplete":
        return [
            attrs.evolve(base, imageScanStatus=ecr_attrs.ImageScanStatusTypeDef(status=s)) for s in statuses
        ]
    return [attrs.evolve(base, status=s) for s in statuses]


def queue_waiter(stubber, name, request, responses):
    method = xform_name(WAITERS[name]["operation"])
    for response in responses:
        stubber.add_response(method, unstructure(response), without_boto3_settings(request))


@pytest.mark.parametrize("name", sorted(WAITERS))
def test_a_wait_returns_the_response_that_ended_it(raw, name):
    waiter = ECRClient(raw).get_waiter(xform_name(name))
    request = instance(model(WAITERS[name]["class"]), full=False)
    responses = waiter_responses(name, "IN_PROGRESS", "IN_PROGRESS", "COMPLETE")
    with Stubber(raw) as stubber:
        queue_waiter(stubber, name, request, responses)
        assert waiter.wait(request, WaiterConfig=NO_DELAY) == responses[-1]
        stubber.assert_no_pending_responses()


@pytest.mark.parametrize("name", sorted(WAITERS))
def test_a_failed_wait_raises_with_the_last_response(raw, name):
    waiter = ECRClient(raw).get_waiter(xform_name(name))
    request = instance(model(WAITERS[name]["class"]), full=False)
    responses = waiter_responses(name, "IN_PROGRESS", "FAILED")
    with Stubber(raw) as stubber:
        queue_waiter(stubber, name, request, responses)
        with pytest.raises(ecr_errors.WaiterError, match="terminal failure state") as caught:
            waiter.wait(**as_kwargs(request), WaiterConfig=NO_DELAY)
    assert caught.value.response == responses[-1]
    assert caught.value.last_response == unstructure(responses[-1])
    assert caught.value.error is None


@pytest.mark.parametrize("name", sorted(WAITERS))
def test_a_wait_that_runs_out_of_attempts_raises_with_the_last_response(raw, name):
    waiter = ECRClient(raw).get_waiter(xform_name(name))
    request = attrs.evolve(
        instance(model(WAITERS[name]["class"]), full=False),
        WaiterConfig=ecr_attrs.WaiterConfigTypeDef(Delay=0, MaxAttempts=3),
    )
    responses = waiter_responses(name, "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS")
    with Stubber(raw) as stubber:
        queue_waiter(stubber, name, request, responses)
        with pytest.raises(ecr_errors.WaiterError, match="Max attempts exceeded") as caught:
            waiter.wait(request)
        stubber.assert_no_pending_responses()
    assert caught.value.response == responses[-1]


def test_a_wait_ended_by_an_error_carries_the_typed_error(raw):
    waiter = ECRClient(raw).get_waiter("image_scan_complete")
    with Stubber(raw) as stubber:
        stubber.add_client_error("describe_image_scan_findings", "ScanNotFoundException", "no scan", 400)
        with pytest.raises(ecr_errors.WaiterError) as caught:
            waiter.wait(
                repositoryName="web",
                imageId=ecr_attrs.ImageIdentifierTypeDef(imageTag="v1"),
                WaiterConfig=NO_DELAY,
            )
    assert caught.value.response is None
    assert isinstance(caught.value.error, ecr_errors.ScanNotFoundException)
    assert caught.value.error.message == "no scan"


# Errors.


def operation_raising(shape: str) -> str:
    return next(op for op, facts in sorted(OPERATIONS.items()) if shape in facts["errors"])


def call_with_minimal_request(client, operation):
    cls_name = OPERATIONS[operation]["input"]
    method = getattr(client, xform_name(operation))
    return method(instance(model(cls_name), full=False)) if cls_name else method()


def test_there_is_a_class_per_modeled_error():
    assert len(ERROR_SHAPES) == len(ecr_errors.ERRORS) == 50
    for shape in ERROR_SHAPES:
        cls = ecr_errors.ERRORS[shape.removesuffix("TypeDef")]
        assert issubclass(cls, ecr_errors.ECRServiceError) and issubclass(cls, ClientError)
        assert cls.shape_name == shape
        assert getattr(ECRClient.exceptions, cls.__name__) is cls


@pytest.mark.parametrize("shape", ERROR_SHAPES)
def test_every_modeled_error_raises_its_class_with_its_fields(raw, shape):
    client = ECRClient(raw)
    operation = operation_raising(shape)
    fields = instance(model(shape), full=True)
    code = shape.removesuffix("TypeDef")
    with Stubber(raw) as stubber:
        stubber.add_client_error(
            xform_name(operation), code, fields.message, 409, modeled_fields=unstructure(fields)
        )
        with pytest.raises(ecr_errors.ERRORS[code]) as caught:
            call_with_minimal_request(client, operation)
    error = caught.value
    assert (error.code, error.message, error.operation_name, error.http_status) == (
        code,
        fields.message,
        operation,
        409,
    )
    assert error.shape == fields
    assert isinstance(error, getattr(raw.exceptions, code))  # boto3's own class still catches it
    assert type(error.__cause__) is getattr(raw.exceptions, code)


def test_an_error_fields_are_attributes_of_its_class(raw):
    client = ECRClient(raw)
    upload = "0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90"
    with ECRStubber(client) as stub:
        stub.add_error(
            ecr_errors.InvalidLayerPartException,
            ecr_attrs.InvalidLayerPartExceptionTypeDef(uploadId=upload, lastValidByteReceived=1023),
            operation="upload_layer_part",
            message="the part does not follow the last one",
        )
        with pytest.raises(ecr_errors.InvalidLayerPartException) as caught:
            client.upload_layer_part(
                repositoryName="web",
                uploadId=upload,
                partFirstByte=2048,
                partLastByte=4095,
                layerPartBlob=b"x",
            )
    assert (caught.value.uploadId, caught.value.lastValidByteReceived) == (upload, 1023)
    assert caught.value.message == "the part does not follow the last one"


def test_an_unmodeled_code_raises_the_base_class(raw):
    client = ECRClient(raw)
    with Stubber(raw) as stubber:
        stubber.add_client_error("describe_repositories", "ThrottlingException", "Rate exceeded", 400)
        with pytest.raises(ClientError) as caught:
            client.describe_repositories()
    assert type(caught.value) is ecr_errors.ECRServiceError
    assert (caught.value.code, caught.value.message, caught.value.shape) == (
        "ThrottlingException",
        "Rate exceeded",
        None,
    )


def test_errors_stay_assignable_and_pickle(raw):
    client = ECRClient(raw)
    with Stubber(raw) as stubber:
        stubber.add_client_error("describe_repositories", "RepositoryNotFoundException", "gone", 400)
        try:
            client.describe_repositories(repositoryNames=["web"])
        except ecr_errors.RepositoryNotFoundException as caught:
            error = caught
    error.__traceback__ = None
    error.__cause__ = None
    error.__context__ = None
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ecr_errors.RepositoryNotFoundException
    assert (copy.code, copy.message, copy.shape) == (error.code, error.message, error.shape)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        error.shape.message = "changed"


def test_errors_while_paging_are_typed_too(raw):
    paginator = ECRClient(raw).get_paginator("describe_images")
    with Stubber(raw) as stubber:
        stubber.add_client_error("describe_images", "RepositoryNotFoundException", "gone", 400)
        with pytest.raises(ecr_errors.RepositoryNotFoundException):
            list(paginator.items(repositoryName="web"))


# The installed botocore may predate an operation (aiobotocore pins an older one).


def client_without(tmp_path, operation: str):
    """A real botocore client whose ECR model lacks ``operation``, as an older botocore's would."""
    loader = botocore.session.get_session().get_component("data_loader")
    model = loader.load_service_model("ecr", "service-2")
    del model["operations"][operation]
    version = model["metadata"]["apiVersion"]
    folder = tmp_path / "ecr" / version
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps(model))
    source = Path(botocore.__file__).parent / "data" / "ecr" / version
    for extra in source.iterdir():
        if not extra.name.startswith("service-2"):
            shutil.copy(extra, folder / extra.name)
    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, str(tmp_path))
    return session.create_client(
        "ecr", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )


def test_an_operation_the_installed_botocore_lacks_fails_clearly(tmp_path):
    raw = client_without(tmp_path, "DescribeImageSigningStatus")
    client = ECRClient(raw)
    assert not hasattr(raw, "describe_image_signing_status")
    with pytest.raises(
        ecr_errors.UnknownOperationError, match="DescribeImageSigningStatus is not in the ECR model"
    ):
        client.describe_image_signing_status(
            repositoryName="web", imageId=ecr_attrs.ImageIdentifierTypeDef(imageTag="v1")
        )
    with Stubber(raw) as stubber:  # the rest works as before
        stubber.add_response(
            "describe_registry", {"registryId": "123456789012", "replicationConfiguration": {"rules": []}}
        )
        assert client.describe_registry().registryId == "123456789012"


def test_the_overhead_measurement_runs():
    from benchmarks.client_overhead import main

    assert main(["--calls", "3", "--rounds", "1"]) == 0


def _async_free(annotation: str) -> str:
    """An annotation as the sync client spells it: ``_rt.AsyncPageIterator[X]`` -> ``_rt.PageIterator[X]``."""
    return re.sub(r"\bAsync(?=[A-Z])", "", annotation)


def _signature(function) -> str:
    signature = inspect.signature(function)
    return str(signature.replace(return_annotation=_async_free(signature.return_annotation)))


@pytest.mark.parametrize(
    ("sync_name", "async_name"),
    [("ecr_attrs.client", "ecr_attrs.aio"), ("ecr_attrs.public.client", "ecr_attrs.public.aio")],
)
def test_the_sync_and_async_clients_have_the_same_methods_signatures_and_docstrings(sync_name, async_name):
    sync_module, async_module = importlib.import_module(sync_name), importlib.import_module(async_name)

    def classes(module):
        return {
            name.removeprefix("Async"): cls
            for name, cls in vars(module).items()
            if inspect.isclass(cls) and cls.__module__ == module.__name__
        }

    sync_classes, async_classes = classes(sync_module), classes(async_module)
    assert sorted(sync_classes) == sorted(async_classes)
    for name, sync_cls in sync_classes.items():
        async_cls = async_classes[name]
        if name.endswith("Client"):  # its example calls are awaited
            assert sync_cls.__doc__ == async_cls.__doc__.replace("``await client.", "``client.")
        else:
            assert sync_cls.__doc__ == async_cls.__doc__, name
        methods = {n for n, v in vars(sync_cls).items() if inspect.isfunction(v)}
        assert methods == {n for n, v in vars(async_cls).items() if inspect.isfunction(v)}, name
        for method in methods:
            sync_fn, async_fn = vars(sync_cls)[method], vars(async_cls)[method]
            where = f"{name}.{method}"
            assert _signature(sync_fn) == _signature(async_fn), where
            assert [_signature(f) for f in typing.get_overloads(sync_fn)] == [
                _signature(f) for f in typing.get_overloads(async_fn)
            ], where
            assert sync_fn.__doc__ == async_fn.__doc__, where
            assert not inspect.iscoroutinefunction(sync_fn), where
            # what calls the service is awaited; paginators hand back (async) iterators at once
            calls = method not in ("paginate", "get_paginator", "get_waiter") and not name.endswith(
                "Paginator"
            )
            assert inspect.iscoroutinefunction(async_fn) == calls, where


def test_the_sync_client_modules_name_nothing_async():
    package = Path(client_module.__file__).parent
    for sync_path in (package / "client.py", package / "public" / "client.py"):
        text = sync_path.read_text(encoding="utf-8")
        assert not re.findall(r"\b(?:async|await)\b|\bAsync[A-Z]|aiobotocore", text), sync_path
