"""``townpaths innovations``: the social-innovation register as files, and its tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, pick_export, registry_of
from townpaths.storage import Database
from townpaths.studies.innovations.service import (
    import_innovations,
    innovation_periods,
    register_tables,
    set_periods,
)


def _period_lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    for p in rows:
        end = "" if p["open_ended"] or p["end_year"] is None else p["end_year"]
        yield f"{p['no']}. {p['name_en']} ({p['start_year']}–{end})"


def _table_lines(data: dict[str, Any]) -> Iterator[str]:
    tp = data["type_period"]
    yield "type | " + " | ".join(p["name_en"] for p in tp["periods"]) + " | year unknown | total"
    for r in tp["rows"]:
        yield f"{r['type_en']} | " + " | ".join(map(str, r["counts"])) + f" | {r['unknown']} | {r['total']}"
    yield "all | " + " | ".join(map(str, tp["totals"])) + f" | {tp['unknown']} | {tp['total']}"
    yield ""
    for decade, n in data["per_decade"]:
        yield f"{'year unknown' if decade is None else f'{decade}s'}: {n}"


def _table_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The type x period table, one row per type and a last row ``all``."""
    tp = data["type_period"]
    names = [p["name_en"] for p in tp["periods"]]
    for r in tp["rows"]:
        yield {
            "type": r["type_en"],
            **dict(zip(names, r["counts"], strict=True)),
            "year unknown": r["unknown"],
            "total": r["total"],
        }
    yield {
        "type": "all",
        **dict(zip(names, tp["totals"], strict=True)),
        "year unknown": tp["unknown"],
        "total": tp["total"],
    }


def register(app: typer.Typer) -> None:
    inn = typer.Typer(help="The social-innovation register (Table 3): import, export, tables.", no_args_is_help=True)
    app.add_typer(inn, name="innovations")

    @inn.command("import")
    def import_(
        file: Annotated[Path, typer.Argument(help="CSV, XLSX or JSON (columns as `innovations export` writes).")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Add innovations or update those with the same number; all rows checked, all or nothing."""
        result = import_innovations(Database(db), town, file)
        emit(fmt, result, f"{result['town']}: {result['added']} added, {result['updated']} updated")

    @inn.command("export")
    def export(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="Output file: .csv, .xlsx or .json (the suffix picks the format).")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export the whole register (every status) with actors, outcomes and assessments."""
        result = pick_export(registry_of(ctx), "innovations", file).write(Database(db), town, file)
        emit(fmt, result, f"Wrote {result['innovations']} innovations of {result['town']} to {result['file']}")

    @inn.command("periods")
    def periods(
        file: Annotated[
            Path | None,
            typer.Argument(
                help="CSV/XLSX (no, name_en, name_sl, start_year, end_year) to replace the periods; omit to list them."
            ),
        ] = None,
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """List or replace the innovation periods (they may overlap; empty end year = open-ended)."""
        rows = set_periods(Database(db), town, file) if file else innovation_periods(Database(db), town)
        emit(fmt, rows, _period_lines(rows))

    @inn.command("tables")
    def tables(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Innovations by type x period and per decade (accepted innovations only)."""
        data = register_tables(Database(db), town)
        emit(fmt, data, _table_lines(data), rows=_table_rows(data))
