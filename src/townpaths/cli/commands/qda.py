"""`townpaths qda ...`: REFI-QDA exchange, codebooks, segments, agreement, Table 2 from coding."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townpaths.cli.common import emit, DbOption, FormatOption, OutputFormat, TownOption, print_json, user_errors
from townpaths.studies.qda.service import exchange, exports
from townpaths.studies.qda import service
from townpaths.storage import Database

CoderOption = Annotated[str | None, typer.Option("--coder", help="Only segments of this coder.")]


def _report(result: dict, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(result)
        return
    typer.echo(f"Imported into {result['town']}: " + ", ".join(f"{v} {k}" for k, v in result["imported"].items()))
    if result["not_represented"]:
        typer.echo(f"Not represented ({len(result['not_represented'])}):")
        for line in result["not_represented"]:
            typer.echo(f"  - {line}")


def register(app: typer.Typer) -> None:
    qda = typer.Typer(help="Narrative coding: REFI-QDA exchange, codebooks, segments, agreement.", no_args_is_help=True)
    codebook = typer.Typer(help="Import and export the codebook (.qdc or .csv).", no_args_is_help=True)
    qda.add_typer(codebook, name="codebook")
    app.add_typer(qda, name="qda")

    @qda.command("export")
    @user_errors
    def export(output: Annotated[Path, typer.Option("--output", "-o", help="The .qdpx file to write.")],
               db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Export interviews, codes, coding, coders, cases and notes as a REFI-QDA project (.qdpx)."""
        result = exchange.export_qdpx(Database(db), town, output)
        emit(fmt, result, f"Wrote {output}: {result['sources']} sources, {result['codes']} codes, "
                          f"{result['codings']} codings, {result['users']} users, {result['cases']} cases")

    @qda.command("import")
    @user_errors
    def import_(file: Annotated[Path, typer.Argument(help="A .qdpx project from ATLAS.ti, MAXQDA, NVivo, ...")],
                db: DbOption = None,
                town: Annotated[str | None,
                                typer.Option("--town", help="Add to this town (default: a new town).")] = None,
                as_slug: Annotated[str | None, typer.Option("--as", help="Slug of the new town.")] = None,
                fmt: FormatOption = OutputFormat.table) -> None:
        """Import a REFI-QDA project (all or nothing) and report what could not be represented."""
        _report(exchange.import_qdpx(Database(db), file, town=town, slug=as_slug), fmt)

    @codebook.command("export")
    @user_errors
    def codebook_export(file: Annotated[Path, typer.Argument(help="Output .qdc (REFI-QDA) or .csv.")],
                        db: DbOption = None, town: TownOption = None) -> None:
        """Export the codebook as REFI-QDA .qdc or CSV (by the file suffix)."""
        result = exchange.export_codebook(Database(db), town, file)
        typer.echo(f"Wrote {file}: {result['codes']} codes")

    @codebook.command("import")
    @user_errors
    def codebook_import(file: Annotated[Path, typer.Argument(help="A .qdc (REFI-QDA) or .csv codebook.")],
                        db: DbOption = None, town: TownOption = None,
                        name: Annotated[str | None, typer.Option("--name", help="Codebook name.")] = None,
                        fmt: FormatOption = OutputFormat.table) -> None:
        """Import a codebook; codes already present (same GUID) are kept."""
        _report(exchange.import_codebook(Database(db), town, file, name=name), fmt)

    @qda.command("segments")
    @user_errors
    def segments(code: Annotated[str, typer.Option("--code", help="Code name (or part of it, or GUID).")],
                 db: DbOption = None, town: TownOption = None, coder: CoderOption = None,
                 context: Annotated[int, typer.Option("--context", help="Code points of context.")] = 80,
                 fmt: FormatOption = OutputFormat.table) -> None:
        """Coded segments of a code (and its sub-codes) with context and interviewee attributes."""
        rows = service.segments_by_code(Database(db), town, code, coder=coder, width=context)
        if fmt is OutputFormat.json:
            print_json(rows)
            return
        for r in rows:
            typer.echo(f"[{r['interviewee'] or '-'} {r['sector'] or ''}] {r['interview']} {r['start']}-{r['end']} "
                       f"({r['coder'] or '-'}; {r['code']})")
            typer.echo(f"    …{' '.join(r['before'].split())} «{' '.join(r['quote'].split())}» "
                       f"{' '.join(r['after'].split())}…")
        typer.echo(f"{len(rows)} segments")

    @qda.command("agreement")
    @user_errors
    def agreement(db: DbOption = None, town: TownOption = None,
                  coder_a: Annotated[str | None, typer.Option("--coder-a", help="First coder.")] = None,
                  coder_b: Annotated[str | None, typer.Option("--coder-b", help="Second coder.")] = None,
                  fmt: FormatOption = OutputFormat.table) -> None:
        """Inter-coder reliability on character units: percent agreement, Cohen's kappa, Krippendorff's alpha."""
        result = service.agreement(Database(db), town, coder_a, coder_b)
        if fmt is OutputFormat.json:
            print_json(result)
            return

        def fmt_num(v: float | None) -> str:
            return "   -  " if v is None else f"{v:6.3f}"

        typer.echo(f"Coders: {result['coders'][0]} and {result['coders'][1]}; "
                   f"{len(result['transcripts'])} transcripts coded by both")
        typer.echo(f"{'':60} agreement  kappa  alpha")
        for title, rows, key in (("Per code", result["by_code"], "code"),
                                 ("Per transcript", result["by_transcript"], "transcript")):
            typer.echo(title)
            for r in rows:
                typer.echo(f"  {r[key][:58]:58} {fmt_num(r['agreement'])} {fmt_num(r['kappa'])} {fmt_num(r['alpha'])}")
        o = result["overall"]
        typer.echo(f"  {'overall':58} {fmt_num(o['agreement'])} {fmt_num(o['kappa'])} {fmt_num(o['alpha'])}")

    @qda.command("search")
    @user_errors
    def search(query: Annotated[str, typer.Argument(help="Words to find in transcripts.")],
               db: DbOption = None, town: TownOption = None,
               limit: Annotated[int, typer.Option("--limit", help="Most hits.")] = 20,
               fmt: FormatOption = OutputFormat.table) -> None:
        """Full-text search over transcripts."""
        rows = service.search(Database(db), town, query, limit=limit)
        if fmt is OutputFormat.json:
            print_json(rows)
            return
        for r in rows:
            typer.echo(f"{r['id']:>5} {r['title']}\n      {' '.join((r['snippet'] or '').split())}")

    @qda.command("table2")
    @user_errors
    def table2(db: DbOption = None, town: TownOption = None, coder: CoderOption = None,
               fmt: FormatOption = OutputFormat.table) -> None:
        """Table 2 from coding: narratives per period and status with counts by helix sector and quotes."""
        periods = service.table2_from_coding(Database(db), town, coder=coder)
        if fmt is OutputFormat.json:
            print_json(periods)
            return
        for p in periods:
            typer.echo(f"{p['period_no']}. {p['period_name']}")
            for status in ("dominant", "alternative"):
                for n in p[status]:
                    sectors = " ".join(f"{k}={v}" for k, v in n["by_sector"].items() if v)
                    typer.echo(f"  [{status[:3]}] {n['text_en'][:70]}: {n['interviewees']} interviewees {sectors}")
                    for q in n["quotes"]:
                        typer.echo(f"        “{q['quote'][:90]}” ({q['interviewee']})")

    @qda.command("cooccurrence")
    @user_errors
    def cooccurrence(db: DbOption = None, town: TownOption = None, coder: CoderOption = None,
                     fmt: FormatOption = OutputFormat.table) -> None:
        """Pairs of codes whose segments overlap in the same transcript."""
        rows = service.cooccurrence(Database(db), town, coder=coder)
        if fmt is OutputFormat.json:
            print_json(rows)
            return
        for r in rows:
            typer.echo(f"{r['count']:>4}  {r['code_a']}  +  {r['code_b']}")

    @qda.command("export-segments")
    @user_errors
    def export_segments(output: Annotated[Path, typer.Option("--output", "-o", help="A .csv or .xlsx file.")],
                        db: DbOption = None, town: TownOption = None) -> None:
        """Write every coded segment (with interviewee attributes) to CSV or XLSX."""
        n = exports.export_segments(Database(db), town, output)
        typer.echo(f"Wrote {output}: {n} segments")

    @qda.command("matrix")
    @user_errors
    def matrix(output: Annotated[Path, typer.Option("--output", "-o", help="A .csv or .xlsx file.")],
               db: DbOption = None, town: TownOption = None, coder: CoderOption = None) -> None:
        """Write the code x interviewee matrix of segment counts to CSV or XLSX."""
        n = exports.export_matrix(Database(db), town, output, coder=coder)
        typer.echo(f"Wrote {output}: {n} codes")
