"""The documentation builds without a warning, shows every class, and its examples run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from examples import run_examples

from ecr_attrs.models import CLASS_NAMES

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def test_the_docs_build_with_warnings_as_errors(site):
    for page in PAGES:
        assert (site / page.with_suffix(".html").name).exists(), page.name


def test_the_model_reference_shows_every_class_with_its_fields(site):
    html = (site / "reference" / "models.html").read_text(encoding="utf-8")
    assert set() == {name for name in CLASS_NAMES if f'id="model-{name.lower()}"' not in html}
    assert "Operation CreateRepository" in html and "Structures" in html
    assert "2 to 256 characters" in html  # repositoryName, read off its validator


def test_the_api_reference_documents_the_converter_api(site):
    html = (site / "reference" / "api.html").read_text(encoding="utf-8")
    for name in (
        "structure",
        "unstructure",
        "make_converter",
        "StructureError",
        "UnknownValue",
        "boto3_dicts",
        "parse_manifest",
        "OCIImageManifest",
    ):
        assert re.search(rf'id="ecr_attrs\.\w+\.{name}"', html), name
    assert "usage: ecr-attrs check" in html


def test_the_api_reference_documents_the_clients_errors_and_stubs(site):
    from ecr_attrs import aio, client, exceptions

    html = (site / "reference" / "api.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="(ecr_attrs\.[\w.]+)"', html))
    public = {
        f"{module.__name__}.{name}"
        for module in (client, aio, exceptions)
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__ == module.__name__ and not name.startswith("_")
    }
    assert len(exceptions.ERRORS) == 50 and len(public) > 60
    assert set() == public - documented
    methods = {name for name in vars(client.ECRClient) if not name.startswith("_")} - {"exceptions"}
    assert set() == {m for m in methods if f"ecr_attrs.client.ECRClient.{m}" not in documented}
    assert set() == {m for m in methods if f"ecr_attrs.aio.AsyncECRClient.{m}" not in documented}
    for name in ("ECRStubber.add_response", "ECRStubber.add_error", "offline_client"):
        assert f"ecr_attrs.testing.{name}" in documented, name
    assert {"ecr_attrs.pytest_plugin.ecr_stub", "ecr_attrs.pytest_plugin.ecr_client"} <= documented
    assert 'href="models.html#model-invalidlayerpartexceptiontypedef"' in html


def test_async_examples_are_shown_but_not_run():
    page = (DOCS / "async-client.md").read_text(encoding="utf-8")
    assert "```{code-block} python\nimport asyncio" in page and "tests_aio/" in page
    assert "```python\n" not in page  # aiobotocore is not installed where these tests run


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_python_example_runs_in_order(page):
    run_examples(page)


def test_the_guide_has_examples_to_run():
    assert sum(len(re.findall(r"```python\n", page.read_text(encoding="utf-8"))) for page in PAGES) >= 10


def test_the_test_extra_brings_what_the_docs_build_needs():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert set(extras["docs"]) <= set(extras["test"])


def test_the_model_reference_puts_every_class_once_and_other_roles_under_their_own_heading(
    tmp_path, monkeypatch
):
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    import ecr_docs

    facts = json.loads(ecr_docs.FACTS.read_text(encoding="utf-8"))
    first, second = sorted(CLASS_NAMES)[:2]
    facts["classes"][first] = {**facts["classes"][first], "role": "future-role", "operation": None}
    del facts["classes"][second]  # a class the facts do not know yet
    monkeypatch.setattr(ecr_docs, "FACTS", tmp_path / "facts.json")
    ecr_docs.FACTS.write_text(json.dumps(facts), encoding="utf-8")
    groups = ecr_docs.groups()
    assert [first] == groups["Role: future-role"]
    assert "RepositoryNotFoundExceptionTypeDef" in groups["Errors"]
    assert [second] == groups["Role: unknown"]
    assert sorted(CLASS_NAMES) == sorted(name for names in groups.values() for name in names)


def requirement_closure(requirements: list[str]) -> set[str]:
    """The distributions ``requirements`` bring, with what those require in turn (as installed)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    found: set[str] = set()
    todo = [Requirement(text) for text in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        found.add(name)
        try:
            needs = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:
            continue
        extras = {"", *requirement.extras}
        for text in needs:
            need = Requirement(text)
            if need.marker is None or any(need.marker.evaluate({"extra": extra}) for extra in extras):
                todo.append(need)
    return found


def test_the_docs_extra_brings_every_distribution_the_build_imports():
    """What Sphinx's autodoc imports (and the build's extension) must come with the docs extra:
    a fresh environment with ``.[docs]`` only once lacked botocore and Hypothesis."""
    from importlib import metadata

    from packaging.utils import canonicalize_name

    reference = (DOCS / "reference" / "api.rst").read_text(encoding="utf-8")
    documented = re.findall(r"^\.\. auto\w+:: (ecr_attrs(?:\.[a-z_]+)?)", reference, flags=re.MULTILINE)
    modules = sorted({*documented, "ecr_attrs.models", "ecr_attrs.cli", "ecr_attrs.exceptions"})
    assert "ecr_attrs.testing" in modules and "ecr_attrs.strategies" in modules
    script = (
        "import importlib, json, sys\n"
        "before = set(sys.modules)\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    by_module = metadata.packages_distributions()
    imported = {canonicalize_name(d) for m in json.loads(done.stdout) for d in by_module.get(m, [])}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    brought = requirement_closure(project["dependencies"] + project["optional-dependencies"]["docs"])
    assert {"botocore", "hypothesis"} <= imported
    # The compiled backend is used when it is installed beside ecr-attrs, never needed.
    optional = {canonicalize_name(project["name"]), "ecr-attrs-speedups"}
    assert set() == imported - brought - optional
