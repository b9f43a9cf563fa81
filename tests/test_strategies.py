"""Every class: generated instances are valid, round-trip, and satisfy botocore."""

from __future__ import annotations

import json
import time

import pytest
from botocore.stub import Stubber
from botocore.validate import validate_parameters
from hypothesis import given, settings
from hypothesis import strategies as st
from operations import (
    REQUEST_CLASSES,
    RESPONSE_CLASSES,
    botocore_params,
    input_shape_of,
    method_of,
    offline_client,
    operation_of,
    request_params,
)
from samples import MODEL_CLASSES

import ecr_attrs
from ecr_attrs import json_converter, structure, unstructure
from ecr_attrs.strategies import boto3_dicts, from_type

EXAMPLES = 20
CLIENT = offline_client()
ROLE = {cls: "request" for cls in REQUEST_CLASSES} | {cls: "response" for cls in RESPONSE_CLASSES}


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_generated_instances_are_valid_and_round_trip(cls):
    @settings(max_examples=EXAMPLES, deadline=None)
    @given(obj=from_type(cls))
    def check(obj):
        assert type(obj) is cls
        assert cls(**{name: getattr(obj, name) for name in obj.__slots__ if not name.startswith("__")}) == obj
        assert structure(unstructure(obj), cls) == obj
        text = json.dumps(json_converter.unstructure(obj))
        assert json_converter.structure(json.loads(text), cls) == obj
        if ROLE.get(cls) == "request":
            validate_parameters(botocore_params(obj), input_shape_of(cls))
        elif ROLE.get(cls) == "response":
            with Stubber(CLIENT) as stubber:
                stubber.add_response(method_of(cls), unstructure(obj))
                got = getattr(CLIENT, method_of(cls))(**request_params(operation_of(cls)))
            assert structure(got, cls) == obj

    check()


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_boto3_dicts_structure_without_error(cls):
    @settings(max_examples=10, deadline=None)
    @given(data=boto3_dicts(cls))
    def check(data):
        assert unstructure(structure(data, cls)) == data

    check()


@settings(max_examples=10, deadline=None)
@given(st.from_type(ecr_attrs.DescribeImagesResponseTypeDef))
def test_hypothesis_finds_the_registered_strategies(response):
    assert isinstance(response, ecr_attrs.DescribeImagesResponseTypeDef)


def test_optional_fields_appear_both_absent_and_present():
    seen_none, seen_value = set(), set()

    @settings(max_examples=60, deadline=None)
    @given(from_type(ecr_attrs.ImageDetailTypeDef))
    def collect(detail):
        for name in ("imageTags", "imagePushedAt", "imageScanStatus"):
            (seen_none if getattr(detail, name) is None else seen_value).add(name)

    collect()
    assert seen_none == seen_value == {"imageTags", "imagePushedAt", "imageScanStatus"}


def test_the_largest_response_generates_quickly():
    start = time.perf_counter()

    @settings(max_examples=100, deadline=None)
    @given(from_type(ecr_attrs.DescribeImageScanFindingsResponseTypeDef))
    def build(_):
        pass

    build()
    # A hang detector with a generous bound, not a benchmark.
    assert time.perf_counter() - start < 30
