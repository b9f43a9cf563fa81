"""Values AWS sends that botocore's model lacks are part of the models (``spec/ecr_overrides.toml``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import botocore.session
import pytest
from botocore.stub import Stubber

from ecr_attrs import make_converter, models, unstructure

OVERRIDES = tomllib.loads((Path(__file__).parent.parent / "spec" / "ecr_overrides.toml").read_text("utf-8"))
ADDED = [(shape, value) for shape, values in OVERRIDES["enum_additions"].items() for value in values]


def enhanced_scan_response(severity_counts):
    return {
        "registryId": "123456789012",
        "repositoryName": "team/web",
        "imageId": {"imageDigest": "sha256:" + "ab" * 32},
        "imageScanStatus": {"status": "ACTIVE"},
        "imageScanFindings": {"findingSeverityCounts": severity_counts},
    }


def test_strict_mode_takes_an_enhanced_scan_with_untriaged_findings():
    response = enhanced_scan_response({"MEDIUM": 1, "UNTRIAGED": 1})
    strict = make_converter(forbid_extra_keys=True)
    obj = strict.structure(response, models.DescribeImageScanFindingsResponseTypeDef)
    assert obj.imageScanFindings.findingSeverityCounts == {"MEDIUM": 1, "UNTRIAGED": 1}
    assert unstructure(obj) == response


def test_botocore_accepts_the_same_response():
    client = botocore.session.get_session().create_client(
        "ecr", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stub:
        stub.add_response("describe_image_scan_findings", enhanced_scan_response({"UNTRIAGED": 3}))
        client.describe_image_scan_findings(repositoryName="team/web", imageId={"imageTag": "v1"})


@pytest.mark.parametrize(("shape", "value"), ADDED)
def test_every_added_value_is_in_its_literal_and_listed_as_a_difference(shape, value):
    from typing import get_args

    assert value in get_args(getattr(models, shape))
    listed = [d for d in models.SPEC_DIFFERENCES if d[2] == f"{shape} + {value}"]
    assert listed, f"{shape} + {value} is not in SPEC_DIFFERENCES"


@pytest.mark.parametrize(("shape", "value"), ADDED)
def test_no_added_value_is_already_in_the_installed_model(shape, value):
    model = botocore.session.get_session().get_service_model("ecr")
    assert value not in model.shape_for(shape).enum, f"botocore now has {shape} {value}: drop the override"
