"""Every consumer of the closed ``Rule`` union dispatches exhaustively: mypy names one that misses a kind.

The proof adds a kind: a copy of the package whose ``Rule`` holds one more
class is type-checked, and mypy must refuse every ``assert_never(rule)`` of
the consumers, each for the new kind, and nothing else.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent.parent / "src" / "ecr_attrs"
CONSUMERS = ["_compile.py", "_describe.py", "errors.py", "strategies.py"]
"""The modules that ``match`` on a rule: structuring and unstructuring, the docs' words,
cattrs' notes on errors, strategies."""


def with_a_new_kind(root: Path) -> Path:
    """A copy of the package whose ``Rule`` union and ``RULE_KINDS`` hold ``NewRule`` too."""
    package = root / "ecr_attrs"
    shutil.copytree(SOURCE, package, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    validators = package / "_validators.py"
    text = validators.read_text(encoding="utf-8")
    assert "\nRule = (\n" in text and "\nRULE_KINDS = (\n" in text
    text = text.replace(
        "\nRule = (\n", "\nclass NewRule(Validator):\n    pass\n\n\nRule = (\n    NewRule |\n", 1
    )
    text = text.replace("\nRULE_KINDS = (\n", "\nRULE_KINDS = (\n    NewRule,\n", 1)
    validators.write_text(text, encoding="utf-8")
    return package


@pytest.mark.backend_independent  # static typing: mypy reads the code, runs no converter
def test_mypy_names_every_consumer_that_a_new_rule_kind_would_leave_out(tmp_path):
    package = with_a_new_kind(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental"]
        + [str(package / name) for name in CONSUMERS],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    errors = re.findall(r"^(ecr_attrs/[\w.]+):(\d+): error: (.*)$", done.stdout, re.MULTILINE)
    sites = {
        (f"ecr_attrs/{name}", str(number))
        for name in CONSUMERS
        for number, line in enumerate((package / name).read_text(encoding="utf-8").splitlines(), 1)
        if "assert_never(rule)" in line
    }
    assert done.returncode == 1, done.stdout
    assert len(sites) >= 10  # six in the codec, one in the docs' words, two in errors, one in strategies
    assert {(path, line) for path, line, _ in errors} == sites
    assert {message for _, _, message in errors} == {
        'Argument 1 to "assert_never" has incompatible type "NewRule"; expected "Never"  [arg-type]'
    }
