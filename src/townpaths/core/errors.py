"""User-facing errors. The CLI prints them on one line and exits with ``exit_code``;
the web app renders them as a 4xx page. Anything else is a bug and keeps its traceback."""

from __future__ import annotations


class TownpathsError(Exception):
    """An error the user can fix (bad input, unknown town, unreachable database...)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(TownpathsError):
    """Bad input data. The message names the file, the row or element, the field and the value."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | str | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}" if isinstance(row, int) else str(row))
        if field is not None:
            where.append(f"field {field!r}")
        if value is not None:
            where.append(f"value {value!r}")
        full = f"{': '.join([', '.join(where)]) + ': ' if where else ''}{message}"
        super().__init__(full)
        self.file, self.row, self.field, self.value = file, row, field, value


class DatabaseError(TownpathsError):
    """The database cannot be reached or is not a townpaths database."""

    exit_code = 4


class NotFound(TownpathsError):
    """An unknown town, record or file."""

    exit_code = 5


class Conflict(TownpathsError):
    """An action the current state of a record does not allow (the web answers 409)."""
