"""``townpaths backup`` and ``townpaths restore``: the whole server in one file and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cases.backup import restore_backup, write_backup
from townpaths.cli.common import DbOption, FormatOption, OutputFormat, emit
from townpaths.storage import Database


def _line(result: dict[str, Any]) -> str:
    return (
        f"towns {result['towns']}, accounts {result['accounts']}, rows {result['rows']}, files {result['files']} "
        f"(schema revision {result['revision']})"
    )


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup(
        output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write (.zip).")],
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Back up everything (towns, workshops, accounts, roles, audit log, instance settings) to one
        file, readable by `townpaths restore` on SQLite or PostgreSQL. Keep it as safe as the database."""
        result = write_backup(Database(db), output)
        emit(fmt, result, f"Wrote {result['backup']}: {_line(result)}")

    @app.command("restore")
    def restore(
        backup_file: Annotated[Path, typer.Argument(help="A file written by `townpaths backup`.")],
        db: DbOption = None,
        replace: Annotated[
            bool,
            typer.Option("--replace", help="Delete everything in the database first (it must be empty otherwise)."),
        ] = False,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Restore a backup into a new database (all or nothing), then upgrade its schema."""
        result = restore_backup(Database(db, upgrade=False), backup_file, replace=replace)
        emit(fmt, result, f"Restored {backup_file} into {result['database']}: {_line(result)}")
