"""Whole-case commands: demo, report, towns, export, import, delete."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townpaths.cases.case import open_case
from townpaths.cli.common import emit, DbOption, FormatOption, OutputFormat, TownOption, print_json, user_errors
from townpaths.core.i18n import check_language
from townpaths.report.build import write_report
from townpaths.storage import Database
from townpaths.cases.towns import delete_town, export_case, import_case, list_towns, load_velenje

LangOption = Annotated[str, typer.Option("--lang", help="Language of the report: sl or en.")]


def _done(fmt: OutputFormat, message: str, **result: object) -> None:
    emit(fmt, result, message)


def register(app: typer.Typer) -> None:
    @app.command("demo")
    @user_errors
    def demo(
        db: DbOption = None,
        output: Annotated[Path, typer.Option("--output", help="Report file.")] = Path("report.html"),
        lang: LangOption = "en",
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Create the database, load the Velenje default case and write report.html."""
        check_language(lang)
        database = Database(db)
        town = load_velenje(database)
        case = open_case(town.slug, database)
        path = write_report(case, output, lang)
        result = {"database": database.display_url, "town": town.slug, "report": str(path.resolve()),
                  "counts": {k: v for k, v in case.counts().items() if v}}
        if fmt is OutputFormat.json:
            print_json(result)
        else:
            typer.echo(f"Loaded {town.name} into {result['database']}")
            typer.echo(f"Wrote {result['report']}")

    @app.command("report")
    @user_errors
    def report(
        db: DbOption = None,
        town: TownOption = None,
        lang: LangOption = "en",
        output: Annotated[Path, typer.Option("--output", "-o", help="Report file.")] = Path("report.html"),
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Write the case report (Tables 1-4, Figure 8, dualities, evidence) as one HTML file."""
        check_language(lang)
        path = write_report(open_case(town, db), output, lang)
        _done(fmt, f"Wrote {path}", report=str(path.resolve()), lang=lang)

    @app.command("towns")
    @user_errors
    def towns(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List the towns in the database."""
        rows = list_towns(Database(db))
        if fmt is OutputFormat.json:
            print_json(rows)
            return
        for r in rows:
            typer.echo(f"{r['slug']:<20} {r['name']:<24} symbols={r['symbols']} narratives={r['narratives']} "
                       f"innovations={r['innovations']} problems={r['problems']}")

    @app.command("export")
    @user_errors
    def export(
        output: Annotated[Path, typer.Option("--output", "-o", help="Bundle folder, or a .zip file.")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export a town as a lossless bundle (case.json + files/)."""
        path = export_case(Database(db), town, output)
        _done(fmt, f"Wrote {path}", bundle=str(path.resolve()))

    @app.command("import")
    @user_errors
    def import_(
        bundle: Annotated[Path, typer.Argument(help="Bundle folder or .zip written by `townpaths export`.")],
        db: DbOption = None,
        as_slug: Annotated[str | None, typer.Option("--as", help="Import under another town slug.")] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Import a bundle as a new town (all or nothing)."""
        town = import_case(Database(db), bundle, slug=as_slug)
        _done(fmt, f"Imported {town.name} as {town.slug}", town=town.slug, name=town.name)

    @app.command("delete")
    @user_errors
    def delete(
        town: Annotated[str, typer.Argument(help="Town slug or name.")],
        db: DbOption = None,
        yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    ) -> None:
        """Delete a town and everything of its case."""
        if not yes:
            typer.confirm(f"Delete {town} and all its records?", abort=True)
        typer.echo(f"Deleted {delete_town(Database(db), town)}")
