"""``python -m benchmarks [--quick]``: ecr-attrs against the Pydantic baseline.

Prints a table of medians (and spreads) with the ratio baseline / ecr-attrs,
and writes it to ``benchmarks/results/`` as Markdown and as a PNG chart.
``--quick`` uses small sizes and one repetition: it proves the command works.
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
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.contenders import CONTENDERS, EcrAttrs, EcrAttrsSpeedups, Msgspec, PydanticBaseline
from benchmarks.data import Payloads

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
    def __init__(self, group: str, name: str, unit: str, values: dict[str, tuple[float, float]]) -> None:
        self.group, self.name, self.unit, self.values = group, name, unit, values

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
    lands on all of them rather than on whoever was being timed.  Like
    ``timeit``, the garbage collector is paused during a run: otherwise a
    collection triggered by one contender's garbage lands on whoever runs next.
    """
    numbers = {label: _calls_per_run(fn, min_time) for label, fn in fns.items()}
    runs: dict[str, list[float]] = {label: [] for label in fns}
    order = list(fns)
    for turn in range(repeat):
        for label in order[turn % len(order) :] + order[: turn % len(order)]:
            fn, number = fns[label], numbers[label]
            gc.collect()
            gc.disable()
            try:
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


def workloads(quick: bool) -> list[tuple[str, str, Any]]:
    data = Payloads()
    small = quick
    return [
        ("CreateRepositoryResponse", "CreateRepositoryResponseTypeDef", data.create_repository()),
        (
            f"DescribeImagesResponse, {10 if small else 100} images",
            "DescribeImagesResponseTypeDef",
            data.describe_images(10 if small else 100),
        ),
        (
            f"DescribeImagesResponse, {20 if small else 1000} images",
            "DescribeImagesResponseTypeDef",
            data.describe_images(20 if small else 1000),
        ),
        (
            f"DescribeImageScanFindingsResponse, {10 if small else 500} enhanced findings",
            "DescribeImageScanFindingsResponseTypeDef",
            data.scan_findings(10 if small else 500),
        ),
        (
            f"DescribeRepositoriesResponse, {20 if small else 1000} repositories",
            "DescribeRepositoriesResponseTypeDef",
            data.describe_repositories(20 if small else 1000),
        ),
    ]


def run(quick: bool) -> list[Row]:
    repeat, min_time = (1, 0.0) if quick else (9, 0.05)
    rows: list[Row] = []
    for title, cls, payload in workloads(quick):
        codecs = codecs_for(cls, payload)
        rows += [
            Row(
                "structure",
                title,
                "µs",
                measure({k: partial(s, payload) for k, (s, _, _) in codecs.items()}, repeat, min_time),
            ),
            Row(
                "unstructure",
                title,
                "µs",
                measure({k: partial(u, o) for k, (_, u, o) in codecs.items()}, repeat, min_time),
            ),
            Row(
                "round trip",
                title,
                "µs",
                measure(
                    {k: partial(_round_trip, s, u, payload) for k, (s, u, _) in codecs.items()},
                    repeat,
                    min_time,
                ),
            ),
        ]
    data = Payloads()
    for title, cls, payload in (
        (
            "CreateRepositoryRequest object",
            "CreateRepositoryRequestRequestTypeDef",
            data.create_repository_request(),
        ),
        ("PutImageRequest object", "PutImageRequestRequestTypeDef", data.put_image_request()),
    ):
        codecs = codecs_for(cls, payload)
        values = measure({k: partial(u, o) for k, (_, u, o) in codecs.items()}, repeat, min_time)
        rows.append(Row("unstructure", title, "µs", values))
    rows += startup_rows(1 if quick else 7)
    rows.append(memory_row(100 if quick else 1000))
    return rows


def codecs_for(cls: str, payload: Any) -> dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any], Any]]:
    """Each contender's structure and unstructure, and its object for the payload
    (building it proves the contender accepts the workload)."""
    out = {}
    for contender in CONTENDERS:
        structure, unstructure = contender.codec(cls)
        out[contender.label] = (structure, unstructure, structure(payload))
    return out


def _round_trip(structure: Callable[[Any], Any], unstructure: Callable[[Any], Any], payload: Any) -> Any:
    return unstructure(structure(payload))


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
    images = [Payloads().image() for _ in range(count)]
    values = {}
    for contender in CONTENDERS:
        structure, _ = contender.codec("ImageDetailTypeDef")
        structure(images[0])
        tracemalloc.start()
        kept = [structure(image) for image in images]
        size, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        values[contender.label] = (size / count, 0.0)
        del kept
    return Row("memory", "bytes per ImageDetail object (with its nested objects)", "B", values)


def scaling(quick: bool) -> list[str]:
    """Per-item cost of structure and unstructure as DescribeImages grows.

    Each size runs three times; the median is shown, with the garbage collector
    on (as in normal use) and paused (the cost of the code alone).  The last
    column is the memory the structured objects hold, per image: it should not
    grow with the size.
    """
    from ecr_attrs import converter
    from ecr_attrs.models import DescribeImagesResponseTypeDef

    sizes = (100, 200, 400) if quick else (1_000, 10_000, 100_000)
    data = Payloads()
    pool = [data.image() for _ in range(1000)]
    lines = [
        (
            "| images | structure µs/image | unstructure µs/image | structure, GC paused | unstructure, GC paused "
            "| objects' bytes/image |"
        ),
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        payload = {"imageDetails": [pool[i % len(pool)] for i in range(size)]}
        cells = []
        for paused in (False, True):
            structure_times, unstructure_times = [], []
            for _ in range(1 if quick else 3):
                gc.collect()
                if paused:
                    gc.disable()
                start = time.perf_counter()
                obj = converter.structure(payload, DescribeImagesResponseTypeDef)
                structure_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                converter.unstructure(obj)
                unstructure_times.append(time.perf_counter() - start)
                gc.enable()
                del obj
            cells += [
                statistics.median(structure_times) / size * 1e6,
                statistics.median(unstructure_times) / size * 1e6,
            ]
        tracemalloc.start()
        obj = converter.structure(payload, DescribeImagesResponseTypeDef)
        kept, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del obj
        lines.append(f"| {size:,} | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {kept / size:,.0f} |")
    return lines


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
    for row in rows:
        cells = [fmt(row.values[label], row.unit) if label in row.values else "" for label in labels]
        for _, ours_label, theirs_label in ratios:
            ratio = row.ratio(ours_label, theirs_label)
            cells.append(f"{ratio:.2f}x" if ratio else "")
        out.append(f"| {row.group} ({row.unit}) | {row.name} | " + " | ".join(cells) + " |")
    return "\n".join(out)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the table and chart")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    from ecr_attrs import BACKEND

    text = (
        table(rows, args.quick)
        + f"\n\nScaling of ecr-attrs, {BACKEND} backend (one run each):\n\n"
        + "\n".join(scaling(args.quick))
        + "\n"
    )
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else "latest"
    (args.out / f"{name}.md").write_text(text, encoding="utf-8")
    chart(rows, args.out / f"{name}.png")
    print(f"wrote {args.out / (name + '.md')} and {args.out / (name + '.png')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
