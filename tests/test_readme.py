"""README cannot rot: its Python examples run, and its tables match the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from examples import BLOCK, run_examples

from ecr_attrs.models import SPEC_DIFFERENCES

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
# The sections whose examples mypy --strict checks: README promises exact types, and the
# Quickstart is what a new user copies first.
TYPED_SECTIONS = ("Quickstart",)


def section(heading: str) -> str:
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def test_every_python_example_runs_in_order():
    assert run_examples(Path(__file__).parent.parent / "README.md") >= 5


def test_the_differences_table_lists_every_difference():
    rows = [line for line in README.splitlines() if line.startswith("| ")]
    for class_name, field, _change, _reason in SPEC_DIFFERENCES:
        if field in ("ResponseMetadata", "nextToken"):
            assert any(f"`{field}`" in row and "every" in row for row in rows), field
        else:
            assert any(f"`{class_name}`" in row and f"`{field}`" in row for row in rows), (class_name, field)


def test_ci_runs_the_readme_test_command():
    command = 'python -m pip install -e ".[test]" && python -m pytest -n auto --dist loadfile'
    assert command in README
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci


def test_readme_shows_the_latest_benchmark_table():
    latest = (Path(__file__).parent.parent / "benchmarks" / "results" / "latest.md").read_text(
        encoding="utf-8"
    )
    start, end = "<!-- benchmark table: start -->\n", "\n<!-- benchmark table: end -->"
    shown = README[README.index(start) + len(start) : README.index(end)]
    assert shown.strip() == latest.strip()


def test_ci_runs_the_async_tests_as_readme_says():
    command = 'python -m pip install -e ".[aio]" pytest "moto[server]>=5.0" "hypothesis>=6.100" && python -m pytest tests_aio'
    assert command in README
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci


@pytest.mark.backend_independent  # static typing: mypy reads the code, runs no converter
def test_the_typed_sections_examples_pass_mypy_strict(tmp_path):
    blocks = [block for heading in TYPED_SECTIONS for block in BLOCK.findall(section(heading))]
    assert blocks, TYPED_SECTIONS
    example = tmp_path / "readme_examples.py"
    example.write_text("\n".join(blocks), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(example)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stdout + example.read_text(encoding="utf-8")
