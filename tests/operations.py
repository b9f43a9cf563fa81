"""Which operation each request and response class belongs to, from the facts file."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import botocore.session
from botocore import xform_name
from samples import instance

import ecr_attrs
from ecr_attrs import unstructure

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())["classes"]
MODEL = botocore.session.get_session().get_service_model("ecr")
BOTO3_ONLY = ("PaginationConfig", "WaiterConfig")


def classes_with_role(*roles: str) -> list[type]:
    return [getattr(ecr_attrs, name) for name, facts in FACTS.items() if facts["role"] in roles]


REQUEST_CLASSES = classes_with_role("input", "paginate", "wait")
RESPONSE_CLASSES = classes_with_role("output")


def operation_of(cls: type) -> str:
    return FACTS[cls.__name__]["operation"]


def method_of(cls: type) -> str:
    return xform_name(operation_of(cls))


def input_shape_of(cls: type):
    return MODEL.operation_model(operation_of(cls)).input_shape


def botocore_params(obj) -> dict:
    """What boto3 validates: the paginator and waiter settings are boto3's own."""
    params = unstructure(obj)
    for key in BOTO3_ONLY:
        params.pop(key, None)
    return params


def request_params(operation: str) -> dict:
    """Valid parameters for ``operation``, built from its request class (if it takes any)."""
    cls = getattr(ecr_attrs, f"{operation}RequestRequestTypeDef", None)
    return unstructure(instance(cls, full=False)) if cls is not None else {}


def offline_client():
    """A real boto3 client for botocore's Stubber; it never sends a request."""
    return boto3.client(
        "ecr", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
