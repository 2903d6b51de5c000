"""``townpaths runs``: a town's ranking runs (workshops, ballot files) beside the study's ranking;
adopt one as the town's current ranking, undo that, delete a run."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit
from townpaths.storage import Database
from townpaths.studies.workshop import service


def _move(cell: dict[str, Any] | None) -> str:
    if not cell or cell["rank"] is None:
        return ""
    move = cell["move"]
    arrow = "" if move is None else f" (+{move})" if move > 0 else f" ({move})" if move < 0 else " (=)"
    return f"{cell['rank']}{'=' if cell['tied'] else ''}{arrow}"


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="A town's ranking runs beside the study's ranking: list, adopt, undo, delete.", no_args_is_help=True
    )
    app.add_typer(group, name="runs")

    @group.command("list")
    def list_runs(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """The study's ranking and beside it every run's, with each problem's move against the study
        (+2: two places up); the town's current ranking is marked."""
        found = service.town_runs(Database(db), town)
        current = found["current"]["id"] if found["current"] else None
        runs = [{k: v for k, v in r.items() if k != "items"} | {"current": r["id"] == current} for r in found["runs"]]
        rows = [
            {
                "problem": row["text_en"],
                "study": row["study"],
                **{f"run {r['id']}": _move(cell) for r, cell in zip(found["runs"], row["runs"], strict=True)},
            }
            for row in found["comparison"]
        ]

        def lines() -> list[str]:
            out = [
                f"Run {r['id']}: {r['name']} ({r['source']}, {r['held_on'] or '-'}, {r['method']}, "
                f"{r['ballots']} ballots){' [current]' if r['current'] else ''}"
                for r in runs
            ]
            out.append("Current ranking: " + (f"run {current}" if current else "the study's"))
            head = ["study", *(f"run {r['id']}" for r in runs)]
            out.append(" | ".join([*head, "problem"]))
            out += [" | ".join([str(row["study"] or ""), *(row[h] for h in head[1:]), row["problem"]]) for row in rows]
            return out

        emit(fmt, {"runs": runs, "current": current, "comparison": rows}, lines(), rows=rows)

    @group.command("adopt")
    def adopt(
        run: Annotated[int, typer.Argument(help="The run's id (see `townpaths runs list`).")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Adopt a run as the town's current ranking and solutions (the study's stay as they are)."""
        service.adopt(Database(db), town, run)
        emit(fmt, {"current": run}, f"Run {run} is the town's current ranking.")

    @group.command("undo")
    def undo(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Undo the last adoption: the run adopted before it, or the study's ranking, is current again."""
        was = service.undo(Database(db), town)
        now = service.town_runs(Database(db), town)["current"]
        current = now["id"] if now else None
        text = f"Run {was} is no longer current; the current ranking is " + (
            f"run {current}." if current else "the study's."
        )
        emit(fmt, {"undone": was, "current": current}, text)

    @group.command("delete")
    def delete(
        run: Annotated[int, typer.Argument(help="The run's id.")],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Delete a run that is not adopted."""
        service.delete_run(Database(db), town, run)
        emit(fmt, {"deleted": run}, f"Run {run} deleted.")
