"""`townpaths interviews ...`: add transcripts (TXT, DOCX, ODT) and list them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, print_json, user_errors
from townpaths.core.errors import InputError
from townpaths.studies.qda import service
from townpaths.studies.qda.core.redact import pseudonyms
from townpaths.storage import Database


def _pairs(values: list[str], option: str) -> dict[str, str]:
    out = {}
    for value in values:
        if "=" not in value:
            raise InputError(f"use {option} KEY=VALUE", field=option, value=value)
        key, val = value.split("=", 1)
        out[key.strip()] = val.strip()
    return out


def register(app: typer.Typer) -> None:
    interviews = typer.Typer(help="Interview transcripts and interviewees.", no_args_is_help=True)
    app.add_typer(interviews, name="interviews")

    @interviews.command("add")
    @user_errors
    def add(
        files: Annotated[list[Path], typer.Argument(help="Transcripts: .txt (UTF-8), .docx or .odt (one or more).")],
        sector: Annotated[str, typer.Option("--sector", help="Quadruple-helix sector: economy, science_culture, "
                                                             "municipality or civil_society.")],
        db: DbOption = None,
        town: TownOption = None,
        interviewee: Annotated[str | None, typer.Option("--interviewee", help="Pseudonym (default: next free, e.g. "
                                                                              "E14, one per file).")] = None,
        title: Annotated[str | None, typer.Option("--title", help="Title (default: the file name).")] = None,
        language: Annotated[str | None, typer.Option("--language", help="Language code, e.g. sl.")] = None,
        held_on: Annotated[str | None, typer.Option("--date", help="Date of the interview (YYYY-MM-DD).")] = None,
        redact_names: Annotated[list[str], typer.Option("--redact", help="A name to replace by a pseudonym "
                                                        "(NAME, or NAME=PSEUDONYM); repeat.")] = [],  # noqa: B006
        attribute: Annotated[list[str], typer.Option("--attribute",
                                                     help="Interviewee variable KEY=VALUE; repeat.")] = [],  # noqa: B006
        fictional: Annotated[bool, typer.Option("--fictional", help="Mark as a fictional example.")] = False,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Add transcripts: text normalised once (BOM removed, line endings unified), names redacted.
        All files are added in one transaction (all or nothing)."""
        for file in files:
            if not file.is_file():
                raise InputError("no such file", file=str(file))
        if len(files) > 1 and title:
            raise InputError("--title needs a single file", field="--title", value=title)
        try:
            date = dt.date.fromisoformat(held_on) if held_on else None
        except ValueError:
            raise InputError("not a date (YYYY-MM-DD)", field="--date", value=held_on) from None
        explicit = _pairs([n for n in redact_names if "=" in n], "--redact")
        names = {**pseudonyms([n for n in redact_names if "=" not in n], taken=set(explicit.values())), **explicit}
        items = ({"filename": f.name, "data": f.read_bytes(), "sector": sector, "interviewee": interviewee,
                  "title": title, "language": language, "held_on": date, "names": names,
                  "attributes": _pairs(attribute, "--attribute"), "fictional": fictional} for f in files)
        with Progress(transient=True, disable=len(files) < 10 or fmt is OutputFormat.json) as bar:
            task = bar.add_task("Adding transcripts", total=len(files))
            results = service.add_interviews(Database(db), town, items, progress=lambda: bar.advance(task))
        if fmt is OutputFormat.json:
            print_json(results if len(results) > 1 else results[0])
            return
        for result in results:
            typer.echo(f"Added interview {result['id']} ({result['title']}) of {result['interviewee']} "
                       f"[{result['sector']}], {result['length']} characters")
            for name, n in result["redacted"].items():
                typer.echo(f"  replaced {name!r} {n} times by {names[name]!r}")

    @interviews.command("list")
    @user_errors
    def list_(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List the transcripts with interviewee, sector and number of coded segments."""
        rows = service.list_interviews(Database(db), town)
        if fmt is OutputFormat.json:
            print_json(rows)
            return
        for r in rows:
            typer.echo(f"{r['id']:>5} {r['interviewee'] or '-':<8} {r['sector'] or '-':<16} {r['segments']:>4} seg  "
                       f"{r['title']}")
