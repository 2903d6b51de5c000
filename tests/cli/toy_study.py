"""A plug-in study for the CLI tests: one command in a sub-app, one export format, no decorators."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import func, select

from townpaths.core.errors import NotFound
from townpaths.storage import Database
from townpaths.storage.models import Symbol, Town
from townpaths.studies.spec import ExportFormat, Study


def _write(db: Any, town: str | None, output: Path) -> dict[str, Any]:
    Path(output).write_text("toy\n", encoding="utf-8")
    return {"file": str(output)}


STUDY = Study(
    name="toy",
    title="Toy",
    order=99,
    cli=("tests.cli.toy_study",),
    exports=(ExportFormat("txt", (".txt",), _write, "a toy text file"),),
)


def register(app: typer.Typer) -> None:
    toy = typer.Typer(help="A toy study.", no_args_is_help=True)
    app.add_typer(toy, name="toy")

    @toy.command("find")
    def find(name: str) -> None:
        """Always fails: nothing is found."""
        raise NotFound(f"no toy named {name!r}")

    @toy.command("average")
    def average(db: Annotated[str, typer.Option("--db")]) -> None:
        """A plug-in's bug: it saves a town, then divides by the number of its symbols (none)
        inside the same transaction."""
        database = Database(db)
        with database.transaction() as session:
            town = Town(slug="half-written", name="Half written")
            session.add(town)
            session.flush()
            symbols = session.scalar(select(func.count()).select_from(Symbol).where(Symbol.town_id == town.id)) or 0
            typer.echo(f"{100 / symbols:.1f} per cent")

    @toy.command("wait")
    def wait(db: Annotated[str, typer.Option("--db")]) -> None:
        """Saves a town and is interrupted (Ctrl-C, a real SIGINT) before its transaction ends."""
        with Database(db).transaction() as session:
            session.add(Town(slug="interrupted", name="Interrupted"))
            session.flush()
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
