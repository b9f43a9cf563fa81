"""The compiled core finds each field of a dict by where its key was last time: it must never
mistake one key for another, whatever order, key objects or extra keys the dicts come with."""

from __future__ import annotations

import itertools
import random

import pytest
from test_speedups import check_same, needs_speedups

import ecr_attrs

REPOSITORY = {
    "repositoryArn": "arn:aws:ecr:us-east-1:123456789012:repository/web",
    "registryId": "123456789012",
    "repositoryName": "web",
    "repositoryUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web",
    "imageTagMutability": "MUTABLE",
    "imageScanningConfiguration": {"scanOnPush": True},
    "encryptionConfiguration": {"encryptionType": "KMS", "kmsKey": "arn:aws:kms:us-east-1:1:key/k"},
}
CLS = ecr_attrs.RepositoryTypeDef


def fresh(key: str) -> str:
    """An equal str that is not the same object as the literal."""
    copy = "".join(list(key))
    assert copy == key and copy is not key
    return copy


class Key(str):
    """A str subclass: the core must leave a dict holding one to Python."""


@needs_speedups
def test_the_same_keys_in_every_order_give_what_python_gives():
    items = list(REPOSITORY.items())
    orders = list(itertools.permutations(range(len(items)), len(items)))
    random.Random(7).shuffle(orders)
    for order in orders[:200]:
        check_same(CLS, {items[i][0]: items[i][1] for i in order})


@needs_speedups
def test_fields_missing_here_and_there_give_what_python_gives():
    rng = random.Random(11)
    keys = list(REPOSITORY)
    for _ in range(200):
        kept = [k for k in keys if rng.random() < 0.6]
        rng.shuffle(kept)
        check_same(CLS, {k: REPOSITORY[k] for k in kept})


@needs_speedups
def test_equal_keys_that_are_other_objects_are_found():
    check_same(CLS, REPOSITORY)
    copied = {fresh(k): v for k, v in REPOSITORY.items()}
    built = ecr_attrs.structure(copied, CLS)
    assert built == ecr_attrs.structure(REPOSITORY, CLS)
    assert built.repositoryName == "web" and built.encryptionConfiguration.kmsKey is not None


@needs_speedups
def test_a_key_swapped_for_another_fields_name_at_the_same_place_is_read_as_that_field():
    check_same(CLS, {"registryId": "123456789012", "repositoryName": "web"})
    swapped = {"repositoryName": "web", "registryId": "123456789012"}
    check_same(CLS, swapped)
    built = ecr_attrs.structure(swapped, CLS)
    assert (built.registryId, built.repositoryName) == ("123456789012", "web")


@needs_speedups
@pytest.mark.parametrize("at", range(len(REPOSITORY)))
def test_a_str_subclass_key_where_a_str_was_seen_goes_to_python(at):
    check_same(CLS, REPOSITORY)
    data = {(Key(k) if i == at else k): v for i, (k, v) in enumerate(REPOSITORY.items())}
    check_same(CLS, data)


@needs_speedups
@pytest.mark.parametrize("extra", [1, 2, 5, 40])
def test_keys_that_name_no_field_before_and_after_the_fields_give_what_python_gives(extra):
    junk = {f"unknown{i}": i for i in range(extra)}
    check_same(CLS, {**junk, **REPOSITORY})
    check_same(CLS, {**REPOSITORY, **junk})
    check_same(CLS, REPOSITORY)
    assert ecr_attrs.structure({**junk, **REPOSITORY}, CLS) == ecr_attrs.structure(REPOSITORY, CLS)


@needs_speedups
def test_a_field_name_seen_where_an_unknown_key_was_is_still_a_field():
    check_same(CLS, {"unknown": 1, "registryId": "123456789012"})
    data = {"registryId": "123456789012", "unknown": 1}
    check_same(CLS, data)
    assert ecr_attrs.structure(data, CLS).registryId == "123456789012"
