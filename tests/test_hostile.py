"""Hostile input: pattern checks cannot hang, bad shapes at any depth get a
path, and nothing leaks or recurses without bound."""

from __future__ import annotations

import itertools
import json
import re
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import MODEL_CLASSES, PATTERN_SAMPLES

import ecr_attrs
from codegen.patterns import LINEAR_FORMS
from ecr_attrs import StructureError, structure
from ecr_attrs import _validators as v

FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())["classes"]
# Characters the patterns treat specially, and ones they forbid.
ALPHABET = "a0Z*._-/:=@+"
ENDINGS = "!\n A"
NO_MAX = 100_000


def facts_patterns() -> dict[str, int]:
    """Every pattern of the facts file, with the largest maximum length it is used with."""
    found: dict[str, int] = {}

    def walk(member: dict) -> None:
        if "pattern" in member:
            found[member["pattern"]] = max(found.get(member["pattern"], 0), member.get("max", NO_MAX))
        for key in ("member", "key", "value"):
            if key in member:
                walk(member[key])

    for facts in FACTS.values():
        for member in facts.get("members", {}).values():
            walk(member)
    return found


def text_rules() -> dict[str, list[v.Text]]:
    """The Text validators of the models, by the pattern they enforce."""
    rules: dict[str, list[v.Text]] = {}

    def walk(rule: v.Validator) -> None:
        if isinstance(rule, v.Nullable):
            walk(rule.inner)
        elif isinstance(rule, v.SequenceOf):
            walk(rule.element)
        elif isinstance(rule, v.Text) and rule.pattern:
            rules.setdefault(rule.pattern, [])
            if rule not in rules[rule.pattern]:
                rules[rule.pattern].append(rule)

    for cls in MODEL_CLASSES:
        for field in attrs.fields(cls):
            walk(field.validator)
    return rules


def adversarial(pattern: str, length: int):
    """Long runs of allowed characters, alternating separators and repeated
    optional groups, each ended by a character the pattern forbids."""
    prefixes = ["", PATTERN_SAMPLES.get(pattern, "")]
    for a, b in itertools.product(ALPHABET, repeat=2):
        for unit in (a, a + b, a + a + b, a + b + b):
            for prefix in prefixes:
                body = (prefix + unit * (length // len(unit) + 1))[: length - 1]
                for end in ENDINGS:
                    yield body + end


PATTERNS = facts_patterns()
RULES = text_rules()


def test_every_pattern_of_the_facts_file_is_enforced_by_a_validator():
    enforced = set(RULES)
    # Patterns that only response classes use are documented, not enforced.
    assert enforced <= set(PATTERNS)
    assert len(enforced) >= 9


@pytest.mark.parametrize("pattern", sorted(PATTERNS), ids=lambda p: p[:30])
def test_no_pattern_check_takes_more_than_a_second(pattern):
    """A hang detector, not a benchmark: the bound is orders above the real cost."""
    length = min(PATTERNS[pattern], NO_MAX)
    rules = RULES.get(pattern) or [v.text(pattern=pattern, linear=LINEAR_FORMS.get(pattern))]
    checked = 0
    for rule in rules:
        for value in adversarial(pattern, length):
            start = time.perf_counter()
            rule.problem(value)
            elapsed = time.perf_counter() - start
            assert elapsed < 1.0, f"{pattern!r} took {elapsed:.2f}s on {value[:40]!r}... ({len(value)} chars)"
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize(("original", "linear"), sorted(LINEAR_FORMS.items()), ids=lambda p: p[:30])
def test_linear_forms_accept_exactly_what_the_model_pattern_accepts(original, linear):
    slow, fast = re.compile(original, re.ASCII), re.compile(linear, re.ASCII)

    def agree(value):
        assert bool(slow.fullmatch(value)) == bool(fast.fullmatch(value)), repr(value)

    # Short strings over the characters that matter, where the original is still fast:
    # arbitrary ones (mostly rejected) and prefixes of matching ones (often accepted).
    settings(max_examples=1000, deadline=None)(given(st.text(alphabet="a0*._-/!\nA", max_size=12))(agree))()
    matching = st.from_regex(original, fullmatch=True).map(lambda s: s[:20])
    settings(max_examples=200, deadline=None)(given(matching)(agree))()


def test_length_bounds_are_checked_before_the_pattern():
    huge = "a" * (4 * 1024 * 1024) + "!"
    rule = attrs.fields_dict(ecr_attrs.ScanningRepositoryFilterTypeDef)["filter"].validator
    start = time.perf_counter()
    found = rule.problem(huge)
    assert time.perf_counter() - start < 1.0
    assert "more than the maximum 255" in found.reason


# -- bad shapes at any depth --------------------------------------------------------

BAD_SHAPES = [
    pytest.param(
        {"imageDetails": [{"imageScanStatus": []}]},
        "$.imageDetails[0].imageScanStatus",
        "expected an object",
        id="list for dict",
    ),
    pytest.param(
        {"imageDetails": [{"imageTags": {"a": 1}}]},
        "$.imageDetails[0].imageTags",
        "expected a list or tuple",
        id="dict for list",
    ),
    pytest.param(
        {"imageDetails": [{"imageDigest": 12.5}]},
        "$.imageDetails[0].imageDigest",
        "expected str, got 12.5",
        id="number for string",
    ),
    pytest.param(
        {"imageDetails": [{"imageTags": ["ok", "bad\x00tag"]}]},
        "$.imageDetails[0].imageTags[1]",
        "'\\x00' at index 3",
        id="NUL byte",
    ),
    pytest.param(
        {"imageDetails": [{"repositoryName": "web\ud800"}]},
        "$.imageDetails[0].repositoryName",
        "'\\ud800' at index 3",
        id="lone surrogate",
    ),
    pytest.param(
        {"imageDetails": [{"imageSizeInBytes": float("nan")}]},
        "$.imageDetails[0].imageSizeInBytes",
        "expected int",
        id="NaN for int",
    ),
]


@pytest.mark.parametrize(("data", "path", "reason"), BAD_SHAPES)
def test_bad_shapes_are_rejected_with_a_path(data, path, reason):
    with pytest.raises(StructureError) as caught:
        structure(data, ecr_attrs.DescribeImagesResponseTypeDef)
    (problem,) = caught.value.problems
    assert problem.path == path
    assert reason in problem.reason


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinities_are_rejected_for_floats(value):
    with pytest.raises(StructureError) as caught:
        structure({"score": value}, ecr_attrs.CvssScoreDetailsTypeDef)
    assert str(caught.value.problems[0]) == f"$.score: expected a finite float or int, got {value!r}"


def test_deeply_nested_input_cannot_exhaust_the_stack():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(StructureError) as caught:
        structure(
            {"imageDetails": [{"imageTags": deep}], "nextToken": deep},
            ecr_attrs.DescribeImagesResponseTypeDef,
        )
    assert [p.path for p in caught.value.problems] == ["$.imageDetails[0].imageTags[0]", "$.nextToken"]


def test_accepted_values_are_stored_exactly_as_given():
    tag = "v1.2.3-ünïcode"
    detail = structure({"imageTags": [tag], "imageSizeInBytes": 2**62}, ecr_attrs.ImageDetailTypeDef)
    assert detail.imageTags[0] is tag
    assert detail.imageSizeInBytes == 2**62


def test_an_error_quotes_only_a_short_prefix_of_a_huge_value():
    huge = "x" * (4 * 1024 * 1024)
    with pytest.raises(StructureError) as caught:
        structure({"repositoryName": huge + " "}, ecr_attrs.ListImagesRequestRequestTypeDef)
    assert len(str(caught.value)) < 300
    assert "4194305 characters" in str(caught.value)


def test_credentials_stay_out_of_errors_and_reprs_even_when_invalid():
    secret = "QVdTOnN1cGVyLXNlY3JldA=="
    with pytest.raises(StructureError) as caught:
        structure(
            {"authorizationData": [{"authorizationToken": [secret], "expiresAt": "never"}]},
            ecr_attrs.GetAuthorizationTokenResponseTypeDef,
        )
    assert secret not in str(caught.value) and secret not in repr(caught.value)
    data = ecr_attrs.AuthorizationDataTypeDef(authorizationToken=secret)
    assert secret not in repr(data) and secret not in repr(
        ecr_attrs.GetAuthorizationTokenResponseTypeDef(authorizationData=[data])
    )
