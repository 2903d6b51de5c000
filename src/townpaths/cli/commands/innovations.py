"""``townpaths innovations``: the social-innovation register as files, and its tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townpaths.cli.common import emit, DbOption, FormatOption, OutputFormat, TownOption, print_json, user_errors
from townpaths.studies.innovations.service import (
    export_innovations,
    import_innovations,
    innovation_periods,
    register_tables,
    set_periods,
)
from townpaths.storage import Database


def register(app: typer.Typer) -> None:
    inn = typer.Typer(help="The social-innovation register (Table 3): import, export, tables.", no_args_is_help=True)
    app.add_typer(inn, name="innovations")

    @inn.command("import")
    @user_errors
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
    @user_errors
    def export(
        file: Annotated[Path, typer.Argument(help="Output file: .csv, .xlsx or .json.")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export the whole register (every status) with actors, outcomes and assessments."""
        result = export_innovations(Database(db), town, file)
        emit(fmt, result, f"Wrote {result['innovations']} innovations of {result['town']} to {result['file']}")

    @inn.command("moderation-link")
    @user_errors
    def moderation_link(
        secret_key: Annotated[str, typer.Option("--secret-key", envvar="TOWNPATHS_SECRET_KEY",
                                                help="The web app's secret key (TOWNPATHS_SECRET_KEY).")],
        db: DbOption = None,
        town: TownOption = None,
        base_url: Annotated[str, typer.Option("--base-url", help="Where the web app runs.")] = "http://127.0.0.1:8000",
    ) -> None:
        """Print the researchers' link to the moderation queue of proposals from locals."""
        from townpaths.storage.towns import find_town
        from townpaths.studies.innovations.core.guard import moderation_key

        slug = find_town(Database(db), town).slug
        typer.echo(f"{base_url.rstrip('/')}/towns/{slug}/innovations/moderation?key={moderation_key(secret_key, slug)}")

    @inn.command("periods")
    @user_errors
    def periods(
        file: Annotated[Path | None, typer.Argument(help="CSV/XLSX (no, name_en, name_sl, start_year, end_year) "
                                                         "to replace the periods; omit to list them.")] = None,
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """List or replace the innovation periods (they may overlap; empty end year = open-ended)."""
        rows = set_periods(Database(db), town, file) if file else innovation_periods(Database(db), town)
        if fmt is OutputFormat.json:
            print_json(rows)
            return
        for p in rows:
            end = "" if p["open_ended"] or p["end_year"] is None else p["end_year"]
            typer.echo(f"{p['no']}. {p['name_en']} ({p['start_year']}–{end})")

    @inn.command("tables")
    @user_errors
    def tables(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Innovations by type x period and per decade (accepted innovations only)."""
        data = register_tables(Database(db), town)
        if fmt is OutputFormat.json:
            print_json(data)
            return
        tp = data["type_period"]
        typer.echo("type | " + " | ".join(p["name_en"] for p in tp["periods"]) + " | year unknown | total")
        for r in tp["rows"]:
            typer.echo(f"{r['type_en']} | " + " | ".join(map(str, r["counts"])) + f" | {r['unknown']} | {r['total']}")
        typer.echo("all | " + " | ".join(map(str, tp["totals"])) + f" | {tp['unknown']} | {tp['total']}")
        typer.echo("")
        for decade, n in data["per_decade"]:
            typer.echo(f"{'year unknown' if decade is None else f'{decade}s'}: {n}")
