"""The contenders: each turns a class name into its structure call and its unstructure callable.

Each is the contender's own entry point called as its users write it: the
payload first and the class after it, positionally (``structure(data, cls)``,
``msgspec.convert(data, Struct)``), or a bound method (``model_validate``).
The timing loop calls it with no frame of ours in between.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache, partial
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

import attrs


class Structure(NamedTuple):
    """A contender's structure call, ``function(payload, *after)``.

    The class rides after the payload as a positional argument, as user code
    passes it: bound by keyword in a ``partial``, every call would first copy
    a dict of keywords that no user's call builds.
    """

    function: Callable[..., Any]
    after: tuple[Any, ...] = ()

    def __call__(self, payload: Any) -> Any:
        return self.function(payload, *self.after)

    def on(self, payload: Any) -> Callable[[], Any]:
        """The call on ``payload``, for the timing loop: a ``partial`` of the contender itself."""
        return partial(self.function, payload, *self.after)


Codec = tuple[Structure, Callable[[Any], Any]]


class EcrAttrs:
    """Pure Python: a converter that does not use the compiled backend even when it is installed."""

    label = "ecr-attrs"
    env: ClassVar[dict[str, str]] = {"ECR_ATTRS_NO_SPEEDUPS": "1"}  # for the fresh-process figures

    def codec(self, name: str) -> Codec:
        import ecr_attrs

        cls = getattr(ecr_attrs, name)
        converter = ecr_attrs.make_converter(speedups=False)
        return Structure(converter.structure, (cls,)), converter.unstructure


class EcrAttrsSpeedups:
    """The default converter with the compiled backend (``pip install ./speedups``)."""

    label = "ecr-attrs + speedups"
    env: ClassVar[dict[str, str]] = {}

    @staticmethod
    def available() -> bool:
        from ecr_attrs import _accel

        return _accel.speedups() is not None

    def codec(self, name: str) -> Codec:
        import ecr_attrs

        return Structure(ecr_attrs.structure, (getattr(ecr_attrs, name),)), ecr_attrs.unstructure


class PydanticBaseline:
    label = "pydantic baseline"

    def codec(self, name: str) -> Codec:
        from aws_resource_validator.pydantic_models.ecr import ecr_classes

        model = getattr(ecr_classes, name.replace("RequestRequestTypeDef", "RequestTypeDef"))
        return Structure(model.model_validate), partial(model.model_dump, exclude_none=True)


class Msgspec:
    """The speed reference: frozen Structs with the same fields and constraints."""

    label = "msgspec"

    def codec(self, name: str) -> Codec:
        import msgspec

        import ecr_attrs

        struct = _struct_for(getattr(ecr_attrs, name))
        # Datetimes and bytes stay objects, as the other contenders leave them.
        return Structure(msgspec.convert, (struct,)), partial(
            msgspec.to_builtins, builtin_types=(datetime, bytes)
        )


@cache
def _struct_for(cls: type) -> Any:
    import msgspec

    fields = []
    for field in attrs.fields(cls):
        rule = field.validator
        nullable = type(rule).__name__ == "Nullable"
        kind = _msgspec_type(rule.inner if nullable else rule)
        fields.append((field.name, kind | None, None) if nullable else (field.name, kind))
    fields.sort(key=lambda f: len(f) == 3)  # required fields first
    return msgspec.defstruct(cls.__name__, fields, frozen=True, kw_only=True, omit_defaults=True)


def _msgspec_type(rule: Any) -> Any:
    from datetime import datetime

    import msgspec

    from ecr_attrs import _validators as v

    if isinstance(rule, v.Text):
        meta = {
            k: val
            for k, val in (("min_length", rule.min_len), ("max_length", rule.max_len))
            if val is not None
        }
        if rule.pattern:
            meta["pattern"] = f"^(?:{rule.linear or rule.pattern})$"
        return Annotated[str, msgspec.Meta(**meta)] if meta else str
    if isinstance(rule, v.Number):
        return float
    if isinstance(rule, v.Integer):
        meta = {k: val for k, val in (("ge", rule.min), ("le", rule.max)) if val is not None}
        return Annotated[int, msgspec.Meta(**meta)] if meta else int
    if isinstance(rule, v.Boolean):
        return bool
    if isinstance(rule, v.Timestamp):
        return Annotated[datetime, msgspec.Meta(tz=True)]
    if isinstance(rule, v.Blob):
        return bytes
    if isinstance(rule, v.OneOf):
        return Literal[rule.values]
    if isinstance(rule, v.InstanceOf):
        return _struct_for(rule.classes[0])
    if isinstance(rule, v.SequenceOf):
        return tuple[_msgspec_type(rule.element), ...]
    if isinstance(rule, v.MappingOf):
        return dict[_msgspec_type(rule.key), _msgspec_type(rule.value)]
    raise TypeError(rule)


class DictDeepCopy:
    """A reference, not a lower bound: a recursive copy of the nested dicts and lists
    in plain Python, i.e. what walking the data costs without checking anything."""

    label = "dict deep copy (reference)"

    def codec(self, name: str) -> Codec:
        return Structure(_copy), _copy


def _copy(value: Any) -> Any:
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    if type(value) is list:
        return [_copy(v) for v in value]
    return value


CONTENDERS: list[Any] = [EcrAttrs(), PydanticBaseline(), Msgspec(), DictDeepCopy()]
if EcrAttrsSpeedups.available():
    CONTENDERS.insert(1, EcrAttrsSpeedups())
