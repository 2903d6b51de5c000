"""`townpaths interviews ...`: add transcripts (TXT, DOCX, ODT), list them, record consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, key_values, progress_bar
from townpaths.core.errors import InputError
from townpaths.storage import Database
from townpaths.studies.qda import service
from townpaths.studies.qda.core.consent import parse_date
from townpaths.studies.qda.service import consent as consent_service


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise InputError("not a date (YYYY-MM-DD)", field="--date", value=value) from None


def _added(results: list[dict[str, Any]]) -> Iterator[str]:
    for result in results:
        yield (
            f"Added interview {result['id']} ({result['title']}) of {result['interviewee']} "
            f"[{result['sector']}], {result['length']} characters"
        )
        for name, n in result["redacted"].items():
            yield f"  replaced {name!r} {n} times by {result['pseudonyms'][name]!r}"


def _consent(r: dict[str, Any]) -> str:
    if r["consent_withdrawn_on"]:
        return f"  [consent withdrawn {r['consent_withdrawn_on']}: locked]"
    if r["consent_on"]:
        return f"  [consent {r['consent_on']}" + (f": {r['consent_scope']}]" if r["consent_scope"] else "]")
    return ""


def _consent_text(r: dict[str, Any]) -> str:
    if r["withdrawn"]:
        locked = f"{r['transcripts']} transcript(s) locked"
        return f"Consent of {r['interviewee']} withdrawn on {r['consent_withdrawn_on']}: {locked}"
    given = f"given on {r['consent_on']}" if r["consent_on"] else "date not recorded"
    return f"Consent of {r['interviewee']}: {given}" + (f", scope: {r['consent_scope']}" if r["consent_scope"] else "")


def _listed(rows: list[dict[str, Any]]) -> Iterator[str]:
    for r in rows:
        yield (
            f"{r['id']:>5} {r['interviewee'] or '-':<8} {r['sector'] or '-':<16} {r['segments']:>4} seg  {r['title']}"
            + _consent(r)
        )


def register(app: typer.Typer) -> None:
    interviews = typer.Typer(help="Interview transcripts and interviewees.", no_args_is_help=True)
    app.add_typer(interviews, name="interviews")

    @interviews.command("add")
    def add(
        files: Annotated[list[Path], typer.Argument(help="Transcripts: .txt (UTF-8), .docx or .odt (one or more).")],
        sector: Annotated[
            str,
            typer.Option(
                "--sector", help="Quadruple-helix sector: economy, science_culture, municipality or civil_society."
            ),
        ],
        db: DbOption = None,
        town: TownOption = None,
        interviewee: Annotated[
            str | None, typer.Option("--interviewee", help="Pseudonym (default: next free, e.g. E14, one per file).")
        ] = None,
        title: Annotated[str | None, typer.Option("--title", help="Title (default: the file name).")] = None,
        language: Annotated[str | None, typer.Option("--language", help="Language code, e.g. sl.")] = None,
        held_on: Annotated[str | None, typer.Option("--date", help="Date of the interview (YYYY-MM-DD).")] = None,
        redact_names: Annotated[
            list[str],
            typer.Option("--redact", help="A name to replace by a pseudonym (NAME, or NAME=PSEUDONYM); repeat."),
        ] = [],  # noqa: B006
        attribute: Annotated[
            list[str], typer.Option("--attribute", help="Interviewee variable KEY=VALUE; repeat.")
        ] = [],  # noqa: B006
        fictional: Annotated[bool, typer.Option("--fictional", help="Mark as a fictional example.")] = False,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Add transcripts: text normalised once (BOM removed, line endings unified), names redacted.
        All files are added in one transaction (all or nothing)."""
        date, attributes = _date(held_on), key_values(attribute, "--attribute")
        with progress_bar(fmt, show=len(files) >= 10) as bar:
            task = bar.add_task("Adding transcripts", total=len(files))
            results = service.add_interview_files(
                Database(db),
                town,
                files,
                sector=sector,
                interviewee=interviewee,
                title=title,
                language=language,
                held_on=date,
                redact_names=redact_names,
                attributes=attributes,
                fictional=fictional,
                progress=lambda: bar.advance(task),
            )
        emit(fmt, results if len(results) > 1 else results[0], _added(results), rows=results)

    @interviews.command("list")
    def list_(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List the transcripts with interviewee, sector, number of coded segments and consent."""
        rows = service.list_interviews(Database(db), town)
        emit(fmt, rows, _listed(rows))

    @interviews.command("consent")
    def consent(
        pseudonym: Annotated[str, typer.Argument(help="The interviewee's pseudonym, e.g. E14.")],
        on: Annotated[str | None, typer.Option("--on", help="Date the consent was given (YYYY-MM-DD).")] = None,
        scope: Annotated[str | None, typer.Option("--scope", help="What the interviewee consented to.")] = None,
        withdraw: Annotated[
            str | None,
            typer.Option("--withdraw", help="Date the consent was withdrawn (YYYY-MM-DD); locks the transcripts."),
        ] = None,
        reinstate: Annotated[bool, typer.Option("--reinstate", help="Clear a withdrawal recorded by mistake.")] = False,
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Record an interviewee's consent (date and scope) or its withdrawal. A withdrawn consent
        locks the transcripts and leaves them out of exports, the report, agreement and search."""
        if withdraw is not None and reinstate:
            raise InputError("give --withdraw or --reinstate, not both", field="--reinstate")
        changes: dict[str, Any] = {}
        if on is not None:
            changes["on"] = parse_date(on, "--on")
        if scope is not None:
            changes["scope"] = scope
        if withdraw is not None:
            changes["withdrawn_on"] = parse_date(withdraw, "--withdraw")
        if reinstate:
            changes["withdrawn_on"] = None
        if not changes:
            raise InputError("nothing to record: give --on, --scope, --withdraw or --reinstate")
        result = consent_service.set_consent(Database(db), town, pseudonym, **changes)
        emit(fmt, result, _consent_text(result))
