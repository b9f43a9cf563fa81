"""README cannot rot: its Python examples run, and its tables match the code."""

from __future__ import annotations

from pathlib import Path

from examples import run_examples

from ecr_attrs.models import SPEC_DIFFERENCES

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


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
    command = 'python -m pip install -e ".[test]" && python -m pytest'
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
