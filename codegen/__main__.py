"""``python -m codegen [--check]``: spec + facts -> src/ecr_attrs/models.py.

With ``--check`` nothing is written; the exit status is 1 and a diff is
printed when the committed module differs from what the inputs give.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from pathlib import Path

from codegen.render import Planner, render_module
from codegen.spec import parse_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "ecr_classes.md"
FACTS_PATH = ROOT / "spec" / "ecr_facts.json"
MODELS_PATH = ROOT / "src" / "ecr_attrs" / "models.py"


def generate() -> str:
    """The models module's source, formatted, from the committed inputs."""
    facts = json.loads(FACTS_PATH.read_text(encoding="utf-8"))
    planner = Planner(parse_spec(SPEC_PATH), facts)
    return format_source(render_module(planner, SPEC_PATH, FACTS_PATH, facts))


def format_source(source: str) -> str:
    """Format with ruff so the committed file reads like hand-written code."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--quiet", "--line-length", "110", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    fresh = generate()
    if args.check:
        current = MODELS_PATH.read_text(encoding="utf-8") if MODELS_PATH.exists() else ""
        if current == fresh:
            return 0
        sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), fresh.splitlines(True), "committed", "generated"))
        print("models.py is not up to date: run `python -m codegen`", file=sys.stderr)
        return 1
    MODELS_PATH.write_text(fresh, encoding="utf-8")
    print(f"wrote {MODELS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
