"""``townpaths symbols``: the field form, the template, imports and exports of the symbol inventory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, pick_export, registry_of
from townpaths.storage import Database
from townpaths.studies.symbols import service

OutputOption = Annotated[
    Path, typer.Option("--output", "-o", help="File to write: .geojson, .csv or .xlsx (the suffix picks the format).")
]

symbols_app = typer.Typer(
    help="Symbol inventory (study 1): field form, template, import, export.", no_args_is_help=True
)


@symbols_app.command("xlsform")
def xlsform(
    output: Annotated[Path, typer.Option("--output", "-o", help="XLSForm file to write (.xlsx).")] = Path(
        "symbols-form.xlsx"
    ),
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write the inventory form (XLSForm) for KoboToolbox or ODK Collect."""
    path = service.write_xlsform(Database(db), town, output)
    emit(fmt, {"form": str(path.resolve())}, f"Wrote {path} (upload it to KoboToolbox or convert it for ODK Collect)")


@symbols_app.command("template")
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="Template file to write (.xlsx).")] = Path(
        "symbols-template.xlsx"
    ),
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write a blank spreadsheet template for entering symbols by hand."""
    path = service.write_template(Database(db), town, output)
    emit(fmt, {"template": str(path.resolve())}, f"Wrote {path}")


@symbols_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="KoboToolbox/ODK export (.xlsx or .csv) or a filled template.")],
    media: Annotated[Path | None, typer.Option("--media", help="The export's media ZIP (photos).")] = None,
    form: Annotated[
        Path | None, typer.Option("--form", help="The XLSForm the data was collected with (default: the study's form).")
    ] = None,
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import symbols in one transaction: every rejected cell is reported and nothing is written."""
    result = service.import_symbols(Database(db), town, file, media=media, form=form)
    message = (
        f"Imported {result['imported']} symbol(s) and {result['photos']} photo(s) from {file}; "
        f"{result['skipped_duplicates']} already imported"
    )
    if result["photos_not_read"]:
        message += f"; {result['photos_not_read']} photo reference(s) not read (give --media)"
    emit(fmt, result, message)


@symbols_app.command("export")
def export(
    ctx: typer.Context,
    output: OutputOption,
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export the symbols as GeoJSON (opens in QGIS), CSV or XLSX."""
    result = pick_export(registry_of(ctx), "symbols", output).write(Database(db), town, output)
    emit(
        fmt, result, f"Wrote {result['symbols']} symbol(s) ({result['with_coordinates']} with coordinates) to {output}"
    )


@symbols_app.command("scale")
def scale(
    name: Annotated[str, typer.Argument(help="preservation, attitude or repetition.")],
    levels: Annotated[list[str], typer.Argument(help="Levels lowest first, each key=English label[=Slovene label].")],
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Define one of the study's ordinal scales (replaces the default)."""
    result = service.define_scale(Database(db), town, name, levels)
    emit(fmt, result, f"Scale {name}: {len(result['levels'])} level(s)")


@symbols_app.command("add-type")
def add_type(
    category: Annotated[str, typer.Argument(help="Category key (e.g. townscape), existing or new.")],
    name_en: Annotated[str, typer.Argument(help="English name of the type.")],
    name_sl: Annotated[str | None, typer.Option("--sl", help="Slovene name of the type.")] = None,
    category_en: Annotated[str | None, typer.Option("--category-en", help="English name of a new category.")] = None,
    category_sl: Annotated[str | None, typer.Option("--category-sl", help="Slovene name of a new category.")] = None,
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Extend the study's typology with a new type (and category); the form and template follow."""
    result = service.add_type(
        Database(db), town, category, name_en, name_sl, category_en=category_en, category_sl=category_sl
    )
    emit(fmt, result, f"Type {result['no']}: {result['name_en']} ({result['category']})")


def register(app: typer.Typer) -> None:
    app.add_typer(symbols_app, name="symbols")
