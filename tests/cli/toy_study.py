"""A plug-in study for the CLI tests: one command in a sub-app, one export format, no decorators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from townpaths.core.errors import NotFound
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
