"""Running the Python examples of a Markdown page, as a reader would, in order."""

from __future__ import annotations

import re
from pathlib import Path

BLOCK = re.compile(r"```python\n(.*?)```", flags=re.DOTALL)


def run_examples(page: Path) -> int:
    """Run every ```python block of ``page`` in one namespace; return how many ran.

    Each block is compiled at its own line of the page, so a traceback (and
    ``inspect.getsource``, which Hypothesis calls on a test function) finds the
    right lines; and without this module's ``from __future__ import annotations``,
    so an example's annotations are evaluated as they would be for the reader.
    """
    text = page.read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    count = 0
    for match in BLOCK.finditer(text):
        padding = "\n" * text.count("\n", 0, match.start(1))
        exec(compile(padding + match.group(1), str(page), "exec", dont_inherit=True), namespace)
        count += 1
    return count
