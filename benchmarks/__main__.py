"""``python -m benchmarks [--quick] [--before PYTHON]``: ecr-attrs against the Pydantic baseline.

Prints a table of medians (and spreads) with the ratio baseline / ecr-attrs,
then ``describe_images`` end to end, scaling with the collector on and
paused, and the targets of issues 24 and 18 judged from this run's figures;
writes it all to ``benchmarks/results/`` as Markdown, and the table as a PNG
chart.  ``--quick`` uses small sizes and one repetition: it proves the
command works.  ``--before`` compares the compiled backend's instructions per
call (callgrind) with an earlier ecr-attrs installed for another interpreter.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.contenders import CONTENDERS, EcrAttrs, EcrAttrsSpeedups, Msgspec, PydanticBaseline, Structure
from benchmarks.data import (
    Payloads,
    as_botocore_parses,
    cli_json,
    non_ascii_findings,
    request_workloads,
    workloads,
)

RESULTS = Path(__file__).parent / "results"
PACKAGES = (
    "ecr-attrs",
    "attrs",
    "cattrs",
    "pydantic",
    "pydantic-core",
    "aws-resource-validator-ecr",
    "msgspec",
)


class Row:
    """One workload's figures per contender; ``key`` names it for the targets whatever its size."""

    def __init__(
        self, group: str, name: str, unit: str, values: dict[str, tuple[float, float]], key: str = ""
    ) -> None:
        self.group, self.name, self.unit, self.values, self.key = group, name, unit, values, key

    def ratio(
        self, ours_label: str = EcrAttrs.label, theirs_label: str = PydanticBaseline.label
    ) -> float | None:
        """theirs / ours: above 1 when ours is faster or smaller."""
        ours = self.values.get(ours_label)
        theirs = self.values.get(theirs_label)
        return theirs[0] / ours[0] if ours and theirs and ours[0] else None


def measure(
    fns: dict[str, Callable[[], Any]], repeat: int, min_time: float
) -> dict[str, tuple[float, float]]:
    """Median seconds per call of each contender over ``repeat`` runs, and the spread (max - min).

    The contenders take turns run by run, so a noisy moment on a shared machine
    lands on all of them rather than on whoever was being timed: on these
    machines the speed of memory-bound code can halve for a tenth of a second
    and come back, so runs are short and turns many.  Like ``timeit``, the
    garbage collector is paused during a run: otherwise a collection triggered
    by one contender's garbage lands on whoever runs next.  It collects once
    per turn, before it, outside the timing.
    """
    numbers = {label: _calls_per_run(fn, min_time) for label, fn in fns.items()}
    runs: dict[str, list[float]] = {label: [] for label in fns}
    order = list(fns)
    for turn in range(repeat):
        gc.collect()
        gc.disable()
        try:
            for label in order[turn % len(order) :] + order[: turn % len(order)]:
                fn, number = fns[label], numbers[label]
                start = time.perf_counter()
                for _ in range(number):
                    fn()
                runs[label].append((time.perf_counter() - start) / number)
        finally:
            gc.enable()
    return {label: (statistics.median(r), max(r) - min(r)) for label, r in runs.items()}


def _calls_per_run(fn: Callable[[], Any], min_time: float) -> int:
    """How many calls make one run last at least ``min_time``."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - start >= min_time or number >= 1 << 20:
            return number
        number *= 2


def fresh_process(code: str, repeat: int, **env: str) -> tuple[float, float]:
    """Seconds a snippet reports in new interpreters: import cost cannot be cached."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **env},
        ).stdout
        runs.append(float(out.strip()))
    return statistics.median(runs), max(runs) - min(runs)


def run(quick: bool) -> list[Row]:
    """Every row, those on what a boto3 client really returns first."""
    repeat, min_time = (1, 0.0) if quick else (21, 0.02)
    timed = partial(measure, repeat=repeat, min_time=min_time)
    real_rows: list[Row] = []
    utc_rows: list[Row] = []
    for key, title, cls, payload in workloads(quick):
        real = as_botocore_parses(payload, cls)
        for form, data, out in ((BOTOCORE, real, real_rows), (UTC_FORM, payload, utc_rows)):
            codecs = codecs_for(cls, data)
            groups = (
                ("structure", "unstructure", "round trip")
                if form == UTC_FORM
                else ("structure", "round trip")
            )
            for group in groups:
                values = timed(_calls(codecs, data, group))
                out.append(
                    Row(group, f"{title} {form}", "µs", values, key=f"{group} {key} {FORM_KEYS[form]}")
                )
    rows = (
        real_rows
        + text_rows(quick, timed)
        + strict_rows(quick, timed)
        + json_rows(quick, timed)
        + end_to_end_rows(quick, timed)
        + utc_rows
    )
    for title, cls, payload in request_workloads():
        codecs = codecs_for(cls, payload)
        rows.append(
            Row(
                "unstructure",
                title,
                "µs",
                timed(_calls(codecs, payload, "unstructure")),
                key=f"unstructure {cls}",
            )
        )
    rows += startup_rows(1 if quick else 7)
    rows.append(memory_row(100 if quick else 1000))
    return rows


BOTOCORE = "(as botocore parses it)"
UTC_FORM = "(UTC datetimes)"
FORM_KEYS = {BOTOCORE: "botocore", UTC_FORM: "utc"}


def _calls(codecs: dict[str, Any], payload: Any, what: str) -> dict[str, Callable[[], Any]]:
    match what:
        case "structure":
            return {k: s.on(payload) for k, (s, _, _) in codecs.items()}
        case "unstructure":
            return {k: partial(u, o) for k, (_, u, o) in codecs.items()}
        case "round trip":
            return {k: partial(_round_trip, s.on(payload), u) for k, (s, u, _) in codecs.items()}
    raise ValueError(what)


def text_rows(quick: bool, timed: Callable[..., Any]) -> list[Row]:
    """Findings whose descriptions and titles are French, beside the same findings in ASCII.

    The two twins are timed in one ``measure``, every contender on each taking
    turns, so the ratio between them is not the difference between two moments
    of the machine.
    """
    count = 10 if quick else 500
    cls = "DescribeImageScanFindingsResponseTypeDef"
    forms = (("non-ASCII text", "non-ascii"), ("its ASCII twin", "ascii-twin"))
    fns: dict[str, Callable[[], Any]] = {}
    for (_, key), payload in zip(forms, non_ascii_findings(count), strict=True):
        real = as_botocore_parses(payload, cls)
        for label, call in _calls(codecs_for(cls, real), real, "structure").items():
            fns[f"{key} {label}"] = call
    values = timed(fns)
    rows = []
    for form, key in forms:
        title = f"DescribeImageScanFindingsResponse, {count} enhanced findings, {form} {BOTOCORE}"
        mine = {label: values[f"{key} {label}"] for label in (c.label for c in CONTENDERS)}
        rows.append(Row("structure", title, "µs", mine, key=key))
    return rows


def strict_rows(quick: bool, timed: Callable[..., Any]) -> list[Row]:
    """``make_converter(forbid_extra_keys=True)``, as README recommends for the client; the others as they are."""
    import ecr_attrs

    rows = []
    data = Payloads()
    for key, title, cls, payload in (
        (
            "strict images-large",
            f"DescribeImagesResponse, {20 if quick else 1000} images",
            "DescribeImagesResponseTypeDef",
            data.describe_images(20 if quick else 1000),
        ),
        (
            "strict findings",
            f"DescribeImageScanFindingsResponse, {10 if quick else 500} enhanced findings",
            "DescribeImageScanFindingsResponseTypeDef",
            data.scan_findings(10 if quick else 500),
        ),
    ):
        real = as_botocore_parses(payload, cls)
        codecs = codecs_for(cls, real)
        target = getattr(ecr_attrs, cls)
        fns = _calls(codecs, real, "structure")
        pure = ecr_attrs.make_converter(forbid_extra_keys=True, speedups=False)
        fns[EcrAttrs.label] = partial(pure.structure, real, target)
        if EcrAttrsSpeedups.label in fns:
            default = ecr_attrs.make_converter(forbid_extra_keys=True)
            fns[EcrAttrsSpeedups.label] = partial(default.structure, real, target)
        rows.append(
            Row("structure", f"{title}, ecr-attrs in strict mode {BOTOCORE}", "µs", timed(fns), key=key)
        )
    return rows


def json_rows(quick: bool, timed: Callable[..., Any]) -> list[Row]:
    """JSON bytes as ``aws ecr describe-images`` prints them: each contender's own way from bytes to objects.

    Two rows, one per decoder a user of ecr-attrs reads the bytes with:
    ``json.loads`` and orjson, each followed by a JSON converter (pure Python,
    and the default ``json_converter`` with the compiled backend when it is
    installed); the reference column is that decoder alone.  Pydantic
    (``model_validate_json``) and msgspec (``msgspec.json.decode``) decode with
    their own, the same in both rows.
    """
    import json

    import msgspec
    import orjson
    from aws_resource_validator.pydantic_models.ecr import ecr_classes

    import ecr_attrs
    from benchmarks.contenders import DictDeepCopy, _struct_for

    count = 20 if quick else 1000
    cls = "DescribeImagesResponseTypeDef"
    body = cli_json(as_botocore_parses(Payloads().describe_images(count), cls))
    target = getattr(ecr_attrs, cls)
    decoder = msgspec.json.Decoder(_struct_for(target))
    model = getattr(ecr_classes, cls)
    pure = ecr_attrs.make_json_converter(speedups=False).structure
    rows = []
    for loads, named, key in (
        (json.loads, "`json.loads`", "json-bytes"),
        (orjson.loads, "orjson", "json-bytes orjson"),
    ):
        fns: dict[str, Callable[[], Any]] = {
            EcrAttrs.label: partial(_from_json, loads, pure, body, target),
            PydanticBaseline.label: partial(model.model_validate_json, body),
            Msgspec.label: partial(decoder.decode, body),
            DictDeepCopy.label: partial(loads, body),
        }
        if EcrAttrsSpeedups.available():
            fns[EcrAttrsSpeedups.label] = partial(
                _from_json, loads, ecr_attrs.json_converter.structure, body, target
            )
        for fn in fns.values():
            fn()  # each accepts the document
        workload = f"DescribeImagesResponse, {count} images, from JSON bytes (`aws ecr` output), ecr-attrs decoding with {named}"
        rows.append(Row("structure", workload, "µs", timed(fns), key=key))
    return rows


def _from_json(
    loads: Callable[[bytes], Any], structure: Callable[[Any, Any], Any], body: bytes, target: type
) -> Any:
    return structure(loads(body), target)


def end_to_end_rows(quick: bool, timed: Callable[..., Any]) -> list[Row]:
    """``describe_images`` through a real botocore client parsing the body (see ``benchmarks.end_to_end``).

    One row per parser; the columns are plain boto3 and ECRClient with each
    installed backend, all six calls timed in turns.
    """
    from benchmarks import end_to_end

    images = 10 if quick else 100
    calls = end_to_end.calls(images)
    for call in calls.values():
        call()  # each answers, and lazy loading is done
    values = timed({f"{who}|{parser}": call for (who, parser), call in calls.items()})
    return [
        Row(
            "end to end",
            f"describe_images, {images} images, botocore parsing the HTTP body, {parser}",
            "µs",
            {who: values[f"{who}|{p}"] for who, p in calls if p == parser},
            key=f"end to end {parser}",
        )
        for parser in end_to_end.PARSERS
    ]


def end_to_end_table(rows: list[Row]) -> list[str]:
    """The end-to-end rows: each call's time, and its ratio to plain boto3 with botocore's default parser."""
    from benchmarks.end_to_end import PARSERS, PLAIN

    reference = next(r for r in rows if r.key == f"end to end {PARSERS[0]}").values[PLAIN][0]
    columns = list(rows[0].values)
    out = [
        "| workload | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for row in rows:
        cells = [f"{fmt(row.values[c], row.unit)} ({row.values[c][0] / reference:.2f}x)" for c in columns]
        out.append(f"| {row.name} | " + " | ".join(cells) + " |")
    return out


def codecs_for(cls: str, payload: Any) -> dict[str, tuple[Structure, Callable[[Any], Any], Any]]:
    """Each contender's structure and unstructure, and its object for the payload
    (building it proves the contender accepts the workload)."""
    out = {}
    for contender in CONTENDERS:
        structure, unstructure = contender.codec(cls)
        out[contender.label] = (structure, unstructure, structure(payload))
    return out


def _round_trip(structured: Callable[[], Any], unstructure: Callable[[Any], Any]) -> Any:
    return unstructure(structured())


def startup_rows(repeat: int) -> list[Row]:
    timer = "import time; t = time.perf_counter(); {body}; print(time.perf_counter() - t)"
    baseline = "aws_resource_validator.pydantic_models.ecr.ecr_classes"
    imports = Row(
        "startup",
        "import the models (fresh process)",
        "ms",
        {
            **ours(timer.format(body="import ecr_attrs.models"), repeat),
            PydanticBaseline.label: fresh_process(timer.format(body=f"import {baseline}"), repeat),
        },
    )
    ready = Row(
        "startup",
        "import models and converter (fresh process)",
        "ms",
        {
            **ours(timer.format(body="import ecr_attrs; ecr_attrs.converter"), repeat),
            PydanticBaseline.label: fresh_process(timer.format(body=f"import {baseline}"), repeat),
        },
    )
    first = (
        "from benchmarks.data import Payloads; d = Payloads().describe_images(10); "
        "import time; t = time.perf_counter(); {body}; print(time.perf_counter() - t)"
    )
    first_call = Row(
        "startup",
        "first call: import + structure DescribeImagesResponse (fresh process)",
        "ms",
        {
            **ours(
                first.format(
                    body="import ecr_attrs; ecr_attrs.structure(d, ecr_attrs.DescribeImagesResponseTypeDef)"
                ),
                repeat,
            ),
            PydanticBaseline.label: fresh_process(
                first.format(
                    body=f"from {baseline} import DescribeImagesResponseTypeDef as M; M.model_validate(d)"
                ),
                repeat,
            ),
        },
    )
    return [imports, ready, first_call, *hypothesis_rows(repeat)]


def ours(code: str, repeat: int) -> dict[str, tuple[float, float]]:
    """``code`` in fresh processes for each ecr-attrs contender, with its environment, in turns."""
    mine = [c for c in CONTENDERS if c.label.startswith(EcrAttrs.label)]
    runs: dict[str, list[float]] = {c.label: [] for c in mine}
    for _ in range(repeat):
        for contender in mine:
            runs[contender.label].append(fresh_process(code, 1, **contender.env)[0])
    return {label: (statistics.median(r), max(r) - min(r)) for label, r in runs.items()}


def hypothesis_rows(repeat: int) -> list[Row]:
    """What the `hypothesis` extra adds to every `import hypothesis`: our plugin hook runs there."""
    code = "import time; t = time.perf_counter(); import hypothesis; print(time.perf_counter() - t)"
    with_plugins, without = [], []
    for _ in range(repeat):  # interleaved, so machine noise falls on both
        with_plugins.append(fresh_process(code, 1)[0])
        without.append(fresh_process(code, 1, HYPOTHESIS_NO_PLUGINS="1")[0])
    return [
        Row(
            "startup",
            f"import hypothesis {label} (fresh process)",
            "ms",
            {EcrAttrs.label: (statistics.median(runs), max(runs) - min(runs))},
        )
        for label, runs in (
            ("with the extra", with_plugins),
            ("without plugins, HYPOTHESIS_NO_PLUGINS=1", without),
        )
    ]


def memory_row(count: int) -> Row:
    """Each contender alone in a fresh process (see ``benchmarks.memory``)."""
    values = {}
    for contender in CONTENDERS:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.memory", contender.label, str(count)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **getattr(contender, "env", {})},
            cwd=Path(__file__).parent.parent,
        ).stdout
        values[contender.label] = (float(out.strip()), 0.0)
    return Row(
        "memory", "bytes per ImageDetail object (with its nested objects, fresh process each)", "B", values
    )


class Scaling:
    """Seconds per call of one contender at one size: structure and unstructure, GC on and paused."""

    def __init__(self, structure: dict[bool, float], unstructure: dict[bool, float], kept: float) -> None:
        self.structure, self.unstructure, self.kept = structure, unstructure, kept


def scaling_codecs() -> dict[str, tuple[Structure, Callable[[Any], Any]]]:
    """Structure and unstructure of DescribeImagesResponse per contender: each ecr-attrs backend, msgspec."""
    import msgspec

    import ecr_attrs

    cls = ecr_attrs.DescribeImagesResponseTypeDef
    pure = ecr_attrs.make_converter(speedups=False)
    out: dict[str, tuple[Structure, Callable[[Any], Any]]] = {
        EcrAttrs.label: (Structure(pure.structure, (cls,)), pure.unstructure)
    }
    if EcrAttrsSpeedups.available():
        out[EcrAttrsSpeedups.label] = (Structure(ecr_attrs.structure, (cls,)), ecr_attrs.unstructure)
    out[Msgspec.label] = (
        Structure(msgspec.convert, (_struct_for_images(),)),
        partial(msgspec.to_builtins, builtin_types=(datetime, bytes)),
    )
    return out


def scaling(quick: bool) -> dict[int, dict[str, Scaling]]:
    """Cost per image of structure and unstructure as DescribeImages grows, images as botocore parses them.

    Each size runs three times per contender (each ecr-attrs backend, and
    msgspec with its default Structs, which the collector tracks) and the
    median is kept, with the garbage collector on (as users run) and paused
    (the cost of the code alone); also the memory the objects hold per image,
    which should not grow with the size.
    """
    sizes = (100, 200, 400) if quick else (1_000, 10_000, 100_000)
    real = as_botocore_parses(Payloads().describe_images(1000), "DescribeImagesResponseTypeDef")
    pool = real["imageDetails"]
    codecs = scaling_codecs()
    out: dict[int, dict[str, Scaling]] = {}
    for size in sizes:
        payload = {"imageDetails": [pool[i % len(pool)] for i in range(size)]}
        out[size] = _scale(codecs, payload, 1 if quick else 3)
    return out


def _scale(
    codecs: dict[str, tuple[Structure, Callable[[Any], Any]]], payload: Any, runs: int
) -> dict[str, Scaling]:
    """Each contender at one size: medians of ``runs`` calls taken in turns, GC on and paused, then memory."""
    times: dict[tuple[str, str, bool], list[float]] = {}
    for paused in (False, True):
        for _ in range(runs):
            for label, (structure, unstructure) in codecs.items():
                times.setdefault((label, "structure", paused), []).append(
                    _timed(structure.on(payload), paused)
                )
                obj = structure(payload)
                times.setdefault((label, "unstructure", paused), []).append(
                    _timed(partial(unstructure, obj), paused)
                )
                del obj
    out = {}
    for label, (structure, _) in codecs.items():
        tracemalloc.start()
        obj = structure(payload)
        kept, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del obj
        out[label] = Scaling(
            {paused: statistics.median(times[label, "structure", paused]) for paused in (False, True)},
            {paused: statistics.median(times[label, "unstructure", paused]) for paused in (False, True)},
            kept,
        )
    return out


def scaling_table(figures: dict[int, dict[str, Scaling]]) -> list[str]:
    lines = [
        (
            "| images | contender | structure µs/image, GC on | GC paused | unstructure µs/image, GC on "
            "| GC paused | objects' bytes/image |"
        ),
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size, by_label in figures.items():
        for label, f in by_label.items():
            cells = [f.structure[False], f.structure[True], f.unstructure[False], f.unstructure[True]]
            lines.append(
                f"| {size:,} | {label} | "
                + " | ".join(f"{c / size * 1e6:.2f}" for c in cells)
                + f" | {f.kept / size:,.0f} |"
            )
    return lines


def _struct_for_images() -> Any:
    import ecr_attrs
    from benchmarks.contenders import _struct_for

    return _struct_for(ecr_attrs.DescribeImagesResponseTypeDef)


def _timed(fn: Callable[[], Any], paused: bool) -> float:
    """Seconds one call takes, after a full collection; the collector paused or left on."""
    gc.collect()
    if paused:
        gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        took = time.perf_counter() - start
    finally:
        gc.enable()
    del result
    return took


def fmt(value: tuple[float, float], unit: str) -> str:
    median, spread = value
    if unit == "µs":
        return f"{median * 1e6:,.1f} ± {spread * 1e6:,.1f}"
    if unit == "ms":
        return f"{median * 1e3:,.1f} ± {spread * 1e3:,.1f}"
    return f"{median:,.0f}"


def environment() -> list[str]:
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return [
        f"- machine: {platform.machine()}, {platform.system()} {platform.release()}, {_cores()} cores",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        "- " + ", ".join(versions),
    ]


def _cores() -> int:
    return os.cpu_count() or 0


def table(rows: list[Row], quick: bool) -> str:
    labels = [c.label for c in CONTENDERS]
    fast = EcrAttrsSpeedups.label in labels
    # (heading, ours, theirs): each ratio is theirs / ours.
    ratios = [("ratio", EcrAttrs.label, PydanticBaseline.label)]
    if fast:
        ratios += [
            ("ratio, speedups", EcrAttrsSpeedups.label, PydanticBaseline.label),
            ("msgspec / speedups", EcrAttrsSpeedups.label, Msgspec.label),
            ("without / with speedups", EcrAttrsSpeedups.label, EcrAttrs.label),
        ]
    out = [
        (
            f"Command: `python -m benchmarks{' --quick' if quick else ''}`. Times are the median of the runs ± their "
            "spread (max - min), with the garbage collector paused as `timeit` does; ratio = baseline / ecr-attrs "
            "(above 1: ecr-attrs is faster or smaller)."
            + (
                f" `{EcrAttrs.label}` is pure Python; `{EcrAttrsSpeedups.label}` is the default converter with the "
                "compiled backend (`pip install ./speedups`), whose ratios follow."
                if fast
                else ""
            )
        ),
        "",
        *environment(),
        "",
        "| figure | workload | " + " | ".join([*labels, *(r[0] for r in ratios)]) + " |",
        "|---|---|" + "---:|" * (len(labels) + len(ratios)),
    ]
    for row in (r for r in rows if r.group != "end to end"):  # those have a table of their own
        cells = [fmt(row.values[label], row.unit) if label in row.values else "" for label in labels]
        for _, ours_label, theirs_label in ratios:
            ratio = row.ratio(ours_label, theirs_label)
            cells.append(f"{ratio:.2f}x" if ratio else "")
        out.append(f"| {row.group} ({row.unit}) | {row.name} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def readings(rows: list[Row]) -> list[str]:
    """Ratios between rows: non-ASCII text against its ASCII twin, real payloads against UTC ones."""
    by_name = {(r.group, r.name): r for r in rows}
    out = ["Between rows (time of the first / time of the second, per contender):", ""]
    pairs = []
    for (group, name), row in by_name.items():
        if group == "structure" and "non-ASCII text" in name:
            pairs.append(
                (
                    "non-ASCII / ASCII twin",
                    row,
                    by_name[(group, name.replace("non-ASCII text", "its ASCII twin"))],
                )
            )
        if BOTOCORE in name and (group, name.replace(BOTOCORE, UTC_FORM)) in by_name:
            pairs.append(
                ("as botocore parses it / UTC", row, by_name[(group, name.replace(BOTOCORE, UTC_FORM))])
            )
    for label, first, second in pairs:
        cells = [
            f"{contender}: {first.values[contender][0] / second.values[contender][0]:.2f}x"
            for contender in first.values
            if contender in second.values and second.values[contender][0]
        ]
        out.append(
            f"- {label}, {first.group} {first.name.replace(BOTOCORE, '').strip()}: " + ", ".join(cells)
        )
    return out


def chart(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [r for r in rows if r.ratio()]
    fig, ax = plt.subplots(figsize=(10, 0.4 * len(shown) + 1.5))
    names = [f"{r.group}: {r.name}" for r in shown]
    ratios = [r.ratio() or 0 for r in shown]
    ax.barh(names, ratios, color=["tab:green" if x >= 1 else "tab:red" for x in ratios])
    ax.axvline(1, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("pydantic baseline / ecr-attrs (higher is better for ecr-attrs)")
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


class Before:
    """One workload's compiled instructions per call, in this checkout and in an earlier ecr-attrs."""

    def __init__(self, workload: str, now: float | None, before: float | None) -> None:
        self.workload, self.now, self.before = workload, now, before


def before_figures(python: str, quick: bool) -> list[Before]:
    """Callgrind instructions per call of the compiled backend here and under ``python``, every workload."""
    from benchmarks import instructions

    probe = "import importlib.util; print(importlib.util.find_spec('ecr_attrs_speedups') is not None)"
    found = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    if found != "True":
        raise SystemExit(f"--before {python}: that interpreter has no compiled backend (ecr_attrs_speedups)")
    names = list(instructions.all_workloads(quick))
    label = [EcrAttrsSpeedups.label]
    now = instructions.measure(names, label, sys.executable, jobs=2, quick=quick)
    then = instructions.measure(names, label, python, jobs=2, quick=quick)
    return [Before(name, now[name, label[0]], then[name, label[0]]) for name in names]  # None: it failed


def before_table(before: list[Before], python: str) -> list[str]:
    return [
        f"Compiled backend, callgrind instructions per call: this checkout against the earlier ecr-attrs of `{python}` (`--before`):",
        "",
        "| workload | now | before | now / before |",
        "|---|---:|---:|---:|",
        *(f"| {b.workload} | {_count(b.now)} | {_count(b.before)} | {_ratio(b)} |" for b in before),
    ]


def _count(figure: float | None) -> str:
    return "failed" if figure is None else f"{figure:,.0f}"


def _ratio(b: Before) -> str:
    return f"{b.now / b.before:.2f}x" if b.now and b.before else ""


def report(
    rows: list[Row],
    scaled: dict[int, dict[str, Scaling]],
    before: list[Before] | None,
    quick: bool,
    python: str | None,
) -> str:
    """The whole text: the main table, ratios between rows, end to end, scaling, the earlier ecr-attrs, the targets."""
    from benchmarks.targets import section, targets

    parts = [
        table(rows, quick),
        "\n".join(readings(rows)),
        "End to end, `describe_images` through a botocore client parsing the HTTP body ECR sends "
        "(no network); in brackets, the time over plain boto3's with its default parser:\n\n"
        + "\n".join(end_to_end_table([r for r in rows if r.group == "end to end"])),
        "Scaling, DescribeImagesResponse as botocore parses it, each ecr-attrs backend and msgspec "
        "(default Structs, tracked by the collector); median of runs:\n\n" + "\n".join(scaling_table(scaled)),
    ]
    if before is not None and python:
        parts.append("\n".join(before_table(before, python)))
    parts.append("\n".join(section(targets(rows, scaled, before), quick)))
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the table and chart")
    parser.add_argument(
        "--before",
        metavar="PYTHON",
        help="an interpreter with an earlier ecr-attrs and its compiled backend: compare instructions per call "
        "(callgrind, several minutes): its target is that no workload got slower",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = run(args.quick)
    scaled = scaling(args.quick)
    before = before_figures(args.before, args.quick) if args.before else None
    text = report(rows, scaled, before, args.quick, args.before)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else "latest"
    (args.out / f"{name}.md").write_text(text, encoding="utf-8")
    chart(rows, args.out / f"{name}.png")
    print(
        f"wrote {args.out / (name + '.md')} and {args.out / (name + '.png')} in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
