"""``help()`` and an IDE's hover tell what a class holds and what a client method does.

Model classes: every field in order, its type, whether it is required, and each
rule its validator enforces.  Client methods: the operation, its classes, its
paginator and waiters, and the errors botocore's model lists for it (botocore's
own model is the oracle here, not the facts the generator read).
"""

from __future__ import annotations

import inspect
import re

import attrs
import botocore.session
import pytest
from botocore import xform_name
from operations import offline_client

import ecr_attrs
from ecr_attrs import _describe, aio, models
from ecr_attrs import client as client_module

SERVICE = botocore.session.get_session().get_service_model("ecr")
RAW = offline_client()


def flat(text: str) -> str:
    """The docstring with its line breaks undone, as a reader reads a wrapped entry."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", sorted(models.CLASS_NAMES))
def test_a_class_docstring_lists_its_fields_in_order_with_their_rules(name):
    cls = getattr(ecr_attrs, name)
    doc = flat(inspect.getdoc(cls) or "")
    fields = attrs.fields(cls)
    positions = [doc.find(f"- ``{field.name}`` (") for field in fields]
    assert -1 not in positions and positions == sorted(positions)
    entries = [doc[start:end] for start, end in zip(positions, [*positions[1:], len(doc)])]
    for field, entry in zip(fields, entries):
        required = field.default is attrs.NOTHING
        assert (", required)" in entry) is required, entry
        for rule in _describe.constraints(field.validator):
            assert rule in entry, (field.name, rule)


def test_the_rules_read_as_the_service_model_states_them():
    doc = flat(inspect.getdoc(ecr_attrs.CreateRepositoryRequestRequestTypeDef) or "")
    assert "- ``repositoryName`` (str, required): 2 to 256 characters; matches ``[a-z0-9]+" in doc
    assert "- ``imageTagMutability`` (ImageTagMutability): one of ``IMMUTABLE``, ``MUTABLE``" in doc
    token = flat(inspect.getdoc(ecr_attrs.AuthorizationDataTypeDef) or "")
    assert "- ``authorizationToken`` (str): hidden in repr and errors" in token


CLIENTS = [client_module.ECRClient, aio.AsyncECRClient]
OPERATIONS = sorted(SERVICE.operation_names)


@pytest.mark.parametrize("client", CLIENTS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_method_docstring_says_what_the_call_sends_returns_and_raises(client, operation):
    method = getattr(client, xform_name(operation))
    doc = flat(inspect.getdoc(method) or "")
    model = SERVICE.operation_model(operation)
    assert f"Sends ``{operation}``" in doc
    op = getattr(client_module, "_" + xform_name(operation).upper())
    for name in (op.request, op.response):
        assert name is None or f"``{name}``" in doc
    if op.request is not None:
        assert "nothing is sent unless it is valid" in doc
    for error in model.error_shapes:
        assert f"``{error.name}``" in doc
    assert ("get_paginator(" in doc) is RAW.can_paginate(xform_name(operation))
