"""Options and rendering shared by all commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from typing import Annotated, Any, TypeVar

import typer

from townpaths.core.errors import TownpathsError

F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TOWNPATHS_DATABASE_URL",
        help="Database URL or SQLite file path (default: ./townpaths.sqlite3).",
    ),
]
TownOption = Annotated[
    str | None,
    typer.Option("--town", help="Town (slug or name); optional when the database holds one town."),
]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output for people (table) or scripts (json).")]


def user_errors(func: F) -> F:
    """Turn :class:`TownpathsError` into a one-line message on stderr and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TownpathsError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def emit(fmt: OutputFormat, data: Any, message: str) -> None:
    """Print a command's result: ``data`` as JSON for scripts, else ``message`` for people."""
    if fmt is OutputFormat.json:
        print_json(data)
    else:
        typer.echo(message)
