"""``python -m codegen [--check]``: spec + facts -> src/ecr_attrs/models.py, the
class modules under src/ecr_attrs/_models/, and the clients (client.py, aio.py,
exceptions.py, _kwargs.py).

With ``--check`` nothing is written; the exit status is 1 and a diff is
printed when the committed files differ from what the inputs give.

``python -m codegen plan --service NAME`` (or ``--sample``, ``--all``) builds
the whole plan of any installed botocore service in memory and prints its
counts; see ``codegen/plan.py``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from codegen.client import render_clients
from codegen.model import all_classes
from codegen.render import Planner, header, render_package
from codegen.service import ECR, ServiceConfig
from codegen.spec import parse_spec
from codegen.speedups import render_speedups

ROOT = Path(__file__).resolve().parent.parent
assert ECR.seed_spec is not None and ECR.facts is not None
SPEC_PATH = ECR.seed_spec
FACTS_PATH = ECR.facts
PACKAGE = ECR.directory
MODELS_PATH = PACKAGE / "models.py"
CLIENT_PATHS = [PACKAGE / name for name in ("_kwargs.py", "exceptions.py", "aio.py", "client.py")]
SPEEDUPS = ROOT / "speedups" / "src" / "ecr_attrs_speedups"


def render_service(service: ServiceConfig, facts: dict[str, Any]) -> dict[str, str]:
    """A service's generated files, unformatted, by path under its package directory."""
    seeds = parse_spec(service.seed_spec) if service.seed_spec else []
    planner = Planner(all_classes(seeds, facts), facts, service=service)
    files = render_package(planner, service.seed_spec, service.facts, facts)
    head = header(service.seed_spec, service.facts, facts, service.label)
    files.update(render_clients(planner, facts, head))
    return files


def generate() -> dict[Path, str]:
    """Every generated file's source, formatted, from the committed inputs."""
    facts = json.loads(FACTS_PATH.read_text(encoding="utf-8"))
    files = render_service(ECR, facts)
    out = {PACKAGE / path: text for path, text in zip(files, format_sources(list(files.values())))}
    return out | {ROOT / path: text for path, text in render_speedups(SPEC_PATH, FACTS_PATH, facts).items()}


def committed() -> dict[Path, str]:
    """The generated files as they are on disk (stale class modules included)."""
    paths = [MODELS_PATH, *CLIENT_PATHS, *sorted((PACKAGE / "_models").glob("*.py"))]
    paths += [*sorted(SPEEDUPS.glob("_m*.pyx")), SPEEDUPS / "_index.py"]
    return {p: p.read_text(encoding="utf-8") for p in paths if p.exists()}


def format_sources(sources: list[str]) -> list[str]:
    """Format with ruff, so the committed files read like hand-written code.

    One ruff process for all files: the sources go through a scratch directory.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        paths = [Path(scratch) / f"m{i}.py" for i in range(len(sources))]
        for path, text in zip(paths, sources):
            path.write_text(text, encoding="utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                "format",
                "--quiet",
                "--isolated",
                "--line-length",
                "110",
                scratch,
            ],
            check=True,
        )
        return [path.read_text(encoding="utf-8") for path in paths]


def plan_main(argv: list[str]) -> int:
    """``python -m codegen plan``: plan services in memory and print their counts."""
    from codegen.plan import SAMPLE, installed_services, plan_many

    parser = argparse.ArgumentParser(prog="python -m codegen plan", description=plan_main.__doc__)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--service", action="append", metavar="NAME", help="a botocore service name (repeatable)"
    )
    which.add_argument(
        "--sample", action="store_true", help=f"the {len(SAMPLE)} services the test suite plans"
    )
    which.add_argument("--all", action="store_true", help="every service of the installed botocore")
    args = parser.parse_args(argv)
    names = args.service or (SAMPLE if args.sample else installed_services())
    return 1 if plan_many(names, sys.stdout) else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["plan"]:
        return plan_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    fresh = generate()
    if args.check:
        current = committed()
        if current == fresh:
            return 0
        for path in sorted(set(current) | set(fresh)):
            name = str(path.relative_to(ROOT))
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.get(path, "").splitlines(True), fresh.get(path, "").splitlines(True), name, name
                )
            )
        print("generated files are not up to date: run `python -m codegen`", file=sys.stderr)
        return 1
    for stale in set(committed()) - set(fresh):
        stale.unlink()
    for path, text in fresh.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(fresh)} files under {PACKAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
