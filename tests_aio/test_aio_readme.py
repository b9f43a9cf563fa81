"""README's async examples (fenced ```python aio) run here, where aiobotocore is installed."""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_async_example_runs():
    blocks = re.findall(r"```python aio\n(.*?)```", README, flags=re.DOTALL)
    assert len(blocks) >= 1
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
