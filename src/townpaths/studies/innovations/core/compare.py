"""The social-innovation registers of two or more towns side by side (pure): the accepted
innovations by type, by each town's own periods and by decade, with rates per 10,000 inhabitants
where the town's population is given.

Each town comes as a mapping: ``town`` (its slug), ``population`` (inhabitants or None),
``innovations`` and ``periods`` (rows as the case API gives them). Types match across towns by their
English name; periods are each town's own (the ``innovations`` scheme), so they are listed per town.
An innovation falls in every period its year touches (periods may overlap).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from townpaths.core.comparison import RELATIVE, ROWS, SHARE, Comparison, Measure, Record
from townpaths.studies.innovations.core.periods import contains, innovation_periods
from townpaths.studies.innovations.core.tables import table3
from townpaths.studies.innovations.core.typology import type_order

Town = Mapping[str, Any]
#: Rates are per this many inhabitants.
PER = 10_000
TOTAL = "all"
UNKNOWN = "unknown"


def per_inhabitants(count: int, population: int | None) -> float | None:
    """``count`` per :data:`PER` inhabitants (None without a population)."""
    return count / population * PER if population else None


def _population_note(towns: Sequence[Town]) -> tuple[str, Mapping[str, Any]]:
    missing = [t["town"] for t in towns if not t.get("population")]
    if missing:
        return (
            "No rate per 10,000 inhabitants without a population (townpaths "
            "towns edit TOWN --population N): %(towns)s.",
            {"towns": ", ".join(missing)},
        )
    return ("Rates are per 10,000 inhabitants of each town's population.", {})


def by_type(towns: Sequence[Town]) -> Comparison:
    rows: list[Record] = []
    for t in towns:
        accepted = table3(t["innovations"])
        counts = Counter(i["type_en"] for i in accepted)
        for kind in type_order(accepted):
            n = counts[kind]
            rows.append(
                {
                    "town": t["town"],
                    "key": kind,
                    "name_en": kind,
                    "name_sl": next(
                        (i.get("type_sl") for i in accepted if i["type_en"] == kind and i.get("type_sl")), None
                    ),
                    "count": n,
                    "share": n / len(accepted),
                    "per_10k": per_inhabitants(n, t.get("population")),
                }
            )
        rows.append(
            {
                "town": t["town"],
                "key": TOTAL,
                "name_en": "all types",
                "name_sl": "vse vrste",
                "count": len(accepted),
                "share": 1.0 if accepted else None,
                "per_10k": per_inhabitants(len(accepted), t.get("population")),
            }
        )
    shares: dict[str, dict[str, float]] = {}
    names: dict[str, dict[str, str | None]] = {}
    for r in rows:
        if r["key"] != TOTAL:
            shares.setdefault(r["key"], {})[r["town"]] = r["share"]
            names.setdefault(r["key"], {"en": r["name_en"], "sl": r["name_sl"]})
    measures = [
        Measure(
            f"type:{key}", "share of the innovations of the type %(name)s", SHARE, key, values=values, name=names[key]
        )
        for key, values in shares.items()
        if len(values) >= 2
    ]
    rates = {r["town"]: r["per_10k"] for r in rows if r["key"] == TOTAL and r["per_10k"] is not None}
    if len(rates) >= 2:
        measures.insert(
            0,
            Measure("innovations:per-10k", "social innovations per 10,000 inhabitants", RELATIVE, TOTAL, values=rates),
        )
    return Comparison(
        key="innovations-types",
        title="Social innovations by type",
        columns=("town", "key", "name", "count", "share", "per_10k"),
        rows=tuple(rows),
        labels=("name",),
        values=("count", "share", "per_10k"),
        headers={"name": "Type", "count": "Innovations", "share": "Share", "per_10k": "Per 10,000 inhabitants"},
        formats={"count": "count", "share": "share", "per_10k": "rate"},
        notes=(
            ("Accepted innovations of each register; types match across towns by their English name.", {}),
            _population_note(towns),
        ),
        measures=tuple(measures),
    )


def by_period(towns: Sequence[Town]) -> Comparison:
    rows: list[Record] = []
    for t in towns:
        accepted = table3(t["innovations"])
        for p in innovation_periods(t["periods"]):
            n = sum(contains(p, i["year"]) for i in accepted)
            rows.append(
                {
                    "town": t["town"],
                    "key": str(p["no"]),
                    "name_en": p["name_en"],
                    "name_sl": p.get("name_sl"),
                    "start_year": p.get("start_year"),
                    "end_year": p.get("end_year"),
                    "count": n,
                    "per_10k": per_inhabitants(n, t.get("population")),
                }
            )
    return Comparison(
        key="innovations-periods",
        title="Social innovations by period",
        columns=("town", "key", "name", "start_year", "end_year", "count", "per_10k"),
        rows=tuple(rows),
        layout=ROWS,
        headers={
            "town": "Town",
            "key": "No.",
            "name": "Period",
            "start_year": "From",
            "end_year": "To",
            "count": "Innovations",
            "per_10k": "Per 10,000 inhabitants",
        },
        formats={"start_year": "year", "end_year": "year", "count": "count", "per_10k": "rate"},
        notes=(("Each town's own periods; an innovation counts in every period its year falls in.", {}),),
    )


def by_decade(towns: Sequence[Town]) -> Comparison:
    """Accepted innovations by the decade of their year, every decade from the earliest to the latest
    of all the towns (the same decades for every town), then those without a year."""
    accepted = {t["town"]: table3(t["innovations"]) for t in towns}
    years = [i["year"] for found in accepted.values() for i in found if i["year"] is not None]
    decades = list(range(min(years) // 10 * 10, max(years) // 10 * 10 + 10, 10)) if years else []
    rows: list[Record] = []
    for t in towns:
        counts = Counter(i["year"] // 10 * 10 for i in accepted[t["town"]] if i["year"] is not None)
        for d in decades:
            rows.append(
                {
                    "town": t["town"],
                    "key": f"{d}s",
                    "name_en": f"{d}s",
                    "name_sl": f"{d}–{d + 9}",
                    "count": counts.get(d, 0),
                    "per_10k": per_inhabitants(counts.get(d, 0), t.get("population")),
                }
            )
        unknown = sum(1 for i in accepted[t["town"]] if i["year"] is None)
        rows.append(
            {
                "town": t["town"],
                "key": UNKNOWN,
                "name_en": "year unknown",
                "name_sl": "leto ni znano",
                "count": unknown,
                "per_10k": per_inhabitants(unknown, t.get("population")),
            }
        )
    return Comparison(
        key="innovations-decades",
        title="Social innovations by decade",
        columns=("town", "key", "name", "count", "per_10k"),
        rows=tuple(rows),
        labels=("name",),
        values=("count", "per_10k"),
        headers={"name": "Decade", "count": "Innovations", "per_10k": "Per 10,000 inhabitants"},
        formats={"count": "count", "per_10k": "rate"},
    )


def compare(towns: Sequence[Town]) -> list[Comparison]:
    return [by_type(towns), by_period(towns), by_decade(towns)]
