"""``townpaths serve``: the web app."""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from townpaths.cli.common import DbOption
from townpaths.core.i18n import check_language
from townpaths.storage import Database


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        db: DbOption = None,
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port.")] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes (PostgreSQL for more than one).")] = 1,
        lang: Annotated[str, typer.Option("--lang", help="Default language of the pages.")] = "en",
    ) -> None:
        """Start the web app (towns, case pages, report, workshops)."""
        import uvicorn

        check_language(lang)
        database = Database(db)  # reachable and migrated before any worker starts
        database.dispose()
        os.environ["TOWNPATHS_DATABASE_URL"] = database.url
        # Every worker must sign and check participant tokens and CSRF with the same key.
        os.environ.setdefault("TOWNPATHS_SECRET_KEY", secrets.token_urlsafe(32))
        os.environ["TOWNPATHS_LANG"] = lang
        typer.echo(f"townpaths on http://{host}:{port}/ (database {database.display_url})")
        uvicorn.run("townpaths.web.asgi:app", host=host, port=port, workers=workers, log_level="warning")
