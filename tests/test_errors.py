"""The bad-input catalogue: every problem is reported, with its path and reason."""

from __future__ import annotations

import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import MODEL_CLASSES

import ecr_attrs
from ecr_attrs import StructureError, make_converter, structure

strict = make_converter(forbid_extra_keys=True)


def problems(data, cls, converter=None):
    with pytest.raises(StructureError) as caught:
        (converter or ecr_attrs.converter).structure(data, cls)
    return [(p.path, p.reason) for p in caught.value.problems]


CATALOGUE = [
    pytest.param(
        {"imageDetails": [{}, {}, {}, {"imagePushedAt": "yesterday"}]},
        ecr_attrs.DescribeImagesResponseTypeDef,
        [
            (
                "$.imageDetails[3].imagePushedAt",
                "expected a datetime, an ISO 8601 string or epoch seconds, got 'yesterday'",
            )
        ],
        id="wrong type at depth",
    ),
    pytest.param(
        {"imageIds": [{"imageTag": "v1"}]},
        ecr_attrs.BatchDeleteImageRequestRequestTypeDef,
        [("$.repositoryName", "required field missing")],
        id="missing required key",
    ),
    pytest.param(
        {"repositoryName": None, "imageIds": [{"imageTag": "v1"}]},
        ecr_attrs.BatchDeleteImageRequestRequestTypeDef,
        [("$.repositoryName", "required field is None")],
        id="None for a required field",
    ),
    pytest.param(
        {"imageTags": "latest"},
        ecr_attrs.ImageDetailTypeDef,
        [("$.imageTags", "expected a list or tuple of str, got 'latest'")],
        id="a string where a list belongs",
    ),
    pytest.param(
        {"imageSizeInBytes": True},
        ecr_attrs.ImageDetailTypeDef,
        [("$.imageSizeInBytes", "expected int, got True")],
        id="a bool where an int belongs",
    ),
    pytest.param(
        {"repository": ["not", "a", "dict"]},
        ecr_attrs.CreateRepositoryResponseTypeDef,
        [("$.repository", "expected an object (RepositoryTypeDef), got a list of 3 items")],
        id="a list where a dict belongs",
    ),
    pytest.param(
        {"imageDetails": {"imageTags": []}},
        ecr_attrs.DescribeImagesResponseTypeDef,
        [("$.imageDetails", "expected a list or tuple of ImageDetailTypeDef, got a dict of 1 item")],
        id="a dict where a list belongs",
    ),
    pytest.param(
        {"vulnerabilitySourceUpdatedAt": "2024-01-01T00:00:00Z", "findingSeverityCounts": {"HIGH": "two"}},
        ecr_attrs.ImageScanFindingsSummaryTypeDef,
        [("$.findingSeverityCounts.HIGH", "expected int, got 'two'")],
        id="a wrong value in a mapping",
    ),
    pytest.param(
        {"baseScore": float("inf")},
        ecr_attrs.CvssScoreTypeDef,
        [("$.baseScore", "expected a finite float or int, got inf")],
        id="infinity for a float",
    ),
    pytest.param(
        "not a dict",
        ecr_attrs.DescribeImagesResponseTypeDef,
        [("$", "expected an object (DescribeImagesResponseTypeDef), got 'not a dict'")],
        id="a non-dict top level",
    ),
    pytest.param(
        None,
        ecr_attrs.DescribeImagesResponseTypeDef,
        [("$", "expected an object (DescribeImagesResponseTypeDef), got None")],
        id="None at the top level",
    ),
]


@pytest.mark.parametrize(("data", "cls", "expected"), CATALOGUE)
def test_catalogue(data, cls, expected):
    assert problems(data, cls) == expected


def test_strict_mode_catalogue():
    data = {"repository": {"repositoryName": "web", "imageTagMutability": "SOMETIMES", "color": "blue"}}
    assert problems(data, ecr_attrs.CreateRepositoryResponseTypeDef, strict) == [
        ("$.repository.imageTagMutability", "'SOMETIMES' is not a value this release knows (strict mode)"),
        ("$.repository.color", "unknown key"),
    ]


def test_every_problem_is_reported_not_only_the_first():
    data = {
        "imageDetails": [
            {"imageTags": [1, "ok", 2], "imageSizeInBytes": "big"},
            {"imageScanStatus": {"status": 7}},
        ],
        "nextToken": 5,
    }
    assert [p for p, _ in problems(data, ecr_attrs.DescribeImagesResponseTypeDef)] == [
        "$.imageDetails[0].imageTags[0]",
        "$.imageDetails[0].imageTags[2]",
        "$.imageDetails[0].imageSizeInBytes",
        "$.imageDetails[1].imageScanStatus.status",
        "$.nextToken",
    ]


def test_the_error_is_a_cattrs_class_validation_error_and_reads_line_by_line():
    with pytest.raises(ClassValidationError) as caught:
        structure(
            {"imageDetails": [{}, {}, {}, {"imagePushedAt": "yesterday"}], "nextToken": 1},
            ecr_attrs.DescribeImagesResponseTypeDef,
        )
    assert str(caught.value) == (
        "2 problems structuring DescribeImagesResponseTypeDef\n"
        "  $.imageDetails[3].imagePushedAt: expected a datetime, an ISO 8601 string or epoch seconds, got 'yesterday'\n"
        "  $.nextToken: expected str, got 1"
    )


def test_a_huge_bad_value_is_quoted_short():
    lines = problems({"nextToken": ["x" * 1_000_000] * 10}, ecr_attrs.DescribeImagesResponseTypeDef)
    assert len(lines[0][1]) < 200


def test_a_secret_is_never_quoted():
    data = {"authorizationData": [{"authorizationToken": ["QVdTOnNlY3JldA=="]}]}
    text = str(
        pytest.raises(StructureError, structure, data, ecr_attrs.GetAuthorizationTokenResponseTypeDef).value
    )
    assert "authorizationToken" in text and "QVdT" not in text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5) | st.binary(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def shaped_like(cls):
    """Dicts with the class's own keys and arbitrary values, to reach deep code paths."""
    import attrs

    names = [f.name for f in attrs.fields(cls)]
    return st.dictionaries(st.sampled_from(names), json_values, max_size=len(names))


@settings(max_examples=25, deadline=None)
@given(data=st.data())
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_no_exception_but_structure_error_escapes(cls, data):
    value = data.draw(json_values | shaped_like(cls))
    try:
        structure(value, cls)
    except StructureError as error:
        assert error.problems and all(p.path.startswith("$") for p in error.problems)
        # The safety net in the converter is for defects; the fuzzer must never reach it.
        assert not any(p.reason.startswith("could not structure") for p in error.problems)
