"""A missing optional dependency names the extra that installs it.

Each case runs in a fresh interpreter in which the dependency cannot be
imported (``sys.modules[name] = None``, as when it is not installed).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CLIENT_EXTRA = '"ecr-attrs[client]"'
HYPOTHESIS_EXTRA = '"ecr-attrs[hypothesis]"'

NEEDS_BOTOCORE = [
    "from ecr_attrs import ECRClient",
    "from ecr_attrs import ECRServiceError",
    "import ecr_attrs.client",
    "import ecr_attrs.aio",
    "import ecr_attrs.exceptions",
    "import ecr_attrs.testing",
]
NEEDS_HYPOTHESIS = ["import ecr_attrs.strategies", "import ecr_attrs.manifests.strategies"]

REPORT = """
import json, sys
sys.modules[{blocked!r}] = None
try:
    {statement}
except ImportError as error:
    print(json.dumps([type(error).__name__, error.name, str(error)]))
else:
    print(json.dumps(None))
"""


def import_without(blocked: str, statement: str) -> list[str] | None:
    code = REPORT.format(blocked=blocked, statement=statement)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: list[str] | None = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("statement", NEEDS_BOTOCORE)
def test_without_botocore_the_client_parts_name_the_client_extra(statement):
    kind, name, message = import_without("botocore", statement) or ["nothing raised", "", ""]
    assert (kind, name) == ("ModuleNotFoundError", "botocore")
    assert f"botocore is not installed; pip install {CLIENT_EXTRA}" in message
    assert '"ecr-attrs[aio]"' in message


@pytest.mark.parametrize("statement", NEEDS_HYPOTHESIS)
def test_without_hypothesis_the_strategies_name_the_hypothesis_extra(statement):
    module = statement.removeprefix("import ")
    found = import_without("hypothesis", statement)
    assert found == [
        "ModuleNotFoundError",
        "hypothesis",
        f"{module} builds on Hypothesis: hypothesis is not installed; pip install {HYPOTHESIS_EXTRA}",
    ]


def test_models_and_converters_need_neither():
    statement = (
        "import ecr_attrs; ecr_attrs.unstructure(ecr_attrs.structure("
        "{'imageTag': 'v1'}, ecr_attrs.ImageIdentifierTypeDef))"
    )
    for blocked in ("botocore", "boto3", "hypothesis"):
        assert import_without(blocked, statement) is None
