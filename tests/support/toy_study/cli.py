"""The toy study's command."""

from __future__ import annotations

import typer

from tests.support.toy_study import service
from townpaths.cli.common import DbOption, TownOption, user_errors
from townpaths.storage import Database


def register(app: typer.Typer) -> None:
    @app.command("toy")
    @user_errors
    def toy(db: DbOption = None, town: TownOption = None) -> None:
        """List the toy notes of a town."""
        for note in service.notes(Database(db), town):
            typer.echo(note["text_en"])
