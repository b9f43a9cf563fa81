"""Hypothesis strategies of valid manifests: images, artifacts and referrers, indexes with attestations.

Needs the ``hypothesis`` extra.  Every value is built valid (nothing is
filtered): the objects come from the manifest classes, so their rules run on
every draw, and ``manifest_texts`` gives ``(media_type, text)`` as ECR holds them.
"""

from __future__ import annotations

import string
from typing import Any

from ecr_attrs import _extras

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as error:
    needs = "ecr_attrs.manifests.strategies builds on Hypothesis"
    raise _extras.missing(error, "hypothesis", needs, _extras.INSTALL_HYPOTHESIS) from error

from ecr_attrs.manifests import _types as t

MAX_ITEMS = 3
EMPTY_CONFIG = t.Descriptor(
    media_type="application/vnd.oci.empty.v1+json",
    digest="sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    size=2,
    data="e30=",
)

sha256_digests = st.text("0123456789abcdef", min_size=64, max_size=64).map(lambda h: "sha256:" + h)
digests = sha256_digests | st.text("0123456789abcdef", min_size=128, max_size=128).map(
    lambda h: "sha512:" + h
)
sizes = st.integers(0, 2**40)
_words = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
annotation_maps = st.dictionaries(
    st.builds(lambda a, b: f"org.example.{a}.{b}", _words, _words),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=16),
    max_size=MAX_ITEMS,
)
artifact_types = st.sampled_from(
    [
        "application/vnd.example.sbom.v1+json",
        "application/spdx+json",
        "application/vnd.dev.cosign.artifact.sig.v1+json",
        "application/vnd.cncf.notary.signature",
        "application/vnd.in-toto+json",
    ]
)
OCI_LAYER_TYPES = (
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
)
DOCKER_LAYER_TYPES = (
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
)
_ARCHES = (("amd64", None), ("arm64", "v8"), ("arm", "v7"), ("arm", "v6"), ("ppc64le", None), ("s390x", None))

# Unknown members, named so they never collide with a member a spec defines.
extras = st.dictionaries(
    st.builds(lambda w: "x-" + w, _words),
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=2) | st.dictionaries(_words, inner, max_size=2),
        max_leaves=4,
    ),
    max_size=2,
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def descriptors(media_types: st.SearchStrategy[str], *, oci: bool = True) -> st.SearchStrategy[t.Descriptor]:
    """Descriptors of content of ``media_types``; OCI ones may carry annotations and an artifactType."""
    optional: dict[str, Any] = {
        "urls": _maybe(st.lists(st.builds("https://{}.example.com/{}".format, _words, _words), max_size=2))
    }
    if oci:
        optional |= {"annotations": _maybe(annotation_maps), "extra": extras}
    return st.builds(t.Descriptor, media_type=media_types, digest=digests, size=sizes, **optional)


@st.composite
def oci_image_manifests(draw: Any) -> t.OCIImageManifest:
    """An image, an artifact, or a referrer (``subject`` and ``artifactType``, often an empty config)."""
    shape = draw(st.sampled_from(["image", "artifact", "referrer"]))
    layers = draw(st.lists(descriptors(st.sampled_from(OCI_LAYER_TYPES)), max_size=MAX_ITEMS))
    subject = artifact_type = None
    config = draw(descriptors(st.just("application/vnd.oci.image.config.v1+json")))
    if shape != "image":
        artifact_type = draw(artifact_types)
        if draw(st.booleans()):
            config = EMPTY_CONFIG
        layers = draw(st.lists(descriptors(artifact_types), max_size=MAX_ITEMS))
    if shape == "referrer":
        subject = draw(descriptors(st.sampled_from([t.OCI_MANIFEST, t.OCI_INDEX])))
    return t.OCIImageManifest(
        config=config,
        layers=layers,
        subject=subject,
        artifact_type=artifact_type,
        annotations=draw(_maybe(annotation_maps)),
        extra=draw(extras),
    )


platforms = st.builds(
    lambda arch, os, version, features, extra: t.Platform(
        architecture=arch[0],
        os=os,
        variant=arch[1],
        os_version=version if os == "windows" else None,
        os_features=features if os == "windows" else None,
        extra=extra,
    ),
    st.sampled_from(_ARCHES),
    st.sampled_from(["linux", "windows"]),
    st.sampled_from(["10.0.17763.1040", "10.0.20348.2113"]),
    _maybe(st.lists(st.just("win32k"), max_size=1)),
    st.just({}) | extras,
)


@st.composite
def _index_entries(draw: Any, manifest_types: tuple[str, ...], oci: bool) -> list[t.Descriptor]:
    """Platform images, and for OCI an attestation (``unknown/unknown``) pointing at some of them."""
    images = [
        t.Descriptor(
            media_type=draw(st.sampled_from(manifest_types)),
            digest=draw(digests),
            size=draw(sizes),
            platform=draw(_maybe(platforms) if oci else platforms),
        )
        for _ in range(draw(st.integers(0, MAX_ITEMS)))
    ]
    attestations = []
    if oci:
        for image in draw(
            st.lists(st.sampled_from(images), max_size=2, unique=True) if images else st.just([])
        ):
            attestations.append(
                t.Descriptor(
                    media_type=t.OCI_MANIFEST,
                    digest=draw(sha256_digests),
                    size=draw(sizes),
                    platform=t.Platform(architecture="unknown", os="unknown"),
                    annotations={
                        "vnd.docker.reference.digest": image.digest,
                        "vnd.docker.reference.type": "attestation-manifest",
                    },
                )
            )
    return images + attestations


@st.composite
def oci_image_indexes(draw: Any) -> t.OCIImageIndex:
    """A multi-platform index, with attestations, sometimes an artifact type or a subject."""
    return t.OCIImageIndex(
        manifests=draw(_index_entries((t.OCI_MANIFEST, t.OCI_INDEX), oci=True)),
        subject=draw(_maybe(descriptors(st.just(t.OCI_MANIFEST)))),
        artifact_type=draw(_maybe(artifact_types)),
        annotations=draw(_maybe(annotation_maps)),
        extra=draw(extras),
    )


docker_manifests = st.builds(
    t.DockerManifest,
    config=descriptors(st.just("application/vnd.docker.container.image.v1+json"), oci=False),
    layers=st.lists(descriptors(st.sampled_from(DOCKER_LAYER_TYPES), oci=False), max_size=MAX_ITEMS),
)
docker_manifest_lists = st.builds(
    t.DockerManifestList, manifests=_index_entries((t.DOCKER_MANIFEST,), oci=False)
)

manifests: st.SearchStrategy[t.Manifest] = st.one_of(
    oci_image_manifests(), oci_image_indexes(), docker_manifests, docker_manifest_lists
)


def manifest_texts(*, with_media_type: bool = True) -> st.SearchStrategy[tuple[str | None, str]]:
    """``(imageManifestMediaType, imageManifest)`` as ECR gives them; the type may be None (the
    document names its own) unless ``with_media_type`` says it must be there."""
    media_types = st.just(True) if with_media_type else st.booleans()
    return st.builds(lambda m, named: (m.media_type if named else None, m.raw), manifests, media_types)
