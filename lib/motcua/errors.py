"""Errors the command line turns into a one-line reason and a non-zero exit."""

from __future__ import annotations


class MotcuaError(Exception):
    """Base class: anything the user can fix (bad input, bad parameters, bad claim file)."""


class InputError(MotcuaError):
    """A file cannot be used. Names the file and, where known, the row and the column.

    ``row`` is 1-based as a person counts lines in the file (the header is row 1).
    """

    def __init__(self, file, reason: str, row: int | None = None, column: str | None = None):
        self.file, self.reason, self.row, self.column = str(file), reason, row, column
        where = [self.file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {reason}")


class ParamsError(MotcuaError):
    """A parameter file does not fit the notebook it is meant for."""
