"""The compiled core finds each field of a dict by where its key was last time: it must never
mistake one key for another, whatever order, key objects or extra keys the dicts come with."""

from __future__ import annotations

import itertools
import random
import sys

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


class Holder:
    """Its ``__dict__`` is a split table: the core reads such a dict through PyDict_Next."""


@needs_speedups
def test_on_cpython_311_the_core_reads_dict_entries_in_place_and_not_beyond_312():
    """The in-place reading is checked at import; a silent fall back to PyDict_Next shows here."""
    from ecr_attrs_speedups import _core

    if sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11):
        assert _core.DICT_LAYOUT_KNOWN is True
    elif sys.version_info[:2] >= (3, 13):
        assert _core.DICT_LAYOUT_KNOWN is False
    else:
        assert isinstance(_core.DICT_LAYOUT_KNOWN, bool)


@needs_speedups
def test_dicts_with_deleted_entries_give_what_python_gives():
    holed = {"unknown": 0, **REPOSITORY, "later": 1}
    del holed["unknown"]
    del holed["registryId"]
    del holed["later"]
    check_same(CLS, holed)
    assert ecr_attrs.structure(holed, CLS).registryId is None
    grown = {}
    for key, value in REPOSITORY.items():
        grown[key] = value
        grown[f"x{key}"] = 0
    for key in REPOSITORY:
        del grown[f"x{key}"]
    check_same(CLS, grown)
    assert ecr_attrs.structure(grown, CLS) == ecr_attrs.structure(REPOSITORY, CLS)


@needs_speedups
def test_a_split_table_and_a_dict_with_a_non_str_key_give_what_python_gives():
    holder = Holder()
    for key, value in REPOSITORY.items():
        setattr(holder, key, value)
    check_same(CLS, holder.__dict__)
    assert ecr_attrs.structure(holder.__dict__, CLS) == ecr_attrs.structure(REPOSITORY, CLS)
    check_same(CLS, {**REPOSITORY, 1: "one"})


@needs_speedups
def test_a_remembered_key_is_let_go_when_another_takes_its_place():
    cls = ecr_attrs.ImageScanningConfigurationTypeDef
    first = fresh("scanOnPush")
    before = sys.getrefcount(first)
    assert ecr_attrs.structure({first: True}, cls).scanOnPush is True
    assert sys.getrefcount(first) == before + 1  # the core remembers it for the next dict
    assert ecr_attrs.structure({fresh("scanOnPush"): False}, cls).scanOnPush is False
    assert sys.getrefcount(first) == before
