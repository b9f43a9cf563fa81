import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The sample builders live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))

# CI shares two cores between the suite's processes: how long generating or running an
# example takes says nothing about correctness there, so neither fails a test.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The documentation built once per run, warnings as errors (test_docs, test_docs_render)."""
    docs = Path(__file__).parent.parent / "docs"
    out = tmp_path_factory.mktemp("html")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(docs), str(out)],
        capture_output=True,
        text=True,
    )
    print(f"\ndocs built in {time.perf_counter() - start:.1f} s")
    assert done.returncode == 0, done.stderr
    return out
