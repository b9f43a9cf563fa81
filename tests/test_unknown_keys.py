"""Keys the models lack (a field AWS added after this release) survive a round trip.

A converter made with ``keep_unknown_keys=True`` keeps every key of a mapping
that names no field on the object, outside its fields, equality, hash and repr
of fields; unstructuring puts each back, at every depth.  The default
converters ignore them (keeping them costs pure Python structuring 6-11%),
strict mode refuses them, and constructors make objects without any.
"""

from __future__ import annotations

import copy
import json
import pickle

import attrs
import pytest
from samples import MODEL_CLASSES, instance

import ecr_attrs
from ecr_attrs import FrozenDict, StructureError, make_converter, make_json_converter, unknown_keys
from ecr_attrs import _validators as v

KEEP = make_converter(keep_unknown_keys=True)
KEEP_JSON = make_json_converter(keep_unknown_keys=True)
STRICT = make_converter(forbid_extra_keys=True)
BOTO3_CONVERTERS = {
    "speedups-allowed": KEEP,
    "python": make_converter(keep_unknown_keys=True, speedups=False),
}
structure, unstructure = KEEP.structure, KEEP.unstructure

SECRET = "wJalrXUtnFEMI/K7MDENG-never-in-a-repr"


def future_value(depth: int):
    """A JSON value as a newer AWS release might send it: nested, non-ASCII, with a secret in it."""
    return {
        "zählung": [depth, 2.5, "zwei", None, True, {"tiefer": ["ß", SECRET]}],
        "leer": {},
        "liste": [],
    }


def frozen_future_value(depth: int):
    """What ``unknown_keys`` gives for ``future_value(depth)``: lists as tuples, dicts as FrozenDicts."""
    return FrozenDict(
        {
            "zählung": (depth, 2.5, "zwei", None, True, FrozenDict({"tiefer": ("ß", SECRET)})),
            "leer": FrozenDict(),
            "liste": (),
        }
    )


def sprinkle(cls: type, data: dict, path: str = "$", depth: int = 0, paths: list | None = None):
    """``data`` (an unstructured ``cls``) with an unknown key in it and in every object it holds.

    Returns the new data and the path of every key added.
    """
    paths = [] if paths is None else paths
    out = dict(data)
    for field in attrs.fields(cls):
        if field.name in out:
            out[field.name] = _sprinkle(
                field.validator, out[field.name], f"{path}.{field.name}", depth, paths
            )
    key = f"futureField{depth}"
    out[key] = future_value(depth)
    paths.append(f"{path}.{key}")
    return out, paths


def _sprinkle(rule, value, path, depth, paths):
    if isinstance(rule, v.Nullable):
        return _sprinkle(rule.inner, value, path, depth, paths)
    if isinstance(rule, v.InstanceOf):
        return sprinkle(rule.classes[0], value, path, depth + 1, paths)[0]
    if isinstance(rule, v.SequenceOf):
        return [_sprinkle(rule.element, x, f"{path}[{i}]", depth, paths) for i, x in enumerate(value)]
    if isinstance(rule, v.MappingOf):
        return {k: _sprinkle(rule.value, x, f"{path}.{k}", depth, paths) for k, x in value.items()}
    return value


def boto3_data(cls):
    return sprinkle(cls, unstructure(instance(cls)))


def json_data(cls):
    plain = json.loads(json.dumps(KEEP_JSON.unstructure(instance(cls))))
    return sprinkle(cls, plain)


every_class = pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)


# -- the round trip ---------------------------------------------------------------------


@every_class
@pytest.mark.parametrize("backend", sorted(BOTO3_CONVERTERS))
def test_unknown_keys_at_every_depth_survive_a_boto3_round_trip(cls, backend):
    conv = BOTO3_CONVERTERS[backend]
    data, paths = boto3_data(cls)
    assert paths  # at least the top level
    assert conv.unstructure(conv.structure(data, cls)) == data


@every_class
def test_unknown_keys_at_every_depth_survive_a_json_round_trip(cls):
    data, _ = json_data(cls)
    again = KEEP_JSON.unstructure(KEEP_JSON.structure(data, cls))
    assert json.loads(json.dumps(again)) == data


def test_unknown_keys_survive_in_lists_of_objects_and_nested_objects():
    data = {
        "imageDetails": [
            {"imageDigest": "sha256:" + "ab" * 32, "newInImage": 1, "imageScanStatus": {"newInStatus": "x"}},
            {"imageDigest": "sha256:" + "cd" * 32},
        ],
        "newAtTop": [{"a": 1}],
    }
    response = structure(data, ecr_attrs.DescribeImagesResponseTypeDef)
    assert unknown_keys(response) == {"newAtTop": (FrozenDict({"a": 1}),)}
    first, second = response.imageDetails
    assert unknown_keys(first) == {"newInImage": 1}
    assert unknown_keys(first.imageScanStatus) == {"newInStatus": "x"}
    assert unknown_keys(second) == {}
    assert unstructure(response) == data


def test_botocore_values_are_kept_as_given_and_json_mode_writes_them_as_json():
    """A newer botocore parses a new timestamp or blob member to a datetime or bytes."""
    from datetime import UTC, datetime

    when = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    data = {"repositoryName": "team/web", "newTimestamp": when, "newBlob": b"\x00\xff"}
    obj = structure(data, ecr_attrs.RepositoryTypeDef)
    assert unstructure(obj) == data
    assert KEEP_JSON.unstructure(obj) == {
        "repositoryName": "team/web",
        "newTimestamp": "2026-03-01T12:00:00+00:00",
        "newBlob": "AP8=",
    }


# -- outside the fields, equality, hash and repr ------------------------------------------


@every_class
def test_unknown_keys_are_outside_equality_and_hash(cls):
    data, _ = boto3_data(cls)
    with_keys = structure(data, cls)
    without = structure(unstructure(instance(cls)), cls)
    assert with_keys == without == instance(cls)
    assert hash(with_keys) == hash(without)
    assert unknown_keys(with_keys) == {"futureField0": frozen_future_value(0)}
    assert attrs.asdict(with_keys, recurse=False).keys() == attrs.asdict(without, recurse=False).keys()


@every_class
def test_repr_names_unknown_keys_and_never_shows_their_values(cls):
    data, paths = boto3_data(cls)
    text = repr(structure(data, cls))
    assert SECRET not in text and "zählung" not in text
    assert text.count("unknown keys: ['futureField") == len(paths)
    top = {**unstructure(instance(cls)), "futureField0": future_value(0)}
    plain = repr(instance(cls))[:-1] + (", " if attrs.fields(cls) else "")
    assert repr(structure(top, cls)) == plain + "unknown keys: ['futureField0'])"


@every_class
def test_objects_built_by_constructors_hold_no_unknown_keys(cls):
    assert unknown_keys(instance(cls)) == {}
    assert unknown_keys(instance(cls, full=False)) == {}
    assert repr(instance(cls)) == repr(structure(unstructure(instance(cls)), cls))


# -- strict mode ----------------------------------------------------------------------------


@every_class
def test_strict_mode_refuses_every_unknown_key_at_every_depth(cls):
    data, paths = boto3_data(cls)
    with pytest.raises(StructureError) as caught:
        STRICT.structure(data, cls)
    unknown = sorted(p.path for p in caught.value.problems if p.reason == "unknown key")
    assert unknown == sorted(paths)


# -- immutability ---------------------------------------------------------------------------


def test_unknown_keys_are_frozen_and_copied_from_the_input():
    data = {"repositoryName": "team/web", "later": {"list": [1, {"x": 2}]}}
    obj = structure(data, ecr_attrs.RepositoryTypeDef)
    before = hash(obj), unstructure(obj)
    data["later"]["list"].append(3)
    data["later"]["list"][1]["x"] = 99
    data["later"]["new"] = True
    kept = unknown_keys(obj)
    assert kept == {"later": FrozenDict({"list": (1, FrozenDict({"x": 2}))})}
    with pytest.raises(TypeError):
        kept["later"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        kept["later"]["list"][1]["x"] = 3  # type: ignore[index]
    out = unstructure(obj)
    out["later"]["list"].append("mutated output")
    out["later"]["list"][1]["x"] = "mutated output"
    assert (hash(obj), unstructure(obj)) == before


def test_unknown_keys_cannot_be_replaced_through_the_object():
    obj = structure({"repositoryName": "r1", "later": 1}, ecr_attrs.RepositoryTypeDef)
    for attempt in (
        lambda: setattr(obj, "_ecr_unknown", None),
        lambda: delattr(obj, "_ecr_unknown"),
    ):
        with pytest.raises(AttributeError):
            attempt()
    assert unknown_keys(obj) == {"later": 1}


# -- pickle, copy, evolve -------------------------------------------------------------------


@every_class
def test_pickle_and_copies_keep_unknown_keys(cls):
    data, _ = boto3_data(cls)
    obj = structure(data, cls)
    for again in (
        pickle.loads(pickle.dumps(obj)),
        pickle.loads(pickle.dumps(obj, protocol=2)),
        copy.copy(obj),
        copy.deepcopy(obj),
    ):
        assert type(again) is cls and again == obj
        assert unstructure(again) == data


@every_class
def test_pickle_of_an_object_without_unknown_keys_gives_one_without(cls):
    obj = instance(cls)
    again = pickle.loads(pickle.dumps(obj))
    assert again == obj and unknown_keys(again) == {}
    assert unstructure(again) == unstructure(obj)


def test_evolve_drops_unknown_keys():
    """A changed object is a new value: what the response held beyond the model may no longer be true."""
    obj = structure({"repositoryName": "r1", "later": 1}, ecr_attrs.RepositoryTypeDef)
    changed = attrs.evolve(obj, repositoryName="r2")
    assert unknown_keys(changed) == {}
    assert unstructure(changed) == {"repositoryName": "r2"}


def test_unknown_keys_of_a_non_model_is_a_type_error():
    with pytest.raises(TypeError):
        unknown_keys({"a": 1})


# -- the compiled backend ---------------------------------------------------------------


def test_the_compiled_backend_is_told_where_unknown_keys_live():
    from ecr_attrs import _accel, _unknown

    assert _accel.UNKNOWN_KEYS_SLOT == _unknown.SLOT
    assert type(getattr(ecr_attrs.models.BaseValidatorModel, _unknown.SLOT)).__name__ == "member_descriptor"


def test_the_compiled_core_is_told_of_the_slot_only_by_a_converter_that_keeps_them():
    """The core hands a mapping with unknown keys to Python only when they are to be kept;
    for any other converter it ignores them, as Python does (the table decides)."""
    from ecr_attrs import _accel, _unknown

    for cls in (ecr_attrs.ImageDetailTypeDef, ecr_attrs.DescribeImagesResponseTypeDef):
        assert _accel.field_table(cls, keep_unknown_keys=True).unknown_keys_slot == _unknown.SLOT
        assert _accel.field_table(cls).unknown_keys_slot is None
        assert _accel.field_table(cls, json=True).unknown_keys_slot is None


# -- the default converters ignore them ----------------------------------------------------


@every_class
def test_the_default_converters_ignore_unknown_keys(cls):
    data, _ = boto3_data(cls)
    obj = ecr_attrs.structure(data, cls)
    assert unknown_keys(obj) == {} and obj == instance(cls)
    assert ecr_attrs.unstructure(obj) == ecr_attrs.unstructure(instance(cls))
    kept = structure(data, cls)
    assert ecr_attrs.unstructure(kept) == ecr_attrs.unstructure(instance(cls))  # it does not write them
    plain, _ = json_data(cls)
    assert ecr_attrs.json_converter.structure(plain, cls) == instance(cls)


def test_keeping_and_refusing_unknown_keys_cannot_be_asked_together():
    with pytest.raises(ValueError, match="contradict"):
        make_converter(keep_unknown_keys=True, forbid_extra_keys=True)
    with pytest.raises(ValueError, match="contradict"):
        make_json_converter(keep_unknown_keys=True, forbid_extra_keys=True)


# -- the client: a botocore release newer than the models --------------------------------


@pytest.fixture
def newer_botocore(tmp_path):
    """A botocore session whose ECR model has members this release's classes lack, as a later botocore would."""
    import botocore.loaders
    import botocore.session

    model = botocore.loaders.Loader().load_service_model("ecr", "service-2")
    shapes = model["shapes"]
    shapes["Repository"]["members"]["lastScannedAt"] = {"shape": "Date"}
    shapes["DescribeRepositoriesResponse"]["members"]["regionNote"] = {"shape": "RepositoryDescription"}
    shapes["RepositoryDescription"] = {"type": "string"}
    version = model["metadata"]["apiVersion"]
    folder = tmp_path / "ecr" / version
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps(model), "utf-8")
    session = botocore.session.get_session()
    session.set_config_variable("data_path", str(tmp_path))
    return session


def test_the_clients_responses_keep_what_a_newer_botocore_parsed(newer_botocore):
    import boto3
    from botocore.config import Config
    from crafted_http import CLIENT_SETTINGS, crafted_endpoint

    body = {
        "repositories": [{"repositoryName": "team/web", "lastScannedAt": 1767225600.5}],
        "regionNote": "Zürich",
    }
    with crafted_endpoint() as endpoint:
        raw_client = boto3.Session(botocore_session=newer_botocore).client(
            "ecr",
            endpoint_url=endpoint.url,
            config=Config(retries={"total_max_attempts": 1}),
            **CLIENT_SETTINGS,
        )
        endpoint.answer(body)
        raw = raw_client.describe_repositories()
        endpoint.answer(body)
        response = ecr_attrs.ECRClient(raw_client, converter=KEEP).describe_repositories()
    assert "lastScannedAt" in raw["repositories"][0]  # the newer model parsed it (a datetime)
    assert unknown_keys(response) == {"regionNote": "Zürich"}
    assert unknown_keys(response.repositories[0]) == {
        "lastScannedAt": raw["repositories"][0]["lastScannedAt"]
    }
    # Everything but the metadata of the two calls (their Date headers, retry counts) is the same.
    again = unstructure(response)
    assert again.pop("ResponseMetadata")["RequestId"] == raw.pop("ResponseMetadata")["RequestId"]
    assert again == raw
