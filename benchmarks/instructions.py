"""``python -m benchmarks.instructions``: instructions per call under callgrind, free of machine noise.

For each workload and contender, two runs of a small script under
``valgrind --tool=callgrind``: one that loads the payload and makes one
warm-up call, one that then makes N more calls, with the collector paused as
``timeit`` does (where a collection falls would otherwise move the count by
more than a small call costs).  The difference of their totals divided by N is
the cost of a call, the same whatever else the machine is doing.  ``--python`` measures the ecr-attrs contenders in another
interpreter (an older ecr-attrs in another virtualenv, say): the script it
runs there uses only ``ecr_attrs.converter`` and the classes of
``ecr_attrs.models``, and the payloads come from this checkout's
``benchmarks.data``, pickled.  The references (the Pydantic baseline,
msgspec) always run in this interpreter.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.data import as_botocore_parses, non_ascii_findings, request_workloads, workloads

ROOT = Path(__file__).parent.parent

# The script each measured process runs: argv is K and the pickled job.  Each
# contender is called through a ``partial`` of its own entry point, as the timed
# benchmark calls it, so no frame of ours is counted.  What
# runs in the measured interpreter touches only ecr-attrs' public converter and
# models, so an older ecr-attrs can be measured too.
ECR_ATTRS_SCRIPT = """
import gc, pickle, sys
from functools import partial
calls, job = int(sys.argv[1]), pickle.load(open(sys.argv[2], "rb"))
import ecr_attrs.models
from ecr_attrs import converter
cls, payload = getattr(ecr_attrs.models, job["cls"]), job["payload"]
if job["what"] == "structure":
    call = partial(converter.structure, payload, cls)
else:
    obj = converter.structure(payload, cls)
    call = partial(converter.unstructure, obj)
call()
gc.collect()
gc.disable()
for _ in range(calls):
    call()
"""
PYDANTIC_SCRIPT = """
import gc, pickle, sys
from functools import partial
calls, job = int(sys.argv[1]), pickle.load(open(sys.argv[2], "rb"))
from aws_resource_validator.pydantic_models.ecr import ecr_classes
model = getattr(ecr_classes, job["cls"].replace("RequestRequestTypeDef", "RequestTypeDef"))
payload = job["payload"]
if job["what"] == "structure":
    call = partial(model.model_validate, payload)
else:
    obj = model.model_validate(payload)
    call = partial(obj.model_dump, exclude_none=True)
call()
gc.collect()
gc.disable()
for _ in range(calls):
    call()
"""
MSGSPEC_SCRIPT = """
import gc, pickle, sys
from functools import partial
calls, job = int(sys.argv[1]), pickle.load(open(sys.argv[2], "rb"))
from benchmarks.contenders import Msgspec
structure, unstructure = Msgspec().codec(job["cls"])
payload = job["payload"]
if job["what"] == "structure":
    call = structure.on(payload)
else:
    obj = structure(payload)
    call = partial(unstructure, obj)
call()
gc.collect()
gc.disable()
for _ in range(calls):
    call()
"""


class Contender:
    """A way to run a workload: its script, its environment, and whether ``--python`` applies to it."""

    def __init__(self, label: str, script: str, env: dict[str, str], ours: bool) -> None:
        self.label, self.script, self.env, self.ours = label, script, env, ours


CONTENDERS = {
    c.label: c
    for c in (
        Contender("ecr-attrs", ECR_ATTRS_SCRIPT, {"ECR_ATTRS_NO_SPEEDUPS": "1"}, ours=True),
        Contender("ecr-attrs + speedups", ECR_ATTRS_SCRIPT, {}, ours=True),
        Contender("pydantic baseline", PYDANTIC_SCRIPT, {}, ours=False),
        Contender("msgspec", MSGSPEC_SCRIPT, {}, ours=False),
    )
}


SIGNAL = 40_000_000
"""Instructions the N calls should add at least: far above what differs between two starts."""
INSTRUCTIONS_PER_BYTE = 20
"""About what the compiled backend spends per byte of pickled payload (pure Python spends more)."""
SMALL_CALL = 50_000
SMALL_CALLS = 20_000
"""N for a call costing about SMALL_CALL or less: two identical processes differ by up to
about 1.3 M instructions in starting, which SIGNAL's N would leave at several hundred a call
on a small response; over 20,000 calls it is under 70."""


class Workload:
    """One thing to measure: structure or unstructure of a class from a payload."""

    def __init__(self, name: str, what: str, cls: str, payload: Any) -> None:
        self.name, self.what, self.cls, self.payload = name, what, cls, payload
        self.job = pickle.dumps({"what": what, "cls": cls, "payload": payload})

    @property
    def calls(self) -> int:
        """N, from the payload's size: enough calls that their cost dwarfs the noise of starting."""
        cost = INSTRUCTIONS_PER_BYTE * len(self.job)
        if cost <= SMALL_CALL:
            return SMALL_CALLS
        return max(3, min(SMALL_CALLS, SIGNAL // cost))


def all_workloads(quick: bool = False) -> dict[str, Workload]:
    """The structure and unstructure workloads of ``python -m benchmarks``, by name."""
    out = []
    for key, _title, cls, payload in workloads(quick):
        real = as_botocore_parses(payload, cls)
        out.append(Workload(f"structure/{key}/botocore", "structure", cls, real))
        out.append(Workload(f"structure/{key}/utc", "structure", cls, payload))
        out.append(Workload(f"unstructure/{key}/utc", "unstructure", cls, payload))
    findings = "DescribeImageScanFindingsResponseTypeDef"
    for key, payload in zip(
        ("non-ascii", "ascii-twin"), non_ascii_findings(10 if quick else 500), strict=True
    ):
        out.append(
            Workload(
                f"structure/{key}/botocore", "structure", findings, as_botocore_parses(payload, findings)
            )
        )
    for title, cls, payload in request_workloads():
        out.append(Workload(f"unstructure/{title.split()[0]}", "unstructure", cls, payload))
    return {w.name: w for w in out}


def collected(out_file: Path) -> int:
    """The total instructions a callgrind output file records."""
    text = out_file.read_text(encoding="utf-8", errors="replace")
    found = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
    if not found:
        raise RuntimeError(f"no total in {out_file}")
    return int(found.group(1))


def job_file(scratch: Path, workload: Workload) -> Path:
    return scratch / f"{workload.name.replace('/', '-')}.pickle"


def run_once(python: str, contender: Contender, job: Path, calls: int, scratch: Path) -> int:
    """Instructions of one process under callgrind making ``calls`` calls after the warm-up."""
    out_file = scratch / f"{uuid.uuid4().hex}.callgrind"
    env = {k: v for k, v in os.environ.items() if k != "ECR_ATTRS_NO_SPEEDUPS"}
    env.update(PYTHONHASHSEED="0", **contender.env)  # the same hashes in both runs
    if python != sys.executable:
        # Another interpreter measures its own ecr-attrs: a PYTHONPATH naming this checkout's
        # source would pair that source with the other interpreter's compiled module.
        env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out_file}",
            python,
            "-c",
            contender.script,
            str(calls),
            str(job),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{contender.label} {job.stem} under {python} failed:\n{done.stderr[-2000:]}")
    return collected(out_file)


def per_call(
    python: str, contender: Contender, workload: Workload, scratch: Path, calls: int | None = None
) -> float:
    """(instructions with N calls - instructions with none) / N."""
    job = job_file(scratch, workload)
    n = calls or workload.calls
    with ThreadPoolExecutor(max_workers=2) as pool:
        none, some = pool.map(lambda k: run_once(python, contender, job, k, scratch), (0, n))
    return (some - none) / n


def measure(
    names: Iterable[str],
    labels: Iterable[str],
    python: str,
    jobs: int = 1,
    calls: int | None = None,
    quick: bool = False,
) -> dict[tuple[str, str], float | None]:
    """Instructions per call by (workload, contender label), None where the process failed;
    ``python`` runs ecr-attrs' contenders."""
    known = all_workloads(quick)
    pairs = [(known[name], CONTENDERS[label]) for name in names for label in labels]
    with tempfile.TemporaryDirectory(prefix="ecr-attrs-instructions-") as tmp:
        scratch = Path(tmp)
        for workload in {w.name: w for w, _ in pairs}.values():  # written before the threads read them
            job_file(scratch, workload).write_bytes(workload.job)

        def one(pair: tuple[Workload, Contender]) -> float | None:
            workload, contender = pair
            interpreter = python if contender.ours else sys.executable
            try:
                figure: float | None = per_call(interpreter, contender, workload, scratch, calls)
            except RuntimeError as error:  # that contender fails on that workload: said, and the rest goes on
                print(error, file=sys.stderr, flush=True)
                figure = None
            print(f"{workload.name}, {contender.label}: {cell(figure)}", file=sys.stderr, flush=True)
            return figure

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(one, pairs))
    return {(w.name, c.label): r for (w, c), r in zip(pairs, results, strict=True)}


def table(figures: dict[tuple[str, str], float | None], labels: list[str], python: str) -> str:
    names = list(dict.fromkeys(name for name, _ in figures))
    lines = [
        f"Instructions per call under callgrind (ecr-attrs contenders run by `{python}`):",
        "",
        "| workload | " + " | ".join(labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    for name in names:
        cells = [cell(figures.get((name, label), 0.0)) for label in labels]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cell(figure: float | None) -> str:
    """A figure as the table shows it: failed, counted, or not asked for."""
    return "failed (see stderr)" if figure is None else f"{figure:,.0f}" if figure else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__)
    parser.add_argument("--workloads", nargs="+", metavar="NAME", help="default: all (see --list)")
    parser.add_argument(
        "--contenders", nargs="+", metavar="LABEL", choices=list(CONTENDERS), help="default: all"
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter for ecr-attrs' contenders")
    parser.add_argument(
        "--calls",
        type=int,
        help="N, the calls of the second run (default: from the payload's size, 3 to 10,000)",
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="measurements run at once (each runs two processes)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="the small payloads of `python -m benchmarks --quick`"
    )
    parser.add_argument("--list", action="store_true", help="print the workload names and stop")
    args = parser.parse_args(argv)
    known = all_workloads(args.quick)
    if args.list:
        print("\n".join(known))
        return 0
    names = args.workloads or list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error(f"unknown workloads {unknown}; --list shows them")
    labels = args.contenders or list(CONTENDERS)
    figures = measure(names, labels, args.python, args.jobs, args.calls, args.quick)
    print(table(figures, labels, args.python))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
