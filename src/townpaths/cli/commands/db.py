"""``townpaths db``: the database schema."""

from __future__ import annotations

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, emit
from townpaths.storage import Database


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Create or upgrade the database schema.", no_args_is_help=True)

    @db_app.command("upgrade")
    def upgrade(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Apply the migrations (creates the database if it does not exist)."""
        database = Database(db, upgrade=False)
        database.upgrade()
        result = {"database": database.display_url, "revision": database.current_revision()}
        emit(fmt, result, f"{result['database']} is at revision {result['revision']}")

    app.add_typer(db_app, name="db")
