"""User-facing errors. The CLI prints them on one line and exits with ``exit_code``;
the web app renders them as a 4xx page. Anything else is a bug and keeps its traceback."""

from __future__ import annotations

MAX_SHOWN_VALUE = 80  # characters of a bad value quoted in a message


class TownpathsError(Exception):
    """An error the user can fix (bad input, unknown town, unreachable database...)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(value: object) -> str:
    """A value as quoted in a message: ``repr`` on one line, long text cut to
    :data:`MAX_SHOWN_VALUE` characters (a 10 MB cell is not repeated back)."""
    if isinstance(value, str) and len(value) > MAX_SHOWN_VALUE:
        return repr(value[:MAX_SHOWN_VALUE]) + f"... ({len(value)} characters)"
    if isinstance(value, bytes | bytearray) and len(value) > MAX_SHOWN_VALUE:
        return repr(bytes(value[:MAX_SHOWN_VALUE])) + f"... ({len(value)} bytes)"
    return repr(value)


class InputError(TownpathsError):
    """Bad input data, on one line: ``FILE, row N, column 'C', value 'V': reason``.

    Each part is left out when unknown. ``row`` is a spreadsheet row number (the header is row 1)
    or a text such as ``"line 4"`` or ``"tables.symbols[3]"``; ``field`` (alias ``column``) names
    the column, field or element: it reads "column" in a row of a table (or when given as
    ``column=``) and "field" elsewhere (a form field, a command-line option). ``reason`` keeps
    the bare message without the location."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | str | None = None,
        field: str | None = None,
        value: object = None,
        column: str | None = None,
    ) -> None:
        if column is not None and field is not None and column != field:
            raise TypeError("give field= or column=, not both")
        label = "column" if column is not None or row is not None else "field"
        field = field if field is not None else column
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}" if isinstance(row, int) else str(row))
        if field is not None:
            where.append(f"{label} {field!r}")
        if value is not None:
            where.append(f"value {shown(value)}")
        full = f"{', '.join(where)}: {message}" if where else message
        super().__init__(full)
        self.reason = message
        self.file, self.row, self.field, self.value = file, row, field, value

    @property
    def column(self) -> str | None:
        return self.field


class DatabaseError(TownpathsError):
    """The database cannot be reached or is not a townpaths database."""

    exit_code = 4


class NotFound(TownpathsError):
    """An unknown town, record or file."""

    exit_code = 5


class Forbidden(TownpathsError):
    """An action on a record the person may not change (someone else's coded segment): the web
    answers 403."""


class Conflict(TownpathsError):
    """An action the current state of a record does not allow (the web answers 409)."""
