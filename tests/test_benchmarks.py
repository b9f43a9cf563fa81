"""The benchmark command runs end to end (quick mode); no test asserts a timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_benchmark_runs_in_quick_mode(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    table = (tmp_path / "quick.md").read_text()
    for workload in (
        "CreateRepositoryResponse",
        "DescribeImagesResponse",
        "DescribeImageScanFindingsResponse",
        "DescribeRepositoriesResponse",
        "PutImageRequest object",
        "import the models",
        "import hypothesis with the extra",
        "import hypothesis without plugins",
        "ImageDetail",
        "(as botocore parses it)",
        "(UTC datetimes)",
        "non-ASCII text",
        "its ASCII twin",
        "strict mode",
        "from JSON bytes",
        "fresh process each",
        "msgspec structure, GC on",
    ):
        assert workload in table
    # What users run comes first: the first timed row is a botocore-parsed payload.
    first = next(line for line in table.splitlines() if line.startswith("| structure"))
    assert "(as botocore parses it)" in first
    assert (tmp_path / "quick.png").read_bytes().startswith(b"\x89PNG")
