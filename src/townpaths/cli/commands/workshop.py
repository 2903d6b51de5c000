"""``townpaths workshop``: create a live workshop, export its results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townpaths.cli.common import DbOption, TownOption, print_json, user_errors
from townpaths.studies.workshop.formats.export import FORMATS, write_export
from townpaths.storage import Database
from townpaths.studies.workshop.core import plan
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import views


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Live participatory workshops.", no_args_is_help=True)
    app.add_typer(group, name="workshop")

    @group.command("create")
    @user_errors
    def create(
        db: DbOption = None,
        town: TownOption = None,
        title: Annotated[str, typer.Option("--title", help="Title shown to participants.")] = "",
        rounds: Annotated[str, typer.Option("--rounds", help="e.g. individual,pair,group:4,plenary,worksheet:3")] = plan.DEFAULT_ROUNDS + ",worksheet:3",
        method: Annotated[str, typer.Option("--method", help=", ".join(plan.METHODS))] = "kemeny",
        base_url: Annotated[str, typer.Option("--base-url", help="Where the app is served.")] = "http://127.0.0.1:8000",
        json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Create a workshop for a town (problems from the case); print the facilitator link and room code."""
        created = service.create_workshop(Database(db), town, title=title, rounds=rounds, method=method)
        link = f"{base_url.rstrip('/')}/workshops/{created.workshop_id}/admin?key={created.admin_secret}"
        if json_out:
            print_json({"id": created.workshop_id, "room_code": created.room_code, "facilitator_link": link})
            return
        typer.echo(f"Workshop {created.workshop_id}")
        typer.echo(f"Room code: {created.room_code}")
        typer.echo(f"Facilitator link (keep it secret): {link}")

    @group.command("export")
    @user_errors
    def export(
        workshop_id: Annotated[int, typer.Argument(help="Workshop id.")],
        fmt: Annotated[str, typer.Option("--format", help=" | ".join(FORMATS))] = "json",
        output: Annotated[Path, typer.Option("--output", help="Folder for the files.")] = Path("."),
        db: DbOption = None,
    ) -> None:
        """Export ballots of every round (csv, preflib) or everything (json); prints the files written."""
        paths = write_export(views.export_data(Database(db), workshop_id), fmt, output)
        for path in paths:
            typer.echo(str(path))
