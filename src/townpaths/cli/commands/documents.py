"""``townpaths documents``: official documents and their heritage/branding lexicon scan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townpaths.cli.common import emit, DbOption, FormatOption, OutputFormat, TownOption, print_json, user_errors
from townpaths.studies.documents import service
from townpaths.storage import Database

documents_app = typer.Typer(help="Official documents: add, scan for heritage and branding terms, lexicon.",
                            no_args_is_help=True)


@documents_app.command("add")
@user_errors
def add(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX, HTML or TXT file.")],
    genre: Annotated[str, typer.Option("--genre", help="e.g. strategy, spatial plan, tourism strategy.")],
    year: Annotated[int | None, typer.Option("--year", help="Year of adoption.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title (default: from the file).")] = None,
    language: Annotated[str | None, typer.Option("--language", help="sl or en (default: guessed).")] = None,
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add an official document (strategy, plan) to the case."""
    result = service.add_document(Database(db), town, file, genre=genre, year=year, title=title, language=language)
    emit(fmt, result, f"Added document {result['id']}: {result['title']} ({result['genre']}, {result['year']}, "
                      f"{result['language']}, {result['characters']:,} characters)")


@documents_app.command("scan")
@user_errors
def scan(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Scan every document: mentions per 1,000 words per category; documents that never mention
    heritage become lock-in evidence."""
    from rich.progress import Progress

    database = Database(db)
    with Progress(transient=True, disable=fmt is OutputFormat.json) as bar:
        task = bar.add_task("Scanning documents", total=None)

        def progress(done: int, total: int, title: str) -> None:
            bar.update(task, completed=done, total=total, description=f"Scanned {title[:40]}")

        results = service.scan_documents(database, town, progress)
    if fmt is OutputFormat.json:
        print_json(results)
        return
    if not results:
        typer.echo("No documents (add some with `townpaths documents add FILE --genre G --year Y`).")
        return
    cats = list(results[0]["categories"])
    typer.echo(f"{'id':>4}  {'document':<40} {'words':>8}  " + "  ".join(f"{c[:11]:>11}" for c in cats))
    for r in results:
        flag = "  LOCK-IN: no heritage mention" if r["lock_in"] else ""
        typer.echo(f"{r['id']:>4}  {r['title'][:40]:<40} {r['words']:>8}  "
                   + "  ".join(f"{r['categories'][c]['per_1000']:>11.2f}" for c in cats) + flag)
    typer.echo("(mentions per 1,000 words)")


@documents_app.command("lexicon")
@user_errors
def lexicon(
    set_file: Annotated[Path | None, typer.Option("--set", help="Replace the study's lexicon with this CSV "
                                                  "(group,category,lang,term).")] = None,
    db: DbOption = None,
    town: TownOption = None,
) -> None:
    """Print the study's lexicon as CSV, or replace it with --set FILE."""
    database = Database(db)
    if set_file is not None:
        n = service.set_lexicon(database, town, set_file)
        typer.echo(f"Lexicon: {n} terms (run `townpaths documents scan` again)")
        return
    typer.echo(service.lexicon_csv(database, town), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(documents_app, name="documents")
