"""`townpaths qda ...`: REFI-QDA exchange, codebooks, segments, agreement, Table 2 from coding."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cli.common import (
    DbOption,
    FormatOption,
    OutputFormat,
    TownOption,
    emit,
    hit_lines,
    pick_export,
    registry_of,
)
from townpaths.storage import Database
from townpaths.studies.qda import service
from townpaths.studies.qda.service import exchange, exports, passages

CoderOption = Annotated[str | None, typer.Option("--coder", help="Only segments of this coder.")]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="File to write (the suffix picks the format).")]


class Positions(str, Enum):
    stored = "stored"
    lf = "lf"


def _imported(result: dict[str, Any]) -> Iterator[str]:
    yield f"Imported into {result['town']}: " + ", ".join(f"{v} {k}" for k, v in result["imported"].items())
    if "positions" in result:
        yield f"Text positions: {result['positions']['reason']}"
    if result["not_represented"]:
        yield f"Not represented ({len(result['not_represented'])}):"
        for line in result["not_represented"]:
            yield f"  - {line}"


def _segment_lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    for r in rows:
        yield (
            f"[{r['interviewee'] or '-'} {r['sector'] or ''}] {r['interview']} {r['start']}-{r['end']} "
            f"({r['coder'] or '-'}; {r['code']})"
        )
        yield f"    …{' '.join(r['before'].split())} «{' '.join(r['quote'].split())}» {' '.join(r['after'].split())}…"
    yield f"{len(rows)} segments"


def _num(v: float | None) -> str:
    return "   -  " if v is None else f"{v:6.3f}"


def _agreement_lines(result: dict[str, Any]) -> Iterator[str]:
    yield (
        f"Coders: {result['coders'][0]} and {result['coders'][1]}; "
        f"{len(result['transcripts'])} transcripts coded by both"
    )
    yield f"{'':60} agreement  kappa  alpha"
    for title, rows, key in (
        ("Per code", result["by_code"], "code"),
        ("Per transcript", result["by_transcript"], "transcript"),
    ):
        yield title
        for r in rows:
            yield f"  {r[key][:58]:58} {_num(r['agreement'])} {_num(r['kappa'])} {_num(r['alpha'])}"
    o = result["overall"]
    yield f"  {'overall':58} {_num(o['agreement'])} {_num(o['kappa'])} {_num(o['alpha'])}"


def _agreement_rows(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    measures = ("agreement", "kappa", "alpha")
    for scope, rows in (("code", result["by_code"]), ("transcript", result["by_transcript"])):
        for r in rows:
            yield {"scope": scope, "name": r[scope], **{m: r[m] for m in measures}}
    yield {"scope": "overall", "name": "", **{m: result["overall"][m] for m in measures}}


def _table2_lines(periods: list[dict[str, Any]]) -> Iterator[str]:
    for p in periods:
        yield f"{p['period_no']}. {p['period_name']}"
        for status in ("dominant", "alternative"):
            for n in p[status]:
                sectors = " ".join(f"{k}={v}" for k, v in n["by_sector"].items() if v)
                yield f"  [{status[:3]}] {n['text_en'][:70]}: {n['interviewees']} interviewees {sectors}"
                for q in n["quotes"]:
                    yield f"        “{q['quote'][:90]}” ({q['interviewee']})"


def _table2_rows(periods: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for p in periods:
        for status in ("dominant", "alternative"):
            for n in p[status]:
                yield {
                    "period_no": p["period_no"],
                    "period_name": p["period_name"],
                    "status": status,
                    **{k: v for k, v in n.items() if k != "quotes"},
                    "quotes": [f"{q['quote']} ({q['interviewee']})" for q in n["quotes"]],
                }


def register(app: typer.Typer) -> None:
    qda = typer.Typer(help="Narrative coding: REFI-QDA exchange, codebooks, segments, agreement.", no_args_is_help=True)
    codebook = typer.Typer(help="Import and export the codebook (.qdc or .csv).", no_args_is_help=True)
    qda.add_typer(codebook, name="codebook")
    app.add_typer(qda, name="qda")

    @qda.command("export")
    def export(
        ctx: typer.Context,
        output: Annotated[Path, typer.Option("--output", "-o", help="The .qdpx file to write.")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export interviews, codes, coding, coders, cases and notes as a REFI-QDA project (.qdpx)."""
        result = pick_export(registry_of(ctx), "qda", output, among=("qdpx",)).write(Database(db), town, output)
        emit(
            fmt,
            result,
            f"Wrote {output}: {result['sources']} sources, {result['codes']} codes, "
            f"{result['codings']} codings, {result['users']} users, {result['cases']} cases",
        )

    @qda.command("import")
    def import_(
        file: Annotated[Path, typer.Argument(help="A .qdpx project from ATLAS.ti, MAXQDA, NVivo, ...")],
        db: DbOption = None,
        town: Annotated[str | None, typer.Option("--town", help="Add to this town (default: a new town).")] = None,
        as_slug: Annotated[str | None, typer.Option("--as", help="Slug of the new town.")] = None,
        positions: Annotated[
            Positions | None,
            typer.Option(
                "--positions",
                help="How the file counts text positions: 'stored' (a CRLF is two characters: MAXQDA, NVivo) "
                "or 'lf' (a line ending is one: ATLAS.ti). Default: chosen from the exporting tool.",
            ),
        ] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Import a REFI-QDA project (all or nothing) and report what could not be represented."""
        result = exchange.import_qdpx(
            Database(db), file, town=town, slug=as_slug, positions=positions.value if positions else None
        )
        emit(fmt, result, _imported(result))

    @codebook.command("export")
    def codebook_export(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="Output .qdc (REFI-QDA) or .csv (the suffix picks the format).")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Export the codebook as REFI-QDA .qdc or CSV (by the file suffix)."""
        chosen = pick_export(registry_of(ctx), "qda", file, among=("qdc", "codebook-csv"))
        result = chosen.write(Database(db), town, file)
        emit(fmt, result, f"Wrote {file}: {result['codes']} codes")

    @codebook.command("import")
    def codebook_import(
        file: Annotated[Path, typer.Argument(help="A .qdc (REFI-QDA) or .csv codebook.")],
        db: DbOption = None,
        town: TownOption = None,
        name: Annotated[str | None, typer.Option("--name", help="Codebook name.")] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Import a codebook; codes already present (same GUID) are kept."""
        result = exchange.import_codebook(Database(db), town, file, name=name)
        emit(fmt, result, _imported(result))

    @qda.command("segments")
    def segments(
        code: Annotated[str, typer.Option("--code", help="Code name (or part of it, or GUID).")],
        db: DbOption = None,
        town: TownOption = None,
        coder: CoderOption = None,
        context: Annotated[int, typer.Option("--context", help="Code points of context.")] = 80,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Coded segments of a code (and its sub-codes) with context and interviewee attributes."""
        rows = service.segments_by_code(Database(db), town, code, coder=coder, width=context)
        emit(fmt, rows, _segment_lines(rows))

    @qda.command("code")
    def code(
        interview: Annotated[str, typer.Option("--interview", help="The transcript: its title (or part), id or GUID.")],
        code: Annotated[str, typer.Option("--code", help="The code: its path (a/b/c), name or GUID.")],
        text: Annotated[str, typer.Option("--text", help="The passage, word for word as the transcript has it.")],
        occurrence: Annotated[int, typer.Option("--occurrence", help="Which occurrence of the passage.")] = 1,
        memo: Annotated[str | None, typer.Option("--memo", help="A memo on the segment.")] = None,
        db: DbOption = None,
        town: TownOption = None,
        coder: CoderOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Code a passage of a transcript (as the coding page does)."""
        made = passages.code_passage(
            Database(db), town, interview, code, text, occurrence=occurrence, coder=coder, memo=memo
        )
        emit(fmt, made, f"Coded {made['start']}-{made['end']} with {made['code']}")

    @qda.command("agreement")
    def agreement(
        db: DbOption = None,
        town: TownOption = None,
        coder_a: Annotated[
            str | None, typer.Option("--coder-a", help="First coder: a name, or the e-mail address of its account.")
        ] = None,
        coder_b: Annotated[str | None, typer.Option("--coder-b", help="Second coder.")] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Inter-coder reliability on character units: percent agreement, Cohen's kappa, Krippendorff's alpha."""
        result = service.agreement(Database(db), town, coder_a, coder_b)
        emit(fmt, result, _agreement_lines(result), rows=_agreement_rows(result))

    @qda.command("search")
    def search(
        query: Annotated[str, typer.Argument(help="Words to find in transcripts.")],
        db: DbOption = None,
        town: TownOption = None,
        limit: Annotated[int, typer.Option("--limit", help="Most hits.")] = 20,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Search transcripts by word: any inflected form finds the others ("socializem" finds "socializma")."""
        rows = service.search(Database(db), town, query, limit=limit)
        emit(fmt, rows, hit_lines(rows))

    @qda.command("table2")
    def table2(
        db: DbOption = None, town: TownOption = None, coder: CoderOption = None, fmt: FormatOption = OutputFormat.table
    ) -> None:
        """Table 2 from coding: narratives per period and status with counts by helix sector and quotes."""
        periods = service.table2_from_coding(Database(db), town, coder=coder)
        emit(fmt, periods, _table2_lines(periods), rows=_table2_rows(periods))

    @qda.command("cooccurrence")
    def cooccurrence(
        db: DbOption = None, town: TownOption = None, coder: CoderOption = None, fmt: FormatOption = OutputFormat.table
    ) -> None:
        """Pairs of codes whose segments overlap in the same transcript."""
        rows = service.cooccurrence(Database(db), town, coder=coder)
        emit(fmt, rows, (f"{r['count']:>4}  {r['code_a']}  +  {r['code_b']}" for r in rows))

    @qda.command("export-segments")
    def export_segments(
        ctx: typer.Context,
        output: OutputOption,
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Write every coded segment (with interviewee attributes) to CSV or XLSX."""
        chosen = pick_export(registry_of(ctx), "qda", output, among=("segments-csv", "segments-xlsx"))
        result = chosen.write(Database(db), town, output)
        emit(fmt, result, f"Wrote {output}: {result['segments']} segments")

    @qda.command("matrix")
    def matrix(
        ctx: typer.Context,
        output: OutputOption,
        db: DbOption = None,
        town: TownOption = None,
        coder: CoderOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Write the code x interviewee matrix of segment counts to CSV or XLSX."""
        pick_export(registry_of(ctx), "qda", output, among=("matrix-csv", "matrix-xlsx"))  # the suffix, checked first
        result = {"file": str(output), "codes": exports.export_matrix(Database(db), town, output, coder=coder)}
        emit(fmt, result, f"Wrote {output}: {result['codes']} codes")
