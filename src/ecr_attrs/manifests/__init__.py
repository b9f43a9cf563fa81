"""Image manifests as typed objects: the OCI image manifest and index, Docker's manifest and list.

``parse_manifest`` turns the text ECR returns into a frozen object that keeps
that text (``raw``) and the digest of its exact bytes (``digest``); building a
class in Python gives its canonical text and digest for ``PutImage``.
"""

from __future__ import annotations

from typing import Any

from ecr_attrs.manifests._read import MAX_DEPTH, parse_manifest
from ecr_attrs.manifests._types import (
    DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST,
    KINDS,
    OCI_INDEX,
    OCI_MANIFEST,
    Descriptor,
    DockerManifest,
    DockerManifestList,
    Manifest,
    OCIImageIndex,
    OCIImageManifest,
    Platform,
)

__all__ = [
    "DOCKER_MANIFEST",
    "DOCKER_MANIFEST_LIST",
    "KINDS",
    "MAX_DEPTH",
    "OCI_INDEX",
    "OCI_MANIFEST",
    "Descriptor",
    "DockerManifest",
    "DockerManifestList",
    "Manifest",
    "OCIImageIndex",
    "OCIImageManifest",
    "Platform",
    "image_manifest",
    "parse_manifest",
]


def image_manifest(image: Any) -> Manifest | None:
    """The manifest of an ``ImageTypeDef`` (from ``BatchGetImage`` or ``PutImage``), or None when
    the image carries none; parsed with the image's ``imageManifestMediaType`` when it has one."""
    if image.imageManifest is None:
        return None
    return parse_manifest(image.imageManifest, image.imageManifestMediaType)
