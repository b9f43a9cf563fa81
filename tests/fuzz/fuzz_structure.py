"""Coverage-guided fuzzing of structure and unstructure, every class, both backends.

Each input picks a class, starts from a valid boto3 dict of it, and rewrites
spots of it with values the fuzzer chooses (junk scalars, containers, hostile
objects), sometimes while a gc callback damages the containers mid-call.  The
active converter (compiled when installed) must give exactly what pure Python
gives; a difference, or a crash, is a finding.  Run it longer with::

    python tests/fuzz/fuzz_structure.py -max_total_time=600 -artifact_prefix=/tmp/
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).parent.parent))

with atheris.instrument_imports(include=["ecr_attrs"]):
    import ecr_attrs
    from ecr_attrs import make_converter
    from ecr_attrs.values import FrozenDict

from samples import MODEL_CLASSES, instance
from test_speedups import JUNK, fingerprint, outcome

PYTHON = make_converter(speedups=False)
ACTIVE = ecr_attrs.converter
VALID = [PYTHON.unstructure(instance(cls)) for cls in MODEL_CLASSES]


def spots(value, here=()):
    """Every place in a boto3 dict that a rewrite can hit."""
    found = [here]
    if type(value) is dict:
        for key, item in value.items():
            found += spots(item, (*here, key))
    elif type(value) is list:
        for index, item in enumerate(value):
            found += spots(item, (*here, index))
    return found


def rewrite(data, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    out = dict(data) if isinstance(data, dict) else list(data)
    out[head] = rewrite(out[head], rest, new)
    return out


def junk(fdp: atheris.FuzzedDataProvider, depth: int = 0):
    """A value the fuzzer chooses: a known junk value, a string, a number or a container of them."""
    match fdp.ConsumeIntInRange(0, 6 if depth < 3 else 3):
        case 0:
            return JUNK[fdp.ConsumeIntInRange(0, len(JUNK) - 1)]
        case 1:
            return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 300))
        case 2:
            return fdp.ConsumeInt(9)
        case 3:
            return fdp.ConsumeFloat()
        case 4:
            return [junk(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))]
        case 5:
            keys = [fdp.ConsumeUnicodeNoSurrogates(12) for _ in range(fdp.ConsumeIntInRange(0, 3))]
            return {key: junk(fdp, depth + 1) for key in keys}
        case _:
            return FrozenDict({fdp.ConsumeUnicodeNoSurrogates(8): fdp.ConsumeUnicodeNoSurrogates(8)})


def containers(value, found):
    if type(value) in (list, dict):
        found.append(value)
        for item in value.values() if type(value) is dict else value:
            containers(item, found)
    return found


def attacked(data, cls, at: int):
    """The active outcome while a gc callback clears every container at the ``at``-th collection."""
    seen = [0]

    def hook(phase, info):
        seen[0] += 1
        if phase == "start" and seen[0] == at:
            for target in containers(data, []):
                target.clear()

    gc.callbacks.append(hook)
    threshold = gc.get_threshold()
    gc.set_threshold(1, 1_000_000, 1_000_000)
    try:
        got = outcome(ACTIVE, data, cls)
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(hook)
    return got


def one_input(raw: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(raw)
    index = fdp.ConsumeIntInRange(0, len(MODEL_CLASSES) - 1)
    cls, data = MODEL_CLASSES[index], VALID[index]
    for _ in range(fdp.ConsumeIntInRange(0, 3)):
        places = spots(data)
        data = rewrite(data, places[fdp.ConsumeIntInRange(0, len(places) - 1)], junk(fdp))
    if fdp.ConsumeBool():
        attacked(data, cls, fdp.ConsumeIntInRange(1, 8))  # must not crash; no oracle for a race
        return
    got, expected = outcome(ACTIVE, data, cls), outcome(PYTHON, data, cls)
    assert got == expected, (cls.__name__, data, got, expected)
    if got[0] == "ok":
        built = PYTHON.structure(data, cls)
        assert fingerprint(ACTIVE.unstructure(built)) == fingerprint(PYTHON.unstructure(built))


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
