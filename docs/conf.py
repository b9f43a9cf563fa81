"""Sphinx configuration: furo, MyST Markdown pages, an API reference from the docstrings.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (extra ``docs``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import ecr_attrs

project = "ecr-attrs"
author = "The ecr-attrs contributors"
copyright = "2026, The ecr-attrs contributors"
version = release = ecr_attrs.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "ecr_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"ecr-attrs {release}"
html_static_path = ["_static"]
html_css_files = ["ecr.css"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
# Offline builds must not warn: no inventories are fetched, references stay plain text.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
