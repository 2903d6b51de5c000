"""``townpaths evidence``: lock-in and path-renewal evidence of a case."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import typer

from townpaths.cases.case import open_case
from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, registry_of
from townpaths.core.i18n import Translator, check_language
from townpaths.studies.synthesis.service import case_evidence


def _lines(data: dict[str, list[dict[str, Any]]], lang: str) -> Iterator[str]:
    tr = Translator(lang)
    for kind, items in data.items():
        yield f"{tr.gettext(kind)} ({len(items)})"
        for n, item in enumerate(items, 1):
            yield f"  {n}. {item['statement']}"
            for link in item["rests_on"]:
                yield f"       - {tr.gettext(link['table'])} #{link['id']}: {link['label']}"


def _rows(data: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    for kind, items in data.items():
        for item in items:
            yield {
                "kind": kind,
                **{k: v for k, v in item.items() if k != "rests_on"},
                "rests_on": [f"{link['table']} #{link['id']}: {link['label']}" for link in item["rests_on"]],
            }


def register(app: typer.Typer) -> None:
    @app.command("evidence")
    def evidence(
        ctx: typer.Context,
        db: DbOption = None,
        town: TownOption = None,
        lang: Annotated[str, typer.Option("--lang", help="sl or en.")] = "en",
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """List the lock-in and path-renewal evidence, each item with the records it rests on."""
        lang = check_language(lang)
        data = case_evidence(open_case(town, db, registry_of(ctx)), lang)
        emit(fmt, data, _lines(data, lang), rows=_rows(data))
