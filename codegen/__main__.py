"""``python -m codegen [--check]``: spec + facts -> src/ecr_attrs/models.py, the
class modules under src/ecr_attrs/_models/, and the clients (client.py, aio.py,
exceptions.py, _kwargs.py).

With ``--check`` nothing is written; the exit status is 1 and a diff is
printed when the committed files differ from what the inputs give.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from pathlib import Path

from codegen.client import render_clients
from codegen.model import all_classes
from codegen.render import Planner, header, render_package
from codegen.spec import parse_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "ecr_classes.md"
FACTS_PATH = ROOT / "spec" / "ecr_facts.json"
PACKAGE = ROOT / "src" / "ecr_attrs"
MODELS_PATH = PACKAGE / "models.py"
CLIENT_PATHS = [PACKAGE / name for name in ("_kwargs.py", "exceptions.py", "aio.py", "client.py")]


def generate() -> dict[Path, str]:
    """Every generated file's source, formatted, from the committed inputs."""
    facts = json.loads(FACTS_PATH.read_text(encoding="utf-8"))
    planner = Planner(all_classes(parse_spec(SPEC_PATH), facts), facts)
    files = render_package(planner, SPEC_PATH, FACTS_PATH, facts)
    files.update(render_clients(planner, facts, header(SPEC_PATH, FACTS_PATH, facts)))
    return {PACKAGE / path: text for path, text in zip(files, format_sources(list(files.values())))}


def committed() -> dict[Path, str]:
    """The generated files as they are on disk (stale class modules included)."""
    paths = [MODELS_PATH, *CLIENT_PATHS, *sorted((PACKAGE / "_models").glob("*.py"))]
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


def main(argv: list[str] | None = None) -> int:
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
