"""``townpaths formats``: the export formats the studies register."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from townpaths.cli.common import FormatOption, OutputFormat, emit, registry_of


def _lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    for r in rows:
        written = " ".join(r["suffixes"]) or "(folder; choose with --as)"
        yield f"{r['name']:<36} {written:<28} {r['description']}"


def register(app: typer.Typer) -> None:
    @app.command("formats")
    def formats(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
        """List the export formats: each study's export command picks one by the output file's suffix."""
        rows = [
            {
                "name": name,
                "study": name.partition(".")[0],
                "scope": f.scope,
                "suffixes": list(f.suffixes),
                "description": f.description,
            }
            for name, f in registry_of(ctx).exports().items()
        ]
        emit(fmt, rows, _lines(rows), columns=["name", "study", "scope", "suffixes", "description"])
