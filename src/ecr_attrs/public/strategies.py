"""Hypothesis strategies for ECR Public's classes: ``ecr_attrs.strategies.from_type`` serves both services."""

from __future__ import annotations

from ecr_attrs.public import models
from ecr_attrs.strategies import from_type as from_type

MODEL_CLASSES: tuple[type, ...] = tuple(getattr(models, name) for name in sorted(models.CLASS_NAMES))
"""Every ECR Public class, by name."""

__all__ = ["MODEL_CLASSES", "from_type"]
