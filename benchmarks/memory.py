"""``python -m benchmarks.memory LABEL COUNT``: bytes per ImageDetail object, one contender per process.

Measured in a process of its own: after another contender's objects are
freed, the allocator's free lists would serve the next one from memory that
tracemalloc no longer counts as new, and the figure would depend on the order.
"""

from __future__ import annotations

import sys
import tracemalloc

from benchmarks.contenders import CONTENDERS
from benchmarks.data import Payloads


def bytes_per_object(label: str, count: int) -> float:
    contender = next(c for c in CONTENDERS if c.label == label)
    images = [Payloads().image() for _ in range(count)]
    structure, _ = contender.codec("ImageDetailTypeDef")
    structure(images[0])  # what the first call builds once is not the objects' size
    tracemalloc.start()
    kept = [structure(image) for image in images]
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(kept) == count
    return size / count


if __name__ == "__main__":
    print(bytes_per_object(sys.argv[1], int(sys.argv[2])))
