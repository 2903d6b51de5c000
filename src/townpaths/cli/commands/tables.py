"""The tables people write, in files: ``tables`` lists them, ``table export`` writes one to CSV or
XLSX, ``table import`` reads one back (all or nothing; ``--replace`` also deletes the rows the
file does not have)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cases.tables import export_table, import_table, list_tables
from townpaths.cases.tables.dependents import describe_rows
from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, registry_of
from townpaths.storage import Database

TableArgument = Annotated[str, typer.Argument(help="The table (see `townpaths tables`).")]


def _listing(rows: list[dict[str, Any]]) -> Iterator[str]:
    width = max((len(r["table"]) for r in rows), default=0)
    for r in rows:
        yield f"{r['table']:<{width}} {r['rows']:>6} rows   key: {', '.join(r['key'])}"
        yield f"{'':<{width}}        columns: {', '.join(r['columns'])}"


def _imported(result: dict[str, Any]) -> Iterator[str]:
    yield (
        f"Imported {result['file']} into {result['table']} of {result['town']}: {result['added']} added, "
        f"{result['updated']} updated, {result['unchanged']} unchanged, {result['deleted']} deleted"
    )
    if result["dependents"]:
        yield f"With the deleted rows: {describe_rows(result['dependents'])}"


def register(app: typer.Typer) -> None:
    @app.command("tables")
    def tables(
        ctx: typer.Context, db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table
    ) -> None:
        """List the tables people write (in the order to import them), with their columns and rows."""
        rows = list_tables(Database(db), town, registry_of(ctx))
        emit(fmt, rows, _listing(rows), columns=["table", "rows", "key", "columns", "confidential"])

    table_app = typer.Typer(help="Export a table to a CSV or XLSX file, or import one (all or nothing).")
    app.add_typer(table_app, name="table")

    @table_app.command("export")
    def export(
        ctx: typer.Context,
        table: TableArgument,
        output: Annotated[Path, typer.Option("--output", "-o", help="A .csv or .xlsx file.")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Write a table with exactly its columns; references are natural keys, never database ids,
        so the file imports into any town."""
        result = export_table(Database(db), town, table, output, registry_of(ctx))
        emit(fmt, result, f"Wrote {result['rows']} rows of {table} to {output}")

    @table_app.command("import")
    def import_(
        ctx: typer.Context,
        table: TableArgument,
        file: Annotated[Path, typer.Argument(help="A .csv (UTF-8, UTF-16 or Windows-1250; , or ;) or .xlsx file.")],
        db: DbOption = None,
        town: TownOption = None,
        replace: Annotated[
            bool, typer.Option("--replace", help="Also delete the rows the file does not have.")
        ] = False,
        cascade: Annotated[
            bool,
            typer.Option(
                "--cascade",
                help="With --replace: also delete (or unlink) the records that depend on the deleted rows, "
                "as the schema says; without it such a replacement is refused.",
            ),
        ] = False,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Read a table's file: rows updated by their key, new rows added; every bad row is reported
        and nothing is written unless the whole file is right."""
        result = import_table(
            Database(db), town, table, file, replace=replace, cascade=cascade, registry=registry_of(ctx)
        )
        emit(fmt, result, _imported(result), rows=[{k: v for k, v in result.items() if k != "dependents"}])
