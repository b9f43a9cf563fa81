"""The manifest classes: frozen, hashable, and checked by the same rules that judge parsed text.

A class holds what the specs name as Python fields and every member it does
not know in ``extra``, in document order, so nothing is lost.  Building one
from Python checks it (``StructureError`` with JSON paths, as parsing gives)
and fixes ``raw``, its canonical text, and ``digest``, the digest of that text.
"""

from __future__ import annotations

import hashlib
import json
from contextvars import ContextVar
from typing import Any, ClassVar

import attrs

from ecr_attrs import _validators as v
from ecr_attrs.values import FrozenDict

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"

# Set while parsing: the text is then the given one and the rules have already run.
_PARSED: ContextVar[bool] = ContextVar("_PARSED", default=False)


def _frozen_extra(value: Any) -> FrozenDict[str, Any]:
    if type(value) is FrozenDict and _PARSED.get():
        return value  # the reader froze and checked it
    from ecr_attrs.manifests._read import freeze_members

    return freeze_members(value)


def _tuple_or_none(value: Any) -> Any:
    return None if value is None else v.to_tuple(value)


def _frozendict_or_none(value: Any) -> Any:
    return None if value is None else v.to_frozendict(value)


@attrs.frozen(kw_only=True)
class Platform:
    """What an index entry runs on; ``unknown``/``unknown`` marks an attestation, not an image."""

    architecture: str
    os: str
    os_version: str | None = None
    os_features: tuple[str, ...] | None = attrs.field(default=None, converter=_tuple_or_none)
    variant: str | None = None
    extra: FrozenDict[str, Any] = attrs.field(factory=FrozenDict, converter=_frozen_extra)

    MEMBERS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("architecture", "architecture"),
        ("os", "os"),
        ("os.version", "os_version"),
        ("os.features", "os_features"),
        ("variant", "variant"),
    )


@attrs.frozen(kw_only=True)
class Descriptor:
    """A reference to content by media type, digest and size (a config, a layer, a manifest)."""

    media_type: str
    digest: str
    size: int
    urls: tuple[str, ...] | None = attrs.field(default=None, converter=_tuple_or_none)
    annotations: FrozenDict[str, str] | None = attrs.field(default=None, converter=_frozendict_or_none)
    artifact_type: str | None = None
    data: str | None = None
    platform: Platform | None = None
    extra: FrozenDict[str, Any] = attrs.field(factory=FrozenDict, converter=_frozen_extra)

    MEMBERS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("mediaType", "media_type"),
        ("digest", "digest"),
        ("size", "size"),
        ("urls", "urls"),
        ("annotations", "annotations"),
        ("artifactType", "artifact_type"),
        ("data", "data"),
        ("platform", "platform"),
    )


@attrs.frozen(kw_only=True)
class Manifest:
    """What every manifest has: its text, the digest of exactly that text, and unknown members.

    Two manifests are equal when their members and their digests are: the same
    content written differently is a different manifest to a registry.
    """

    MEDIA_TYPE: ClassVar[str] = ""
    MEMBERS: ClassVar[tuple[tuple[str, str], ...]] = ()

    extra: FrozenDict[str, Any] = attrs.field(factory=FrozenDict, converter=_frozen_extra)
    raw: str = attrs.field(init=False, eq=False, repr=False)
    digest: str = attrs.field(init=False)

    @property
    def media_type(self) -> str:
        return self.MEDIA_TYPE

    def __attrs_post_init__(self) -> None:
        if type(self) is Manifest:
            raise TypeError("Manifest is the base of the manifest classes; build one of them")
        if _PARSED.get():
            return  # parse_manifest checked the document and sets raw and digest itself
        from ecr_attrs.manifests._read import check

        check(self)
        text = self.to_text()
        object.__setattr__(self, "raw", text)
        object.__setattr__(self, "digest", "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest())

    def to_document(self) -> dict[str, Any]:
        """The manifest as JSON values: ``schemaVersion`` and ``mediaType`` first, then the
        members in the order the specs list them, then unknown members in their order."""
        document: dict[str, Any] = {"schemaVersion": 2, "mediaType": self.MEDIA_TYPE}
        document.update(_members(self))
        return document

    def to_text(self) -> str:
        """The canonical text: compact, ASCII (``\\u`` escapes), in ``to_document()`` order.

        This is ``raw`` for a manifest built in Python; a parsed one keeps the
        text it came from in ``raw``, which may be written differently.
        """
        return json.dumps(self.to_document(), separators=(",", ":"), ensure_ascii=True, allow_nan=False)


@attrs.frozen(kw_only=True)
class OCIImageManifest(Manifest):
    """An OCI image manifest: an image's config and layers, or an artifact (a referrer when it has
    a ``subject``)."""

    MEDIA_TYPE: ClassVar[str] = OCI_MANIFEST
    MEMBERS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("artifactType", "artifact_type"),
        ("config", "config"),
        ("layers", "layers"),
        ("subject", "subject"),
        ("annotations", "annotations"),
    )

    config: Descriptor
    layers: tuple[Descriptor, ...] = attrs.field(converter=v.to_tuple)
    subject: Descriptor | None = None
    artifact_type: str | None = None
    annotations: FrozenDict[str, str] | None = attrs.field(default=None, converter=_frozendict_or_none)


@attrs.frozen(kw_only=True)
class OCIImageIndex(Manifest):
    """An OCI image index: one entry per platform's manifest, attestations among them."""

    MEDIA_TYPE: ClassVar[str] = OCI_INDEX
    MEMBERS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("artifactType", "artifact_type"),
        ("manifests", "manifests"),
        ("subject", "subject"),
        ("annotations", "annotations"),
    )

    manifests: tuple[Descriptor, ...] = attrs.field(converter=v.to_tuple)
    subject: Descriptor | None = None
    artifact_type: str | None = None
    annotations: FrozenDict[str, str] | None = attrs.field(default=None, converter=_frozendict_or_none)


@attrs.frozen(kw_only=True)
class DockerManifest(Manifest):
    """A Docker image manifest, version 2 schema 2."""

    MEDIA_TYPE: ClassVar[str] = DOCKER_MANIFEST
    MEMBERS: ClassVar[tuple[tuple[str, str], ...]] = (("config", "config"), ("layers", "layers"))

    config: Descriptor
    layers: tuple[Descriptor, ...] = attrs.field(converter=v.to_tuple)


@attrs.frozen(kw_only=True)
class DockerManifestList(Manifest):
    """A Docker manifest list: one entry per platform's manifest."""

    MEDIA_TYPE: ClassVar[str] = DOCKER_MANIFEST_LIST
    MEMBERS: ClassVar[tuple[tuple[str, str], ...]] = (("manifests", "manifests"),)

    manifests: tuple[Descriptor, ...] = attrs.field(converter=v.to_tuple)


KINDS: dict[str, type[Manifest]] = {
    cls.MEDIA_TYPE: cls for cls in (OCIImageManifest, OCIImageIndex, DockerManifest, DockerManifestList)
}


def _members(obj: Any) -> dict[str, Any]:
    """``obj``'s known members as JSON values (absent ones left out), then its unknown ones."""
    out: dict[str, Any] = {}
    for member, name in obj.MEMBERS:
        value = getattr(obj, name)
        if value is not None:
            out[member] = _json(value)
    for member, value in obj.extra.items():
        out.setdefault(member, _json(value))
    return out


def _json(value: Any) -> Any:
    if isinstance(value, (Descriptor, Platform)):
        return _members(value)
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    if isinstance(value, FrozenDict):
        return {key: _json(item) for key, item in value.items()}
    return value
