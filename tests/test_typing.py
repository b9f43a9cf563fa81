"""Static typing: mypy --strict and pyright pass on the package, type every constructor
parameter precisely, and catch a wrong field type."""

from __future__ import annotations

import atexit
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ecr_attrs import models

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "tests" / "typing_examples"
EXAMPLE = EXAMPLES / "wrong_field_type.py"
EXPECTED = {i for i, line in enumerate(EXAMPLE.read_text().splitlines(), 1) if "error expected" in line}


# One mypy cache for this file's runs, made empty in this process: the package's own check
# starts from it empty (as cold as --no-incremental) and fills it, so the examples' runs,
# which import the package, do not analyse its modules again. The runs are sequential:
# loadfile keeps the file on one worker.
CACHE = Path(tempfile.mkdtemp(prefix="ecr-attrs-mypy-"))
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)


def mypy(*targets: Path, cold: bool = False) -> subprocess.CompletedProcess[str]:
    if cold:
        shutil.rmtree(CACHE, ignore_errors=True)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(CACHE), *map(str, targets)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def pyright(*targets: Path) -> list[dict]:
    """pyright's diagnostics (the ``pyright`` package fetches its Node.js program on first use)."""
    done = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", *map(str, targets)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)["generalDiagnostics"]


@pytest.fixture(scope="module")
def every_constructor(tmp_path_factory) -> Path:
    """A file revealing the ``__init__`` of every class, for both checkers to print."""
    path = tmp_path_factory.mktemp("typing") / "constructors.py"
    lines = ["import ecr_attrs.models as m", ""]
    lines += [f"reveal_type(m.{name}.__init__)" for name in sorted(models.CLASS_NAMES)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_mypy_strict_passes_on_the_package():
    done = mypy(ROOT / "src" / "ecr_attrs", cold=True)
    assert done.returncode == 0, done.stdout


def test_mypy_reports_exactly_the_marked_lines_of_the_example():
    done = mypy(EXAMPLE)
    reported = {int(m.group(1)) for m in re.finditer(r"wrong_field_type\.py:(\d+): error", done.stdout)}
    assert EXPECTED == reported, done.stdout
    assert len(EXPECTED) == 3


def test_pyright_reports_exactly_the_marked_lines_of_the_example():
    errors = [d for d in pyright(EXAMPLE) if d["severity"] == "error"]
    assert {d["range"]["start"]["line"] + 1 for d in errors} == EXPECTED, errors


def test_no_constructor_parameter_is_any_to_mypy(every_constructor):
    revealed = re.findall(r"Revealed type is \"(.*)\"", mypy(every_constructor).stdout)
    assert len(revealed) == len(models.CLASS_NAMES)
    assert [r for r in revealed if re.search(r"\bAny\b", r)] == []


def test_no_constructor_parameter_is_any_to_pyright(every_constructor):
    revealed = [d["message"] for d in pyright(every_constructor) if d["severity"] == "information"]
    assert len(revealed) == len(models.CLASS_NAMES)
    assert [r for r in revealed if re.search(r"\bAny\b", r)] == []


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


def test_requests_take_objects_or_boto3_mappings_and_typos_in_either_are_errors():
    example = EXAMPLES / "request_dicts.py"
    expected, reported, output = marked_and_reported(example)
    assert expected == reported, output
    assert len(expected) == 7
    errors = [d for d in pyright(example) if d["severity"] == "error"]
    assert {d["range"]["start"]["line"] + 1 for d in errors} == expected, errors


def test_the_ported_boto3_script_type_checks():
    """tests/port/housekeeping.py: boto3's requests unchanged, mypy --strict and pyright accept them."""
    script = ROOT / "tests" / "port" / "housekeeping.py"
    done = mypy(script)
    assert done.returncode == 0, done.stdout
    assert [d for d in pyright(script) if d["severity"] == "error"] == []
