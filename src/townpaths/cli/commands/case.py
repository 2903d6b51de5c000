"""Whole-case commands: demo, report, towns (create one with the method's defaults, change its
settings, what each shows anonymous visitors), export, import, delete."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cases.case import open_case
from townpaths.cases.towns import create_town, delete_town, edit_town, export_case, import_case, list_towns
from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, registry_of
from townpaths.core.i18n import check_language
from townpaths.people import service as people
from townpaths.people.core.roles import PUBLIC_PARTS
from townpaths.report.build import report_output, write_demo, write_report
from townpaths.storage import Database

LangOption = Annotated[str, typer.Option("--lang", help="Language of the report: sl or en.")]
REPORT_FILE_HELP = "Report file; its suffix gives the format: .html (self-contained), .pdf (print) or .docx (Word)."


class ReportFormat(str, Enum):
    """What ``report --format`` takes: the report's file format, or (as for every command) how the
    command's own result is printed, the file's format then coming from the --output suffix."""

    html = "html"
    pdf = "pdf"
    docx = "docx"
    table = "table"
    json = "json"
    csv = "csv"


REPORT_FORMAT_HELP = (
    "html, pdf or docx: the report's file format (default file report.<format>); or table, json or csv: "
    "how the result is printed (the file's format then from the --output suffix)."
)


NameSlOption = Annotated[str | None, typer.Option("--name-sl", help="The town's name in Slovene.")]
CountryOption = Annotated[str | None, typer.Option("--country", help="Country (e.g. SI, or Slovenia).")]
LanguagesOption = Annotated[
    str | None, typer.Option("--languages", help="Languages of the town's texts, comma-separated: sl,en.")
]
DescriptionEnOption = Annotated[str | None, typer.Option("--description-en", help="Description in English.")]
DescriptionSlOption = Annotated[str | None, typer.Option("--description-sl", help="Description in Slovene.")]
TitleEnOption = Annotated[
    str | None, typer.Option("--title-en", help="The study's title in English (the report's subtitle).")
]
TitleSlOption = Annotated[str | None, typer.Option("--title-sl", help="The study's title in Slovene.")]
StartOption = Annotated[str | None, typer.Option("--study-start", help="The year the study started.")]
EndOption = Annotated[str | None, typer.Option("--study-end", help="The year the study ended.")]
CitationOption = Annotated[str | None, typer.Option("--citation", help="How to cite the study.")]
PopulationOption = Annotated[
    str | None,
    typer.Option("--population", help="Inhabitants (for rates per 10,000 inhabitants when towns are compared)."),
]
PopulationYearOption = Annotated[
    str | None, typer.Option("--population-year", help="The year of the population figure.")
]


#: The options of `towns create` and `towns edit` that are town settings, and the settings they set
#: (:data:`townpaths.cases.settings.SETTINGS`) where their names differ.
SETTING_OPTIONS = (
    "name",
    "country",
    "languages",
    "name_sl",
    "description_en",
    "description_sl",
    "title_en",
    "title_sl",
    "study_start",
    "study_end",
    "citation",
    "population",
    "population_year",
)
SETTING_NAMES = {"study_start": "study_start_year", "study_end": "study_end_year"}


def _settings(given: Mapping[str, Any]) -> dict[str, Any]:
    """The settings options given on the command line (an empty text clears a setting), from a
    command's arguments."""
    return {SETTING_NAMES.get(k, k): v for k, v in given.items() if k in SETTING_OPTIONS and v is not None}


def _town_lines(result: dict[str, Any]) -> Iterator[str]:
    for key, value in result.items():
        if key == "defaults":
            yield "defaults: " + ", ".join(f"{table}={n}" for table, n in value.items())
        elif value not in (None, ""):
            yield f"{key}: {', '.join(value) if isinstance(value, list) else value}"


def _towns(rows: list[dict[str, Any]]) -> Iterator[str]:
    for r in rows:
        yield (
            f"{r['slug']:<20} {r['name']:<24} symbols={r['symbols']} narratives={r['narratives']} "
            f"innovations={r['innovations']} problems={r['problems']}"
        )


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        ctx: typer.Context,
        db: DbOption = None,
        output: Annotated[Path, typer.Option("--output", help=REPORT_FILE_HELP)] = Path("report.html"),
        lang: LangOption = "en",
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Create the database, load the Velenje default case and write report.html."""
        result = write_demo(Database(db), output, lang, registry_of(ctx))
        emit(fmt, result, [f"Loaded {result['name']} into {result['database']}", f"Wrote {result['report']}"])

    @app.command("report")
    def report(
        ctx: typer.Context,
        db: DbOption = None,
        town: TownOption = None,
        lang: LangOption = "en",
        output: Annotated[Path | None, typer.Option("--output", "-o", help=REPORT_FILE_HELP)] = None,
        fmt: Annotated[ReportFormat, typer.Option("--format", help=REPORT_FORMAT_HELP)] = ReportFormat.table,
    ) -> None:
        """Write the case report (Tables 1-4, Figure 8, dualities, evidence, how to cite) as one
        file: HTML, PDF or Word (DOCX), as --format or the --output suffix says."""
        check_language(lang)
        printed = OutputFormat(fmt.value) if fmt.value in OutputFormat.__members__ else OutputFormat.table
        path, kind = report_output(output, None if fmt.value in OutputFormat.__members__ else fmt.value)
        path = write_report(open_case(town, db, registry_of(ctx)), path, lang, kind)
        emit(printed, {"report": str(path.resolve()), "lang": lang, "format": kind}, f"Wrote {path}")

    towns_app = typer.Typer(
        help="List the towns in the database; `towns create` adds one, `towns edit` changes its settings, "
        "`towns public` sets what anonymous visitors see."
    )
    app.add_typer(towns_app, name="towns")

    @towns_app.callback(invoke_without_command=True)
    def towns(ctx: typer.Context, db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List the towns in the database."""
        if ctx.invoked_subcommand is not None:
            return
        rows = list_towns(Database(db), registry_of(ctx))
        emit(
            fmt,
            rows,
            _towns(rows),
            columns=["slug", "name", "country", "example", "symbols", "narratives", "innovations", "problems"],
        )

    @towns_app.command("create")
    def create(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="The town's name (in its own language).")],
        slug: Annotated[
            str | None, typer.Option("--slug", help="Its web address part (default: made from the name).")
        ] = None,
        country: CountryOption = None,
        languages: LanguagesOption = None,
        name_sl: NameSlOption = None,
        description_en: DescriptionEnOption = None,
        description_sl: DescriptionSlOption = None,
        title_en: TitleEnOption = None,
        title_sl: TitleSlOption = None,
        study_start: StartOption = None,
        study_end: EndOption = None,
        citation: CitationOption = None,
        population: PopulationOption = None,
        population_year: PopulationYearOption = None,
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Create a town with the method's defaults (the 6 symbol categories and 16 types, the
        default codebook, the sustainability dimensions), each marked `default` and editable."""
        settings = _settings(locals())
        result = create_town(Database(db), settings.pop("name"), slug=slug, registry=registry_of(ctx), **settings)
        emit(fmt, result, [f"Created {result['name']} as {result['slug']}", *_town_lines(result)])

    @towns_app.command("edit")
    def edit(
        town: Annotated[str, typer.Argument(help="Town slug or name.")],
        name: Annotated[str | None, typer.Option("--name", help="The town's name.")] = None,
        country: CountryOption = None,
        languages: LanguagesOption = None,
        name_sl: NameSlOption = None,
        description_en: DescriptionEnOption = None,
        description_sl: DescriptionSlOption = None,
        title_en: TitleEnOption = None,
        title_sl: TitleSlOption = None,
        study_start: StartOption = None,
        study_end: EndOption = None,
        citation: CitationOption = None,
        population: PopulationOption = None,
        population_year: PopulationYearOption = None,
        clear_population: Annotated[
            bool, typer.Option("--clear-population", help="Remove the population and its year.")
        ] = False,
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Change a town's settings (those given; an empty value clears one); without options, show them."""
        settings = _settings(locals())
        if clear_population:
            settings.update(population="", population_year="")
        result = edit_town(Database(db), town, **settings)
        emit(fmt, result, _town_lines(result))

    @towns_app.command("public")
    def public(
        town: Annotated[str, typer.Argument(help="Town slug or name.")],
        parts: Annotated[
            str | None,
            typer.Option(
                "--parts",
                help=f"Comma-separated, any of {', '.join(PUBLIC_PARTS)} (empty: nothing). Omit to show them.",
            ),
        ] = None,
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Show or set what anonymous visitors see of a town (everything else needs a role)."""
        database = Database(db)
        if parts is None:
            result = people.public_parts(database, town)
        else:
            result = people.set_public_parts(database, town, parts.split(","))
        emit(fmt, result, f"{result['town']}: {', '.join(result['public_parts']) or 'nothing public'}")

    @app.command("export")
    def export(
        ctx: typer.Context,
        output: Annotated[Path, typer.Option("--output", "-o", help="Bundle folder, or a .zip file.")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export a town as a lossless bundle (case.json + files/)."""
        path = export_case(Database(db), town, output, registry_of(ctx))
        emit(fmt, {"bundle": str(path.resolve())}, f"Wrote {path}")

    @app.command("import")
    def import_(
        ctx: typer.Context,
        bundle: Annotated[Path, typer.Argument(help="Bundle folder or .zip written by `townpaths export`.")],
        db: DbOption = None,
        as_slug: Annotated[str | None, typer.Option("--as", help="Import under another town slug.")] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Import a bundle as a new town (all or nothing)."""
        town = import_case(Database(db), bundle, slug=as_slug, registry=registry_of(ctx))
        emit(fmt, {"town": town.slug, "name": town.name}, f"Imported {town.name} as {town.slug}")

    @app.command("delete")
    def delete(
        ctx: typer.Context,
        town: Annotated[str, typer.Argument(help="Town slug or name.")],
        db: DbOption = None,
        yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Delete a town and everything of its case."""
        if not yes:
            typer.confirm(f"Delete {town} and all its records?", abort=True)
        deleted = delete_town(Database(db), town, registry_of(ctx))
        emit(fmt, {"deleted": deleted}, f"Deleted {deleted}")
