"""The event classes introspect like any attrs class, and Inspector's classes still load only when needed.

``typing.get_type_hints`` (which cattrs, IDEs and other runtime tools call)
resolves every annotation in a fresh interpreter; only the annotations that
name Inspector's finding class import it, when they are resolved.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import attrs
import pytest

from ecr_attrs import events
from ecr_attrs.events import Event, EventDetail, UnknownDetail

ROOT = Path(__file__).parent.parent

PUBLIC_CLASSES = sorted(name for name in events.__all__ if isinstance(getattr(events, name), type))
EVENT_CLASSES = [
    getattr(events, name)
    for name in PUBLIC_CLASSES
    if attrs.has(getattr(events, name)) and getattr(events, name).__module__.startswith("ecr_attrs.events")
]

INSPECTOR_LOADED = (
    "print(any(m == 'ecr_attrs.inspector2' or m.startswith('ecr_attrs.inspector2.') for m in sys.modules))"
)


def run(code: str) -> list[str]:
    """What ``code`` printed, one word each, run in a fresh interpreter (so nothing is imported yet)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_public_classes_are_the_event_classes_the_finding_class_and_their_base():
    assert {"Event", "ImageScanDetail", "FindingTypeDef", "EventModel", "UnknownDetail"} <= set(
        PUBLIC_CLASSES
    )
    assert {cls.__name__ for cls in EVENT_CLASSES} == set(PUBLIC_CLASSES) - {"EventModel", "FindingTypeDef"}


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_get_type_hints_resolves_every_annotation_of_a_public_class_in_a_fresh_interpreter(name):
    code = f"""
        import typing
        import attrs
        import ecr_attrs.events
        cls = getattr(ecr_attrs.events, {name!r})
        hints = typing.get_type_hints(cls)
        names = {{f.name for f in attrs.fields(cls)}} if attrs.has(cls) else set()
        print(names <= set(hints), any(isinstance(h, (str, typing.ForwardRef)) for h in hints.values()))
    """
    assert run(code) == ["True", "False"]


def test_the_type_hints_of_event_name_inspectors_finding_class_and_only_they_import_it():
    code = f"""
        import sys, typing
        from ecr_attrs import events
        for name in events.__all__:
            if name not in ("FindingTypeDef", "EventDetail", "DETAIL_CLASSES", "Event"):
                value = getattr(events, name)
                if isinstance(value, type):
                    typing.get_type_hints(value)
        {INSPECTOR_LOADED}
        detail = typing.get_type_hints(events.Event)["detail"]
        {INSPECTOR_LOADED}
        from ecr_attrs.inspector2 import FindingTypeDef
        print(FindingTypeDef in typing.get_args(detail), events.FindingTypeDef is FindingTypeDef)
    """
    assert run(code) == ["False", "True", "True", "True"]


@pytest.mark.parametrize(
    "imports",
    ["import ecr_attrs.events", "import hypothesis, ecr_attrs.events", "import ecr_attrs.events, hypothesis"],
)
def test_importing_the_events_still_imports_no_inspector_module_with_or_without_hypothesis(imports):
    assert run(f"import sys\n{imports}\n{INSPECTOR_LOADED}") == ["False"]


def test_event_detail_is_the_type_of_event_detail_and_holds_every_detail_class():
    assert EventDetail == typing.get_type_hints(Event)["detail"]
    assert set(typing.get_args(EventDetail)) == {*events.DETAIL_CLASSES.values(), UnknownDetail}


def test_the_static_event_detail_alias_names_the_same_classes_as_the_run_time_one():
    tree = ast.parse((ROOT / "src" / "ecr_attrs" / "events" / "__init__.py").read_text())
    alias = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "EventDetail"
    )
    assert alias.value is not None
    written = {node.id for node in ast.walk(alias.value) if isinstance(node, ast.Name)}
    assert written == {cls.__name__ for cls in typing.get_args(EventDetail)}
