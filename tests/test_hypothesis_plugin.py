"""Hypothesis' plugin hook: cheap on every ``import hypothesis``, yet ``st.from_type`` finds our strategies.

Run with ``-s`` to see the measured cost of ``import hypothesis`` with and
without plugins (fresh processes, median of several runs); no timing is asserted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

import pytest


def python(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_plugin_hook_loads_neither_the_models_nor_the_strategies():
    """The deterministic proxy for the cost; the timings are printed, not asserted."""
    loaded = set(python("import sys, hypothesis; print(' '.join(sys.modules))").split())
    assert "ecr_attrs._hypothesis_plugin" in loaded  # the hook did run
    heavy = {
        m for m in loaded if m.startswith(("ecr_attrs._models", "ecr_attrs.models", "ecr_attrs.strategies"))
    }
    assert set() == heavy
    assert "attrs" not in loaded
    print_import_times()


def print_import_times(repeat: int = 7) -> None:
    code = "import time; t = time.perf_counter(); import hypothesis; print(time.perf_counter() - t)"
    runs: dict[str, list[float]] = {"with the extra": [], "HYPOTHESIS_NO_PLUGINS=1": []}
    for _ in range(repeat):  # interleaved, so machine noise falls on both
        runs["with the extra"].append(float(python(code)))
        runs["HYPOTHESIS_NO_PLUGINS=1"].append(float(python(code, HYPOTHESIS_NO_PLUGINS="1")))
    medians = {label: statistics.median(times) for label, times in runs.items()}
    for label, median in medians.items():
        print(f"\nimport hypothesis, {label}: {median * 1e3:.1f} ms (median of {repeat})", end="")
    print(f"\nratio: {medians['with the extra'] / medians['HYPOTHESIS_NO_PLUGINS=1']:.2f}")


FROM_TYPE = """
from hypothesis import HealthCheck, given, settings, strategies as st
cls = ecr_attrs.CreateRepositoryRequestRequestTypeDef  # patterns and lengths: text() would fail them

# What is tested is that from_type finds the strategies; a loaded machine must not fail it as slow.
@settings(max_examples=20, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_type(cls))
def check(obj):
    assert isinstance(obj, cls)

check()
assert 'ecr_attrs.strategies' in sys.modules
"""


@pytest.mark.parametrize(
    "first",
    [
        "import sys, hypothesis, ecr_attrs",
        "import sys, ecr_attrs; ecr_attrs.CreateRepositoryRequestRequestTypeDef",
    ],
    ids=["hypothesis first", "class first"],
)
def test_from_type_finds_the_strategies_without_importing_them(first):
    python(first + "\n" + FROM_TYPE)
