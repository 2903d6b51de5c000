"""Options and rendering shared by all commands.

One convention for every command that prints a result:

* ``--format table`` (the default) prints text for people, ``--format json`` prints the result as
  JSON on stdout and ``--format csv`` prints its main list as CSV on stdout (a single result is
  one row; nested values get dotted column names). Commands print only through :func:`emit`.
* A :class:`~townpaths.core.errors.TownpathsError` becomes one line ``Error: ...`` on stderr and
  the error's exit code (2 user error, 3 bad input, 4 database, 5 not found); a file the system
  refuses (missing folder, full disk, read-only) is one line with exit code 2; any other exception
  is an internal error: one line saying so (what, where, why), its traceback in the error log
  (:mod:`townpaths.cli.errorlog`), exit code 70; Ctrl-C exits with 130. No traceback reaches the
  user. :func:`user_errors` does it; :func:`townpaths.cli.main.build_cli` applies it to every
  command of the tree (:func:`guard_commands`), sub-commands and plug-in commands included.
* Every command runs as ``cli:<OS user>`` for the audit log (:func:`as_cli_user`, applied with
  :func:`user_errors` by :func:`guard_commands`).
* Exports take the file format from the ``--output`` file's suffix, looked up among the export
  formats the studies register (:func:`pick_export`); ``--format`` never names a file format.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import click
import typer

from townpaths.cli import errorlog
from townpaths.core.errors import InputError, TownpathsError
from townpaths.formats.tables import guard_row
from townpaths.registry import Registry, default_registry
from townpaths.storage import audit
from townpaths.studies.spec import ExportFormat

if TYPE_CHECKING:
    from rich.progress import Progress

F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TOWNPATHS_DATABASE_URL",
        help="Database URL or SQLite file path (default: ./townpaths.sqlite3).",
    ),
]
SecretKeyOption = Annotated[
    str | None,
    typer.Option(
        "--secret-key",
        envvar="TOWNPATHS_SECRET_KEY",
        help="The web app's secret key, to print links that it checks (default: the key stored in the "
        "database, which the web app uses unless TOWNPATHS_SECRET_KEY overrides it).",
        show_default=False,
    ),
]
TownOption = Annotated[
    str | None,
    typer.Option("--town", help="Town (slug or name); optional when the database holds one town."),
]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="Output: table (for people), json or csv (for scripts)."),
]

#: What a command shows people: one message, some lines, or a function that prints them itself.
Text = str | Iterable[str] | Callable[[], None]


# --- errors -----------------------------------------------------------------------------------------


def user_errors(func: F, command: str | None = None) -> F:
    """Turn any failure of a command into one line on stderr and a documented exit code:
    :class:`TownpathsError` -> its message and exit code; a file the system refuses (a missing
    folder, no permission, a full disk) -> the file and the system's reason, exit code 2; anything
    else -> an internal error with its traceback in the error log, exit code 70. ``command`` is
    the command line that names the command in messages (``townpaths qda import``)."""
    if getattr(func, "__townpaths_user_errors__", False):
        if command is not None:
            func.__townpaths_command__ = command  # type: ignore[attr-defined]
        return func

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        command = getattr(wrapper, "__townpaths_command__", f"townpaths {func.__name__.strip('_').replace('_', '-')}")
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except TownpathsError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            if exc.filename is None:
                _internal(exc, command)
            typer.echo(f"Error: {exc.filename}: {exc.strerror or exc.__class__.__name__}", err=True)
            raise typer.Exit(TownpathsError.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Error: interrupted; nothing was saved", err=True)
            raise typer.Exit(errorlog.INTERRUPTED_EXIT_CODE) from None
        except Exception as exc:
            _internal(exc, command)

    wrapper.__townpaths_user_errors__ = True  # type: ignore[attr-defined]
    if command is not None:
        wrapper.__townpaths_command__ = command  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _internal(exc: BaseException, command: str) -> NoReturn:
    log = errorlog.write_entry(exc, command)
    typer.echo(f"Error: {errorlog.summary(exc, command, log)}", err=True)
    raise typer.Exit(errorlog.INTERNAL_EXIT_CODE) from None


def as_cli_user(func: F) -> F:
    """The command's changes are recorded in the audit log as ``cli:<OS user>``'s."""
    if getattr(func, "__townpaths_cli_user__", False):
        return func

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with audit.acting_as(audit.cli_actor()):
            return func(*args, **kwargs)

    wrapper.__townpaths_cli_user__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def guard_commands(app: typer.Typer, words: tuple[str, ...] = ("townpaths",)) -> None:
    """Apply :func:`user_errors` and :func:`as_cli_user` to every command of ``app`` and its
    sub-apps, and :func:`user_errors` to their callbacks; ``words`` name the command line."""
    for command in app.registered_commands:
        if callable(command.callback):
            name = command.name or command.callback.__name__.replace("_", "-")
            command.callback = user_errors(as_cli_user(command.callback), " ".join((*words, name)))
    if app.registered_callback is not None and callable(app.registered_callback.callback):
        app.registered_callback.callback = user_errors(app.registered_callback.callback, " ".join(words))
    for group in app.registered_groups:
        inner = (*words, group.name or "")
        if callable(group.callback):  # typer keeps a non-callable placeholder when there is none
            group.callback = user_errors(group.callback, " ".join(inner))
        if group.typer_instance is not None:
            guard_commands(group.typer_instance, inner)


def commands(app: typer.Typer, prefix: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], Callable[..., Any]]]:
    """Every command of ``app`` with its words (``("qda", "codebook", "export")``) and callback; a
    group that runs by itself (``towns``, besides ``towns public``) is a command too."""
    for command in app.registered_commands:
        if callable(command.callback):
            name = command.name or command.callback.__name__.replace("_", "-")
            yield (*prefix, name), command.callback
    for group in app.registered_groups:
        if group.typer_instance is not None:
            words = (*prefix, group.name or "")
            callback = group.typer_instance.registered_callback
            if callback is not None and callback.invoke_without_command and callable(callback.callback):
                yield words, callback.callback  # a group that is a command too (``towns``)
            yield from commands(group.typer_instance, words)


# --- parsing ----------------------------------------------------------------------------------------


def key_values(values: Iterable[str], option: str) -> dict[str, str]:
    """Repeated ``KEY=VALUE`` options -> a mapping (one line naming the option on a bad value)."""
    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise InputError(f"use {option} KEY=VALUE", field=option, value=value)
        out[key.strip()] = val.strip()
    return out


# --- output -----------------------------------------------------------------------------------------


def for_people(fmt: OutputFormat) -> bool:
    """Whether the output is for people (progress bars and hints only then)."""
    return fmt is OutputFormat.table


def progress_bar(fmt: OutputFormat, *, show: bool = True) -> Progress:
    """A transient progress bar on stderr, shown only to people at a terminal (and when ``show``)."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    return Progress(console=console, transient=True, disable=not (show and for_people(fmt) and console.is_terminal))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if all(v is None or isinstance(v, (str, int, float)) for v in value):
            return "; ".join("" if v is None else str(_cell(v)) for v in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One CSV row: nested mappings become dotted columns (``counts.symbols``), lists of plain
    values one cell joined by ``; ``, other lists one JSON cell."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = _cell(value)
    return out


def hit_lines(hits: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Search hits for people: id and title, then the snippet on one line with the hits in [brackets]."""
    from townpaths.core.words import pieces

    count = 0
    for h in hits:
        count += 1
        marked = "".join(f"[{p}]" if hit else p for p, hit in pieces(h["snippet"], h["start"], h["marks"]))
        before, after = ("…" if h["start"] > 0 else ""), ("…" if h["end"] < h["length"] else "")
        yield f"{h['id']:>5} {h['title']}"
        yield f"      {before}{' '.join(marked.split())}{after}"
    if not count:
        yield "No hits."


def print_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> None:
    """Rows as CSV on stdout: the header is ``columns`` or every key in order of first appearance.
    Text that a spreadsheet would run as a formula is guarded as in every CSV townpaths writes."""
    flat = [flatten(r) for r in rows]
    header = list(columns or [])
    for r in flat:
        header.extend(k for k in r if k not in header)
    if not header:
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for r in flat:
        writer.writerow(guard_row([r.get(k) for k in header]))


def _rows_of(data: Any) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping):
        return [data]
    if isinstance(data, (list, tuple)) and all(isinstance(r, Mapping) for r in data):
        return list(data)
    raise TypeError(f"no rows in {type(data).__name__}")


def emit(
    fmt: OutputFormat,
    data: Any,
    text: Text,
    *,
    rows: Iterable[Mapping[str, Any]] | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """Print a command's result: ``data`` as JSON, ``rows`` (default: ``data`` itself, a mapping
    being one row) as CSV, or ``text`` for people."""
    if fmt is OutputFormat.json:
        print_json(data)
    elif fmt is OutputFormat.csv:
        print_csv(_rows_of(data) if rows is None else rows, columns)
    elif callable(text):
        text()
    elif isinstance(text, str):
        typer.echo(text)
    else:
        for line in text:
            typer.echo(line)


# --- the registry and export formats ----------------------------------------------------------------


def registry_of(ctx: typer.Context | None) -> Registry:
    """The registry the running CLI was built with (:func:`townpaths.cli.main.build_cli` keeps it
    in the context), else the default one."""
    found = ctx.find_object(Registry) if ctx is not None else None
    return found if found is not None else default_registry()


def study_exports(registry: Registry, study: str, among: Sequence[str] | None = None) -> dict[str, ExportFormat]:
    """The export formats ``study`` registers, by short name (``geojson`` of ``symbols.geojson``)."""
    found = {name.partition(".")[2]: f for name, f in registry.exports().items() if name.partition(".")[0] == study}
    return {n: f for n, f in found.items() if among is None or n in among}


def pick_export(
    registry: Registry, study: str, output: Path, *, among: Sequence[str] | None = None, kind: str | None = None
) -> ExportFormat:
    """The export format of ``study`` that writes ``output``: the one named ``kind`` if given, else
    the one whose suffix ``output`` has. Checked before any work starts."""
    formats = study_exports(registry, study, among)
    if kind is not None:
        if kind not in formats:
            raise InputError(f"unknown format (use {', '.join(formats)})", field="--kind", value=kind)
        return formats[kind]
    suffix = Path(output).suffix.lower()
    for f in formats.values():
        if suffix in f.suffixes:
            return f
    known = ", ".join(s for f in formats.values() for s in f.suffixes)
    raise InputError(f"cannot tell the file format from the suffix (use {known})", file=str(output))
