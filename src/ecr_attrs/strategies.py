"""Hypothesis strategies that produce only valid, realistic ECR objects.

Needs the ``hypothesis`` extra.  Importing this module registers every model
class with ``hypothesis.strategies.register_type_strategy``, so
``st.from_type(DescribeImagesResponseTypeDef)`` works; the package also
registers through Hypothesis' plugin entry point (``ecr_attrs._hypothesis_plugin``),
so with the extra installed no import is needed.

Values are built to be valid (never generated and filtered): the strategy of
a field is read off the same validator object the constructor runs, and a
pattern gets a hand-made strategy of realistic values that match it.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any, TypeVar, assert_never, cast

import attrs

from ecr_attrs import _extras

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as error:
    raise _extras.missing(
        error, "hypothesis", "ecr_attrs.strategies builds on Hypothesis", _extras.INSTALL_HYPOTHESIS
    ) from error

from ecr_attrs import _validators as v
from ecr_attrs import models
from ecr_attrs._compile import is_generated
from ecr_attrs.manifests.strategies import manifest_texts
from ecr_attrs.values import FrozenDict

T = TypeVar("T")

# Small collections keep the largest responses fast to generate and to shrink.
MAX_ITEMS = 3

REGIONS = (
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "sa-east-1",
    "ca-central-1",
)
MEDIA_TYPES = (
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
)

_LOWER = string.ascii_lowercase + string.digits

account_ids = st.text("0123456789", min_size=12, max_size=12)
regions = st.sampled_from(REGIONS)
digests = st.text("0123456789abcdef", min_size=64, max_size=64).map(lambda h: "sha256:" + h)
uuids = st.uuids().map(str)
image_tags = st.from_regex(r"[a-zA-Z0-9_][a-zA-Z0-9._-]{0,20}", fullmatch=True)
_words = st.text(_LOWER, min_size=1, max_size=8)


@st.composite
def _repository_names(
    draw: Any, separators: tuple[str, ...] = (".", "_", "__", "-", "--"), max_parts: int = 3
) -> str:
    """``team-a/web.app``: path segments of words joined by ECR's separators."""
    parts = []
    for _ in range(draw(st.integers(1, max_parts))):
        words = draw(st.lists(_words, min_size=1, max_size=3))
        seps = draw(st.lists(st.sampled_from(separators), min_size=len(words) - 1, max_size=len(words) - 1))
        parts.append(words[0] + "".join(s + w for s, w in zip(seps, words[1:])))
    name = "/".join(parts)
    return name if len(name) >= 2 else name + "0"


repository_names = _repository_names()


@st.composite
def _prefixes(draw: Any) -> str:
    """A pull-through cache prefix of at most 30 characters, or ``ROOT``."""
    if draw(st.booleans()) and draw(st.booleans()):
        return "ROOT"
    name = draw(_repository_names(max_parts=2))[:30].rstrip("._-/")
    return name if len(name) >= 2 else "ab"


@st.composite
def _scan_filters(draw: Any) -> str:
    """``prod-*``: wildcard words joined by single separators."""
    words: list[str] = draw(st.lists(st.text(_LOWER + "*", min_size=1, max_size=6), min_size=1, max_size=4))
    seps = draw(st.lists(st.sampled_from("._-/"), min_size=len(words) - 1, max_size=len(words) - 1))
    return words[0] + "".join(s + w for s, w in zip(seps, words[1:]))


@st.composite
def _repository_filters(draw: Any) -> str:
    """A repository-name prefix for replication, at least two characters."""
    name: str = draw(_repository_names(separators=(".", "_", "-"), max_parts=2))
    return name if len(name) >= 2 else name + "0"


@st.composite
def _secret_arns(draw: Any) -> str:
    suffix = draw(st.text(string.ascii_letters + string.digits, min_size=6, max_size=6))
    name = draw(repository_names).replace("__", "_")
    return f"arn:aws:secretsmanager:{draw(regions)}:{draw(account_ids)}:secret:ecr-pullthroughcache/{name}-{suffix}"


@st.composite
def _signing_filters(draw: Any) -> str:
    """``prod/web-*``: path segments of wildcard words joined by single separators."""
    segments = []
    for _ in range(draw(st.integers(1, 3))):
        words = draw(st.lists(st.text(_LOWER + "*", min_size=1, max_size=6), min_size=1, max_size=3))
        seps = draw(st.lists(st.sampled_from("._-"), min_size=len(words) - 1, max_size=len(words) - 1))
        segments.append(words[0] + "".join(s + w for s, w in zip(seps, words[1:])))
    return "/".join(segments)


def _iam_arns(kind: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda a, path: f"arn:aws:iam::{a}:{kind}/{path}",
        account_ids,
        st.lists(
            st.text(string.ascii_letters + string.digits + "+=,.@-_", min_size=1, max_size=12),
            min_size=1,
            max_size=3,
        ).map("/".join),
    )


def _json_text(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"))


lifecycle_policies = st.builds(
    lambda days, tag: _json_text(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "description": f"expire {tag} images after {days} days",
                    "selection": {
                        "tagStatus": tag,
                        "countType": "sinceImagePushed",
                        "countUnit": "days",
                        "countNumber": days,
                    },
                    "action": {"type": "expire"},
                }
            ]
        }
    ),
    st.integers(1, 365),
    st.sampled_from(["untagged", "any"]),
)
policies = st.builds(
    lambda account, sid: _json_text(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": sid,
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                }
            ],
        }
    ),
    account_ids,
    st.text(string.ascii_letters, min_size=1, max_size=10),
)

# Manifest texts come from the manifest classes, so every one parses (ecr_attrs.manifests).
manifests = manifest_texts().map(lambda pair: pair[1])
urls = st.builds(lambda host, path: f"https://{host}.example.com/{path}", _words, _words)
tokens = st.text(string.ascii_letters + string.digits + "+/=", min_size=8, max_size=40)
datetimes = st.datetimes(
    min_value=datetime(2015, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))]),
)


# Strategies for every pattern of the ECR model, keyed by the pattern itself.
documents: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
"""Any JSON value, for a model ``document`` (frozen by its rule's ``stored``)."""


def _short_matches(bounded: str) -> st.SearchStrategy[str]:
    """Strings of a bounded form of a pattern: every one matches the model's own, and is short."""
    return st.from_regex(bounded, fullmatch=True)


PATTERNS: dict[str, st.SearchStrategy[str]] = {
    "[0-9]{12}": account_ids,
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}": uuids,
    "[0-9a-z-]{2,25}": regions,
    "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*": repository_names,
    "[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+": digests,
    "^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$": _repository_filters(),
    "^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$": _prefixes(),
    "^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$": _scan_filters(),
    "^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$": _secret_arns(),
    "^[0-9a-zA-Z._*-]{1,128}$": st.text(
        string.ascii_letters + string.digits + "._*-", min_size=1, max_size=20
    ),
    "^$|arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key\\/[a-z0-9-]+": st.just("")
    | st.builds(lambda r, a, u: f"arn:aws:kms:{r}:{a}:key/{u}", regions, account_ids, uuids),
    "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$": _iam_arns("role")
    | _iam_arns("user"),
    "^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\\/signing-profiles\\/[a-zA-Z0-9_]{2,}$": st.builds(
        lambda r, a, n: f"arn:aws:signer:{r}:{a}:/signing-profiles/{n}",
        regions,
        account_ids,
        st.text(string.ascii_letters + string.digits + "_", min_size=2, max_size=16),
    ),
    "^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$": _signing_filters(),
    # ECR Public's repository names (single separators, unlike ECR's) and registry aliases.
    "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*": _short_matches(
        "(?:[a-z0-9]{1,6}(?:[._-][a-z0-9]{1,6}){0,2}/){0,2}[a-z0-9]{2,8}(?:[._-][a-z0-9]{1,6}){0,2}"
    ),
    "[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*": _short_matches("[a-z][a-z0-9]{1,10}(?:[._-][a-z0-9]{1,6}){0,2}"),
}


def _arn(kind: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda r, a, n: f"arn:aws:ecr:{r}:{a}:{kind}/{n}", regions, account_ids, repository_names
    )


# Realistic values for text fields the model leaves unconstrained, by field name.
FIELD_NAMES: dict[str, st.SearchStrategy[str]] = {
    "registryId": account_ids,
    "awsAccountId": account_ids,
    "repositoryName": repository_names,
    "repositoryArn": _arn("repository"),
    "resourceArn": _arn("repository"),
    "findingArn": st.builds(
        lambda r, a, u: f"arn:aws:inspector2:{r}:{a}:finding/{u}", regions, account_ids, uuids
    ),
    "repositoryUri": st.builds(
        lambda a, r, n: f"{a}.dkr.ecr.{r}.amazonaws.com/{n}", account_ids, regions, repository_names
    ),
    "proxyEndpoint": st.builds(lambda a, r: f"https://{a}.dkr.ecr.{r}.amazonaws.com", account_ids, regions),
    "imageDigest": digests,
    "imageHash": digests,
    "layerDigest": digests,
    "layerDigests": digests,
    "sourceLayerHash": digests,
    "imageTag": image_tags,
    "imageTags": image_tags,
    "mediaType": st.sampled_from(MEDIA_TYPES),
    "imageManifestMediaType": st.sampled_from(MEDIA_TYPES),
    "artifactMediaType": st.sampled_from(MEDIA_TYPES),
    "acceptedMediaTypes": st.sampled_from(MEDIA_TYPES),
    "kmsKey": st.builds(lambda r, a, u: f"arn:aws:kms:{r}:{a}:key/{u}", regions, account_ids, uuids),
    "region": regions,
    "credentialArn": _secret_arns(),
    "lifecyclePolicyText": lifecycle_policies,
    "policyText": policies,
    "imageManifest": manifests,
    "uploadId": uuids,
    "RequestId": uuids,
    "authorizationToken": tokens,
    "nextToken": tokens,
    "StartingToken": tokens,
    "downloadUrl": urls,
    "url": urls,
    "uri": urls,
    "sourceUrl": urls,
    "referenceUrls": urls,
    "upstreamRegistryUrl": st.sampled_from(["public.ecr.aws", "registry-1.docker.io", "ghcr.io", "quay.io"]),
    "ecrRepositoryPrefix": _prefixes(),
}


def for_rule(
    rule: v.Validator, name: str = "", output_min: int = 0, element_min: int = 0
) -> st.SearchStrategy[Any]:
    """A strategy of values that ``rule`` accepts; ``name`` picks realistic text.

    ``output_min`` (``element_min``: of each element of a list) is the size the
    model states for a response field: not enforced on real output, but
    respected here so botocore's Stubber takes it.
    """
    if not isinstance(rule, v.RULE_KINDS):
        raise TypeError(f"no strategy for {rule!r}")
    match rule:
        case v.Nullable():
            return st.none() | for_rule(rule.inner, name, output_min, element_min)
        case v.Text():
            return _text(rule, name, output_min)
        case v.Number():  # before Integer, which it refines
            return st.floats(
                min_value=rule.min if rule.min is not None else 0.0,
                max_value=rule.max if rule.max is not None else 10.0,
                allow_nan=False,
                allow_infinity=False,
            )
        case v.Integer():
            low = max(rule.min if rule.min is not None else 0, output_min)
            return st.integers(
                min_value=low, max_value=rule.max if rule.max is not None else max(low, 0) + 10**10
            )
        case v.Boolean():
            return st.booleans()
        case v.Timestamp():
            return datetimes
        case v.Blob():
            return st.binary(min_size=rule.min_len or 0, max_size=min(rule.max_len or 64, 64))
        case v.OneOf():
            return st.sampled_from(rule.values)
        case v.InstanceOf():
            # For a union, the class structuring picks for a dict: generated objects
            # then survive a round trip through boto3's dicts unchanged.
            if isinstance(rule, v.LazyInstanceOf):  # a class that holds itself: drawn on demand
                return st.deferred(lambda: from_type(rule.classes[0]))
            return from_type(rule.classes[0])
        case v.SequenceOf():
            low = max(rule.min_len or 0, output_min)
            high = min(rule.max_len if rule.max_len is not None else MAX_ITEMS, max(low, MAX_ITEMS))
            return st.lists(for_rule(rule.element, name, element_min), min_size=low, max_size=high).map(tuple)
        case v.MappingOf():
            keys = (
                for_rule(rule.key, "key")
                if isinstance(rule.key, v.OneOf)
                else st.text(_LOWER + "-", min_size=1, max_size=12)
            )
            return st.dictionaries(keys, for_rule(rule.value, name), max_size=MAX_ITEMS).map(FrozenDict)
        case v.DocumentValue():
            return documents.map(rule.stored)
        case _:
            assert_never(rule)


def _any_match(rule: v.Text) -> st.SearchStrategy[str]:
    """Text that ``rule`` accepts, drawn from its pattern (length bounds and NUL are filtered)."""
    pattern = re.compile(rule.linear or rule.pattern or "", re.ASCII)
    return st.from_regex(pattern, fullmatch=True).filter(lambda text: rule.problem(text) is None)


def _text(rule: v.Text, name: str, output_min: int = 0) -> st.SearchStrategy[str]:
    if rule.pattern is not None:
        # ECR's and ECR Public's patterns have strategies of realistic values; another
        # service's package gets text drawn from the pattern itself.
        return PATTERNS[rule.pattern] if rule.pattern in PATTERNS else _any_match(rule)
    if name in FIELD_NAMES:
        return FIELD_NAMES[name]
    low = max(rule.min_len or 0, output_min)
    return st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=low, max_size=max(low, 24))


@cache
def from_type(cls: type[T]) -> st.SearchStrategy[T]:
    """A strategy of valid instances of a model class."""
    if not (isinstance(cls, type) and attrs.has(cls) and any(is_generated(c) for c in cls.__mro__)):
        raise TypeError(f"{cls!r} is not an ecr_attrs model class")
    build_cls = cast("Callable[..., T]", cls)  # narrowed to an attrs class above
    if v.is_union(cls):
        return _union(cls)
    fields = {
        f.name: for_rule(
            f.validator, f.name, f.metadata.get("output_min", 0), f.metadata.get("output_element_min", 0)
        )
        for f in attrs.fields(cls)
    }
    if {"imageManifest", "imageManifestMediaType"} <= fields.keys():
        # A manifest and the media type ECR gives beside it, drawn together so they agree.
        del fields["imageManifest"], fields["imageManifestMediaType"]
        optional = isinstance(attrs.fields_dict(cls)["imageManifest"].validator, v.Nullable)
        pairs = manifest_texts(with_media_type=False)
        build: Any = cls
        return st.builds(
            lambda pair, **kw: build(imageManifestMediaType=pair[0], imageManifest=pair[1], **kw),
            st.just((None, None)) | pairs if optional else pairs,
            **fields,
        )
    return st.builds(build_cls, **fields)


def _union(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Instances of a model union: each sets exactly one member."""
    build = cast("Callable[..., Any]", cls)
    members = []
    for f in attrs.fields(cls):
        rule = f.validator.inner if isinstance(f.validator, v.Nullable) else f.validator
        members.append(st.builds(build, **{f.name: for_rule(rule, f.name)}))
    return st.one_of(members)


def boto3_dicts(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    """A strategy of the dicts boto3 would return or accept for ``cls``."""
    from ecr_attrs.converters import unstructure

    return from_type(cls).map(unstructure)


MODEL_CLASSES: tuple[type, ...] = tuple(getattr(models, name) for name in sorted(models.CLASS_NAMES))


def register() -> None:
    """Let ``st.from_type`` and ``st.builds`` find every model class."""
    for cls in MODEL_CLASSES:
        st.register_type_strategy(cls, _deferred(cls))


def _deferred(cls: type) -> st.SearchStrategy[Any]:
    # Deferred, so registering all classes builds no strategy until one is drawn.
    return st.deferred(lambda: from_type(cls))


register()
