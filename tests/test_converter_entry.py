"""A converter's ``structure`` and ``unstructure`` find each class's hook once and keep it.

``ecr_attrs.converters.Converter`` answers exactly as cattrs' own dispatch on
the same converter would, and a hook registered through any of its
``register_*`` methods takes effect at once, on both backends.  The compiled
entry runs a compiled class's plan directly, and only a genuine plan method
is taken for one.
"""

from __future__ import annotations

import threading
from typing import Any

import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import MODEL_CLASSES

import ecr_attrs
from ecr_attrs import StructureError, _accel, _entry, make_converter, make_json_converter
from ecr_attrs.converters import Converter
from ecr_attrs.strategies import from_type

INSTALLED = _accel.speedups() is not None
needs_speedups = pytest.mark.skipif(not INSTALLED, reason="the compiled backend is not in use")
TAG = ecr_attrs.TagTypeDef
TAG_DATA = {"Key": "k", "Value": "v"}

CONVERTERS = {
    "boto3": make_converter(),
    "strict": make_converter(forbid_extra_keys=True),
    "json": make_json_converter(),
    "unknown keys": make_converter(keep_unknown_keys=True),
    "boto3, pure Python": make_converter(speedups=False),
    "json, pure Python": make_json_converter(speedups=False),
}


def answer(call: Any, *args: Any) -> Any:
    try:
        return ("ok", call(*args))
    except StructureError as error:
        return ("error", str(error), [p.path for p in error.problems])


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_every_class_is_structured_and_unstructured_as_cattrs_dispatch_would(cls, data):
    obj = data.draw(from_type(cls))
    for converter in CONVERTERS.values():
        raw = converter.unstructure(obj)
        assert raw == cattrs.Converter.unstructure(converter, obj)
        assert converter.unstructure(obj, unstructure_as=cls) == raw
        assert answer(converter.structure, raw, cls) == answer(
            cattrs.Converter.structure, converter, raw, cls
        )
        broken = {**raw, "__not_a_field__": 1} if isinstance(raw, dict) else raw
        assert answer(converter.structure, broken, cls) == answer(
            cattrs.Converter.structure, converter, broken, cls
        )
        junk = data.draw(st.sampled_from([None, 5, "text", [raw], {"a": raw}]))
        assert answer(converter.structure, junk, cls) == answer(
            cattrs.Converter.structure, converter, junk, cls
        )


@pytest.mark.parametrize("speedups", [True, False], ids=["compiled entry", "pure Python entry"])
@pytest.mark.parametrize(
    "register",
    [
        lambda c, hook: c.register_structure_hook(TAG, hook),
        lambda c, hook: c.register_structure_hook_func(lambda t: t is TAG, hook),
        lambda c, hook: c.register_structure_hook_factory(lambda t: t is TAG, lambda _: hook),
        lambda c, hook: c.register_structure_hook_factory(lambda t: t is TAG)(lambda _: hook),
    ],
    ids=["hook", "hook func", "hook factory", "hook factory as decorator"],
)
def test_a_structure_hook_registered_after_first_use_takes_effect_at_once(register, speedups):
    converter = make_converter(speedups=speedups)
    assert converter.structure(TAG_DATA, TAG) == TAG(Key="k", Value="v")
    register(converter, lambda data, _: TAG(Key="hooked", Value=data["Value"]))
    assert converter.structure(TAG_DATA, TAG) == TAG(Key="hooked", Value="v")


@pytest.mark.parametrize("speedups", [True, False], ids=["compiled entry", "pure Python entry"])
@pytest.mark.parametrize(
    "register",
    [
        lambda c, hook: c.register_unstructure_hook(TAG, hook),
        lambda c, hook: c.register_unstructure_hook_func(lambda t: t is TAG, hook),
        lambda c, hook: c.register_unstructure_hook_factory(lambda t: t is TAG, lambda _: hook),
    ],
    ids=["hook", "hook func", "hook factory"],
)
def test_an_unstructure_hook_registered_after_first_use_takes_effect_at_once(register, speedups):
    converter = make_converter(speedups=speedups)
    tag = TAG(Key="k", Value="v")
    assert converter.unstructure(tag) == TAG_DATA
    register(converter, lambda obj: {"hooked": obj.Key})
    assert converter.unstructure(tag) == {"hooked": "k"}


def test_an_entry_held_apart_from_its_converter_sees_later_hooks_and_the_module_functions_hold_one():
    # ecr_attrs.structure holds the module converter's entry method, not the converter:
    # that entry must follow hooks registered later (tested on a fresh converter, since a
    # hook cattrs registers for a class also serves its subclasses for good).
    converter = make_converter()
    entry = converter._entry
    assert converter.structure(TAG_DATA, TAG).Key == "k"
    converter.register_structure_hook(TAG, lambda data, _: TAG(Key="hooked", Value="v"))
    assert entry.structure(TAG_DATA, TAG).Key == "hooked"
    assert ecr_attrs.converters._structure.__self__ is ecr_attrs.converter._entry


def test_forget_hooks_sees_a_change_made_behind_the_register_methods():
    converter = make_converter()
    assert converter.structure(TAG_DATA, TAG).Key == "k"
    converter._structure_func.register_cls_list([(TAG, lambda data, _: TAG(Key="private", Value="v"))])
    assert converter.structure(TAG_DATA, TAG).Key == "k"  # kept until asked to forget
    converter.forget_hooks()
    assert converter.structure(TAG_DATA, TAG).Key == "private"


@pytest.mark.parametrize("speedups", [True, False], ids=["compiled entry", "pure Python entry"])
def test_a_copy_has_its_own_entry_and_keeps_the_backend_choice(speedups):
    converter = make_converter(speedups=speedups)
    converter.structure(TAG_DATA, TAG)
    copied = converter.copy()
    assert isinstance(copied, Converter) and copied._entry is not converter._entry
    assert isinstance(copied._entry, _entry.Entry) is (not speedups or not INSTALLED)
    copied.register_structure_hook(TAG, lambda data, _: TAG(Key="copy", Value="v"))
    assert copied.structure(TAG_DATA, TAG).Key == "copy"
    assert converter.structure(TAG_DATA, TAG).Key == "k"


def test_a_pure_python_converter_dispatches_in_python():
    assert type(make_converter(speedups=False)._entry) is _entry.Entry


def test_unstructure_dispatches_on_the_class_an_object_claims_as_cattrs_does():
    class Claimed:
        pass

    class Claims:
        __class__ = Claimed  # type: ignore[assignment]

    for converter in CONVERTERS.values():
        converter.register_unstructure_hook(Claimed, lambda obj: "as claimed")
        converter.register_unstructure_hook(Claims, lambda obj: "as its type")
        assert converter.unstructure(Claims()) == "as claimed"
        assert cattrs.Converter.unstructure(converter, Claims()) == "as claimed"


class PosesAsAPlanMethod:
    """A hook that names a compiled plan as its ``__self__``: it must still be called."""

    def __init__(self, plan_method: Any) -> None:
        self.__self__ = plan_method.__self__
        self.calls = 0

    def __call__(self, data: Any, cls: Any) -> Any:
        self.calls += 1
        return TAG(Key="posed", Value="v")

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


@needs_speedups
def test_only_a_genuine_plan_method_is_run_as_a_plan():
    converter = make_converter()
    hook = PosesAsAPlanMethod(converter.get_structure_hook(TAG))
    converter.register_structure_hook(TAG, hook)
    assert converter.structure(TAG_DATA, TAG).Key == "posed"
    assert hook.calls == 1


@pytest.mark.parametrize("speedups", [True, False], ids=["compiled entry", "pure Python entry"])
def test_a_hook_that_registers_hooks_while_it_runs_is_safe(speedups):
    converter = make_converter(speedups=speedups)
    inner = converter.get_structure_hook(TAG)

    def reentrant(data: Any, cls: Any) -> Any:
        for _ in range(3):  # each registration empties the table this call was found in
            converter.register_structure_hook(int, lambda v, _: v)
        return inner(data, cls)

    converter.register_structure_hook(TAG, reentrant)
    for _ in range(5):
        assert converter.structure(TAG_DATA, TAG) == TAG(Key="k", Value="v")


class ForgetsWhenHashed:
    """A type key whose ``__hash__`` empties the table it is being looked up in."""

    def __init__(self, converter: Any) -> None:
        self.converter = converter

    def __hash__(self) -> int:
        self.converter.forget_hooks()
        return 1

    def __eq__(self, other: object) -> bool:
        self.converter.forget_hooks()
        return other is self


@pytest.mark.parametrize("speedups", [True, False], ids=["compiled entry", "pure Python entry"])
def test_a_key_that_empties_the_table_during_its_own_lookup_is_safe(speedups):
    converter = make_converter(speedups=speedups)
    key = ForgetsWhenHashed(converter)
    converter.register_structure_hook_func(lambda t: t is key, lambda v, _: ("mine", v))
    converter.register_unstructure_hook_func(lambda t: t is key, lambda v: ("dumped", v))
    for _ in range(5):
        assert converter.structure(1, key) == ("mine", 1)
        assert converter.unstructure(2, unstructure_as=key) == ("dumped", 2)


def test_registering_from_another_thread_never_breaks_a_structure_in_flight():
    converter = make_converter()
    stop = threading.Event()

    def register() -> None:
        while not stop.is_set():
            converter.register_structure_hook(int, lambda v, _: v)

    registrar = threading.Thread(target=register)
    registrar.start()
    try:
        for _ in range(2000):
            assert converter.structure(TAG_DATA, TAG) == TAG(Key="k", Value="v")
    finally:
        stop.set()
        registrar.join()
