"""The rules of the OCI image spec and Docker's manifest v2 schema 2, applied to JSON values.

One reader judges both parsed documents and the documents of objects built
in Python, and collects every problem with its JSON path, so errors read like
the rest of ecr-attrs (``StructureError``, ``$.layers[0].digest: ...``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections.abc import Callable
from typing import Any, NoReturn

from ecr_attrs._validators import Path, key_part, kind, show
from ecr_attrs.errors import StructureError
from ecr_attrs.manifests import _types as t
from ecr_attrs.values import FrozenDict

# RFC 6838 restricted names, as the OCI descriptor's mediaType must be.
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}")
# OCI descriptor digests: algorithm ":" encoded.
_DIGEST = re.compile(r"([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)")
# Registered algorithms and the encoding each must have.
_ENCODED = {"sha256": 64, "sha512": 128}
_HEX = re.compile(r"[a-f0-9]+")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
# Descriptor sizes are int64.
_SIZE_MAX = 2**63 - 1
# Unknown members may nest; past this depth the document is hostile, not extensible.
MAX_DEPTH = 64
EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json"
_SUPPORTED = ", ".join(t.KINDS)

Problems = list[tuple[Path, str]]
# The members each kind of object knows; the rest are unknown members, kept in ``extra``.
_ENTRY_MEMBERS = frozenset(m for m, _ in t.Descriptor.MEMBERS)
_DESCRIPTOR_MEMBERS = _ENTRY_MEMBERS - {"platform"}  # a platform belongs to index entries only
_PLATFORM_MEMBERS = frozenset(m for m, _ in t.Platform.MEMBERS)


def parse_manifest(text: str | bytes | bytearray | memoryview, media_type: str | None = None) -> t.Manifest:
    """Parse a manifest into its typed object, keeping the text and the digest of its exact bytes.

    Args:
        text: the manifest as ECR's ``imageManifest`` holds it, or its bytes (UTF-8).
        media_type: ECR's ``imageManifestMediaType``; when None, the document's ``mediaType``.

    Raises:
        StructureError: for bytes that are not UTF-8, text that is not a JSON object, an unknown
            or conflicting media type, and every broken rule, each with its JSON path.
    """
    raw, data = _text_and_bytes(text)
    document = _load(raw)
    cls = _kind(document, media_type)
    problems: Problems = []
    token = t._PARSED.set(True)
    try:
        fields = _read_manifest(cls, document, problems)
        if problems:
            raise StructureError.from_problems(problems, cls)
        manifest = cls(**fields)
    finally:
        t._PARSED.reset(token)
    object.__setattr__(manifest, "raw", raw)
    object.__setattr__(manifest, "digest", "sha256:" + hashlib.sha256(data).hexdigest())
    return manifest


def check(manifest: t.Manifest) -> None:
    """Judge a manifest built in Python as if it had been parsed; raise with every problem."""
    problems: Problems = []
    for member, name in type(manifest).MEMBERS:
        if member in ("config", "subject", "layers", "manifests"):
            _check_types(getattr(manifest, name), (member,), problems)
    _check_clashes(manifest, (), {"schemaVersion", "mediaType"}, problems)
    if not problems:
        _read_manifest(type(manifest), manifest.to_document(), problems)
    if problems:
        raise StructureError.from_problems(problems, type(manifest))


def _check_clashes(obj: Any, path: Path, reserved: set[str], problems: Problems) -> None:
    """An unknown member must not be named like a known one: it would be lost or overwrite it."""
    known = reserved | {m for m, _ in obj.MEMBERS}
    problems.extend(
        ((*path, key), "is a known member; set its field instead") for key in obj.extra if key in known
    )
    for member, name in obj.MEMBERS:
        value = getattr(obj, name)
        items = enumerate(value) if isinstance(value, tuple) else [(None, value)]
        for index, item in items:
            if isinstance(item, t.Descriptor | t.Platform):
                _check_clashes(
                    item, (*path, member) if index is None else (*path, member, index), set(), problems
                )


def _check_types(value: Any, path: Path, problems: Problems) -> None:
    """Descriptors and platforms must be objects of their classes, not dicts that look like them."""
    items = (
        enumerate(value)
        if path[-1] in ("layers", "manifests") and isinstance(value, tuple)
        else [(None, value)]
    )
    for index, item in items:
        where = path if index is None else (*path, index)
        if item is not None and not isinstance(item, t.Descriptor):
            problems.append((where, f"must be a Descriptor, not {kind(item)}"))
        elif isinstance(item, t.Descriptor) and not isinstance(item.platform, t.Platform | None):
            problems.append(((*where, "platform"), f"must be a Platform, not {kind(item.platform)}"))


def _fail(reason: str, cls: type = t.Manifest) -> NoReturn:
    raise StructureError.from_problems([((), reason)], cls)


def _text_and_bytes(text: Any) -> tuple[str, bytes]:
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        try:
            return data.decode("utf-8"), data
        except UnicodeDecodeError as error:
            _fail(f"is not UTF-8: byte {error.start} cannot start or continue a character")
    if isinstance(text, str):
        raw = str.__str__(text)
        try:
            return raw, raw.encode("utf-8")
        except UnicodeEncodeError as error:
            _fail(f"holds a lone surrogate at character {error.start}, which UTF-8 cannot encode")
    _fail(f"must be text or bytes, not {kind(text)}")


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ValueError(f"member {key_part(duplicate)!r} appears twice in one object")
    return out


def _load(raw: str) -> dict[str, Any]:
    try:
        document = json.loads(raw, parse_constant=_no_constant, object_pairs_hook=_unique)
    except json.JSONDecodeError as error:
        _fail(f"is not JSON: {error.msg} at line {error.lineno} column {error.colno}")
    except RecursionError:
        _fail("is not JSON this parser can read: nested too deeply")
    except ValueError as error:  # a duplicate member, NaN, or an int of more than 4,300 digits
        reason = (
            str(error) if "JSON" in str(error) or "twice" in str(error) else "a number has too many digits"
        )
        _fail(f"is not JSON this parser accepts: {reason}")
    if not isinstance(document, dict):
        _fail(f"must be a JSON object, not {_json_kind(document)}")
    return document


def _kind(document: dict[str, Any], media_type: Any) -> type[t.Manifest]:
    declared = document.get("mediaType")
    if media_type is None:
        if declared is None:
            _fail(f"has no mediaType and none was given; supported: {_SUPPORTED}")
        if not isinstance(declared, str):
            raise StructureError.from_problems([(("mediaType",), _must("a string", declared))], t.Manifest)
        media_type = declared
    elif not isinstance(media_type, str):
        _fail(f"media_type must be a string, not {kind(media_type)}")
    cls = t.KINDS.get(media_type)
    if cls is None:
        _fail(f"media type {show(media_type)} is not supported; supported: {_SUPPORTED}")
    if declared is not None and declared != media_type:
        reason = f"is {show(declared)}, but the manifest was given as {media_type}"
        raise StructureError.from_problems([(("mediaType",), reason)], cls)
    return cls


def _read_manifest(cls: type[t.Manifest], document: dict[str, Any], problems: Problems) -> dict[str, Any]:
    """The constructor's keywords for ``cls`` from a document; broken rules go to ``problems``."""
    r = _Reader(document, (), problems)
    version = document.get("schemaVersion")
    if "schemaVersion" not in document:
        problems.append((("schemaVersion",), "required member missing"))
    elif type(version) is not int or version != 2:
        problems.append((("schemaVersion",), f"must be 2, not {show(version)}"))
    fields: dict[str, Any] = {}
    if cls is t.OCIImageManifest or cls is t.DockerManifest:
        fields["config"] = r.descriptor("config", required=True)
        fields["layers"] = r.descriptors("layers", required=True)
    else:
        fields["manifests"] = r.descriptors("manifests", required=True, platforms=True)
    if cls is t.OCIImageManifest or cls is t.OCIImageIndex:
        fields["subject"] = r.descriptor("subject")
        fields["artifact_type"] = r.text("artifactType", _media_type)
        fields["annotations"] = r.annotations("annotations")
    if cls is t.OCIImageManifest:
        config = fields["config"]
        if config is not None and config.media_type == EMPTY_MEDIA_TYPE and fields["artifact_type"] is None:
            problems.append((("artifactType",), f"required when config.mediaType is {EMPTY_MEDIA_TYPE}"))
    fields["extra"] = r.extra({"schemaVersion", "mediaType", *(m for m, _ in cls.MEMBERS)})
    return fields


def _media_type(value: str) -> str | None:
    return None if _MEDIA_TYPE.fullmatch(value) else "must be a media type (type/subtype, RFC 6838)"


def _digest(value: str) -> str | None:
    match = _DIGEST.fullmatch(value)
    if match is None:
        return "must be a digest (algorithm:encoded, like sha256:<64 hex digits>)"
    length = _ENCODED.get(match[1])
    if length is not None and not (len(match[2]) == length and _HEX.fullmatch(match[2])):
        return f"must be {match[1]}: and {length} lowercase hex digits"
    return None


def _url(value: str) -> str | None:
    return None if _URL.fullmatch(value) else "must be a URL with a scheme"


def _any_text(value: str) -> str | None:
    return None


def _json_kind(value: Any) -> str:
    match value:
        case None:
            return "null"
        case bool():
            return "a boolean"
        case int() | float():
            return "a number"
        case str():
            return "a string"
        case list():
            return "an array"
        case _:
            return "an object"


def _must(what: str, value: Any) -> str:
    return f"must be {what}, not {_json_kind(value)}"


class _Reader:
    """Reads the members of one JSON object at ``path``, noting what breaks a rule."""

    def __init__(self, obj: dict[str, Any], path: Path, problems: Problems) -> None:
        self.obj, self.path, self.problems = obj, path, problems

    def fail(self, member: str | int, reason: str, *below: str | int) -> None:
        self.problems.append(((*self.path, member, *below), reason))

    def get(self, member: str, required: bool) -> Any:
        if member not in self.obj:
            if required:
                self.fail(member, "required member missing")
            return None
        value = self.obj[member]
        if value is None:
            self.fail(member, "must not be null; leave the member out instead")
        return value

    def text(self, member: str, rule: Callable[[str], str | None], required: bool = False) -> str | None:
        value = self.get(member, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(member, _must("a string", value))
            return None
        reason = rule(value)
        if reason is not None:
            self.fail(member, f"{reason}: {show(value)}")
            return None
        return value

    def size(self, member: str) -> int | None:
        value = self.get(member, True)
        if value is None:
            return None
        if type(value) is not int:
            self.fail(
                member, _must("an integer", value) if type(value) is not float else "must be an integer"
            )
            return None
        if not 0 <= value <= _SIZE_MAX:
            self.fail(member, f"must be from 0 to 2**63-1, not {show(value)}")
            return None
        return value

    def texts(self, member: str, rule: Callable[[str], str | None]) -> tuple[str, ...] | None:
        value = self.get(member, False)
        if value is None:
            return None
        if not isinstance(value, list | tuple):
            self.fail(member, _must("an array", value))
            return None
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(member, _must("a string", item), index)
            elif (reason := rule(item)) is not None:
                self.fail(member, f"{reason}: {show(item)}", index)
            else:
                items.append(item)
        return tuple(items)

    def annotations(self, member: str) -> FrozenDict[str, str] | None:
        value = self.get(member, False)
        if value is None:
            return None
        if not isinstance(value, dict | FrozenDict):
            self.fail(member, _must("an object", value))
            return None
        for key, item in value.items():
            if not isinstance(key, str):
                self.fail(member, f"has a key that is not a string: {show(key)}")
            elif not isinstance(item, str):
                self.fail(member, _must("a string", item), key)
        return FrozenDict(value)

    def obj_at(self, member: str | int, value: Any, *below: str | int) -> _Reader | None:
        if not isinstance(value, dict | FrozenDict):
            self.fail(member, _must("an object", value), *below)
            return None
        return _Reader(dict(value), (*self.path, member, *below), self.problems)

    def descriptor(self, member: str, required: bool = False) -> t.Descriptor | None:
        value = self.get(member, required)
        if value is None:
            return None
        inner = self.obj_at(member, value)
        return None if inner is None else inner.as_descriptor(platforms=False)

    def descriptors(
        self, member: str, required: bool = False, platforms: bool = False
    ) -> tuple[t.Descriptor, ...]:
        value = self.get(member, required)
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            self.fail(member, _must("an array", value))
            return ()
        out = []
        for index, item in enumerate(value):
            inner = self.obj_at(member, item, index)
            if inner is not None and (found := inner.as_descriptor(platforms)) is not None:
                out.append(found)
        return tuple(out)

    def as_descriptor(self, platforms: bool) -> t.Descriptor | None:
        before = len(self.problems)
        media_type = self.text("mediaType", _media_type, required=True)
        digest = self.text("digest", _digest, required=True)
        size = self.size("size")
        data = self.text("data", _any_text)
        if data is not None and digest is not None and size is not None:
            self._check_data(data, digest, size)
        platform = None
        if platforms and (value := self.get("platform", False)) is not None:
            inner = self.obj_at("platform", value)
            platform = None if inner is None else inner.as_platform()
        known = _ENTRY_MEMBERS if platforms else _DESCRIPTOR_MEMBERS
        found = t.Descriptor(
            media_type=media_type or "",
            digest=digest or "",
            size=size or 0,
            urls=self.texts("urls", _url),
            annotations=self.annotations("annotations"),
            artifact_type=self.text("artifactType", _media_type),
            data=data,
            platform=platform,
            extra=self.extra(known),
        )
        return found if len(self.problems) == before else None

    def _check_data(self, data: str, digest: str, size: int) -> None:
        try:
            content = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            self.fail("data", "must be base64")
            return
        if len(content) != size:
            self.fail("data", f"holds {len(content)} bytes, but size says {size}")
        elif digest.startswith("sha256:") and "sha256:" + hashlib.sha256(content).hexdigest() != digest:
            self.fail("data", "does not match digest")

    def as_platform(self) -> t.Platform | None:
        before = len(self.problems)
        architecture = self.text("architecture", _any_text, required=True)
        os = self.text("os", _any_text, required=True)
        found = t.Platform(
            architecture=architecture or "",
            os=os or "",
            os_version=self.text("os.version", _any_text),
            os_features=self.texts("os.features", _any_text),
            variant=self.text("variant", _any_text),
            extra=self.extra(_PLATFORM_MEMBERS),
        )
        return found if len(self.problems) == before else None

    def extra(self, known: frozenset[str] | set[str]) -> FrozenDict[str, Any]:
        items = {}
        for key, value in self.obj.items():
            if key not in known:
                frozen = _freeze(value, (*self.path, key), 1, self.problems)
                items[key] = frozen
        return FrozenDict._adopt(items)


def freeze_members(value: Any) -> FrozenDict[str, Any]:
    """The converter of ``extra``: JSON values made immutable, or a ``StructureError``."""
    problems: Problems = []
    if not isinstance(value, dict | FrozenDict):
        _fail(f"extra must be a mapping of JSON values, not {kind(value)}")
    items = {}
    for key, item in value.items():
        if not isinstance(key, str):
            problems.append(((), f"extra has a key that is not a string: {show(key)}"))
            continue
        items[key] = _freeze(item, (key,), 1, problems)
    if problems:
        raise StructureError.from_problems(problems, t.Manifest)
    return FrozenDict._adopt(items)


def _freeze(value: Any, path: Path, depth: int, problems: Problems) -> Any:
    """A JSON value with tuples for arrays and ``FrozenDict`` for objects, so manifests hash."""
    if depth > MAX_DEPTH:
        problems.append((path, f"nests deeper than {MAX_DEPTH} levels"))
        return None
    if value is None or type(value) in (str, bool):
        return value
    if type(value) is int:
        if value.bit_length() > 4000 * 3:  # past what json writes (4,300 digits)
            problems.append((path, f"is too large for JSON: {show(value)}"))
        return value
    if type(value) is float:
        if not math.isfinite(value):
            problems.append((path, f"is not a JSON number: {show(value)}"))
        return value
    if isinstance(value, list | tuple):
        return tuple(_freeze(item, (*path, i), depth + 1, problems) for i, item in enumerate(value))
    if isinstance(value, dict | FrozenDict):
        items = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append((path, f"has a key that is not a string: {show(key)}"))
                continue
            items[key] = _freeze(item, (*path, key), depth + 1, problems)
        return FrozenDict._adopt(items)
    problems.append((path, f"must be a JSON value, not {kind(value)}"))
    return None
