"""``townpaths workshop``: create a live workshop, export its results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townpaths.cli.common import (
    DbOption,
    FormatOption,
    OutputFormat,
    SecretKeyOption,
    TownOption,
    emit,
    pick_export,
    registry_of,
    study_exports,
)
from townpaths.people import service as people
from townpaths.registry import default_registry
from townpaths.storage import Database
from townpaths.storage.site import PUBLIC_URL, instance_secret, setting
from townpaths.studies.workshop import service
from townpaths.studies.workshop.core import plan, starts
from townpaths.studies.workshop.formats.problems import read_problems

#: Where links point when neither --base-url nor a server's public address is known.
LOCAL_URL = "http://127.0.0.1:8000"

#: The rounds of a new workshop unless --rounds says otherwise.
ROUNDS = plan.DEFAULT_ROUNDS + ",worksheet:3"
RoundsOption = Annotated[str, typer.Option("--rounds", help="e.g. individual,pair,group:4,plenary,worksheet:3")]
#: The export formats named in the help (the command looks them up in the registry it runs with).
KNOWN = " | ".join(study_exports(default_registry(), "workshop"))


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Live participatory workshops.", no_args_is_help=True)
    app.add_typer(group, name="workshop")

    @group.command("create")
    def create(
        db: DbOption = None,
        town: TownOption = None,
        title: Annotated[str, typer.Option("--title", help="Title shown to participants.")] = "",
        rounds: RoundsOption = ROUNDS,
        method: Annotated[str, typer.Option("--method", help=", ".join(plan.METHODS))] = "kemeny",
        base_url: Annotated[
            str | None,
            typer.Option(
                "--base-url",
                help="The app's public address for the link (default: the one `townpaths serve --public-url` "
                f"was last started with, else {LOCAL_URL}).",
                show_default=False,
            ),
        ] = None,
        start: Annotated[
            str,
            typer.Option("--start", help="How each person's list starts a round: " + " or ".join(starts.START_MODES)),
        ] = "random",
        facilitator: Annotated[
            str | None, typer.Option("--facilitator", help="E-mail address of the account that runs it.")
        ] = None,
        problems: Annotated[
            Path | None,
            typer.Option(
                "--problems",
                help="The problems to rank, typed in: a CSV or XLSX sheet with the columns text_en and text_sl, "
                "one problem a row (default: the case's problems).",
            ),
        ] = None,
        secret_key: SecretKeyOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Create a workshop for a town (the case's problems, or those of a sheet); print the room
        code and the facilitator link (its console also shows the link)."""
        typed = read_problems(problems) if problems is not None else None  # checked before anything is written
        database = Database(db)
        facilitator_id = people.user_id(database, facilitator) if facilitator else None
        created = service.create_workshop(
            database,
            town,
            title=title,
            rounds=rounds,
            method=method,
            problems=typed,
            facilitator_id=facilitator_id,
            start=start,
        )
        # the key the server signs with: the one stored in the database unless one is given
        base = base_url or setting(database, PUBLIC_URL) or LOCAL_URL
        link = created.facilitator_link(base, instance_secret(database, secret_key))
        result = {"id": created.workshop_id, "room_code": created.room_code, "facilitator_link": link}
        emit(
            fmt,
            result,
            [
                f"Workshop {result['id']}",
                f"Room code: {result['room_code']}",
                f"Facilitator link (keep it secret): {link}",
            ],
        )

    @group.command("export")
    def export(
        ctx: typer.Context,
        workshop_id: Annotated[int, typer.Argument(help="Workshop id.")],
        kind: Annotated[str, typer.Option("--kind", help=f"File format: {KNOWN} (see `townpaths formats`).")] = "json",
        output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the files.")] = Path("."),
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export ballots of every round (csv, preflib) or everything (json); prints the files written."""
        result = pick_export(registry_of(ctx), "workshop", output, kind=kind).write(Database(db), workshop_id, output)
        emit(fmt, result, result["files"], rows=[{"file": f} for f in result["files"]])
