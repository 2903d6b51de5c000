"""``townpaths economy``: employment in, lock-in indicators out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, TownOption, emit, progress_bar
from townpaths.storage import Database
from townpaths.studies.economy.service import import_employment, indicators


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def _indicator_lines(result: dict[str, Any]) -> Iterator[str]:
    if not result["years"]:
        yield f"{result['town']}: no employment data (import some with `townpaths economy import FILE`)."
        return
    for year, v in result["years"].items():
        yield f"{year}: {v['total_employees']:g} employees"
        c = v.get("concentration")
        if c:
            yield (
                f"  top-2 {c['unit']} share {_pct(c['top2_share'])} ({', '.join(c['top2'])}); "
                f"HHI {c['hhi']:.4f}, normalised {c['hhi_normalised']:.4f} over {c['units']} units"
            )
        if v.get("variety"):
            va = v["variety"]
            yield (
                f"  variety (bits): total {va['total']:.4f} = related {va['related']:.4f} "
                f"+ unrelated {va['unrelated']:.4f}"
            )
        lqs = v.get("location_quotients") or {}
        if lqs:
            top = sorted(((c, q) for c, q in lqs.items() if q is not None), key=lambda cq: (-cq[1], cq[0]))[:5]
            largest = v["largest_sector"]
            yield (
                f"  LQ of the largest sector {largest}: "
                f"{'n/a' if lqs.get(largest) is None else f'{lqs[largest]:.3f}'}; highest: "
                + ", ".join(f"{c} {q:.3f}" for c, q in top)
                + " (all in --format json)"
            )
    for item in result["evidence"]:
        yield f"evidence {item['key']} [{item['kind']}]: {item['statement']}"


def register(app: typer.Typer) -> None:
    economy = typer.Typer(
        help="Employment by firm or NACE sector and the economic lock-in indicators.", no_args_is_help=True
    )
    app.add_typer(economy, name="economy")

    @economy.command("import")
    def import_(
        file: Annotated[
            Path, typer.Argument(help="CSV or XLSX with columns year, area (town|national), firm, nace, employees.")
        ],
        db: DbOption = None,
        town: TownOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Import employment (replaces the same year and area) and refresh the computed evidence."""
        steps = {
            "reading": "Reading and checking rows",
            "storing": "Storing employment",
            "evidence": "Computing indicators and evidence",
        }
        big = file.is_file() and file.stat().st_size > 1024**2
        with progress_bar(fmt, show=big) as bar:
            task = bar.add_task(steps["reading"], total=len(steps))

            def advance(name: str) -> None:
                bar.update(task, description=steps[name], completed=list(steps).index(name))

            result = import_employment(Database(db), town, file, progress=advance)
        emit(
            fmt,
            result,
            f"Imported {result['imported']} employment rows into {result['town']} "
            f"(years {', '.join(map(str, result['years']))}); {len(result['evidence'])} evidence items.",
            rows=[
                {
                    "town": result["town"],
                    "imported": result["imported"],
                    "years": result["years"],
                    "evidence": [e["key"] for e in result["evidence"]],
                }
            ],
        )

    @economy.command("indicators")
    def indicators_(db: DbOption = None, town: TownOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Compute the indicators of every year and refresh the case's computed lock-in evidence."""
        result = indicators(Database(db), town)
        emit(
            fmt,
            result,
            _indicator_lines(result),
            rows=[{"town": result["town"], "year": year, **values} for year, values in result["years"].items()],
        )
