"""``townpaths evidence``: lock-in and path-renewal evidence of a case."""

from __future__ import annotations

from typing import Annotated

import typer

from townpaths.cases.case import open_case
from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, print_json, user_errors
from townpaths.core.i18n import Translator, check_language
from townpaths.studies.synthesis.service import case_evidence


def register(app: typer.Typer) -> None:
    @app.command("evidence")
    @user_errors
    def evidence(
        db: DbOption = None,
        town: TownOption = None,
        lang: Annotated[str, typer.Option("--lang", help="sl or en.")] = "en",
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """List the lock-in and path-renewal evidence, each item with the records it rests on."""
        data = case_evidence(open_case(town, db), check_language(lang))
        if fmt is OutputFormat.json:
            print_json(data)
            return
        tr = Translator(lang)
        for kind, items in data.items():
            typer.echo(f"{tr.gettext(kind)} ({len(items)})")
            for n, item in enumerate(items, 1):
                typer.echo(f"  {n}. {item['statement']}")
                for link in item["rests_on"]:
                    typer.echo(f"       - {tr.gettext(link['table'])} #{link['id']}: {link['label']}")
