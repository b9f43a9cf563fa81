"""Static typing: mypy --strict passes on the package and catches a wrong field type."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "tests" / "typing_examples"
EXAMPLE = EXAMPLES / "wrong_field_type.py"


def mypy(*targets: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *map(str, targets)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_mypy_strict_passes_on_the_package():
    done = mypy(ROOT / "src" / "ecr_attrs")
    assert done.returncode == 0, done.stdout


def test_mypy_reports_exactly_the_marked_lines_of_the_example():
    expected = {i for i, line in enumerate(EXAMPLE.read_text().splitlines(), 1) if "error expected" in line}
    done = mypy(EXAMPLE)
    reported = {int(m.group(1)) for m in re.finditer(r"wrong_field_type\.py:(\d+): error", done.stdout)}
    assert expected == reported, done.stdout
    assert len(expected) == 2


def marked_and_reported(example: Path) -> tuple[set[int], set[int], str]:
    expected = {i for i, line in enumerate(example.read_text().splitlines(), 1) if "error expected" in line}
    done = mypy(example)
    pattern = rf"{re.escape(example.name)}:(\d+): error"
    return expected, {int(m.group(1)) for m in re.finditer(pattern, done.stdout)}, done.stdout


def test_mypy_sees_the_exact_types_of_the_client_and_rejects_wrong_calls():
    """assert_type lines hold (a mismatch would be an unmarked error); every marked call fails."""
    expected, reported, output = marked_and_reported(EXAMPLES / "client_types.py")
    assert expected == reported, output
    assert len(expected) == 9


def test_mypy_sees_the_exact_types_of_the_async_client():
    expected, reported, output = marked_and_reported(EXAMPLES / "aio_types.py")
    assert expected == reported, output
    assert len(expected) == 4
