"""Compiled structuring and unstructuring for ecr-attrs; ``ecr_attrs._accel`` binds it.

One core (``_core``) interprets the table of each class, built by ecr_attrs
from the class's own rule objects; nothing here is generated per class.
"""

from __future__ import annotations

from ecr_attrs_speedups._core import Core as Core
from ecr_attrs_speedups._core import Entry as Entry

API = 4
"""The interface version ecr_attrs checks before using this backend."""
