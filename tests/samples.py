"""Valid sample values for every model, read off the validators themselves.

The tests stay driven by the spec: a new class or constraint in ``models.py``
gets samples here without anyone editing a list, except for patterns, where a
realistic value has to be written once per pattern (a missing one fails loudly).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from ecr_attrs import _validators as v
from ecr_attrs import models
from ecr_attrs.values import FrozenDict

MODEL_CLASSES: list[type] = [getattr(models, name) for name in sorted(models.CLASS_NAMES)]

# One realistic value per pattern of the ECR model.
PATTERN_SAMPLES = {
    "[0-9]{12}": "123456789012",
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}": "0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90",
    "[0-9a-z-]{2,25}": "eu-west-1",
    "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*": "team-a/web.app",
    "[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+": "sha256:" + "3f" * 32,
    "^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$": "prod/services",
    "^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$": "docker-hub",
    "^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$": "prod-*",
    "^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$": (
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"
    ),
    "^[0-9a-zA-Z._*-]{1,128}$": "release-*",
    "^$|arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key\\/[a-z0-9-]+": (
        "arn:aws:kms:us-east-1:123456789012:key/0f4e6a3c-5b7d-4e21-9c3a-8d2f1b6e7a90"
    ),
    "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$": (
        "arn:aws:iam::123456789012:role/ecr/template-role"
    ),
    "^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\\/signing-profiles\\/[a-zA-Z0-9_]{2,}$": (
        "arn:aws:signer:us-east-1:123456789012:/signing-profiles/release_signer"
    ),
    "^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$": "prod/web-*",
}

LIFECYCLE_POLICY = (
    '{"rules": [{"rulePriority": 1, "description": "expire untagged images after 14 days", '
    '"selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", '
    '"countNumber": 14}, "action": {"type": "expire"}}]}'
)

# Realistic text for fields whose responses AWS (and botocore's Stubber) hold to a shape.
FIELD_SAMPLES = {
    "credentialArn": PATTERN_SAMPLES[
        "^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$"
    ],
    "lifecyclePolicyText": LIFECYCLE_POLICY,
}

WHEN = datetime(2024, 5, 17, 9, 30, 12, tzinfo=timezone(timedelta(hours=2)))


def text_sample(rule: v.Text) -> str:
    if rule.pattern is not None:
        if rule.pattern not in PATTERN_SAMPLES:
            raise LookupError(f"tests/samples.py needs a sample for pattern {rule.pattern!r}")
        return PATTERN_SAMPLES[rule.pattern]
    low = rule.min_len or 1
    base = "sample-text"
    if low > len(base):
        base = (base * (low // len(base) + 1))[:low]
    return base[: rule.max_len] if rule.max_len is not None else base


def sample(rule: v.Validator, *, full: bool = True) -> Any:
    """A valid value for ``rule``: with every optional field set when ``full``."""
    if isinstance(rule, v.Nullable):
        return sample(rule.inner, full=full)
    if isinstance(rule, v.Text):
        return text_sample(rule)
    if isinstance(rule, v.Number):
        return 7.5 if rule.max is None else float(rule.max)
    if isinstance(rule, v.Integer):
        low = rule.min if rule.min is not None else 3
        return min(max(low, 3), rule.max) if rule.max is not None else max(low, 3)
    if isinstance(rule, v.Boolean):
        return True
    if isinstance(rule, v.Timestamp):
        return WHEN
    if isinstance(rule, v.Blob):
        return b"\x1f\x8b layer bytes"
    if isinstance(rule, v.OneOf):
        return rule.values[0]
    if isinstance(rule, v.InstanceOf):
        return instance(rule.classes[0], full=full)
    if isinstance(rule, v.SequenceOf):
        count = max(rule.min_len or 0, 2 if full else 1)
        if rule.max_len is not None:
            count = min(count, rule.max_len)
        return tuple(sample(rule.element, full=full) for _ in range(count))
    if isinstance(rule, v.MappingOf):
        keys = rule.key.values[:2] if isinstance(rule.key, v.OneOf) else ("content-type", "x-amzn-requestid")
        return FrozenDict({k: sample(rule.value, full=full) for k in keys})
    raise TypeError(f"no sample for {rule!r}")


def instance(cls: type, *, full: bool = True) -> Any:
    """A valid instance: every field set when ``full``, only the required ones otherwise."""
    kwargs = {}
    for field in attrs.fields(cls):
        if full or not isinstance(field.validator, v.Nullable):
            rule = field.validator.inner if isinstance(field.validator, v.Nullable) else field.validator
            if field.name in FIELD_SAMPLES and isinstance(rule, v.Text):
                kwargs[field.name] = FIELD_SAMPLES[field.name]
            else:
                kwargs[field.name] = sample(field.validator, full=full)
    return cls(**kwargs)


def wrong_type(rule: v.Validator) -> Any:
    """A value of the wrong type for ``rule`` (never None: None means absent)."""
    inner = rule.inner if isinstance(rule, v.Nullable) else rule
    if isinstance(inner, (v.Text, v.OneOf, v.Blob)):
        return 12345
    if isinstance(inner, (v.Integer, v.Boolean, v.Timestamp)):
        return "12"
    if isinstance(inner, v.SequenceOf):
        return "not-a-list"
    if isinstance(inner, v.MappingOf):
        return ["not", "a", "mapping"]
    if isinstance(inner, v.InstanceOf):
        return {"a": "dict, not an instance"}
    raise TypeError(f"no wrong type for {rule!r}")


def filler_of(pattern: str | None, length: int) -> str | None:
    """A string of exactly ``length`` characters the pattern accepts, if a simple one exists."""
    for char in "a0":
        candidate = char * length
        if pattern is None or re.fullmatch(pattern, candidate, re.ASCII):
            return candidate
    return None
