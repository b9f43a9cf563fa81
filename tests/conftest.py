import fcntl
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


# Files that take longest (measured, pure Python pass first), dispatched first. Under
# `-n auto --dist loadfile` each file goes whole to the next free worker, so a long file
# dispatched last keeps one worker busy while the others have nothing left. pytest-xdist
# by default dispatches the files with the most tests first, which puts the few slow
# tests of test_typing.py or test_plan.py at the end; pytest_configure turns that off so
# this order holds. Plain pytest runs the same tests in this order; tests within a file
# keep theirs.
LONGEST_FIRST = [
    "test_plan.py",
    "test_hardening.py",
    "test_hostile_core.py",
    "test_typing.py",
    "test_errors.py",
    "test_benchmarks.py",
    "test_docs_render.py",
    "test_strategies.py",
    "test_readme.py",
    "test_planned_codecs.py",
    "test_fuzz.py",
    "test_speedups.py",
    "test_manifests.py",
    "test_events_lazy.py",
    "test_cli.py",
    "test_inspector_events.py",
    "test_public.py",
    "test_hypothesis_plugin.py",
]


def pytest_configure(config):
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist's --no-loadscope-reorder
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id):
    """The documentation built once per run, warnings as errors (test_docs, test_docs_render).

    Under pytest-xdist the workers share it: the first to ask builds it under a lock in
    the run's common temporary directory, the others wait and read the same pages.
    """
    if worker_id == "master":
        return _build_site(tmp_path_factory.mktemp("html"))
    shared = tmp_path_factory.getbasetemp().parent
    out = shared / "html"
    with open(shared / "html.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "html.built").exists():
            _build_site(out)
            (shared / "html.built").touch()
    return out


def _build_site(out: Path) -> Path:
    docs = Path(__file__).parent.parent / "docs"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(docs), str(out)],
        capture_output=True,
        text=True,
    )
    print(f"\ndocs built in {time.perf_counter() - start:.1f} s")
    assert done.returncode == 0, done.stderr
    return out
