"""Static typing: mypy --strict passes on the package and catches a wrong field type."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "tests" / "typing_examples" / "wrong_field_type.py"


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
