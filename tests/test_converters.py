"""structure() and unstructure(): boto3's dicts in and out, losslessly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from dateutil.tz import tzlocal
from samples import MODEL_CLASSES, instance, wrong_type

import ecr_attrs
from ecr_attrs import (
    StructureError,
    UnknownValue,
    json_converter,
    make_converter,
    structure,
    unstructure,
)

strict = make_converter(forbid_extra_keys=True)


def image_detail(**extra):
    return {
        "registryId": "123456789012",
        "repositoryName": "team/web",
        "imageDigest": "sha256:" + "ab" * 32,
        "imageTags": ["v1.4.2", "latest"],
        "imageSizeInBytes": 48_213_004,
        "imagePushedAt": datetime(2024, 5, 17, 9, 30, tzinfo=tzlocal()),
        "imageScanStatus": {"status": "COMPLETE", "description": "The scan was completed successfully."},
        "imageScanFindingsSummary": {
            "imageScanCompletedAt": datetime(2024, 5, 17, 9, 31, tzinfo=UTC),
            "vulnerabilitySourceUpdatedAt": datetime(2024, 5, 16, 23, 0, tzinfo=UTC),
            "findingSeverityCounts": {"HIGH": 2, "LOW": 7},
        },
        "imageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
        **extra,
    }


def describe_images(**extra):
    return {
        "imageDetails": [image_detail(), image_detail(imageTags=[])],
        "ResponseMetadata": {
            "RequestId": "0d0c8a0e-3c5e-4a4b-9e4e-6d7a1c2b3f40",
            "HTTPStatusCode": 200,
            "HTTPHeaders": {"content-type": "application/x-amz-json-1.1"},
            "RetryAttempts": 0,
        },
        **extra,
    }


# -- round trips ---------------------------------------------------------------


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_structure_of_unstructure_is_the_same_object(cls, full):
    obj = instance(cls, full=full)
    assert structure(unstructure(obj), cls) == obj


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_unstructure_of_structure_is_the_same_dict(cls):
    data = unstructure(instance(cls))
    assert unstructure(structure(data, cls)) == data


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_json_round_trip(cls):
    obj = instance(cls)
    text = json.dumps(json_converter.unstructure(obj))
    assert json_converter.structure(json.loads(text), cls) == obj


def test_a_realistic_response_round_trips_exactly():
    data = describe_images(nextToken="eyJuZXh0IjoyfQ==")
    response = structure(data, ecr_attrs.DescribeImagesResponseTypeDef)
    assert response.imageDetails[0].imageScanFindingsSummary.findingSeverityCounts["HIGH"] == 2
    assert response.imageDetails[1].imageTags == ()
    assert unstructure(response) == data


def test_unstructure_gives_plain_dicts_and_lists():
    out = unstructure(structure(describe_images(), ecr_attrs.DescribeImagesResponseTypeDef))
    assert type(out["imageDetails"]) is list
    assert type(out["imageDetails"][0]["imageTags"]) is list
    assert type(out["imageDetails"][0]["imageScanFindingsSummary"]["findingSeverityCounts"]) is dict
    assert type(out["imageDetails"][0]["imagePushedAt"]) is datetime


def test_none_is_left_out_and_falsy_values_are_kept():
    request = ecr_attrs.ListImagesRequestRequestTypeDef(repositoryName="web", maxResults=1)
    assert unstructure(request) == {"repositoryName": "web", "maxResults": 1}
    config = ecr_attrs.ImageScanningConfigurationTypeDef(scanOnPush=False)
    assert unstructure(config) == {"scanOnPush": False}
    summary = ecr_attrs.ImageScanFindingsSummaryTypeDef(findingSeverityCounts={})
    assert unstructure(summary) == {"findingSeverityCounts": {}}
    detail = ecr_attrs.ImageDetailTypeDef(imageTags=[], imageSizeInBytes=0, repositoryName="")
    assert unstructure(detail) == {"imageTags": [], "imageSizeInBytes": 0, "repositoryName": ""}


def test_order_of_sequences_is_kept():
    data = {"imageTags": ["z", "a", "m"]}
    assert unstructure(structure(data, ecr_attrs.ImageDetailTypeDef)) == data


def test_tuples_are_accepted_for_lists():
    assert structure({"imageTags": ("a", "b")}, ecr_attrs.ImageDetailTypeDef).imageTags == ("a", "b")


# -- datetimes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-05-17T09:30:00Z", datetime(2024, 5, 17, 9, 30, tzinfo=UTC)),
        ("2024-05-17T11:30:00+02:00", datetime(2024, 5, 17, 9, 30, tzinfo=UTC)),
        (1715938200, datetime(2024, 5, 17, 9, 30, tzinfo=UTC)),
        (1715938200.5, datetime(2024, 5, 17, 9, 30, 0, 500000, tzinfo=UTC)),
    ],
)
def test_datetimes_are_read_from_iso_text_and_epoch_seconds(given, expected):
    assert structure({"imagePushedAt": given}, ecr_attrs.ImageDetailTypeDef).imagePushedAt == expected


def test_datetimes_keep_their_offset():
    when = datetime(2024, 5, 17, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    out = structure({"imagePushedAt": when}, ecr_attrs.ImageDetailTypeDef).imagePushedAt
    assert out.utcoffset() == timedelta(hours=2)
    back = json_converter.structure(
        json_converter.unstructure(ecr_attrs.ImageDetailTypeDef(imagePushedAt=when)),
        ecr_attrs.ImageDetailTypeDef,
    )
    assert back.imagePushedAt.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (True, "expected a datetime, an ISO 8601 string or epoch seconds, got True"),
        ("yesterday", "expected a datetime, an ISO 8601 string or epoch seconds, got 'yesterday'"),
        ("2024-05-17T09:30:00", "has no UTC offset"),
        (datetime(2024, 5, 17), "has no timezone"),
        (10**20, "out of range"),
        (float("nan"), "out of range"),
    ],
)
def test_bad_datetimes_are_rejected_with_a_reason(given, reason):
    with pytest.raises(StructureError) as caught:
        structure({"imagePushedAt": given}, ecr_attrs.ImageDetailTypeDef)
    assert caught.value.problems[0].path == "$.imagePushedAt"
    assert reason in caught.value.problems[0].reason


def test_json_mode_writes_iso_text_and_base64():
    part = ecr_attrs.UploadLayerPartRequestRequestTypeDef(
        repositoryName="web",
        uploadId="0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90",
        partFirstByte=0,
        partLastByte=2,
        layerPartBlob=b"\x00\xff\x10",
    )
    out = json_converter.unstructure(part)
    assert out["layerPartBlob"] == "AP8Q"
    assert json_converter.structure(out, type(part)) == part
    detail = json_converter.unstructure(
        ecr_attrs.ImageDetailTypeDef(imagePushedAt=datetime(2024, 1, 2, tzinfo=UTC))
    )
    assert detail == {"imagePushedAt": "2024-01-02T00:00:00+00:00"}


# -- the odd fields ----------------------------------------------------------------


def test_the_union_of_scanning_rules_takes_dicts_and_either_class():
    rule = {
        "scanFrequency": "SCAN_ON_PUSH",
        "repositoryFilters": [{"filter": "prod-*", "filterType": "WILDCARD"}],
    }
    output_rule = ecr_attrs.RegistryScanningRuleOutputTypeDef(
        scanFrequency="MANUAL",
        repositoryFilters=[ecr_attrs.ScanningRepositoryFilterTypeDef(filter="*", filterType="WILDCARD")],
    )
    request = structure(
        {"scanType": "ENHANCED", "rules": [rule, output_rule]},
        ecr_attrs.PutRegistryScanningConfigurationRequestRequestTypeDef,
    )
    assert isinstance(request.rules[0], ecr_attrs.RegistryScanningRuleTypeDef)
    assert request.rules[1] is output_rule
    assert unstructure(request)["rules"] == [rule, unstructure(output_rule)]


def test_the_blob_of_a_layer_part_is_kept_as_given():
    data = {
        "repositoryName": "web",
        "uploadId": "0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90",
        "partFirstByte": 0,
        "partLastByte": 4,
    }
    for blob in (b"\x00\x01\x02\x03\x04", "text!"):
        assert (
            unstructure(
                structure({**data, "layerPartBlob": blob}, ecr_attrs.UploadLayerPartRequestRequestTypeDef)
            )["layerPartBlob"]
            == blob
        )


# -- forward compatibility ---------------------------------------------------------


def test_unknown_keys_are_ignored_by_default():
    """Keeping them is opt-in: see test_unknown_keys.py."""
    data = describe_images()
    data["imageDetails"][0]["subjectManifestDigest"] = "sha256:" + "0" * 64
    response = structure({**data, "brandNewKey": 1}, ecr_attrs.DescribeImagesResponseTypeDef)
    assert "brandNewKey" not in unstructure(response)


def test_unknown_keys_are_kept_on_request_and_put_back():
    keep = make_converter(keep_unknown_keys=True)
    data = describe_images()
    data["imageDetails"][1]["brandNewNestedKey"] = ["x"]
    response = keep.structure({**data, "brandNewKey": 1}, ecr_attrs.DescribeImagesResponseTypeDef)
    assert ecr_attrs.unknown_keys(response) == {"brandNewKey": 1}
    assert keep.unstructure(response) == {**data, "brandNewKey": 1}


def test_unknown_enum_values_are_kept_and_marked():
    data = image_detail(imageScanStatus={"status": "QUANTUM_SCANNED"})
    data["imageScanFindingsSummary"]["findingSeverityCounts"] = {"HIGH": 1, "APOCALYPTIC": 3}
    detail = structure(data, ecr_attrs.ImageDetailTypeDef)
    status = detail.imageScanStatus.status
    assert status == "QUANTUM_SCANNED" and isinstance(status, UnknownValue)
    assert not isinstance(
        structure(image_detail(), ecr_attrs.ImageDetailTypeDef).imageScanStatus.status, UnknownValue
    )
    keys = list(detail.imageScanFindingsSummary.findingSeverityCounts)
    assert [isinstance(k, UnknownValue) for k in keys] == [False, True]
    assert unstructure(detail)["imageScanStatus"]["status"] == "QUANTUM_SCANNED"


def test_strict_mode_rejects_unknown_keys_and_enum_values():
    data = image_detail(imageScanStatus={"status": "QUANTUM_SCANNED"}, shinyNewField=1)
    with pytest.raises(StructureError) as caught:
        strict.structure(data, ecr_attrs.ImageDetailTypeDef)
    assert [(p.path, p.reason) for p in caught.value.problems] == [
        ("$.imageScanStatus.status", "'QUANTUM_SCANNED' is not a value this release knows (strict mode)"),
        ("$.shinyNewField", "unknown key"),
    ]
    assert strict.structure(image_detail(), ecr_attrs.ImageDetailTypeDef) == structure(
        image_detail(), ecr_attrs.ImageDetailTypeDef
    )


# -- strictness: the converter and the constructor agree -------------------------------


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_the_converter_rejects_what_the_constructor_rejects(cls):
    """Field by field, a wrong value fails both ways, naming the same field."""
    data = unstructure(instance(cls))
    for field in attrs.fields(cls):
        bad = wrong_type(field.validator)
        with pytest.raises((TypeError, ValueError)):
            cls(**{**{f.name: getattr(instance(cls), f.name) for f in attrs.fields(cls)}, field.name: bad})
        if isinstance(bad, dict):
            bad = 12345  # a dict is what structuring turns into an instance, so it is not wrong there
        with pytest.raises(StructureError) as caught:
            structure({**data, field.name: bad}, cls)
        assert caught.value.problems[0].path.startswith(f"$.{field.name}")


def test_constraints_apply_when_structuring_a_request():
    with pytest.raises(StructureError) as caught:
        structure({"repositoryName": "My Repo", "maxResults": 0}, ecr_attrs.ListImagesRequestRequestTypeDef)
    assert [p.path for p in caught.value.problems] == ["$.repositoryName", "$.maxResults"]
    assert "does not match pattern" in caught.value.problems[0].reason
    assert "less than the minimum 1" in caught.value.problems[1].reason


def test_structure_accepts_instances_already_built():
    detail = instance(ecr_attrs.ImageDetailTypeDef)
    assert structure(detail, ecr_attrs.ImageDetailTypeDef) is detail


def test_the_converter_works_for_user_classes_that_hold_ours():
    @attrs.frozen
    class Snapshot:
        label: str
        images: list[ecr_attrs.ImageDetailTypeDef]

    converter = make_converter()
    snapshot = converter.structure({"label": "nightly", "images": [image_detail()]}, Snapshot)
    assert snapshot.images[0].repositoryName == "team/web"
    assert converter.unstructure(snapshot)["images"][0] == image_detail()
