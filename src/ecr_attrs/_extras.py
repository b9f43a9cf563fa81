"""Say which extra to install when an optional dependency is missing.

A bare ``No module named 'botocore'`` tells a user of ``ecr_attrs.testing``
nothing about what to do; the error raised here names the extra.  It is still
a ``ModuleNotFoundError`` with the missing module's ``name``, so code that
catches the original keeps working.
"""

from __future__ import annotations

INSTALL_CLIENT = 'pip install "ecr-attrs[client]" (boto3), or "ecr-attrs[aio]" for AsyncECRClient'
INSTALL_HYPOTHESIS = 'pip install "ecr-attrs[hypothesis]"'


def missing(error: ModuleNotFoundError, module: str, needs: str, install: str) -> ModuleNotFoundError:
    """The error to raise in place of ``error``, or ``error`` itself when another module is missing.

    Only the optional dependency itself gets the message: a module missing
    inside an installed botocore is a broken installation, not a missing extra.
    """
    if error.name != module and not (error.name or "").startswith(module + "."):
        return error
    return ModuleNotFoundError(f"{needs}: {module} is not installed; {install}", name=module)
