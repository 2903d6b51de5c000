"""`townpaths audit`: a town's audit log, printed or written to CSV/XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cases import audit
from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit
from townpaths.storage import Database


def _lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    for r in rows:
        record = f"{r['table']} {r['record_id']}" if r["record_id"] is not None else r["table"] or ""
        yield f"{r['id']:>6} {r['at']} {r['actor']:<24} {r['action']:<18} {record}"


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit_log(
        db: DbOption = None,
        town: TownOption = None,
        output: Annotated[
            Path | None, typer.Option("--output", help="Write the log (oldest first) to a .csv or .xlsx file.")
        ] = None,
        table: Annotated[str | None, typer.Option("--table", help="Only changes of this table.")] = None,
        person: Annotated[
            str | None, typer.Option("--person", help="Only changes by this person (email, cli:USER, ...).")
        ] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Show a town's audit log: who changed what, when, from what to what (newest first).

        With --output, write the log (oldest first) to a .csv or .xlsx file instead."""
        database = Database(db)
        if output is not None:
            result = audit.export_log(database, town, output, table=table, person=person)
            emit(fmt, result, f"Wrote {result['entries']} entries to {result['file']}")
            return
        log = audit.town_log(database, town, table=table, person=person, page=1, per_page=1_000_000)
        rows = [{k: v for k, v in e.items() if k != "changes"} for e in log["entries"]]
        flat = [{**r, "before": audit.as_json(r["before"]), "after": audit.as_json(r["after"])} for r in rows]
        emit(fmt, rows, _lines(rows), rows=flat, columns=audit.COLUMNS)
