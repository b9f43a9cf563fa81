"""Image manifests: the four media types parse, build and round-trip; every broken rule has its path."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecr_attrs import ImageTypeDef, PutImageRequestRequestTypeDef, StructureError
from ecr_attrs import manifests as m
from ecr_attrs.manifests import strategies as ms
from ecr_attrs.strategies import from_type

FIXTURES = Path(__file__).parent / "fixtures" / "manifests"
FIXTURE_FILES = sorted(FIXTURES.glob("*.json"))
DIGEST = "sha256:" + "ab" * 32
OTHER = "sha256:" + "cd" * 32


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def problems(error: StructureError) -> list[tuple[str, str]]:
    return [(p.path, p.reason) for p in error.problems]


def oci_manifest(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schemaVersion": 2,
        "mediaType": m.OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": DIGEST, "size": 7},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": OTHER, "size": 9}],
    }
    document.update(changes)
    return document


def oci_index(*entries: dict[str, Any], **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"schemaVersion": 2, "mediaType": m.OCI_INDEX, "manifests": list(entries)}
    document.update(changes)
    return document


def entry(**changes: Any) -> dict[str, Any]:
    return {"mediaType": m.OCI_MANIFEST, "digest": DIGEST, "size": 1, **changes}


def rejects(document: Any, media_type: str | None = None) -> list[tuple[str, str]]:
    text = document if isinstance(document, str | bytes) else json.dumps(document)
    with pytest.raises(StructureError) as caught:
        m.parse_manifest(text, media_type)
    return problems(caught.value)


# Round trips, over everything the strategies make


@given(ms.manifests)
def test_a_built_manifest_parses_back_to_an_equal_object_with_the_same_digest(manifest):
    parsed = m.parse_manifest(manifest.raw, manifest.media_type)
    assert manifest == parsed
    assert manifest.digest == parsed.digest == sha256(manifest.raw.encode())
    assert manifest.raw == manifest.to_text() == parsed.to_text()
    assert hash(manifest) == hash(parsed)


@given(ms.manifests, st.sampled_from([None, 1, 4]))
def test_the_digest_is_of_the_exact_bytes_given_never_of_a_reserialization(manifest, indent):
    text = json.dumps(manifest.to_document(), indent=indent, ensure_ascii=False)
    parsed = m.parse_manifest(text.encode())
    assert parsed.raw == text
    assert parsed.digest == sha256(text.encode())
    assert parsed.to_document() == manifest.to_document()
    assert (parsed == manifest) == (parsed.digest == manifest.digest)


@given(ms.manifests)
def test_str_and_bytes_of_one_text_give_the_same_object(manifest):
    assert m.parse_manifest(manifest.raw) == m.parse_manifest(manifest.raw.encode())


@given(ms.manifests)
def test_manifests_pickle(manifest):
    copy = pickle.loads(pickle.dumps(manifest))
    assert copy == manifest and copy.raw == manifest.raw


@given(from_type(ImageTypeDef))
def test_the_ecr_image_strategy_gives_manifests_that_parse_with_their_media_type(image):
    manifest = m.image_manifest(image)
    if image.imageManifest is None:
        assert manifest is None and image.imageManifestMediaType is None
    else:
        assert manifest.raw == image.imageManifest
        assert image.imageManifestMediaType in (None, manifest.media_type)


@given(from_type(PutImageRequestRequestTypeDef))
def test_the_put_image_strategy_gives_manifests_that_parse(request_):
    assert (
        m.parse_manifest(request_.imageManifest, request_.imageManifestMediaType).raw
        == request_.imageManifest
    )


@given(ms.oci_image_indexes())
def test_attestations_in_generated_indexes_point_at_images_of_the_index(index):
    images = {d.digest for d in index.manifests if d.platform is None or d.platform.os != "unknown"}
    for descriptor in index.manifests:
        if descriptor.platform is not None and descriptor.platform.os == "unknown":
            assert descriptor.platform.architecture == "unknown"
            assert descriptor.annotations["vnd.docker.reference.type"] == "attestation-manifest"
            assert descriptor.annotations["vnd.docker.reference.digest"] in images


# Fixtures written after the shapes of the specs' examples


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_every_fixture_parses_keeping_its_bytes_and_every_member(path):
    data = path.read_bytes()
    manifest = m.parse_manifest(data)
    assert manifest.raw.encode() == data
    assert manifest.digest == sha256(data)
    assert manifest.to_document() == json.loads(data)
    assert m.parse_manifest(manifest.to_text()).to_document() == json.loads(data)


def fixture(name: str) -> Any:
    return m.parse_manifest((FIXTURES / name).read_bytes())


def test_the_oci_image_manifest_fixture_reads_as_its_members():
    manifest = fixture("oci-image-manifest.json")
    assert isinstance(manifest, m.OCIImageManifest)
    assert (manifest.config.size, len(manifest.layers)) == (7023, 3)
    assert [layer.size for layer in manifest.layers] == [32654, 16724, 73109]
    assert manifest.subject.size == 7682
    assert manifest.annotations == {"com.example.key1": "value1", "com.example.key2": "value2"}
    assert manifest.artifact_type is None


def test_the_referrer_fixture_has_an_artifact_type_an_empty_config_and_a_subject():
    manifest = fixture("oci-artifact-referrer.json")
    assert manifest.artifact_type == "application/vnd.example.sbom.v1+json"
    assert manifest.config == ms.EMPTY_CONFIG
    assert manifest.subject.digest.startswith("sha256:9c8d")


def test_the_index_fixtures_read_platforms_windows_ones_and_attestations():
    index = fixture("oci-image-index.json")
    assert [(d.platform.architecture, d.platform.os) for d in index.manifests] == [
        ("ppc64le", "linux"),
        ("amd64", "linux"),
    ]
    arm, attestation, windows = fixture("oci-index-with-attestation.json").manifests
    assert arm.platform.variant == "v8"
    assert (attestation.platform.architecture, attestation.platform.os) == ("unknown", "unknown")
    assert attestation.annotations["vnd.docker.reference.digest"] == arm.digest
    assert (windows.platform.os_version, windows.platform.os_features) == ("10.0.20348.2113", ("win32k",))


def test_the_docker_fixtures_read_as_docker_classes_keeping_unknown_members():
    manifest = fixture("docker-manifest-v2.json")
    assert isinstance(manifest, m.DockerManifest)
    assert manifest.layers[1].urls == ("https://mcr.example.com/layers/cd34",)
    listing = fixture("docker-manifest-list.json")
    assert isinstance(listing, m.DockerManifestList)
    assert listing.manifests[1].platform.extra == {"features": ("sse4",)}


# Media types


def test_the_media_type_may_come_from_the_argument_alone():
    document = oci_manifest()
    del document["mediaType"]
    manifest = m.parse_manifest(json.dumps(document), m.OCI_MANIFEST)
    assert isinstance(manifest, m.OCIImageManifest)
    assert manifest.media_type == m.OCI_MANIFEST


def test_a_media_type_the_document_contradicts_is_an_error_at_its_member():
    assert [
        ("$.mediaType", f"is '{m.OCI_MANIFEST}', but the manifest was given as {m.OCI_INDEX}")
    ] == rejects(oci_manifest(), m.OCI_INDEX)


@pytest.mark.parametrize(
    "media_type", ["application/vnd.docker.distribution.manifest.v1+prettyjws", "application/json", ""]
)
def test_unknown_media_types_are_refused_naming_the_supported_ones(media_type):
    [(path, reason)] = rejects(oci_manifest(mediaType=media_type))
    assert path == "$"
    assert "is not supported; supported: " in reason
    assert all(supported in reason for supported in m.KINDS)


def test_a_document_without_media_type_needs_one_given():
    document = oci_manifest()
    del document["mediaType"]
    [(path, reason)] = rejects(document)
    assert path == "$" and reason.startswith("has no mediaType and none was given")


# Every broken rule, with its path


BAD_DIGEST = "must be a digest (algorithm:encoded, like sha256:<64 hex digits>)"
CASES = [
    (oci_manifest(schemaVersion=1), [("$.schemaVersion", "must be 2, not 1")]),
    (oci_manifest(schemaVersion=True), [("$.schemaVersion", "must be 2, not True")]),
    (oci_manifest(schemaVersion="2"), [("$.schemaVersion", "must be 2, not '2'")]),
    (oci_manifest(mediaType=7), [("$.mediaType", "must be a string, not a number")]),
    (
        {"mediaType": m.OCI_MANIFEST},
        [
            ("$.schemaVersion", "required member missing"),
            ("$.config", "required member missing"),
            ("$.layers", "required member missing"),
        ],
    ),
    (oci_manifest(config=None), [("$.config", "must not be null; leave the member out instead")]),
    (oci_manifest(config=[]), [("$.config", "must be an object, not an array")]),
    (oci_manifest(layers={}), [("$.layers", "must be an array, not an object")]),
    (oci_manifest(layers=[3]), [("$.layers[0]", "must be an object, not a number")]),
    (
        oci_manifest(config={}),
        [
            ("$.config.mediaType", "required member missing"),
            ("$.config.digest", "required member missing"),
            ("$.config.size", "required member missing"),
        ],
    ),
    (
        oci_manifest(layers=[entry(digest="sha256:AB")]),
        [("$.layers[0].digest", "must be sha256: and 64 lowercase hex digits: 'sha256:AB'")],
    ),
    (
        oci_manifest(layers=[entry(digest="sha512:abc")]),
        [("$.layers[0].digest", "must be sha512: and 128 lowercase hex digits: 'sha512:abc'")],
    ),
    (oci_manifest(layers=[entry(digest="abc")]), [("$.layers[0].digest", f"{BAD_DIGEST}: 'abc'")]),
    (
        oci_manifest(layers=[entry(digest="Sha256:ab")]),
        [("$.layers[0].digest", f"{BAD_DIGEST}: 'Sha256:ab'")],
    ),
    (oci_manifest(layers=[entry(digest=1)]), [("$.layers[0].digest", "must be a string, not a number")]),
    (oci_manifest(layers=[entry(size=-1)]), [("$.layers[0].size", "must be from 0 to 2**63-1, not -1")]),
    (
        oci_manifest(layers=[entry(size=2**63)]),
        [("$.layers[0].size", f"must be from 0 to 2**63-1, not {2**63}")],
    ),
    (oci_manifest(layers=[entry(size=1.5)]), [("$.layers[0].size", "must be an integer")]),
    (oci_manifest(layers=[entry(size="1")]), [("$.layers[0].size", "must be an integer, not a string")]),
    (oci_manifest(layers=[entry(size=False)]), [("$.layers[0].size", "must be an integer, not a boolean")]),
    (
        oci_manifest(layers=[entry(mediaType="tar")]),
        [("$.layers[0].mediaType", "must be a media type (type/subtype, RFC 6838): 'tar'")],
    ),
    (
        oci_manifest(layers=[entry(urls="https://x")]),
        [("$.layers[0].urls", "must be an array, not a string")],
    ),
    (
        oci_manifest(layers=[entry(urls=["no scheme", 4])]),
        [
            ("$.layers[0].urls[0]", "must be a URL with a scheme: 'no scheme'"),
            ("$.layers[0].urls[1]", "must be a string, not a number"),
        ],
    ),
    (oci_manifest(annotations={"k": 1}), [("$.annotations.k", "must be a string, not a number")]),
    (oci_manifest(annotations=[]), [("$.annotations", "must be an object, not an array")]),
    (
        oci_manifest(artifactType="sbom"),
        [("$.artifactType", "must be a media type (type/subtype, RFC 6838): 'sbom'")],
    ),
    (
        oci_manifest(config={"mediaType": "application/vnd.oci.empty.v1+json", "digest": DIGEST, "size": 2}),
        [("$.artifactType", "required when config.mediaType is application/vnd.oci.empty.v1+json")],
    ),
    (
        oci_manifest(subject={"digest": DIGEST, "size": 1}),
        [("$.subject.mediaType", "required member missing")],
    ),
    (
        oci_manifest(layers=[entry(data="e30=", size=3)]),
        [("$.layers[0].data", "holds 2 bytes, but size says 3")],
    ),
    (oci_manifest(layers=[entry(data="e30=", size=2)]), [("$.layers[0].data", "does not match digest")]),
    (oci_manifest(layers=[entry(data="not base64!", size=2)]), [("$.layers[0].data", "must be base64")]),
    (
        oci_index(entry(platform={"os": "linux"})),
        [("$.manifests[0].platform.architecture", "required member missing")],
    ),
    (
        oci_index(entry(platform={"architecture": "amd64", "os": "linux", "os.features": "win32k"})),
        [("$.manifests[0].platform['os.features']", "must be an array, not a string")],
    ),
    (oci_index(entry(platform=[])), [("$.manifests[0].platform", "must be an object, not an array")]),
    (oci_index(entry(), entry(size=-2)), [("$.manifests[1].size", "must be from 0 to 2**63-1, not -2")]),
    ({"schemaVersion": 2, "mediaType": m.OCI_INDEX}, [("$.manifests", "required member missing")]),
]


@pytest.mark.parametrize(("document", "expected"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_every_broken_rule_is_reported_with_its_json_path(document, expected):
    assert expected == rejects(document)


def test_every_problem_is_reported_not_only_the_first():
    document = oci_manifest(schemaVersion=3, layers=[entry(size=-1), entry(digest="x")])
    assert ["$.schemaVersion", "$.layers[0].size", "$.layers[1].digest"] == [p for p, _ in rejects(document)]


def test_the_docker_rules_hold_for_docker_media_types():
    document = {"schemaVersion": 2, "mediaType": m.DOCKER_MANIFEST, "config": entry(size=-1), "layers": []}
    assert [("$.config.size", "must be from 0 to 2**63-1, not -1")] == rejects(document)
    listing = {"schemaVersion": 1, "mediaType": m.DOCKER_MANIFEST_LIST, "manifests": [entry(digest="")]}
    assert ["$.schemaVersion", "$.manifests[0].digest"] == [p for p, _ in rejects(listing)]


def test_members_only_oci_defines_are_unknown_members_of_docker_manifests():
    document = {
        "schemaVersion": 2,
        "mediaType": m.DOCKER_MANIFEST,
        "config": entry(),
        "layers": [],
        "subject": 1,
    }
    assert m.parse_manifest(json.dumps(document)).extra == {"subject": 1}


def test_errors_are_structure_errors_that_cattrs_can_flatten():
    import cattrs

    from ecr_attrs.errors import format_exception

    with pytest.raises(StructureError) as caught:
        m.parse_manifest(json.dumps(oci_manifest(layers=[entry(size=-1)])))
    assert caught.value.cl is m.OCIImageManifest
    assert ["must be from 0 to 2**63-1, not -1 @ $.layers[0]['size']"] == cattrs.transform_error(
        caught.value, format_exception=format_exception
    )


# Unknown members


def test_unknown_members_survive_at_every_level():
    document = oci_index(
        entry(platform={"architecture": "amd64", "os": "linux", "features": ["sse4"]}, x={"y": [1, None]}),
        future={"nested": [True, 1.5, "s"]},
    )
    index = m.parse_manifest(json.dumps(document))
    assert index.extra == {"future": {"nested": (True, 1.5, "s")}}
    assert index.manifests[0].extra == {"x": {"y": (1, None)}}
    assert index.manifests[0].platform.extra == {"features": ("sse4",)}
    assert document == json.loads(index.to_text())


def test_a_platform_outside_an_index_entry_is_an_unknown_member():
    layer = entry(platform={"os": 1})
    manifest = m.parse_manifest(json.dumps(oci_manifest(layers=[layer])))
    assert manifest.layers[0].platform is None
    assert manifest.layers[0].extra == {"platform": {"os": 1}}


# Building in Python


def layer(**changes: Any) -> m.Descriptor:
    fields = {"media_type": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": OTHER, "size": 9}
    return m.Descriptor(**{**fields, **changes})


def config() -> m.Descriptor:
    return m.Descriptor(media_type="application/vnd.oci.image.config.v1+json", digest=DIGEST, size=7)


def test_a_built_manifest_has_canonical_text_and_its_digest_for_put_image():
    manifest = m.OCIImageManifest(config=config(), layers=[layer()])
    assert manifest.raw == json.dumps(oci_manifest(), separators=(",", ":"))
    assert manifest.digest == sha256(manifest.raw.encode())
    assert manifest == m.parse_manifest(manifest.raw)


def test_canonical_text_is_ascii_in_spec_order_with_unknown_members_last():
    manifest = m.OCIImageManifest(
        config=config(),
        layers=[],
        annotations={"k": "é\x00"},
        artifact_type="application/x-a",
        extra={"z": 1},
    )
    assert list(json.loads(manifest.raw)) == [
        "schemaVersion",
        "mediaType",
        "artifactType",
        "config",
        "layers",
        "annotations",
        "z",
    ]
    assert manifest.raw.isascii() and "\\u00e9\\u0000" in manifest.raw
    assert m.parse_manifest(manifest.raw).annotations == {"k": "é\x00"}


def test_building_checks_the_same_rules_with_the_same_paths():
    with pytest.raises(StructureError) as caught:
        m.OCIImageManifest(config=config(), layers=[layer(), layer(size=-1, digest="sha256:x")])
    assert ["$.layers[1].digest", "$.layers[1].size"] == [p for p, _ in problems(caught.value)]


def test_building_refuses_dicts_where_descriptors_go():
    with pytest.raises(StructureError) as caught:
        m.OCIImageManifest(config={"mediaType": "a/b"}, layers=[layer(), 3])  # type: ignore[arg-type]
    assert [
        ("$.config", "must be a Descriptor, not a dict of 1 item"),
        ("$.layers[1]", "must be a Descriptor, not a int object"),
    ] == problems(caught.value)


def test_building_refuses_unknown_members_named_like_known_ones():
    with pytest.raises(StructureError) as caught:
        m.OCIImageManifest(config=config(), layers=[layer(extra={"size": 1})], extra={"schemaVersion": 1})
    assert ["$.schemaVersion", "$.layers[0].size"] == [p for p, _ in problems(caught.value)]


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), object(), 10**5000, {1: "a"}],
    ids=["nan", "inf", "object", "huge", "int-key"],
)
def test_building_refuses_extra_values_json_cannot_hold(value):
    with pytest.raises(StructureError):
        m.DockerManifestList(manifests=[], extra={"x": value})


def test_the_base_class_is_not_a_manifest_of_its_own():
    with pytest.raises(TypeError, match="build one of them"):
        m.Manifest()


def test_manifests_are_frozen_and_hashable():
    manifest = m.DockerManifestList(manifests=[], extra={"x": [1, {"y": 2}]})
    with pytest.raises(AttributeError):
        manifest.manifests = ()  # type: ignore[misc]
    assert {manifest: 1}[manifest] == 1


def test_image_manifest_reads_an_ecr_image_with_its_media_type():
    text = json.dumps(oci_manifest())
    image = ImageTypeDef(imageManifest=text, imageManifestMediaType=m.OCI_MANIFEST)
    assert m.image_manifest(image) == m.parse_manifest(text)
    assert m.image_manifest(ImageTypeDef()) is None
    with pytest.raises(StructureError):
        m.image_manifest(ImageTypeDef(imageManifest=text, imageManifestMediaType=m.DOCKER_MANIFEST))


# Hostile input


HOSTILE = [
    (b"\xff\xfe{}", "$", "is not UTF-8: byte 0 cannot start or continue a character"),
    (b'{"a": "\xc3"}', "$", "is not UTF-8: byte 7 cannot start or continue a character"),
    ("{\ud800}", "$", "holds a lone surrogate at character 1, which UTF-8 cannot encode"),
    ("", "$", "is not JSON: Expecting value at line 1 column 1"),
    ("{", "$", "is not JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
    ('{"a": NaN}', "$", "is not JSON this parser accepts: NaN is not JSON"),
    ('{"a": 1, "a": 2}', "$", "is not JSON this parser accepts: member 'a' appears twice in one object"),
    ('{"a": ' + "9" * 5000 + "}", "$", "is not JSON this parser accepts: a number has too many digits"),
    ("[" * 100_000 + "]" * 100_000, "$", "is not JSON this parser can read: nested too deeply"),
    ("[]", "$", "must be a JSON object, not an array"),
    ('"text"', "$", "must be a JSON object, not a string"),
    ("null", "$", "must be a JSON object, not null"),
    ("\ufeff{}", "$", "is not JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) at line 1 column 1"),
]


@pytest.mark.parametrize(("text", "path", "reason"), HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_hostile_text_gets_a_clear_error(text, path, reason):
    assert [(path, reason)] == rejects(text, m.OCI_MANIFEST)


def test_deep_unknown_members_are_cut_off_at_a_depth():
    deep: Any = 1
    for _ in range(m.MAX_DEPTH + 5):
        deep = [deep]
    [(path, reason)] = rejects(oci_manifest(x=deep))
    assert path.startswith("$.x[0][0]") and reason == f"nests deeper than {m.MAX_DEPTH} levels"


def test_nul_and_escaped_surrogates_in_strings_are_kept_or_refused_never_crash():
    manifest = m.parse_manifest(json.dumps(oci_manifest(annotations={"a": "\x00\ud800"}, x="\udfff")))
    assert manifest.annotations == {"a": "\x00\ud800"} and manifest.extra == {"x": "\udfff"}
    assert m.parse_manifest(manifest.to_text()) == m.parse_manifest(manifest.to_text())
    assert [("$.config.digest", f"{BAD_DIGEST}: 'sha256:\\x00'")] == rejects(
        oci_manifest(config={"mediaType": "a/b", "digest": "sha256:\x00", "size": 1})
    )


def test_input_that_is_neither_text_nor_bytes_is_refused():
    with pytest.raises(StructureError) as caught:
        m.parse_manifest(5)  # type: ignore[arg-type]
    assert [("$", "must be text or bytes, not a int object")] == problems(caught.value)
    with pytest.raises(StructureError):
        m.parse_manifest("{}", 5)  # type: ignore[arg-type]


@given(
    st.binary()
    | st.text()
    | st.recursive(
        st.none() | st.integers() | st.text(), lambda s: st.lists(s) | st.dictionaries(st.text(), s)
    ).map(json.dumps)
)
def test_arbitrary_input_parses_or_raises_a_structure_error(data):
    for media_type in (None, m.OCI_INDEX):
        try:
            m.parse_manifest(data, media_type)
        except StructureError as error:
            assert error.problems


@given(ms.manifests, st.data())
def test_a_changed_member_is_parsed_or_refused_never_crashes(manifest, data):
    document = manifest.to_document()
    key = data.draw(st.sampled_from(sorted(document)))
    document[key] = data.draw(st.none() | st.integers() | st.text() | st.lists(st.integers()) | st.just({}))
    try:
        m.parse_manifest(json.dumps(document))
    except StructureError as error:
        assert error.problems


def test_all_names_every_public_name_once_and_each_exists():
    public = {name for name in vars(m) if name.isidentifier() and not name.startswith("_")} - {
        "annotations",
        "Any",
        "strategies",
    }
    assert len(set(m.__all__)) == len(m.__all__)
    assert public == set(m.__all__)
    assert all(hasattr(m, name) for name in m.__all__)
