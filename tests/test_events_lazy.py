"""``import ecr_attrs.events`` leaves Inspector's finding classes unimported until they are needed.

Most handlers see ECR's events only, and ``ecr_attrs.inspector2``'s 28 classes
cost a cold start more than every other event class together.  They load when
an "Inspector2 Finding" event is parsed or one of the names that hold them
(``FindingTypeDef``, ``EventDetail``, ``DETAIL_CLASSES``) is read; type
checkers see every name, and a name the package lacks is still an error to them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest

from ecr_attrs.events import FindingTypeDef, parse_event

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "events"


def run(code: str) -> list[str]:
    """What ``code`` printed, one line each, run in a fresh interpreter (so nothing is imported yet)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


INSPECTOR_LOADED = (
    "print(any(m == 'ecr_attrs.inspector2' or m.startswith('ecr_attrs.inspector2.') for m in sys.modules))"
)


def test_importing_the_events_imports_no_inspector_module():
    assert run(f"import sys\nimport ecr_attrs.events\n{INSPECTOR_LOADED}") == ["False"]


def test_the_event_strategies_import_no_inspector_module_until_a_finding_is_drawn():
    code = f"""
        import sys
        from hypothesis import strategies as st
        import ecr_attrs.events.strategies
        from ecr_attrs.events import Event, ImageScanDetail
        {INSPECTOR_LOADED}
        st.from_type(ImageScanDetail).example()
        {INSPECTOR_LOADED}
        st.from_type(Event).validate()
        {INSPECTOR_LOADED}
    """
    assert run(code) == ["False", "False", "True"]


def test_parsing_ecr_and_inspector_scan_events_imports_no_inspector_module():
    code = f"""
        import json, sys, attrs
        from ecr_attrs.events import parse_event, unstructure_event
        for name in ("image_push.json", "scan_resource_change.json", "inspector_scan_ecr.json",
                     "inspector_coverage_ec2.json"):
            event = parse_event(json.loads(open({str(FIXTURES)!r} + "/" + name).read()), strict=True)
            attrs.evolve(event)  # the constructor's detail check too
            unstructure_event(event)
        {INSPECTOR_LOADED}
    """
    assert run(code) == ["False"]


def test_an_inspector_finding_event_imports_the_finding_classes():
    code = f"""
        import json, sys
        from ecr_attrs.events import parse_event
        event = parse_event(json.loads(open({str(FIXTURES)!r} + "/inspector_finding_ecr.json").read()))
        {INSPECTOR_LOADED}
        from ecr_attrs.inspector2 import FindingTypeDef
        print(type(event.detail) is FindingTypeDef)
    """
    assert run(code) == ["True", "True"]


@pytest.mark.parametrize("name", ["FindingTypeDef", "EventDetail", "DETAIL_CLASSES"])
def test_each_name_that_holds_the_finding_class_imports_it_when_read(name):
    code = f"""
        import sys, typing
        import ecr_attrs.events as events
        {INSPECTOR_LOADED}
        value = getattr(events, {name!r})
        {INSPECTOR_LOADED}
        from ecr_attrs.inspector2 import FindingTypeDef
        found = {{
            "FindingTypeDef": lambda: value is FindingTypeDef,
            "EventDetail": lambda: FindingTypeDef in typing.get_args(value),
            "DETAIL_CLASSES": lambda: value["aws.inspector2", "Inspector2 Finding"] is FindingTypeDef,
        }}[{name!r}]()
        print(found, getattr(events, {name!r}) is value)
    """
    assert run(code) == ["False", "True", "True", "True"]


def test_the_names_are_listed_without_importing_them_and_an_unknown_one_is_an_attribute_error():
    code = f"""
        import sys
        import ecr_attrs.events as events
        print({{"FindingTypeDef", "EventDetail", "DETAIL_CLASSES"}} <= set(dir(events)))
        try:
            events.FindingTypeDefs
        except AttributeError as error:
            print("FindingTypeDefs" in str(error))
        {INSPECTOR_LOADED}
    """
    assert run(code) == ["True", "True", "False"]


def test_the_event_annotations_resolve_once_the_finding_class_is_imported():
    code = f"""
        import json, typing
        from ecr_attrs.events import Event, parse_event
        parse_event(json.loads(open({str(FIXTURES)!r} + "/inspector_finding_code.json").read()))
        hints = typing.get_type_hints(Event)
        from ecr_attrs.inspector2 import FindingTypeDef
        print(FindingTypeDef in typing.get_args(hints["detail"]))
    """
    assert run(code) == ["True"]


def test_the_constructor_takes_a_finding_and_refuses_other_classes_naming_every_detail_class():
    finding = parse_event(json.loads((FIXTURES / "inspector_finding_ecr.json").read_text())).detail
    event = parse_event(json.loads((FIXTURES / "image_push.json").read_text()))
    assert attrs.evolve(event, detail=finding).detail is finding

    class Mine(FindingTypeDef):  # a user's subclass is still a finding
        __slots__ = ()

    mine = object.__new__(Mine)
    for field in attrs.fields(FindingTypeDef):
        object.__setattr__(mine, field.name, getattr(finding, field.name))
    assert attrs.evolve(event, detail=mine).detail is mine
    with pytest.raises(TypeError, match=r"expected ImageActionDetail or .*FindingTypeDef or .*UnknownDetail"):
        attrs.evolve(event, detail=event)


# -- static typing sees every name ---------------------------------------------------------------

EXAMPLE = """\
from typing import Any, assert_type

from ecr_attrs.events import DETAIL_CLASSES, EventDetail, FindingTypeDef, parse_event
from ecr_attrs.events import FindingTypeDefs  # error expected
from ecr_attrs.inspector2 import FindingTypeDef as Finding

event = parse_event({})
assert_type(event.detail, EventDetail)
assert_type(DETAIL_CLASSES, dict[tuple[str, str], type[Any]])
if isinstance(event.detail, FindingTypeDef):
    assert_type(event.detail, Finding)
    assert_type(event.detail.findingArn, str)
    event.detail.findingArm  # error expected
detail: EventDetail = 3  # error expected
"""


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> tuple[Path, set[int]]:
    path = tmp_path_factory.mktemp("typing") / "events_names.py"
    path.write_text(EXAMPLE)
    return path, {i for i, line in enumerate(EXAMPLE.splitlines(), 1) if "error expected" in line}


def test_mypy_sees_the_lazy_names_and_still_refuses_a_name_the_package_lacks(example):
    path, expected = example
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    reported = {int(m.group(1)) for m in re.finditer(r"events_names\.py:(\d+): error", done.stdout)}
    assert reported == expected, done.stdout


def test_pyright_sees_the_lazy_names_and_still_refuses_a_name_the_package_lacks(example):
    path, expected = example
    done = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    errors = [d for d in json.loads(done.stdout)["generalDiagnostics"] if d["severity"] == "error"]
    assert {d["range"]["start"]["line"] + 1 for d in errors} == expected, errors
