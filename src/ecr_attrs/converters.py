"""cattrs converters between the models and the dicts boto3 takes and returns."""

from __future__ import annotations

import functools
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import attrs
import cattrs

from ecr_attrs import _accel, _entry
from ecr_attrs._compile import Codec, Invalid, is_generated
from ecr_attrs._unknown import unknown_keys as unknown_keys
from ecr_attrs.errors import StructureError

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


def _then_forget(register: Callable[P, R]) -> Callable[P, R]:
    """``register`` (one of cattrs' ways to add a hook) followed by emptying the entry's table."""

    @functools.wraps(register)
    def registering(*args: P.args, **kwargs: P.kwargs) -> R:
        done = register(*args, **kwargs)
        args[0]._entry.forget()  # type: ignore[attr-defined]
        return done

    return registering


class Converter(cattrs.Converter):
    """The cattrs converter ecr-attrs makes (``make_converter``, ``make_json_converter``).

    It is a ``cattrs.Converter`` in every way but the cost of a call:
    ``structure`` and ``unstructure`` find a class's hook once, in a table the
    converter empties whenever a hook is registered through it, where cattrs
    runs its cached dispatch on every call.  With the compiled backend (and
    ``speedups``) the table is read in C.  A hook added by writing to cattrs'
    private dispatch instead of a ``register_*`` method is seen after
    ``forget_hooks()``.
    """

    __slots__ = ("_entry", "_speedups", "_structure", "_unstructure")

    def __init__(self, *args: Any, speedups: bool = True, **kwargs: Any) -> None:
        self._speedups = speedups
        self._use_entry()  # first: cattrs' own __init__ binds ``self.unstructure``
        super().__init__(*args, **kwargs)

    def _use_entry(self) -> None:
        compiled = _accel.speedups() if self._speedups else None
        make = compiled.Entry if compiled is not None else _entry.Entry
        self._entry = make(self.get_structure_hook, self.get_unstructure_hook)
        self._structure = self._entry.structure
        self._unstructure = self._entry.unstructure

    def forget_hooks(self) -> None:
        """Ask cattrs again for each class's hook on its next call."""
        self._entry.forget()

    if TYPE_CHECKING:

        def structure(self, obj: Any, cl: type[T]) -> T: ...

        def unstructure(self, obj: Any, unstructure_as: Any = None) -> Any: ...

    else:
        # Properties, so a call reaches the entry's own method with no frame of ours between.
        structure = property(attrgetter("_structure"), doc="What cattrs' ``structure`` does.")
        unstructure = property(attrgetter("_unstructure"), doc="What cattrs' ``unstructure`` does.")

        # cattrs' ways to add a hook, each then emptying the entry's table (typed as cattrs types them).
        register_structure_hook = _then_forget(cattrs.Converter.register_structure_hook)
        register_structure_hook_func = _then_forget(cattrs.Converter.register_structure_hook_func)
        register_structure_hook_factory = _then_forget(cattrs.Converter.register_structure_hook_factory)
        register_unstructure_hook = _then_forget(cattrs.Converter.register_unstructure_hook)
        register_unstructure_hook_func = _then_forget(cattrs.Converter.register_unstructure_hook_func)
        register_unstructure_hook_factory = _then_forget(cattrs.Converter.register_unstructure_hook_factory)

    def copy(self, *args: Any, **kwargs: Any) -> Converter:
        """A copy, whose entry is its own and as compiled as this one's."""
        copied = super().copy(*args, **kwargs)
        assert isinstance(copied, Converter)
        copied._speedups = self._speedups
        copied._use_entry()
        return copied


def _is_model(cls: Any) -> bool:
    """A generated class of any shipped service, or a user's subclass of one."""
    return isinstance(cls, type) and attrs.has(cls) and any(is_generated(c) for c in cls.__mro__)


def configure_converter(
    converter: cattrs.Converter,
    *,
    forbid_extra_keys: bool = False,
    json: bool = False,
    keep_unknown_keys: bool = False,
    speedups: bool = True,
) -> None:
    """Teach ``converter`` the models of every service ecr-attrs ships (ECR, ECR Public).

    * Structuring validates as strictly as the constructors and raises one
      ``StructureError`` listing every problem with its path.
    * Datetimes are read from datetime objects, ISO 8601 text with an offset,
      or epoch seconds; lists or tuples give tuples; dicts give ``FrozenDict``.
    * Unknown keys are ignored and unknown enum values kept as
      ``UnknownValue``, unless ``forbid_extra_keys`` makes both errors.  With
      ``keep_unknown_keys`` the keys are kept on the objects at every depth
      (``ecr_attrs.unknown_keys``) and unstructuring puts them back; it is
      opt-in because finding them costs pure Python structuring 6-11%.
    * Unstructuring gives plain dicts and lists with boto3's keys and leaves
      out fields that are None; with ``json`` datetimes become ISO 8601 text
      and blobs base64, so ``json.dumps`` takes the result.
    * With ``speedups`` (the default) and the compiled backend installed, the
      converter (boto3 or JSON, lenient, strict or keeping unknown keys)
      structures and unstructures through it, with the same results and errors.
    """
    if keep_unknown_keys and forbid_extra_keys:
        raise ValueError("keep_unknown_keys and forbid_extra_keys contradict each other: choose one")
    codec = Codec(strict=forbid_extra_keys, json=json, keep_unknown_keys=keep_unknown_keys)
    core = _accel.compiled(codec, _python_hook) if speedups else None

    def compiled(cls: type, kind: str) -> Any:
        """The compiled hook for one of our own classes, or None."""
        if core is None or not is_generated(cls):
            return None
        return core.structure_hook(cls) if kind == "structure" else core.unstructure_hook(cls)

    def structure_hook_for(cls: type) -> Any:
        return compiled(cls, "structure") or _python_hook(codec, cls)

    def unstructure_hook_for(cls: type) -> Any:
        return compiled(cls, "unstructure") or codec.unstructure_fn(cls)

    converter.register_structure_hook_factory(_is_model, structure_hook_for)
    converter.register_unstructure_hook_factory(_is_model, unstructure_hook_for)


def _python_hook(codec: Codec, cls: type) -> Any:
    """The pure Python structure hook of ``cls``: raises only ``StructureError``."""
    fn = codec.structure_fn(cls)

    def structure_model(data: Any, _: Any = None) -> Any:
        try:
            return fn(data)
        except Invalid as error:
            raise StructureError.from_problems(error.problems, cls) from None
        except Exception as error:  # a defect of ours: reported, never leaked
            # Its message may quote the input, so only its type is named.
            problem = [((), f"could not structure this value: {type(error).__name__}")]
            raise StructureError.from_problems(problem, cls) from None

    return structure_model


def make_converter(
    *, forbid_extra_keys: bool = False, keep_unknown_keys: bool = False, speedups: bool = True
) -> Converter:
    """A new converter for boto3's dicts, to which users may add their own hooks.

    ``keep_unknown_keys=True`` keeps the keys no field names and puts them back
    (see ``configure_converter``).  ``speedups=False`` keeps it pure Python even
    when the compiled backend is installed.
    """
    converter = Converter(forbid_extra_keys=forbid_extra_keys, speedups=speedups)
    configure_converter(
        converter, forbid_extra_keys=forbid_extra_keys, keep_unknown_keys=keep_unknown_keys, speedups=speedups
    )
    return converter


def make_json_converter(
    *, forbid_extra_keys: bool = False, keep_unknown_keys: bool = False, speedups: bool = True
) -> Converter:
    """A new converter whose dicts ``json.dumps`` accepts and ``json.loads`` gives back.

    ``speedups=False`` keeps it pure Python even when the compiled backend is installed.
    """
    converter = Converter(forbid_extra_keys=forbid_extra_keys, speedups=speedups)
    configure_converter(
        converter,
        forbid_extra_keys=forbid_extra_keys,
        keep_unknown_keys=keep_unknown_keys,
        json=True,
        speedups=speedups,
    )
    return converter


converter = make_converter()
json_converter = make_json_converter()

backend = _accel.backend()
"""``"speedups"`` when the compiled backend structures for ``converter``, else ``"python"``."""

_structure = converter._structure
_unstructure = converter._unstructure


def structure(data: Any, cls: type[T]) -> T:
    """Turn what boto3 returned (or JSON saved from it) into an instance of ``cls``.

    Raises:
        StructureError: with every problem of ``data``, each with its path.
    """
    return _structure(data, cls)  # type: ignore[no-any-return]


def unstructure(obj: Any) -> Any:
    """Turn a model instance into the dict boto3 takes: ``client.op(**unstructure(req))``."""
    return _unstructure(obj)
