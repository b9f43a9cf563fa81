"""The models, class by class and field by field, as the spec and the ECR model state them."""

from __future__ import annotations

import collections
import copy
import pickle
import re
import typing

import attrs
import pytest
from samples import MODEL_CLASSES, filler_of, instance, sample, wrong_type

import ecr_attrs
from ecr_attrs import _validators as v
from ecr_attrs import models
from ecr_attrs.models import SPEC_DIFFERENCES
from ecr_attrs.values import FrozenDict, UnknownValue

FIELDS = [(cls, field) for cls in MODEL_CLASSES for field in attrs.fields(cls)]
FIELD_IDS = [f"{cls.__name__}.{field.name}" for cls, field in FIELDS]


def rules_of(field: attrs.Attribute) -> v.Validator:
    rule = field.validator
    return rule.inner if isinstance(rule, v.Nullable) else rule


def full_kwargs(cls: type) -> dict:
    return {f.name: getattr(instance(cls), f.name) for f in attrs.fields(cls)}


def test_every_class_is_exported_and_the_spec_classes_are_among_them():
    assert len(models.SPEC_CLASS_NAMES) == 139
    assert models.SPEC_CLASS_NAMES < models.CLASS_NAMES
    assert len(MODEL_CLASSES) == len(models.CLASS_NAMES)
    for cls in MODEL_CLASSES:
        assert getattr(ecr_attrs, cls.__name__) is cls
        assert issubclass(cls, ecr_attrs.BaseValidatorModel)


def test_public_names_are_sorted_and_exist():
    assert ecr_attrs.__all__ == sorted(ecr_attrs.__all__)
    for name in ecr_attrs.__all__:
        assert getattr(ecr_attrs, name) is not None


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_minimal_and_full_instances_construct(cls):
    minimal = instance(cls, full=False)
    full = instance(cls)
    assert all(
        getattr(minimal, f.name) is None for f in attrs.fields(cls) if isinstance(f.validator, v.Nullable)
    )
    assert all(getattr(full, f.name) is not None for f in attrs.fields(cls))


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_constructor_is_keyword_only(cls):
    with pytest.raises(TypeError):
        cls(*full_kwargs(cls).values())


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=FIELD_IDS)
def test_wrong_type_is_rejected_naming_the_field(cls, field):
    kwargs = full_kwargs(cls)
    kwargs[field.name] = wrong_type(field.validator)
    with pytest.raises((TypeError, ValueError), match=re.escape(f"{cls.__name__}.{field.name}")):
        cls(**kwargs)


@pytest.mark.parametrize(
    ("cls", "field"),
    [(c, f) for c, f in FIELDS if not isinstance(f.validator, v.Nullable)],
    ids=lambda x: getattr(x, "__name__", getattr(x, "name", "")),
)
def test_required_field_cannot_be_left_out_or_none(cls, field):
    kwargs = full_kwargs(cls)
    del kwargs[field.name]
    with pytest.raises(TypeError, match=field.name):
        cls(**kwargs)
    kwargs[field.name] = None
    with pytest.raises(TypeError, match=re.escape(f"{cls.__name__}.{field.name}")):
        cls(**kwargs)


def literal_fields():
    for cls, field in FIELDS:
        rule = rules_of(field)
        if isinstance(rule, v.OneOf):
            yield cls, field, rule


@pytest.mark.parametrize(
    ("cls", "field", "rule"), list(literal_fields()), ids=lambda x: getattr(x, "name", "")
)
def test_literal_accepts_each_value_and_rejects_others(cls, field, rule):
    kwargs = full_kwargs(cls)
    for value in rule.values:
        cls(**{**kwargs, field.name: value})
    with pytest.raises(
        ValueError, match=re.escape(f"{cls.__name__}.{field.name}: 'NOT_A_VALUE' is not one of")
    ):
        cls(**{**kwargs, field.name: "NOT_A_VALUE"})
    # What lenient structuring keeps for a value AWS added later is accepted, explicitly marked.
    assert getattr(cls(**{**kwargs, field.name: UnknownValue("NEW")}), field.name) == "NEW"


def test_literals_hold_the_spec_values_and_the_models_additions():
    assert set(rules_of(attrs.fields_dict(ecr_attrs.RepositoryTypeDef)["imageTagMutability"]).values) == {
        "MUTABLE",
        "IMMUTABLE",
        "IMMUTABLE_WITH_EXCLUSION",
        "MUTABLE_WITH_EXCLUSION",
    }
    assert (
        "KMS_DSSE"
        in rules_of(attrs.fields_dict(ecr_attrs.EncryptionConfigurationTypeDef)["encryptionType"]).values
    )


def bounded_fields():
    """(class, field, path into the value, rule) for every length or range bound."""
    for cls, field in FIELDS:
        rule = rules_of(field)
        if isinstance(rule, v.SequenceOf) and isinstance(rule.element, (v.Text, v.Integer)):
            element = rule.element
            if element.__class__ is v.Text and (element.min_len or element.max_len):
                yield cls, field, "element", element
        if isinstance(rule, (v.Text, v.Integer, v.SequenceOf)):
            low = getattr(rule, "min_len", getattr(rule, "min", None))
            high = getattr(rule, "max_len", getattr(rule, "max", None))
            if low or high is not None:
                yield cls, field, "value", rule


def values_at(rule: v.Validator, size: int):
    """A value of ``rule``'s kind at ``size`` (a length, or a number)."""
    if isinstance(rule, v.Integer):
        return size
    if isinstance(rule, v.SequenceOf):
        return tuple(sample(rule.element) for _ in range(size))
    simple = filler_of(rule.pattern, size)
    if simple is None and rule.pattern is not None and len(sample(rule)) <= size:
        padded = sample(rule) + "a" * (size - len(sample(rule)))
        return padded if re.fullmatch(rule.pattern, padded) else None
    return simple


@pytest.mark.parametrize(
    ("cls", "field", "where", "rule"),
    list(bounded_fields()),
    ids=lambda x: getattr(x, "name", x if isinstance(x, str) else ""),
)
def test_bounds_accept_the_bound_and_reject_one_past_it(cls, field, where, rule):
    kwargs = full_kwargs(cls)
    low = getattr(rule, "min_len", getattr(rule, "min", None))
    high = getattr(rule, "max_len", getattr(rule, "max", None))
    checked = 0

    def build(value):
        return cls(**{**kwargs, field.name: (value,) if where == "element" else value})

    for ok, bad in (
        (low, None if low is None or low == 0 else low - 1),
        (high, None if high is None else high + 1),
    ):
        if ok is None:
            continue
        good, wrong = values_at(rule, ok), values_at(rule, bad) if bad is not None else None
        if good is None:
            continue  # no simple value of that size matches the pattern; covered below
        build(good)
        checked += 1
        if wrong is not None:
            with pytest.raises(ValueError, match=re.escape(f"{cls.__name__}.{field.name}")):
                build(wrong)
    assert checked >= 1


def pattern_fields():
    for cls, field in FIELDS:
        rule = rules_of(field)
        rule = rule.element if isinstance(rule, v.SequenceOf) else rule
        if isinstance(rule, v.Text) and rule.pattern:
            yield cls, field, rule


@pytest.mark.parametrize(
    ("cls", "field", "rule"), list(pattern_fields()), ids=lambda x: getattr(x, "name", "")
)
def test_patterns_accept_a_realistic_value_and_reject_wrong_ones(cls, field, rule):
    kwargs = full_kwargs(cls)
    is_seq = isinstance(rules_of(field), v.SequenceOf)
    good = sample(rule)
    cls(**{**kwargs, field.name: (good,) if is_seq else good})
    not_valid = ("Not Valid! " * 10)[: max(rule.min_len or 0, 10)]
    for bad in (not_valid, good + "\n", good + " "):
        bad = bad[: rule.max_len] if rule.max_len and len(bad) > rule.max_len else bad
        with pytest.raises(ValueError, match="does not match pattern"):
            cls(**{**kwargs, field.name: (bad,) if is_seq else bad})


def test_the_error_message_names_class_field_value_and_rule():
    with pytest.raises(ValueError) as caught:
        ecr_attrs.CreateRepositoryRequestRequestTypeDef(repositoryName="My Repo")
    assert str(caught.value).startswith(
        "CreateRepositoryRequestRequestTypeDef.repositoryName: 'My Repo' does not match pattern [a-z0-9]+"
    )


def test_a_huge_value_is_shortened_in_messages():
    with pytest.raises(ValueError) as caught:
        ecr_attrs.CreateRepositoryRequestRequestTypeDef(repositoryName="x" * 100_000)
    assert len(str(caught.value)) < 300
    assert "100000 characters" in str(caught.value)


def test_bool_is_not_an_int():
    with pytest.raises(TypeError, match=r"imageSizeInBytes: expected int, got True"):
        ecr_attrs.ImageDetailTypeDef(imageSizeInBytes=True)


def test_an_int_is_accepted_for_a_float_and_kept_as_given():
    assert ecr_attrs.CvssScoreTypeDef(baseScore=7).baseScore == 7
    with pytest.raises(TypeError):
        ecr_attrs.CvssScoreTypeDef(baseScore=float("nan"))


def test_a_string_is_never_a_sequence():
    with pytest.raises(TypeError, match="imageTags: expected a list or tuple of str, got 'latest'"):
        ecr_attrs.ImageDetailTypeDef(imageTags="latest")
    with pytest.raises(TypeError):
        ecr_attrs.ImageDetailTypeDef(imageTags=b"latest")


def test_every_element_of_a_sequence_is_checked():
    with pytest.raises(TypeError, match=r"imageTags\[2\]: expected str, got 3"):
        ecr_attrs.ImageDetailTypeDef(imageTags=["a", "b", 3])


def test_every_key_and_value_of_a_mapping_is_checked():
    with pytest.raises(ValueError, match="key 'SEVERE' is not one of"):
        ecr_attrs.ImageScanFindingsSummaryTypeDef(findingSeverityCounts={"SEVERE": 1})
    with pytest.raises(TypeError, match=r"findingSeverityCounts.HIGH: expected int, got '1'"):
        ecr_attrs.ImageScanFindingsSummaryTypeDef(findingSeverityCounts={"HIGH": "1"})


def test_a_list_is_stored_as_a_tuple_and_a_dict_as_a_frozen_mapping():
    detail = ecr_attrs.ImageDetailTypeDef(imageTags=["a", "b"])
    assert detail.imageTags == ("a", "b")
    summary = ecr_attrs.ImageScanFindingsSummaryTypeDef(findingSeverityCounts={"HIGH": 1})
    assert type(summary.findingSeverityCounts) is FrozenDict


def test_naive_datetimes_are_rejected():
    from datetime import datetime

    with pytest.raises(TypeError, match="timezone-aware"):
        ecr_attrs.ImageDetailTypeDef(imagePushedAt=datetime(2024, 1, 1))


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_value_semantics(cls):
    obj = instance(cls)
    first = attrs.fields(cls)[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, first, getattr(obj, first))
    assert obj == instance(cls)
    assert hash(obj) == hash(instance(cls))
    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.copy(obj) == obj
    assert copy.deepcopy(obj) == obj


def test_nested_collections_cannot_be_mutated():
    detail = ecr_attrs.ImageDetailTypeDef(imageTags=["a"])
    with pytest.raises(AttributeError):
        detail.imageTags.append("b")  # type: ignore[union-attr]
    summary = ecr_attrs.ImageScanFindingsSummaryTypeDef(findingSeverityCounts={"HIGH": 1})
    with pytest.raises(TypeError):
        summary.findingSeverityCounts["LOW"] = 2  # type: ignore[index]


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=FIELD_IDS)
def test_evolve_revalidates(cls, field):
    obj = instance(cls)
    with pytest.raises((TypeError, ValueError), match=re.escape(f"{cls.__name__}.{field.name}")):
        attrs.evolve(obj, **{field.name: wrong_type(field.validator)})


def test_credentials_never_appear_in_repr():
    token = ecr_attrs.AuthorizationDataTypeDef(authorizationToken="QVdTOnNlY3JldA==")
    url = ecr_attrs.GetDownloadUrlForLayerResponseTypeDef(
        downloadUrl="https://bucket.example/layer?X-Amz-Signature=abc", layerDigest="sha256:" + "a" * 64
    )
    part = ecr_attrs.UploadLayerPartRequestRequestTypeDef(
        repositoryName="app",
        uploadId="0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90",
        partFirstByte=0,
        partLastByte=3,
        layerPartBlob=b"\x00\x01\x02\x03",
    )
    assert "QVdT" not in repr(token) and "QVdT" not in str(token)
    assert "Signature" not in repr(url)
    assert "<4 bytes>" in repr(part) and "\\x01" not in repr(part)


def test_credentials_never_appear_in_error_messages():
    with pytest.raises(TypeError) as caught:
        ecr_attrs.AuthorizationDataTypeDef(authorizationToken=b"QVdTOnNlY3JldA==")  # type: ignore[arg-type]
    assert "QVdT" not in str(caught.value)


def test_spec_differences_are_response_fields_made_optional_the_blob_or_added_enum_values():
    assert SPEC_DIFFERENCES
    for class_name, field, change, reason in SPEC_DIFFERENCES:
        if " + " in change:  # an enum value AWS sends beyond the model; see test_beyond_the_model
            shape, value = change.split(" + ")
            assert value in typing.get_args(getattr(ecr_attrs.models, shape)) and reason
            continue
        assert class_name.endswith("ResponseTypeDef") or field == "layerPartBlob"
        assert reason
        rule = attrs.fields_dict(getattr(ecr_attrs, class_name))[field].validator
        assert isinstance(rule, v.Nullable) or change.startswith("str | bytes | IO")


def _rule(field):
    rule = field.validator
    return rule.inner if isinstance(rule, v.Nullable) else rule


SEQUENCE_FIELDS = [(c, f) for c, f in FIELDS if isinstance(_rule(f), v.SequenceOf)]


def _with(cls, field, value):
    """The class's full sample with one field replaced, built through the constructor."""
    return cls(**{**attrs.asdict(instance(cls), recurse=False), field.name: value})


class _UserSequence(collections.abc.Sequence):
    def __init__(self, items):
        self._items = list(items)

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self):
        return len(self._items)


@pytest.mark.parametrize(
    ("cls", "field"), SEQUENCE_FIELDS, ids=lambda x: getattr(x, "__name__", None) or x.name
)
def test_a_list_field_takes_any_sequence_its_annotation_promises(cls, field):
    items = list(getattr(instance(cls), field.name))
    assert items, "the sample must hold items for the test to mean anything"
    as_list = _with(cls, field, items)
    for other in (collections.deque(items), tuple(items), _UserSequence(items)):
        made = _with(cls, field, other)
        assert made == as_list and type(getattr(made, field.name)) is tuple


@pytest.mark.parametrize(
    ("cls", "field"), SEQUENCE_FIELDS, ids=lambda x: getattr(x, "__name__", None) or x.name
)
def test_a_list_field_refuses_iterators_sets_and_text(cls, field):
    items = list(getattr(instance(cls), field.name))
    for other in (iter(items), {len(items)}, "text", b"bytes"):
        with pytest.raises(TypeError, match=f"{field.name}: expected"):
            _with(cls, field, other)
