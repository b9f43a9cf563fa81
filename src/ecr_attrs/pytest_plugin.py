"""pytest fixtures for code that takes an ``ECRClient``, loaded through the ``pytest11`` entry point.

``ecr_stub`` is an active ``ecr_attrs.testing.ECRStubber``; ``ecr_client`` is its
stubbed ``ECRClient``.  boto3 is imported only when a test asks for one, so the
plugin costs nothing where boto3 is not installed.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ecr_attrs.client import ECRClient
    from ecr_attrs.testing import ECRStubber

ALLOW_PENDING = "ecr_stub_allow_pending"
"""The marker of a test that leaves queued responses on purpose (one that checks a refused call)."""

# Set on a test item whose call phase failed: its unused responses are a symptom, not news.
_CALL_FAILED = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{ALLOW_PENDING}: ecr_stub does not check for unused responses")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_CALL_FAILED] = True
    return report


@pytest.fixture
def ecr_stub(request: pytest.FixtureRequest) -> Iterator[ECRStubber[ECRClient]]:
    """An active stub over a fresh offline client; queue responses with ``add_response``.

    At teardown of a test that passed, a response queued but never asked for fails the
    test, as ``assert_no_pending_responses()`` would: the code under test made fewer
    calls than the test expected.  A test marked ``@pytest.mark.ecr_stub_allow_pending``
    is not checked (a call refused for its parameters leaves its response queued).
    """
    from ecr_attrs.testing import ECRStubber

    with ECRStubber() as stub:
        yield stub
    failed = request.node.stash.get(_CALL_FAILED, False)
    if not failed and request.node.get_closest_marker(ALLOW_PENDING) is None:
        stub.assert_no_pending_responses()


@pytest.fixture
def ecr_client(ecr_stub: ECRStubber[ECRClient]) -> ECRClient:
    """The stubbed ``ECRClient`` of ``ecr_stub``."""
    return ecr_stub.client
