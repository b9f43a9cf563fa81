"""What PyPI would get: the sdist and the wheel built from it, and their metadata."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
MODEL_MODULES = sorted(
    str(p.relative_to(ROOT / "src")) for p in (ROOT / "src" / "ecr_attrs").glob("**/_models/*.py")
)


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    """Built as `python -m build` does (the wheel from the unpacked sdist), without a network."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        check=True,
    )
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


def test_the_wheel_holds_the_package_its_license_and_nothing_else(dists):
    wheel, _ = dists
    names = zipfile.ZipFile(wheel).namelist()
    info = f"ecr_attrs-{PROJECT['version']}.dist-info/"
    assert info + "licenses/LICENSE" in names
    assert "ecr_attrs/py.typed" in names
    assert MODEL_MODULES == sorted(n for n in names if "/_models/" in n)  # ECR's and ECR Public's
    assert [] == [n for n in names if not n.startswith(("ecr_attrs/", info))]  # no tests, benchmarks, codegen


def test_every_model_class_has_its_module_in_the_wheel(dists):
    from ecr_attrs.models import CLASS_NAMES

    names = set(zipfile.ZipFile(dists[0]).namelist())
    assert set() == {c for c in CLASS_NAMES if f"ecr_attrs/_models/{c}.py" not in names}


def test_the_metadata_says_what_pypi_shows(dists):
    wheel, _ = dists
    info = f"ecr_attrs-{PROJECT['version']}.dist-info/"
    archive = zipfile.ZipFile(wheel)
    metadata = HeaderParser().parsestr(archive.read(info + "METADATA").decode())
    classifiers = metadata.get_all("Classifier")
    assert "MIT" == metadata["License-Expression"]
    assert "Typing :: Typed" in classifiers
    assert PROJECT["requires-python"] == metadata["Requires-Python"]
    assert "Programming Language :: Python :: 3.11" in classifiers  # what CI tests
    assert metadata["Keywords"]
    assert "# ecr-attrs" in metadata.get_payload()  # README as the long description
    assert (
        "ecr_attrs = ecr_attrs._hypothesis_plugin:setup" in archive.read(info + "entry_points.txt").decode()
    )


def test_the_sdist_holds_what_building_and_testing_need(dists):
    _, sdist = dists
    top = f"ecr_attrs-{PROJECT['version']}/"
    with tarfile.open(sdist) as archive:
        names = {n.removeprefix(top) for n in archive.getnames()}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "src/ecr_attrs/py.typed"} <= names
    assert {"tests/conftest.py", "spec/ecr_facts.json", "codegen/__main__.py"} <= names
    assert [] == [n for n in names if "__pycache__" in n or n.startswith((".venv", "docs/_build"))]
