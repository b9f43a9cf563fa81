"""pytest fixtures for code that takes an ``ECRClient``, loaded through the ``pytest11`` entry point.

``ecr_stub`` is an active ``ecr_attrs.testing.ECRStubber``; ``ecr_client`` is its
stubbed ``ECRClient``.  boto3 is imported only when a test asks for one, so the
plugin costs nothing where boto3 is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ecr_attrs.client import ECRClient
    from ecr_attrs.testing import ECRStubber


@pytest.fixture
def ecr_stub() -> Iterator[ECRStubber[ECRClient]]:
    """An active stub over a fresh offline client; queue responses with ``add_response``."""
    from ecr_attrs.testing import ECRStubber

    with ECRStubber() as stub:
        yield stub


@pytest.fixture
def ecr_client(ecr_stub: ECRStubber[ECRClient]) -> ECRClient:
    """The stubbed ``ECRClient`` of ``ecr_stub``."""
    return ecr_stub.client
