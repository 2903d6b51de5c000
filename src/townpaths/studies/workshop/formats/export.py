"""Workshop exports: ballots of every round as CSV and PrefLib, worksheets as CSV and JSON.
Input is :func:`townpaths.studies.workshop.service.states.export_data`; PrefLib through the ranking engine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from townpaths.core.errors import InputError
from townpaths.formats.files import atomic_write
from townpaths.formats.tables import guard_row
from townpaths.ranking.io import format_preflib
from townpaths.studies.workshop.core.tally import BallotRow, profile_of
from townpaths.studies.workshop.core.worksheet import CARD_FIELDS, CORE_STEPS

FORMATS = ("csv", "preflib", "json")


def _names(data: dict[str, Any]) -> dict[int, str]:
    return {p["id"]: p["text_en"].replace(">", "›").replace("=", "≡").replace("|", "¦") for p in data["problems"]}


def ranking_text(tiers: list[list[int]], names: dict[int, str]) -> str:
    return " > ".join(" = ".join(names.get(p, str(p)) for p in tier) for tier in tiers)


def ballots_csv(data: dict[str, Any]) -> str:
    """One row per ballot of every round: round, kind, voter, group, sector, weight, ranking
    (most pressing first, ``>`` between problems, ``=`` for ties)."""
    names = _names(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["round", "kind", "voter", "group", "sector", "weight", "submitted_at", "ranking"])
    for r in data["rounds"]:
        for b in r.get("ballots", []):
            writer.writerow(
                guard_row(
                    [
                        r["no"],
                        r["kind"],
                        b["voter"],
                        b["group"],
                        b["sector"],
                        f"{b['weight']:g}",
                        b["submitted_at"],
                        ranking_text(b["tiers"], names),
                    ]
                )
            )
    return out.getvalue()


def round_preflib(data: dict[str, Any], no: int) -> str:
    """The ballots of round ``no`` in PrefLib (.toc: complete orders with ties), weights as counts."""
    r = next((x for x in data["rounds"] if x["no"] == no and "ballots" in x), None)
    if r is None:
        raise InputError("no ranking round with this number", field="round", value=no)
    names = _names(data)
    ids = [p["id"] for p in data["problems"]]
    profile = profile_of(ids, [BallotRow(b["voter"], b["tiers"], round(b["weight"])) for b in r["ballots"]])
    renamed = type(profile)(
        tuple(names[i] for i in ids),
        tuple(
            type(b)(tuple(frozenset(names[int(x)] for x in t) for t in b.tiers), weight=b.weight)
            for b in profile.ballots
        ),
    )
    return format_preflib(
        renamed,
        file_name=f"workshop-{data['workshop']['id']}-round-{no}",
        title=f"{data['workshop']['title']}, round {no} ({r['kind']})",
    )


def worksheets_csv(data: dict[str, Any]) -> str:
    names = _names(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["group", "problem", *CORE_STEPS, *CARD_FIELDS, "actors", "ideas"])
    for r in data["rounds"]:
        for ws in r.get("worksheets", []):
            core, card = ws["sheet"].get("core", {}), ws["sheet"].get("card", {})
            writer.writerow(
                guard_row(
                    [
                        ws["group"],
                        names.get(ws["problem"], ""),
                        *(core.get(k, "") for k in CORE_STEPS),
                        *(card.get(k, "") for k in CARD_FIELDS),
                        "; ".join(f"{k}: {v}" for k, v in (card.get("actors") or {}).items()),
                        "; ".join(f"{i['text']} ({i['dots']})" for i in ws["ideas"]),
                    ]
                )
            )
    return out.getvalue()


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_export(data: dict[str, Any], fmt: str, folder: Path) -> list[Path]:
    """Write the export files of ``fmt`` into ``folder``; returns their paths."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format (use {', '.join(FORMATS)})", field="format", value=fmt)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"workshop-{data['workshop']['id']}"
    files: dict[str, str] = {}
    if fmt == "json":
        files[f"{stem}.json"] = to_json(data)
    elif fmt == "csv":
        files[f"{stem}-ballots.csv"] = ballots_csv(data)
        files[f"{stem}-worksheets.csv"] = worksheets_csv(data)
    else:
        for r in data["rounds"]:
            if r.get("ballots"):
                files[f"{stem}-round-{r['no']}.toc"] = round_preflib(data, r["no"])
    return [atomic_write(folder / name, text) for name, text in files.items()]
