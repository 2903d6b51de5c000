"""``townpaths sustainability``: the social-sustainability framework and scores."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, pick_export, registry_of
from townpaths.storage import Database
from townpaths.studies.sustainability.service import assessment, import_assessment


class Group(str, Enum):
    rater_group = "rater_group"
    workshop_id = "workshop_id"
    year = "year"


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _summary_lines(r: dict[str, Any]) -> Iterator[str]:
    for d in r["dimensions"]:
        yield d["name_en"]
        for g in d["groups"]:
            s = g["normalised"]
            label = "all" if g["group"] is None else str(g["group"])
            yield f"  {label}: n={s['n']} mean={_f(s['mean'])} sd={_f(s['sd'])} min={_f(s['min'])} max={_f(s['max'])}"


def _summary_rows(r: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for d in r["dimensions"]:
        for g in d["groups"]:
            yield {"dimension": d["name_en"], "group": g["group"], **g["normalised"]}


def register(app: typer.Typer) -> None:
    sus = typer.Typer(help="Social-sustainability assessment: framework, scores, aggregates.", no_args_is_help=True)
    app.add_typer(sus, name="sustainability")

    @sus.command("import")
    def import_(
        file: Annotated[Path, typer.Argument(help="CSV or XLSX (columns as `sustainability export` writes).")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Import indicators and scores; all rows checked, all or nothing."""
        r = import_assessment(Database(db), town, file)
        emit(
            fmt,
            r,
            f"{r['town']}: {r['indicators_added']} indicators added, {r['indicators_updated']} updated, "
            f"{r['scores']} scores",
        )

    @sus.command("export")
    def export(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="Output .csv or .xlsx (the suffix picks the format).")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export the framework and every score."""
        r = pick_export(registry_of(ctx), "sustainability", file).write(Database(db), town, file)
        emit(fmt, r, f"Wrote {r['indicators']} indicators and {r['scores']} scores of {r['town']} to {r['file']}")

    @sus.command("summary")
    def summary(
        db: DbOption = None,
        town: TownOption = None,
        by: Annotated[Group | None, typer.Option("--by", help="Group the scores.")] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Mean and spread of the scores per dimension (0-1 scale), optionally by group."""
        r = assessment(Database(db), town, by.value if by else None)
        emit(fmt, r, _summary_lines(r), rows=_summary_rows(r))
