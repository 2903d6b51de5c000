"""``townpaths narratives``: Table 2 authored from the coded interviews (adopt the narratives of a
period and status from the passages coded with the codes of the codebook)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit
from townpaths.storage import Database
from townpaths.studies.qda.service import adopt as adoption


def _adopted(result: dict[str, Any]) -> Iterator[str]:
    yield f"{result['town']}: period {result['period']}, {result['status']}"
    for n in result["narratives"]:
        verb = "adopted" if n["created"] else "updated"
        yield f"  {verb} narrative {n['position']} from {n['code']} ({n['segments']} passage(s)): {n['text_en']}"


def _codes(result: dict[str, Any]) -> Iterator[str]:
    for c in result["codes"]:
        where = f"period {c['period'] or '?'}, {c['status'] or '?'}"
        adopted = f" -> narrative #{c['narrative']}" if c["narrative"] else ""
        yield f"{c['path']:<60} {where:<24} {c['count']} passage(s){adopted}"


def register(app: typer.Typer) -> None:
    narratives = typer.Typer(help="Table 2 from the coded interviews: adopt narratives from coding.")
    app.add_typer(narratives, name="narratives")

    @narratives.command("codes")
    def codes(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List the codes with coded passages, the period and status their paths name, and the
        narrative adopted from each."""
        result = adoption.adoption_view(Database(db), town)
        emit(fmt, result["codes"], _codes(result))

    @narratives.command("adopt")
    def adopt(
        period: Annotated[str, typer.Option("--period", help="The narrative period's number.")],
        status: Annotated[str, typer.Option("--status", help="dominant or alternative.")],
        code: Annotated[
            list[str] | None,
            typer.Option(
                "--code",
                help="A code's path (or id); repeat for several. Default: every code "
                "whose path names the period and status.",
            ),
        ] = None,
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Adopt the narratives of a period and status from the coded passages: each code becomes a
        narrative (provenance inferred, "adopted from coding") linked to its passages."""
        result = adoption.adopt(Database(db), town, period=period, status=status, codes=code)
        emit(fmt, result, _adopted(result), rows=result["narratives"])
