"""The one exception structuring raises, and how it reads.

A ``StructureError`` is a cattrs ``ClassValidationError`` shaped the way
cattrs' own structuring shapes one: a tree of groups, one per class, list
and mapping on the way to each problem, every member tagged with the cattrs
note (``AttributeValidationNote``, ``IterableValidationNote``) naming its
field, index or key.  ``cattrs.transform_error`` therefore gives every
problem with its full path, also when the error is nested in the error of a
user's class that holds ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, assert_never, cast

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.v import format_exception as cattrs_format_exception

from ecr_attrs import _validators as v
from ecr_attrs._validators import Path, format_path
from ecr_attrs.values import FrozenDict

# Enough to fix a payload by; beyond it a message would cost more than the structuring.
MAX_REPORTED = 100


class InvalidValue(ValueError):
    """One problem in the input: where it is (``$.images[3].imageId``) and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"${format_path(path)}: {reason}")
        self.path = "$" + format_path(path)
        self.parts = path
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        # The default would call __init__ with the message alone.
        return (type(self), (self.parts, self.reason), self.__dict__)


class _ClassProblems(ClassValidationError):
    """The problems under one object, as cattrs would group them."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, list(self.exceptions), self.cl), self.__dict__)


class _ItemProblems(IterableValidationError):
    """The problems under one list or mapping, as cattrs would group them."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, list(self.exceptions), self.cl), self.__dict__)


class StructureError(ClassValidationError):
    """Raised by ``structure()`` with every problem of the input, not only the first.

    ``problems`` lists them as ``InvalidValue`` (``path``, ``reason``), at most
    ``MAX_REPORTED``; ``omitted`` counts the rest.  ``str()`` gives one a line.
    It pickles and copies, so it crosses process boundaries.
    """

    problems: list[InvalidValue]
    omitted: int

    @classmethod
    def from_problems(cls, problems: Sequence[tuple[Path, str]], target: type) -> StructureError:
        count = len(problems)
        message = f"{count:,} problem{'s' if count != 1 else ''} structuring {target.__name__}"
        reported = [InvalidValue(path, reason) for path, reason in problems[:MAX_REPORTED]]
        error = cls(message, _group(reported, (), target), target)
        error.problems = reported
        error.omitted = count - len(reported)
        return error

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, list(self.exceptions), self.cl), self.__dict__)

    def derive(self, excs: Sequence[Exception]) -> StructureError:  # type: ignore[override]
        """What ``split()`` and ``subgroup()`` build: the problems left in ``excs``."""
        derived = type(self)(self.message, excs, self.cl)
        derived.problems = list(_leaves(excs))
        derived.omitted = 0
        return derived

    def __str__(self) -> str:
        problems = self.__dict__.get("problems", [])
        lines = [self.message, *(str(e) for e in problems)]
        if self.__dict__.get("omitted"):
            lines.append(f"... and {self.omitted:,} more problem{'s' if self.omitted != 1 else ''}")
        return "\n  ".join(lines)


class RequestError(StructureError, TypeError, ValueError):
    """A client method refused its arguments; nothing was sent.

    Each line names the method and the path in boto3's terms
    (``create_repository: $.imageScanningConfiguration.scanOnPushh: unknown key``).
    It is a ``TypeError`` and a ``ValueError``, the errors a constructor raises
    for the same arguments.
    """

    operation: str

    @classmethod
    def from_request(cls, method: str, problems: Sequence[tuple[Path, str]], target: type) -> RequestError:
        reported = [InvalidValue(path, reason) for path, reason in problems[:MAX_REPORTED]]
        lines = [f"{method}: {e}" for e in reported]
        if len(problems) != 1:
            lines.insert(0, f"{method}: {len(problems):,} problems in the arguments, nothing was sent")
        if len(problems) > len(reported):
            lines.append(f"... and {len(problems) - len(reported):,} more")
        # The whole text is the group's message: pytest's ``match`` and logs read that.
        error = cls("\n  ".join(lines), _group(reported, (), target), target)
        error.problems = reported
        error.omitted = len(problems) - len(reported)
        error.operation = method
        return error

    def derive(self, excs: Sequence[Exception]) -> RequestError:  # type: ignore[override]
        derived = cast(RequestError, super().derive(excs))
        derived.operation = self.__dict__.get("operation", "?")
        return derived

    def __str__(self) -> str:
        return self.message


def format_exception(exc: BaseException, type: Any) -> str:
    """For ``cattrs.transform_error(error, format_exception=...)``: our reasons word for word.

    cattrs' default formatter words every ``ValueError`` as "invalid value for
    type, expected ..."; this one gives an ``InvalidValue``'s own reason and
    leaves every other exception to cattrs.
    """
    if isinstance(exc, InvalidValue):
        return exc.reason
    return cattrs_format_exception(exc, type)


def _leaves(excs: Sequence[BaseException]) -> Iterator[InvalidValue]:
    for exc in excs:
        if isinstance(exc, InvalidValue):
            yield exc
        elif isinstance(exc, BaseExceptionGroup):
            yield from _leaves(exc.exceptions)


def _group(
    problems: list[InvalidValue],
    depth: Path,
    rule: Any,
    child_rule_of: Callable[[Any, str | int], Any] | None = None,
) -> list[Exception]:
    """The members of the group at ``depth``: leaves here, and one subgroup per next path part.

    ``rule`` is what judges the value at ``depth`` (a class at the root), so
    each note can carry the type cattrs' formatter names.  ``child_rule_of``
    finds the rule one part below (``_child_rule`` by default): events name
    their parts by key, and their detail's class by what the event says.
    """
    child_rule_of = child_rule_of or _child_rule
    members: list[Exception] = []
    below: dict[str | int, list[InvalidValue]] = {}
    level = len(depth)
    for problem in problems:
        if len(problem.parts) == level:
            members.append(problem)
        else:
            below.setdefault(problem.parts[level], []).append(problem)
    for part, group in below.items():
        child_rule = child_rule_of(rule, part)
        here = (*depth, part)
        if all(len(p.parts) == level + 1 for p in group):
            children: list[Exception] = list(group)
        else:
            children = [_group_node(group, here, child_rule, child_rule_of)]
        for child in children:
            child.__notes__ = [*getattr(child, "__notes__", []), _note_for(rule, part, child_rule)]
            members.append(child)
    return members


def _group_node(
    problems: list[InvalidValue], depth: Path, rule: Any, child_rule_of: Callable[[Any, str | int], Any]
) -> Exception:
    members = _group(problems, depth, rule, child_rule_of)
    plain = _python_type(rule)
    where = f"${format_path(depth)}"
    if isinstance(plain, type) and attrs.has(plain):
        return _ClassProblems(f"While structuring {plain.__name__} at {where}", members, plain)
    return _ItemProblems(f"While structuring {where}", members, plain or object)


def _note_for(parent: Any, part: str | int, rule: Any) -> str:
    kind = _python_type(rule)
    if isinstance(part, str) and _is_class(parent):
        return AttributeValidationNote(
            f"Structuring class {_python_type(parent).__name__} @ attribute {part}", part, kind
        )
    return IterableValidationNote(f"Structuring item @ {part!r}", part, kind)


def _is_class(rule: Any) -> bool:
    plain = _python_type(rule)
    return isinstance(plain, type) and attrs.has(plain)


def _child_rule(rule: Any, part: str | int) -> Any:
    """What judges the value one path part below ``rule``; None when nothing does (an unknown key)."""
    if isinstance(rule, type) and attrs.has(rule):
        field = attrs.fields_dict(rule).get(part) if isinstance(part, str) else None
        return field.validator if field is not None else None
    if not isinstance(rule, v.RULE_KINDS):  # None: below an unknown key
        return None
    match rule:
        case v.Nullable():
            return _child_rule(rule.inner, part)
        case v.InstanceOf():
            return _child_rule(rule.classes[0], part)
        case v.SequenceOf():
            return rule.element
        case v.MappingOf():
            return rule.value
        case v.Text() | v.Integer() | v.Boolean() | v.Timestamp() | v.Blob() | v.OneOf() | v.DocumentValue():
            return None  # a scalar, or a document whose parts no rule judges
        case _:
            assert_never(rule)


def _python_type(rule: Any) -> Any:
    """The Python type a value judged by ``rule`` has, for cattrs' notes (None when none is known)."""
    if isinstance(rule, type):
        return rule
    if not isinstance(rule, v.RULE_KINDS):
        return None
    match rule:
        case v.Nullable():
            return _python_type(rule.inner)
        case v.InstanceOf():
            return rule.classes[0]
        case v.Text() | v.OneOf():
            return str
        case v.Number():  # before Integer, which it refines
            return float
        case v.Integer():
            return int
        case v.Boolean():
            return bool
        case v.Timestamp():
            return datetime
        case v.Blob():
            return bytes
        case v.SequenceOf():
            return tuple
        case v.MappingOf():
            return FrozenDict
        case v.DocumentValue():
            return None  # any JSON value
        case _:
            assert_never(rule)
