"""Hypothesis strategies for Inspector's classes: ``ecr_attrs.strategies.from_type`` serves every service."""

from __future__ import annotations

from ecr_attrs.inspector2 import models
from ecr_attrs.strategies import from_type as from_type

MODEL_CLASSES: tuple[type, ...] = tuple(getattr(models, name) for name in sorted(models.CLASS_NAMES))
"""Every Inspector class, by name."""

__all__ = ["MODEL_CLASSES", "from_type"]
