"""The one exception structuring raises, and how it reads."""

from __future__ import annotations

from collections.abc import Sequence

from cattrs.errors import ClassValidationError

from ecr_attrs._validators import Path, format_path


class InvalidValue(ValueError):
    """One problem in the input: where it is (``$.images[3].imageId``) and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"${format_path(path)}: {reason}")
        self.path = "$" + format_path(path)
        self.parts = path
        self.reason = reason


class StructureError(ClassValidationError):
    """Raised by ``structure()`` with every problem of the input, not only the first.

    It is a cattrs ``ClassValidationError`` (an ``ExceptionGroup``) whose
    sub-exceptions are ``InvalidValue``; ``str()`` lists one problem a line.
    """

    @classmethod
    def from_problems(cls, problems: Sequence[tuple[Path, str]], target: type) -> StructureError:
        count = len(problems)
        message = f"{count} problem{'s' if count != 1 else ''} structuring {target.__name__}"
        return cls(message, [InvalidValue(path, reason) for path, reason in problems], target)

    @property
    def problems(self) -> list[InvalidValue]:
        return [e for e in self.exceptions if isinstance(e, InvalidValue)]

    def __str__(self) -> str:
        return "\n  ".join([self.message, *(str(e) for e in self.exceptions)])
