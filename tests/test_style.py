"""The hand-written code stays linted and formatted (the generated code is checked by test_codegen)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).parent.parent
PATHS = ["src", "codegen", "benchmarks", "tests", "tests_aio"]


def test_ruff_check_passes():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *PATHS], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout


def test_ruff_format_leaves_the_code_unchanged():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *PATHS], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout
