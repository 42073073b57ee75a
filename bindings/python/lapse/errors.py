"""LapseError: one exception type for every error of the library, carrying
the stable error name, the field and the library's own message."""
from __future__ import annotations

from typing import Any, Optional


class LapseError(ValueError):
    """An error from lapse: `code` is the stable error name ("date_invalid"),
    `field` the input it is about ("on", "term", ...; "" if none), `line` and
    `column` locate it in a table or a policy text when they apply."""

    def __init__(self, code: str, field: str, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"LapseError({self.code!r}, {self.field!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, LapseError) and
                (self.code, self.field, self.message, self.line, self.column) ==
                (other.code, other.field, other.message, other.line, other.column))

    __hash__ = ValueError.__hash__


def error_from(lib: Any, code: int, detail: Optional[Any]) -> LapseError:
    """The LapseError of a library error code and its lapse_error_detail."""
    name = lib.lapse_error_name(code).decode()
    if detail is None:
        return LapseError(name, "", lib.lapse_strerror(code).decode())
    return LapseError(name, detail.field.decode(), detail.message.decode(errors="replace"),
                      detail.line, detail.column)
