"""The syntheses of two or more towns side by side (pure): dominant and alternative narratives per
period and aligned by a theme the towns tag them with, the lock-in and path-renewal evidence per
study, and the dualities.

Each town comes as a mapping: ``town`` (its slug), ``periods``, ``narratives``, ``evidence`` and
``dualities`` (rows as the case API gives them). The evidence's ``theme`` names the study it comes
from (symbols, narratives, economy, innovations, solutions ...).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from townpaths.core.comparison import ROWS, SHARE, Comparison, Measure, Record

Town = Mapping[str, Any]
STATUSES = ("dominant", "alternative")
KINDS = ("lock_in", "path_renewal")
ALL = "all"
NO_THEME = "other"
#: Names of the statuses and of the evidence's themes (the studies) in each language.
NAMES = {
    "dominant": ("dominant", "prevladujoče"),
    "alternative": ("alternative", "alternativne"),
    ALL: ("all evidence", "vsi dokazi"),
    NO_THEME: ("other", "drugo"),
    "symbols": ("symbols", "simboli"),
    "documents": ("official documents", "uradni dokumenti"),
    "narratives": ("narratives", "pripovedi"),
    "innovations": ("social innovations", "družbene inovacije"),
    "economy": ("economy", "gospodarstvo"),
    "sustainability": ("social sustainability", "družbena trajnostnost"),
    "problems": ("problems", "problemi"),
    "solutions": ("solutions", "rešitve"),
}


def _names(key: str) -> dict[str, str]:
    en, sl = NAMES.get(key, (key, key))
    return {"name_en": en, "name_sl": sl}


def _narrative_periods(t: Town) -> list[Record]:
    return sorted((p for p in t["periods"] if p["scheme"] == "narratives"), key=lambda p: p["no"])


def counts(towns: Sequence[Town]) -> Comparison:
    """Dominant and alternative narratives: how many, and their share of the town's narratives."""
    rows: list[Record] = []
    for t in towns:
        found = Counter(n["status"] for n in t["narratives"])
        total = len(t["narratives"])
        for status in STATUSES:
            rows.append(
                {
                    "town": t["town"],
                    "key": status,
                    **_names(status),
                    "count": found.get(status, 0),
                    "share": found.get(status, 0) / total if total else None,
                }
            )
    values = {r["town"]: r["share"] for r in rows if r["key"] == "alternative" and r["share"] is not None}
    measures = (
        (Measure("narratives:alternative", "share of alternative narratives", SHARE, "alternative", values=values),)
        if len(values) >= 2
        else ()
    )
    return Comparison(
        key="narratives-counts",
        title="Dominant and alternative narratives",
        columns=("town", "key", "name", "count", "share"),
        rows=tuple(rows),
        labels=("name",),
        values=("count", "share"),
        headers={"name": "Narratives", "count": "Narratives", "share": "Share"},
        formats={"count": "count", "share": "share"},
        measures=measures,
    )


def periods(towns: Sequence[Town]) -> Comparison:
    """Each town's narrative periods with the number of dominant and alternative narratives."""
    rows: list[Record] = []
    for t in towns:
        for p in _narrative_periods(t):
            mine = Counter(n["status"] for n in t["narratives"] if n["period_id"] == p["id"])
            rows.append(
                {
                    "town": t["town"],
                    "key": str(p["no"]),
                    "name_en": p["name_en"],
                    "name_sl": p.get("name_sl"),
                    "start_year": p.get("start_year"),
                    "end_year": p.get("end_year"),
                    "dominant": mine.get("dominant", 0),
                    "alternative": mine.get("alternative", 0),
                }
            )
    return Comparison(
        key="narratives-periods",
        title="Narratives per period",
        columns=("town", "key", "name", "start_year", "end_year", "dominant", "alternative"),
        rows=tuple(rows),
        layout=ROWS,
        headers={
            "town": "Town",
            "key": "No.",
            "name": "Period",
            "start_year": "From",
            "end_year": "To",
            "dominant": "Dominant",
            "alternative": "Alternative",
        },
        formats={"start_year": "year", "end_year": "year", "dominant": "count", "alternative": "count"},
        notes=(("Each town's own periods of its narratives.", {}),),
    )


def themes(towns: Sequence[Town]) -> Comparison:
    """Narratives aligned by tag: for each tag, each town's dominant and alternative narratives
    carrying it (with their period). Tags of one town only are listed too."""
    rows: list[Record] = []
    untagged: list[str] = []
    for t in towns:
        period = {p["id"]: p for p in t["periods"]}
        tags: dict[str, dict[str, list[Record]]] = {}
        for n in sorted(t["narratives"], key=lambda n: (period.get(n["period_id"], {}).get("no", 0), n["position"])):
            p = period.get(n["period_id"], {})
            item = {
                "text_en": n["text_en"],
                "text_sl": n.get("text_sl"),
                "period_en": p.get("name_en"),
                "period_sl": p.get("name_sl"),
            }
            for tag in n.get("tags") or []:
                tags.setdefault(tag, {s: [] for s in STATUSES})[
                    n["status"] if n["status"] in STATUSES else "alternative"
                ].append(item)
        missing = sum(1 for n in t["narratives"] if not n.get("tags"))
        if missing:
            untagged.append(f"{t['town']} {missing}")
        for tag in sorted(tags):
            rows.append(
                {
                    "town": t["town"],
                    "key": tag,
                    "dominant": tags[tag]["dominant"],
                    "alternative": tags[tag]["alternative"],
                }
            )
    shared = Counter(r["key"] for r in rows)
    rows.sort(key=lambda r: (shared[r["key"]] < 2, r["key"]))
    notes: list[tuple[str, Mapping[str, Any]]] = [
        (
            "Narratives align by a tag the towns gave them (suggested "
            "by townpaths compare suggest, confirmed by a researcher).",
            {},
        )
    ]
    if untagged:
        notes.append(("Narratives without a tag are not aligned: %(counts)s.", {"counts": ", ".join(untagged)}))
    return Comparison(
        key="narratives-themes",
        title="Narratives aligned by theme",
        columns=("town", "key", "dominant", "alternative"),
        rows=tuple(rows),
        labels=("key",),
        values=("dominant", "alternative"),
        headers={"key": "Theme", "dominant": "Dominant", "alternative": "Alternative"},
        formats={"dominant": "list", "alternative": "list"},
        notes=tuple(notes),
    )


def evidence(towns: Sequence[Town]) -> Comparison:
    """Lock-in and path-renewal evidence per study (the evidence's theme), and in all."""
    rows: list[Record] = []
    themes_seen: list[str] = []
    for t in towns:
        for e in t["evidence"]:
            theme = e.get("theme") or NO_THEME
            if theme not in themes_seen:
                themes_seen.append(theme)
    for t in towns:
        found = Counter((e.get("theme") or NO_THEME, e["kind"]) for e in t["evidence"])
        for theme in [*themes_seen, ALL]:
            lock = sum(n for (th, k), n in found.items() if k == "lock_in" and theme in (th, ALL))
            renew = sum(n for (th, k), n in found.items() if k == "path_renewal" and theme in (th, ALL))
            rows.append(
                {
                    "town": t["town"],
                    "key": theme,
                    **_names(theme),
                    "lock_in": lock,
                    "path_renewal": renew,
                    "lock_in_share": lock / (lock + renew) if lock + renew else None,
                }
            )
    measures = []
    for theme in [ALL, *themes_seen]:
        values = {r["town"]: r["lock_in_share"] for r in rows if r["key"] == theme and r["lock_in_share"] is not None}
        if len(values) >= 2:
            names = _names(theme)
            name = {"en": names["name_en"], "sl": names["name_sl"]}
            label = (
                "share of lock-in among all the evidence"
                if theme == ALL
                else "share of lock-in among the evidence of %(name)s"
            )
            measures.append(Measure(f"evidence:{theme}", label, SHARE, theme, values=values, name=name))
    return Comparison(
        key="evidence",
        title="Lock-in and path renewal",
        columns=("town", "key", "name", "lock_in", "path_renewal", "lock_in_share"),
        rows=tuple(rows),
        labels=("name",),
        values=("lock_in", "path_renewal", "lock_in_share"),
        headers={
            "key": "Study",
            "lock_in": "Lock-in",
            "path_renewal": "Path renewal",
            "lock_in_share": "Share of lock-in",
        },
        formats={"lock_in": "count", "path_renewal": "count", "lock_in_share": "share"},
        notes=(("Evidence items by the study they come from (their theme); all: every item of the town.", {}),),
        measures=tuple(measures),
    )


def dualities(towns: Sequence[Town]) -> Comparison:
    rows = [
        {
            "town": t["town"],
            "key": str(d["no"]),
            "one_hand_en": d["one_hand_en"],
            "one_hand_sl": d.get("one_hand_sl"),
            "other_hand_en": d["other_hand_en"],
            "other_hand_sl": d.get("other_hand_sl"),
        }
        for t in towns
        for d in sorted(t["dualities"], key=lambda d: d["no"])
    ]
    return Comparison(
        key="dualities",
        title="Dualities",
        columns=("town", "key", "one_hand", "other_hand"),
        rows=tuple(rows),
        layout=ROWS,
        headers={"town": "Town", "key": "No.", "one_hand": "On the one hand", "other_hand": "On the other hand"},
    )


def compare(towns: Sequence[Town]) -> list[Comparison]:
    return [counts(towns), periods(towns), themes(towns), evidence(towns), dualities(towns)]
