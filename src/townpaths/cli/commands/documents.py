"""``townpaths documents``: official documents and their heritage/branding lexicon scan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, hit_lines, progress_bar
from townpaths.storage import Database
from townpaths.studies.documents import service

documents_app = typer.Typer(
    help="Official documents: add, scan for heritage and branding terms, lexicon.", no_args_is_help=True
)

TERM_COLUMNS = ["group", "category", "lang", "term"]


def _scan_lines(results: list[dict[str, Any]]) -> Iterator[str]:
    if not results:
        yield "No documents (add some with `townpaths documents add FILE --genre G --year Y`)."
        return
    cats = list(results[0]["categories"])
    yield f"{'id':>4}  {'document':<40} {'words':>8}  " + "  ".join(f"{c[:11]:>11}" for c in cats)
    for r in results:
        flag = "  LOCK-IN: no heritage mention" if r["lock_in"] else ""
        yield (
            f"{r['id']:>4}  {r['title'][:40]:<40} {r['words']:>8}  "
            + "  ".join(f"{r['categories'][c]['per_1000']:>11.2f}" for c in cats)
            + flag
        )
    yield "(mentions per 1,000 words)"


def _term_lines(rows: list[dict[str, str]]) -> Iterator[str]:
    for r in rows:
        yield f"{r['group']:<10} {r['category']:<20} {r['lang']:<4} {r['term']}"


@documents_app.command("add")
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
    emit(
        fmt,
        result,
        f"Added document {result['id']}: {result['title']} ({result['genre']}, {result['year']}, "
        f"{result['language']}, {result['characters']:,} characters)",
    )


@documents_app.command("scan")
def scan(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Scan every document: mentions per 1,000 words per category; documents that never mention
    heritage become lock-in evidence."""
    database = Database(db)
    with progress_bar(fmt) as bar:
        task = bar.add_task("Scanning documents", total=None)

        def progress(done: int, total: int, title: str) -> None:
            bar.update(task, completed=done, total=total, description=f"Scanned {title[:40]}")

        results = service.scan_documents(database, town, progress)
    emit(fmt, results, _scan_lines(results), columns=["id", "title", "genre", "year", "language", "words", "lock_in"])


@documents_app.command("lexicon")
def lexicon(
    set_file: Annotated[
        Path | None, typer.Option("--set", help="Replace the study's lexicon with this CSV (group,category,lang,term).")
    ] = None,
    db: DbOption = None,
    town: TownOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the study's lexicon (`--format csv` writes the file `--set` reads), or replace it with --set FILE."""
    database = Database(db)
    if set_file is not None:
        n = service.set_lexicon(database, town, set_file)
        emit(fmt, {"terms": n}, f"Lexicon: {n} terms (run `townpaths documents scan` again)")
        return
    rows = [
        {"group": t.group, "category": t.category, "lang": t.lang, "term": t.text}
        for t in service.lexicon(database, town)
    ]
    emit(fmt, rows, _term_lines(rows), columns=TERM_COLUMNS)


@documents_app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="Words to find in the documents (any inflected form).")],
    db: DbOption = None,
    town: TownOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Most hits.")] = 20,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Search the documents by word: any inflected form finds the others ("dediščina" finds "dediščine")."""
    rows = service.search_documents(Database(db), town, query, limit=limit)
    emit(fmt, rows, hit_lines(rows))


def register(app: typer.Typer) -> None:
    app.add_typer(documents_app, name="documents")
