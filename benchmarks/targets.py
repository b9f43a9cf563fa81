"""The targets of issues 24 and 18, judged from the rows of one benchmark run.

Each threshold is a named constant; each verdict is computed from the figures
the run measured, so the section says what this run shows and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from benchmarks.contenders import EcrAttrs, EcrAttrsSpeedups, Msgspec, PydanticBaseline
from benchmarks.end_to_end import PARSERS, PLAIN

COMPILED_OVER_BASELINE = 4.0
"""Botocore-parsed structure: baseline time / compiled time, at least."""
COMPILED_OVER_MSGSPEC = 1.25
"""Botocore-parsed structure: compiled time / msgspec's time, at most."""
PURE_OVER_BASELINE_FINDINGS = 1.0
PURE_OVER_BASELINE_IMAGES = 0.75
"""Botocore-parsed structure in pure Python: baseline time / ecr-attrs time, at least."""
NON_ASCII_OVER_ASCII = 1.5
"""Non-ASCII findings' time / their ASCII twin's, at most, on each backend."""
JSON_OVER_BASELINE = 1.5
"""JSON bytes, ecr-attrs decoding with orjson: ``model_validate_json`` time / ecr-attrs time, at least,
on each backend (the row decoding with ``json.loads`` is printed above it, not judged)."""
END_TO_END_OVER_PLAIN = 1.0
"""ECRClient with fast_timestamps / plain boto3 with its default parser, below this."""
GC_ON_OVER_MSGSPEC = 1.0
"""Largest scaling size, GC on: compiled structure time / msgspec's (default Structs), below this."""
UTC_STRUCTURE_OVER_BASELINE = 6.0
UTC_UNSTRUCTURE_OVER_BASELINE = 3.0
"""UTC rows, compiled: baseline time / compiled time, at least."""
BEFORE_TOLERANCE = 1.05
"""Compiled instructions now / before (`--before`), at most, on every workload: issue 18, and issue 24's "nothing gets slower"."""

BACKENDS = (EcrAttrs.label, EcrAttrsSpeedups.label)


class Target:
    """One line of the section: what is asked, what was measured, and whether it holds."""

    def __init__(self, asked: str, measured: str, met: bool | None) -> None:
        self.asked, self.measured, self.met = asked, measured, met

    def line(self) -> str:
        verdict = {True: "met", False: "MISSED", None: "not measured"}[self.met]
        return f"- **{verdict}**: {self.asked}; measured {self.measured}"


def at_least(asked: str, value: float | None, threshold: float) -> Target:
    if value is None:
        return Target(f"{asked} ≥ {threshold:.2f}x", "nothing (a contender is missing from the run)", None)
    return Target(f"{asked} ≥ {threshold:.2f}x", f"{value:.2f}x", value >= threshold)


def at_most(asked: str, value: float | None, threshold: float) -> Target:
    if value is None:
        return Target(f"{asked} ≤ {threshold:.2f}x", "nothing (a contender is missing from the run)", None)
    return Target(f"{asked} ≤ {threshold:.2f}x", f"{value:.2f}x", value <= threshold)


def below(asked: str, value: float | None, threshold: float) -> Target:
    if value is None:
        return Target(f"{asked} < {threshold:.2f}x", "nothing (a contender is missing from the run)", None)
    return Target(f"{asked} < {threshold:.2f}x", f"{value:.2f}x", value < threshold)


def time_of(row: Any, label: str) -> float | None:
    value = row.values.get(label) if row is not None else None
    return value[0] if value and value[0] else None


def quotient(first: float | None, second: float | None) -> float | None:
    return first / second if first is not None and second else None


class Rows:
    """The run's rows by key, and the quotients of their times."""

    def __init__(self, rows: list[Any]) -> None:
        self.by_key = {row.key: row for row in rows if row.key}

    def name(self, key: str) -> str:
        row = self.by_key.get(key)
        return row.name if row is not None else f"({key}: no such row)"

    def quotient(self, first: tuple[str, str], second: tuple[str, str]) -> float | None:
        """Time of (row key, contender) ``first`` over that of ``second``."""
        return quotient(
            time_of(self.by_key.get(first[0]), first[1]), time_of(self.by_key.get(second[0]), second[1])
        )


def targets(rows: list[Any], scaling: dict[int, dict[str, Any]], before: list[Any] | None) -> list[Target]:
    """Every target, in the order of issue 24's list, then the comparison with an earlier ecr-attrs."""
    run = Rows(rows)
    base, pure, compiled, msgspec = (
        PydanticBaseline.label,
        EcrAttrs.label,
        EcrAttrsSpeedups.label,
        Msgspec.label,
    )
    out: list[Target] = []
    for key in ("structure images-large botocore", "structure findings botocore"):
        name = run.name(key)
        out.append(
            at_least(
                f"{name}, compiled: baseline / ecr-attrs",
                run.quotient((key, base), (key, compiled)),
                COMPILED_OVER_BASELINE,
            )
        )
        out.append(
            at_most(
                f"{name}, compiled: ecr-attrs / msgspec",
                run.quotient((key, compiled), (key, msgspec)),
                COMPILED_OVER_MSGSPEC,
            )
        )
    for key, threshold in (
        ("structure findings botocore", PURE_OVER_BASELINE_FINDINGS),
        ("structure images-large botocore", PURE_OVER_BASELINE_IMAGES),
    ):
        ratio = run.quotient((key, base), (key, pure))
        out.append(at_least(f"{run.name(key)}, pure Python: baseline / ecr-attrs", ratio, threshold))
    for label in BACKENDS:
        ratio = run.quotient(("non-ascii", label), ("ascii-twin", label))
        out.append(
            at_most(f"{run.name('non-ascii')}, {label}: time / its ASCII twin's", ratio, NON_ASCII_OVER_ASCII)
        )
    for label in BACKENDS:
        ratio = run.quotient(("json-bytes orjson", base), ("json-bytes orjson", label))
        out.append(
            at_least(
                f"{run.name('json-bytes orjson')}, {label}: model_validate_json / ecr-attrs",
                ratio,
                JSON_OVER_BASELINE,
            )
        )
    default, fast = (f"end to end {parser}" for parser in PARSERS)
    for label in BACKENDS:
        ratio = run.quotient((fast, f"ECRClient, {label}"), (default, PLAIN))
        out.append(
            below(
                f"{run.name(fast)}: ECRClient ({label}) / plain boto3 with its default parser",
                ratio,
                END_TO_END_OVER_PLAIN,
            )
        )
    out.append(gc_on_target(scaling))
    out += utc_targets(rows)
    out.append(before_target(before))
    return out


def gc_on_target(scaling: dict[int, dict[str, Any]]) -> Target:
    size = max(scaling)
    figures = scaling[size]
    compiled, msgspec = figures.get(EcrAttrsSpeedups.label), figures.get(Msgspec.label)
    ratio = quotient(compiled and compiled.structure[False], msgspec and msgspec.structure[False])
    return below(
        f"{size:,} images, GC on, compiled structure time / msgspec's (default Structs)",
        ratio,
        GC_ON_OVER_MSGSPEC,
    )


def utc_targets(rows: Iterable[Any]) -> list[Target]:
    """Compiled against the baseline on every UTC structure row and every unstructure row."""
    out = []
    for row in rows:
        if row.group == "structure" and row.key.endswith(" utc"):
            threshold = UTC_STRUCTURE_OVER_BASELINE
        elif row.group == "unstructure":
            threshold = UTC_UNSTRUCTURE_OVER_BASELINE
        else:
            continue
        ratio = quotient(time_of(row, PydanticBaseline.label), time_of(row, EcrAttrsSpeedups.label))
        out.append(at_least(f"{row.group} {row.name}, compiled: baseline / ecr-attrs", ratio, threshold))
    return out


def before_target(before: list[Any] | None) -> Target:
    """The compiled backend's instructions per call against an earlier ecr-attrs (``--before``)."""
    asked = f"compiled no slower than the earlier ecr-attrs (`--before`) on every workload: instructions now / before ≤ {BEFORE_TOLERANCE:.2f}x"
    if not before:
        return Target(
            asked, "nothing (run with `--before PYTHON`, the interpreter of the earlier ecr-attrs)", None
        )
    compared = [b for b in before if b.now and b.before]
    failed = [b.workload for b in before if not (b.now and b.before)]
    if not compared:
        return Target(asked, f"nothing: every workload failed in one of the two ({', '.join(failed)})", None)
    worst = max(compared, key=lambda b: b.now / b.before)
    ratio = worst.now / worst.before
    if failed:
        return Target(
            asked,
            f"worst {ratio:.2f}x ({worst.workload}); not compared, the process failed: {', '.join(failed)}",
            None,
        )
    return Target(
        asked,
        f"worst {ratio:.2f}x ({worst.workload}: {worst.now:,.0f} against {worst.before:,.0f})",
        ratio <= BEFORE_TOLERANCE,
    )


def section(found: list[Target], quick: bool = False) -> list[str]:
    counts = {verdict: sum(1 for t in found if t.met is verdict) for verdict in (True, False, None)}
    heading = (
        f"Targets (issues 24 and 18), judged from this run's rows: {counts[True]} met, "
        f"{counts[False]} missed, {counts[None]} not measured."
        + (
            " With `--quick` the sizes are small and each time is one run: the verdicts prove the section works, nothing more."
            if quick
            else ""
        )
    )
    return [heading, "", *(t.line() for t in found)]
