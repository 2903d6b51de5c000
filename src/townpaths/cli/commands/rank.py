"""``townpaths rank FILE``: consensus ranking of a ballot file (CSV or PrefLib)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit
from townpaths.ranking.analysis import Analysis, AnalysisDict
from townpaths.ranking.io import analyse_file


class MethodName(str, Enum):
    kemeny = "kemeny"
    schulze = "schulze"
    copeland = "copeland"
    borda = "borda"
    ranked_pairs = "ranked-pairs"
    mean_rank = "mean-rank"


def _fmt(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "-"
    return f"{x:.{digits}f}".rstrip("0").rstrip(".") if not math.isnan(x) else "n/a"


def _p(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "< 0.0001" if p < 1e-4 else f"{p:.4f}"


def render(analysis: Analysis, console: Console) -> None:
    d = analysis.to_dict()
    console.print(
        f"[bold]{d['method']}[/bold] consensus of {d['ballots']} ballots "
        f"(total weight {_fmt(d['total_weight'])}) over {len(d['items'])} items"
    )
    table = Table("rank", "item (= tied)", d["score_label"], "mean rank", "rank sd", "split")
    by_item = {row["item"]: row for row in d["disagreement"]}
    above = 0
    for tier in d["tiers"]:
        rank = above + 1 if len(tier) == 1 else f"{above + 1}-{above + len(tier)}"
        first = True
        for item in tier:
            dis = by_item[item]
            table.add_row(
                str(rank) if first else "=",
                item,
                _fmt(d["scores"].get(item)),
                _fmt(dis["mean_rank"]),
                _fmt(dis["rank_sd"]),
                _fmt(dis["split"]),
            )
            first = False
        above += len(tier)
    console.print(table)
    if "kemeny" in d:
        k = d["kemeny"]
        count = k["n_optimal"]
        more = "at least " if k["n_optimal_at_least"] else ""
        console.print(
            f"Kemeny disagreement {_fmt(k['disagreement'])}, agreement {_fmt(k['agreement'])}; "
            f"{more}{count} optimal order(s)"
            + ("" if k["ties_fully_checked"] else " (time limit: ties between optimal orders not fully checked)")
        )
    for note in d["notes"]:
        console.print(f"[yellow]Note:[/yellow] {note}")
    console.print(f"Winners: {', '.join(d['winners'])}")
    console.print(f"Condorcet winner: {d['condorcet_winner'] or 'none'}")
    if d["cycles"]:
        console.print("Majority cycles: " + "; ".join(" > ".join([*c, c[0]]) for c in d["cycles"]))
    console.print(
        f"Kendall's W {_fmt(d['kendall_w'])} (chi2 {_fmt(d['chi2'], 2)}, df {d['df']}, p {_p(d['p_value'])}); "
        f"mean Kendall tau distance to consensus {_fmt(d['mean_tau_distance'])}"
    )


def rows(d: AnalysisDict) -> Iterator[dict[str, object]]:
    """The consensus order, one row per item (tied items share a rank)."""
    by_item = {row["item"]: row for row in d["disagreement"]}
    above = 0
    for tier in d["tiers"]:
        for item in tier:
            dis = by_item[item]
            yield {
                "rank": above + 1,
                "item": item,
                "score": d["scores"].get(item),
                "mean_rank": dis["mean_rank"],
                "rank_sd": dis["rank_sd"],
                "split": dis["split"],
            }
        above += len(tier)


def register(app: typer.Typer) -> None:
    @app.command("rank")
    def rank(
        file: Annotated[Path, typer.Argument(help="Ballots: .csv, or PrefLib .soc/.soi/.toc/.toi.")],
        method: Annotated[MethodName, typer.Option("--method", help="Aggregation method.")] = MethodName.kemeny,
        save: Annotated[
            str | None,
            typer.Option(
                "--save",
                help="Store the consensus as a ranking run of --town named NAME, beside the study's ranking "
                "(items are matched to the town's problems by their text).",
                metavar="NAME",
            ),
        ] = None,
        town: TownOption = None,
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Consensus ranking of a ballot file, with ties shown and consensus measures; with --save,
        kept as a run of a town (`townpaths runs list` shows it beside the study's ranking)."""
        analysis = analyse_file(file, method.value)
        d = analysis.to_dict()
        run_id = None
        if save is not None:
            from townpaths.storage import Database
            from townpaths.studies.workshop import service

            groups = [(b.group, float(b.weight)) for b in analysis.profile.ballots]
            run_id = service.save_file_run(Database(db), town, save, dict(d), groups)

        def show() -> None:
            console = Console()
            render(analysis, console)
            if run_id is not None:
                console.print(f"Saved as run {run_id} ({save}); `townpaths runs list` shows it beside the study's.")

        emit(fmt, {**d, "run": run_id} if save is not None else d, show, rows=rows(d))
