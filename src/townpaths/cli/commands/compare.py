"""Towns compared side by side: ``compare TOWN TOWN [TOWN...]`` writes or prints the comparison;
``compare suggest`` lists the narratives and problems of two towns whose words overlap, and
``compare align`` confirms one pair by a tag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, emit, registry_of
from townpaths.comparison.build import compare_towns
from townpaths.comparison.frames import SUMMARY_COLUMNS, jsonable, statement_rows
from townpaths.comparison.render import output_format, write_comparison
from townpaths.comparison.suggest import THRESHOLD, align, suggest
from townpaths.core.errors import InputError
from townpaths.core.i18n import check_language
from townpaths.storage import Database

LangOption = Annotated[str, typer.Option("--lang", help="Language of the comparison: sl or en.")]


class CompareGroup(TyperGroup):
    """``compare A B`` compares (the group's own arguments); ``compare suggest|align ...`` runs a
    sub-command. Options may follow the towns."""

    allow_interspersed_args = True

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            # a sub-command: the group's own parameters stay at their defaults (the plain command's
            # parsing, without the group's)
            super(TyperGroup, self).parse_args(ctx, [])
            ctx._protected_args, ctx.args = args[:1], args[1:]
            return list(ctx.args)
        return super().parse_args(ctx, args)


def _summary(result: Any, lang: str) -> Iterator[str]:
    rows = statement_rows(result, lang)
    for pair in result.summaries:
        yield f"{pair.town_a} – {pair.town_b} ({pair.weighed} measures weighed)"
        for kind, title in (("alike", "alike"), ("differ", "differ most")):
            mine = [r for r in rows if (r["town_a"], r["town_b"], r["kind"]) == (pair.town_a, pair.town_b, kind)]
            yield f"  {title}:" + ("" if mine else " nothing")
            for r in mine:
                yield f"    {r['statement']}  [{r['comparison']}]"
    for section in result.sections:
        tables = ", ".join(f"{c.key} ({len(c.rows)} rows)" for c in section.comparisons) or "not compared"
        hidden = f" (not shown for {', '.join(section.hidden)})" if section.hidden else ""
        yield f"{section.study}: {tables}{hidden}"


def register(app: typer.Typer) -> None:
    compare_app = typer.Typer(
        cls=CompareGroup,
        help="Compare two or more towns side by side (`compare suggest` and `compare align` align their "
        "narratives and problems).",
    )
    app.add_typer(compare_app, name="compare")

    @compare_app.callback(invoke_without_command=True)
    def compare(
        ctx: typer.Context,
        towns: Annotated[list[str] | None, typer.Argument(help="Two or more towns (slugs or names).")] = None,
        db: DbOption = None,
        lang: LangOption = "en",
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write the comparison to a file: .html, .pdf or .docx."),
        ] = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Compare two or more towns: every study side by side with the numbers it rests on, and a
        summary of each pair (where they are alike, where they differ most)."""
        if ctx.invoked_subcommand is not None:
            return
        if not towns:
            typer.echo(ctx.get_help())
            return
        lang = check_language(lang)
        if output is not None:
            output_format(output)  # the suffix is checked before any work
        result = compare_towns(Database(db), towns, registry=registry_of(ctx))
        if output is not None:
            path = write_comparison(result, output, lang)
            emit(
                fmt,
                {"comparison": str(path.resolve()), "lang": lang, "towns": [t.slug for t in result.towns]},
                f"Wrote {path}",
            )
            return
        emit(
            fmt,
            jsonable(result, lang),
            _summary(result, lang),
            rows=statement_rows(result, lang),
            columns=SUMMARY_COLUMNS,
        )

    @compare_app.command("suggest")
    def suggest_(
        town_a: Annotated[str, typer.Argument(help="A town (slug or name).")],
        town_b: Annotated[str, typer.Argument(help="Another town.")],
        kind: Annotated[str | None, typer.Option("--kind", help="narratives or problems (default: both).")] = None,
        threshold: Annotated[
            float,
            typer.Option("--threshold", help="Suggest pairs whose words overlap at least this much (Jaccard, 0-1)."),
        ] = THRESHOLD,
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Suggest narratives and problems of two towns to align, by the words they share; nothing is
        aligned until a researcher confirms a pair with `townpaths compare align`."""
        kinds = (kind,) if kind else ("narratives", "problems")
        rows = suggest(Database(db), town_a, town_b, kinds=kinds, threshold=threshold)

        def lines() -> Iterator[str]:
            if not rows:
                yield "No pair of texts shares enough words."
            for r in rows:
                yield f"{r['score']:.2f}  {r['a']} = {r['b']}  ({', '.join(r['shared'])})"
                yield f"      {r['a_text']}"
                yield f"      {r['b_text']}"

        emit(fmt, rows, lines(), columns=["kind", "score", "a", "b", "shared", "language", "a_text", "b_text"])

    @compare_app.command("align")
    def align_(
        first: Annotated[str, typer.Argument(help="A record as TOWN:KIND:KEY (e.g. velenje:problems:3).")],
        second: Annotated[str, typer.Argument(help="The record of another town it matches.")],
        tag: Annotated[str, typer.Option("--tag", help="The theme both share (e.g. one-company-town).")],
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Confirm that two towns' narratives (or problems) are about the same theme: the tag is added
        to both, and the comparisons align them by it."""
        if not tag.strip():
            raise InputError("give the theme with --tag", field="--tag")
        result = align(Database(db), first, second, tag)
        emit(
            fmt,
            result,
            [f"Tagged {r['record']}: {', '.join(r['tags'])}" for r in result["records"]],
            rows=result["records"],
        )
