"""Input that changes while it is read, and values whose methods misbehave.

Python code runs in the middle of structuring: a ``gc.callbacks`` entry, the
``__del__`` of unrelated garbage, another thread.  Whatever it does to the
input, the active backend (run twice by CI: compiled and pure) must not crash,
must store only values its checks accepted, and must give what pure Python
gives for the input's state before or after the change.  Each dangerous case
runs in a child process, so a segfault fails one test instead of killing the
suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
KINDS = ["clear", "grow", "junk", "replace", "pop front", "allocate"]
# Which collection during structure() does the damage.
INDEXES = [1, 2, 3, 5, 8]

PRELUDE = """
import gc, sys, threading, time
import attrs
import ecr_attrs
from ecr_attrs import StructureError, make_converter
from ecr_attrs.values import FROZENDICT_ITEMS, FrozenDict
from test_speedups import outcome
PYTHON = make_converter(speedups=False)
ACTIVE = ecr_attrs.converter


GROW = 100_000


def damage(target, kind):
    '''Change a list, dict or FrozenDict in place, as hostile code running mid-read would.'''
    if isinstance(target, FrozenDict):
        target = FROZENDICT_ITEMS.__get__(target)
    if kind == "allocate":
        [object() for _ in range(1000)]
    elif isinstance(target, list):
        if kind == "clear":
            target.clear()
        elif kind == "grow":
            target.extend(f"grown-{i}" for i in range(GROW))
        elif kind == "junk":
            target.extend([12345, "a\\x00b"])
        elif kind == "replace":
            target[:] = [12345] * len(target)
        elif kind == "pop front" and target:
            target.pop(0)
    elif isinstance(target, dict):
        if kind == "clear":
            target.clear()
        elif kind == "grow":
            target.update((f"grown-{i}", "v") for i in range(GROW // 10))
        elif kind == "junk":
            target.update({"junk": 12345, "nul": "a\\x00b"})
        elif kind == "replace":
            for key in list(target):
                target[key] = 12345
        elif kind == "pop front" and target:
            target.pop(next(iter(target)))


class At:
    '''A gc callback that damages ``targets`` at the n-th collection, once.'''

    def __init__(self, n, targets, kind):
        self.n, self.targets, self.kind, self.seen, self.fired = n, targets, kind, 0, False

    def __call__(self, phase, info):
        if phase != "start" or self.fired:
            return
        self.seen += 1
        if self.seen == self.n:
            self.fired = True
            for target in self.targets:
                damage(target, self.kind)


class Bomb:
    '''Cyclic garbage whose finalizer does the damage when the collector frees it.'''

    def __init__(self, targets, kind, fired):
        self.me, self.targets, self.kind, self.fired = self, targets, kind, fired

    def __del__(self):
        self.fired.append(True)
        for target in self.targets:
            damage(target, self.kind)


def under_attack(fn, n, targets, kind, via):
    '''fn() while a gc callback (or a finalizer) damages targets at the n-th collection.'''
    threshold = gc.get_threshold()
    fired = []
    if via == "callback":
        hook = At(n, targets, kind)
        gc.callbacks.append(hook)
    else:
        for _ in range(n - 1):
            [object() for _ in range(3)]
        Bomb(targets, kind, fired)
    # A young collection at every allocation; old ones rarely, or the test takes minutes.
    gc.set_threshold(1, 1_000_000, 1_000_000)
    try:
        return fn()
    finally:
        gc.set_threshold(*threshold)
        if via == "callback":
            gc.callbacks.remove(hook)
            fired.append(hook.fired)
        gc.collect(0)  # a bomb not yet freed goes now, before the next case


def valid(obj):
    '''Every stored value passes the class's own validators, at every depth.'''
    if attrs.has(type(obj)):
        attrs.validate(obj)
        for field in attrs.fields(type(obj)):
            valid(getattr(obj, field.name))
    elif isinstance(obj, tuple):
        for item in obj:
            valid(item)
"""


def child(code: str, timeout: float = 120, prelude: str = "") -> str:
    """Run ``code`` after PRELUDE in a fresh interpreter; a crash or a failed assert fails the test."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=TESTS.parent,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.mark.parametrize("via", ["callback", "finalizer"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_list_changed_while_it_is_structured(kind, via):
    """The issue's repro: 5,000 prefixes, a collection at every allocation, damage at the n-th."""
    child(
        f"""
        cls = ecr_attrs.DescribeRepositoryCreationTemplatesRequestRequestTypeDef
        for n in {INDEXES}:
            items = [f"prefix-{{i}}" for i in range(5000)]
            before = list(items)
            got = under_attack(lambda: outcome(ACTIVE, {{"prefixes": items}}, cls), n, [items], {kind!r}, {via!r})
            after = list(items)
            allowed = [outcome(PYTHON, {{"prefixes": before}}, cls), outcome(PYTHON, {{"prefixes": after}}, cls)]
            assert got in allowed, (n, got[:2] if got[0] == "error" else len(got[1][1][0][1][1]))
            if {kind!r} == "junk" and got[0] == "error":
                assert got[2] == ["$.prefixes[5000]", "$.prefixes[5001]"], got[2]
        print("ok")
        """
    )


MAPS = """
cases = [
    (ecr_attrs.ResourceTypeDef, "tags", lambda: {f"k{i}": f"v{i}" for i in range(50)}),
    (ecr_attrs.ImageScanFindingsSummaryTypeDef, "findingSeverityCounts",
     lambda: {"HIGH": 1, "LOW": 2, "CRITICAL": 3, "MEDIUM": 4}),
]
"""


@pytest.mark.parametrize("wrap", ["dict", "FrozenDict"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_mapping_changed_while_it_is_structured(kind, wrap):
    child(
        prelude=MAPS,
        code=f"""
        for cls, field, make in cases:
            for n in {INDEXES}:
                items = make()
                value = items if {wrap!r} == "dict" else FrozenDict(items)
                state = (lambda: dict(value)) if {wrap!r} == "dict" else (lambda: FrozenDict(FROZENDICT_ITEMS.__get__(value)))
                before = state()
                got = under_attack(lambda: outcome(ACTIVE, {{field: value}}, cls), n, [value], {kind!r}, "callback")
                allowed = [outcome(PYTHON, {{field: before}}, cls), outcome(PYTHON, {{field: state()}}, cls)]
                assert got in allowed, (cls.__name__, n, got)
        print("ok")
        """,
    )


def test_every_class_under_gc_damage_stores_only_checked_values():
    """243 classes x each damage x each collection index: no crash, nothing unchecked stored."""
    out = child(
        f"""
        from samples import MODEL_CLASSES, instance

        def containers(value, found):
            if isinstance(value, (list, dict)):
                found.append(value)
                for item in (value.values() if isinstance(value, dict) else value):
                    containers(item, found)
            return found

        GROW = 300  # the repro above grows by 100,000; here every container of every class grows
        cases = 0
        for cls in MODEL_CLASSES:
            for kind in {KINDS!r}:
                for n in {INDEXES}:
                    data = PYTHON.unstructure(instance(cls))
                    def attempt():
                        try:
                            return ACTIVE.structure(data, cls)
                        except StructureError:
                            return None
                    built = under_attack(attempt, n, containers(data, []), kind, "callback")
                    if built is not None:
                        valid(built)
                    cases += 1
        print(cases)
        """,
        timeout=300,
    )
    assert int(out.split()[-1]) >= 243 * len(KINDS) * len(INDEXES)


def test_threads_emptying_and_filling_a_shared_list():
    """Another thread mutates the list being structured for a bounded time; the GIL moves freely."""
    child(
        """
        sys.setswitchinterval(1e-6)
        cls = ecr_attrs.DescribeRepositoryCreationTemplatesRequestRequestTypeDef
        shared = [f"prefix-{i}" for i in range(2000)]
        stop = time.monotonic() + 2.0

        def vandal():
            while time.monotonic() < stop:
                shared.clear()
                shared.extend(f"p-{i}" for i in range(2000))
                shared.append(12345)
                del shared[-1]

        thread = threading.Thread(target=vandal)
        thread.start()
        results = 0
        while time.monotonic() < stop:
            try:
                built = ACTIVE.structure({"prefixes": shared}, cls)
            except StructureError as error:
                assert all(p.path.startswith("$.prefixes[") for p in error.problems), error
            else:
                valid(built)
                results += 1
        thread.join()
        print("ok", results)
        """
    )


@pytest.mark.parametrize("target", ["tags dict", "FrozenDict of tags", "list of images", "nested tags"])
def test_threads_mutating_shared_containers_for_a_bounded_time(target):
    """A thread rewrites a shared dict, FrozenDict or list of objects while another structures it."""
    child(
        f"""
        sys.setswitchinterval(1e-6)
        target = {target!r}
        tags = {{f"k{{i}}": f"v{{i}}" for i in range(200)}}
        images = [{{"registryId": "123456789012", "repositoryName": "web", "imageTags": ["a"]}}] * 200
        if target == "tags dict":
            cls, data, shared = ecr_attrs.ResourceTypeDef, {{"tags": tags}}, tags
        elif target == "FrozenDict of tags":
            frozen = FrozenDict(tags)
            cls, data, shared = ecr_attrs.ResourceTypeDef, {{"tags": frozen}}, FROZENDICT_ITEMS.__get__(frozen)
        elif target == "list of images":
            cls, data, shared = ecr_attrs.DescribeImagesResponseTypeDef, {{"imageDetails": images}}, images
        else:
            nested = {{"registryId": "123456789012", "repositoryName": "web", "imageTags": ["a", "b"]}}
            images = [nested] * 50
            cls, data, shared = ecr_attrs.DescribeImagesResponseTypeDef, {{"imageDetails": images}}, nested
        stop = time.monotonic() + 2.0

        def vandal():
            while time.monotonic() < stop:
                if isinstance(shared, list):
                    saved = shared[:]
                    shared.clear()
                    shared.extend([12345, {{"registryId": 7}}, "a\\x00b"])
                    shared[:] = saved
                elif "imageTags" in shared:
                    shared["imageTags"] = [12345, "a\\x00b"]
                    shared["registryId"] = 7
                    shared["imageTags"] = ["a", "b"]
                    shared["registryId"] = "123456789012"
                else:
                    shared["junk"] = 12345
                    shared.pop("k0", None)
                    del shared["junk"]
                    shared["k0"] = "v0"

        thread = threading.Thread(target=vandal)
        thread.start()
        built = refused = 0
        while time.monotonic() < stop:
            try:
                obj = ACTIVE.structure(data, cls)
            except StructureError as error:
                assert error.problems, error
                refused += 1
            else:
                valid(obj)
                built += 1
        thread.join()
        print("ok", built, refused)
        """
    )


# -- values whose methods raise or answer differently each time ---------------


HOSTILE = """
class Counted:
    calls = 0

class Key(Counted):
    '''Hashes like a field name, so a dict lookup must compare it.'''
    def __init__(self, name, mode): self.name, self.mode = name, mode
    def __hash__(self):
        return hash(self.name)
    def __eq__(self, other):
        Counted.calls += 1
        if self.mode == "raise": raise RuntimeError("eq")
        return other == self.name

class Size(list):
    def __len__(self):
        Counted.calls += 1
        raise RuntimeError("len")

class Index(int):
    def __index__(self):
        Counted.calls += 1
        raise RuntimeError("index")

class Real(float):
    def __float__(self):
        Counted.calls += 1
        return float(Counted.calls)

class Clearing(Counted):
    '''A key that hashes like a field name and empties the dict holding it when compared.'''
    def __init__(self, name): self.name, self.target = name, None
    def __hash__(self):
        return hash(self.name)
    def __eq__(self, other):
        Counted.calls += 1
        if self.target is not None: self.target.clear()
        return other == self.name

class LateHash(Counted):
    '''A key that hashes once (to enter the dict), then raises.'''
    def __init__(self): self.hashed = False
    def __hash__(self):
        if self.hashed:
            Counted.calls += 1
            raise RuntimeError("hash")
        self.hashed = True
        return 7

class Shrinking(list):
    def __len__(self):
        Counted.calls += 1
        self.clear()
        return 0

class Emptying(int):
    '''An int whose __index__ empties the list it was found in.'''
    target = None
    def __index__(self):
        Counted.calls += 1
        if Emptying.target is not None: Emptying.target.clear()
        return 3

class Sinking(float):
    def __float__(self):
        Counted.calls += 1
        raise RuntimeError("float")

class Flaky(__import__("datetime").tzinfo):
    '''Answers a different offset each time it is asked.'''
    def utcoffset(self, dt):
        Counted.calls += 1
        return __import__("datetime").timedelta(hours=Counted.calls % 3)
    def dst(self, dt): return None

def fresh_cases():
    from datetime import datetime
    cls = ecr_attrs.ImageDetailTypeDef
    base = {"registryId": "123456789012", "repositoryName": "web", "imageSizeInBytes": "not a number"}
    key = Clearing("registryId")
    clearing = {"repositoryName": "web", key: "123456789012", "imageTags": ["a"]}
    key.target = clearing
    emptied = [{"repositoryName": "web", "imageSizeInBytes": Emptying(3)}, {"repositoryName": "api"}]
    Emptying.target = emptied
    return [
        (cls, {**base, "imagePushedAt": datetime(2024, 1, 2, tzinfo=Flaky())}),
        (cls, {**base, "imageTags": Size(["a"])}),
        (cls, {**base, "imageSizeInBytes": Index(3)}),
        (ecr_attrs.ImageScanFindingsSummaryTypeDef, {"findingSeverityCounts": {"HIGH": Index(2)}}),
        (ecr_attrs.PackageVulnerabilityDetailsTypeDef, {"cvss": [{"baseScore": Real(2.5)}]}),
        (cls, {"repositoryName": "web", Key("registryId", "mutate"): "123456789012"}),
        (cls, {"repositoryName": "web", Key("registryId", "raise"): "123456789012"}),
        (cls, {Key("repositoryName", "mutate"): "web", "imageSizeInBytes": "x"}),
        (cls, clearing),
        (cls, {"repositoryName": "web", LateHash(): "x"}),
        (cls, {**base, "imageTags": Shrinking(["a", "b"])}),
        (ecr_attrs.ImageScanFindingsSummaryTypeDef, {"findingSeverityCounts": {"HIGH": Sinking(2.0)}}),
        (ecr_attrs.PackageVulnerabilityDetailsTypeDef, {"cvss": [{"baseScore": Sinking(2.5)}]}),
        (ecr_attrs.DescribeImagesResponseTypeDef, {"imageDetails": emptied}),
    ]
"""


def test_each_hostile_value_is_consulted_as_often_as_pure_python_does():
    """Same outcome and the same number of calls into the value as pure Python, on fresh copies."""
    child(
        prelude=HOSTILE,
        code="""
        for index, _ in enumerate(fresh_cases()):
            Counted.calls = 0
            cls, data = fresh_cases()[index]
            got = outcome(ACTIVE, data, cls)
            active_calls = Counted.calls
            Counted.calls = 0
            cls, data = fresh_cases()[index]
            expected = outcome(PYTHON, data, cls)
            assert (got, active_calls) == (expected, Counted.calls), (index, got, expected)
        print("ok")
        """,
    )


def test_unstructuring_consults_an_iterator_in_a_slot_once():
    """A consumed value must not be read again by a retry: one pass, by Python."""
    child(
        """
        class Once:
            calls = 0
            def __iter__(self):
                Once.calls += 1
                return iter(["a", "b"])

        def made():
            obj = ecr_attrs.DescribeRepositoryCreationTemplatesRequestRequestTypeDef(prefixes=("x",))
            object.__setattr__(obj, "prefixes", Once())
            object.__delattr__(obj, "nextToken")
            return obj

        def attempt(conv):
            Once.calls = 0
            try:
                return ("ok", conv.unstructure(made()), Once.calls)
            except Exception as error:
                return (type(error).__name__, str(error), Once.calls)

        assert attempt(ACTIVE) == attempt(PYTHON), (attempt(ACTIVE), attempt(PYTHON))
        print("ok")
        """
    )


def test_unstructuring_while_a_gc_callback_rewrites_slots():
    child(
        """
        from samples import MODEL_CLASSES, instance
        for cls in MODEL_CLASSES:
            for n in (1, 2, 5):
                obj = instance(cls)
                names = [f.name for f in attrs.fields(cls)]
                class Rewrite:
                    seen = 0
                    def __call__(self, phase, info):
                        Rewrite.seen += 1
                        if phase == "start" and Rewrite.seen == n:
                            for name in names:
                                object.__setattr__(obj, name, iter([1]))
                hook = Rewrite()
                gc.callbacks.append(hook)
                gc.set_threshold(1, 1_000_000, 1_000_000)
                try:
                    ACTIVE.unstructure(obj)
                except Exception:
                    pass
                finally:
                    gc.set_threshold(700, 10, 10)
                    gc.callbacks.remove(hook)
        print("ok")
        """,
        timeout=300,
    )


def test_a_gc_callback_that_rewrites_every_dict_it_can_reach_changes_no_later_result():
    """The key templates the core copies its dicts from are out of the collector's reach: a
    callback that extends every dict it can find (through ``gc.get_objects()`` and what those
    refer to) in the middle of unstructuring crashes nothing, and every later result is what
    pure Python gives."""
    child(
        """
        from samples import MODEL_CLASSES, instance
        from test_speedups import fingerprint
        nested = [
            cls for cls in MODEL_CLASSES
            if any(isinstance(v, (dict, list)) for v in PYTHON.unstructure(instance(cls)).values())
        ][:40]
        assert len(nested) >= 20, len(nested)
        spared = {id(sys.modules), id(vars(sys)), id(gc.__dict__)}

        def vandalize():
            found = {}
            for obj in gc.get_objects():
                for ref in [obj, *gc.get_referents(obj)]:
                    if type(ref) is dict and id(ref) not in spared and all(type(k) is str for k in ref):
                        if len(ref) < 64 and all(v is None or type(v) in (str, int, bool, float) for v in ref.values()):
                            found[id(ref)] = ref
            for d in found.values():
                d["intruder"] = 1

        fired = 0
        for cls in nested:
            obj = instance(cls)
            ACTIVE.unstructure(obj)  # its templates are made
            for n in (1, 2):
                class Vandal:
                    seen = 0
                    def __call__(self, phase, info):
                        if phase == "start":
                            Vandal.seen += 1
                            if Vandal.seen == n:
                                vandalize()
                hook = Vandal()
                # Empty the free lists, so each dict and list the core makes is a new allocation
                # the collector counts, and collections fall inside the call.
                held = [[{}, []] for _ in range(200)]
                gc.callbacks.append(hook)
                gc.set_threshold(1, 1_000_000, 1_000_000)
                try:
                    ACTIVE.unstructure(obj)
                finally:
                    gc.set_threshold(700, 10, 10)
                    gc.callbacks.remove(hook)
                    del held
                fired += Vandal.seen >= n
                # The object's own mappings may have been extended (they are the callback's to
                # change): both backends read them as they are now.
                assert fingerprint(ACTIVE.unstructure(obj)) == fingerprint(PYTHON.unstructure(obj)), (cls, n)
        assert fired >= len(nested), fired  # it ran mid-unstructure in most of the calls
        print("ok")
        """,
        timeout=300,
    )
