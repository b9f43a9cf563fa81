"""A bounded run of the coverage-guided fuzz target (tests/fuzz/fuzz_structure.py).

It runs on whichever backend is active; any difference from pure Python, any
uncaught exception and any crash ends the run with a non-zero status.
``speedups/README.md`` gives the longer run.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

TARGET = Path(__file__).parent / "fuzz" / "fuzz_structure.py"


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None, reason="atheris (test extra) is not installed"
)
def test_twenty_seconds_of_fuzzing_find_nothing(tmp_path):
    done = subprocess.run(
        [sys.executable, str(TARGET), "-max_total_time=20", f"-artifact_prefix={tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    runs = [line for line in done.stderr.splitlines() if line.startswith("Done ")]
    assert runs and int(runs[0].split()[1]) > 0, done.stderr[-2000:]
