"""The package as a user meets it: discoverable names and a version."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import ecr_attrs
from ecr_attrs import models

ROOT = Path(__file__).parent.parent


def test_dir_lists_every_public_name_models_included():
    assert set(ecr_attrs.__all__) <= set(dir(ecr_attrs))
    assert models.CLASS_NAMES <= set(ecr_attrs.__all__)
    assert {"structure", "unstructure", "converter", "StructureError", "FrozenDict"} <= set(ecr_attrs.__all__)


def test_dir_creates_no_class():
    code = (
        "import sys, ecr_attrs\n"
        "names = dir(ecr_attrs)\n"
        "assert 'DescribeImagesResponseTypeDef' in names\n"
        "print(' '.join(m for m in sys.modules if m.startswith('ecr_attrs._models.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ["ecr_attrs._models._shared"] == done.stdout.split()


def test_star_import_gives_the_public_names():
    namespace: dict[str, object] = {}
    exec("from ecr_attrs import *", namespace)
    assert set(ecr_attrs.__all__) == set(namespace) - {"__builtins__"}


def test_version_is_the_one_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == ecr_attrs.__version__
