"""The article's Tables 1 to 4 and Figure 8 computed from plain records (no I/O).

Each function takes lists of dicts (as :meth:`townpaths.case.Case.records` returns them) and
returns plain data ready for a template, a CSV or JSON.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

Record = dict[str, Any]

SECTOR_ORDER = ("economy", "science_culture", "municipality", "civil_society")


def table1(categories: list[Record], types: list[Record], symbols: list[Record]) -> list[Record]:
    """Symbols by category: the types, the named examples, the counts and the finding."""
    by_type: dict[int, list[Record]] = defaultdict(list)
    for symbol in symbols:
        by_type[symbol["type_id"]].append(symbol)
    out = []
    for cat in sorted(categories, key=lambda c: c["position"]):
        cat_types = sorted((t for t in types if t["category_id"] == cat["id"]), key=lambda t: t["no"])
        rows = [{**t, "symbols": by_type.get(t["id"], []), "count": len(by_type.get(t["id"], []))}
                for t in cat_types]
        examples = [s for r in rows for s in r["symbols"]]
        out.append({
            **cat,
            "types": rows,
            "type_count": len(rows),
            "symbol_count": len(examples),
            "themes": dict(Counter(s["theme"] for s in examples if s.get("theme"))),
        })
    return out


def table2(periods: list[Record], narratives: list[Record]) -> list[Record]:
    """Narratives by period x dominant/alternative (periods of the ``narratives`` scheme)."""
    rows = []
    for period in sorted((p for p in periods if p["scheme"] == "narratives"), key=lambda p: p["no"]):
        mine = sorted((n for n in narratives if n["period_id"] == period["id"]), key=lambda n: n["position"])
        rows.append({**period,
                     "dominant": [n for n in mine if n["status"] == "dominant"],
                     "alternative": [n for n in mine if n["status"] == "alternative"]})
    return rows


def interviewees_by_sector(interviewees: list[Record]) -> list[tuple[str, int]]:
    counts = Counter(i["sector"] for i in interviewees if not i.get("fictional"))
    order = list(SECTOR_ORDER) + sorted(set(counts) - set(SECTOR_ORDER))
    return [(s, counts[s]) for s in order if counts[s]]


def table3(innovations: list[Record]) -> list[Record]:
    """Accepted innovations by year (unknown years last), keeping the register's numbering."""
    accepted = [i for i in innovations if i.get("status", "accepted") == "accepted"]
    return sorted(accepted, key=lambda i: (i["year"] is None, i["year"] or 0, i.get("no") or 0, i["id"]))


def innovation_types(innovations: list[Record]) -> list[tuple[str, int]]:
    counts = Counter(i["type_en"] for i in table3(innovations))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def table4(problems: list[Record]) -> list[Record]:
    """Problems in consensus order (1 = most pressing); unranked problems follow by position."""
    return sorted(problems, key=lambda p: (p["rank"] is None, p["rank"] or 0, p["position"]))


def figure8(problems: list[Record], solutions: list[Record]) -> list[Record]:
    """Each solution with the problem it answers, in the problems' rank order."""
    by_id = {p["id"]: p for p in problems}
    pairs = [{"problem": by_id[s["problem_id"]], "solution": s} for s in solutions]
    return sorted(pairs, key=lambda x: (x["problem"]["rank"] is None, x["problem"]["rank"] or 0, x["solution"]["id"]))


def evidence(items: list[Record], links: list[Record], records: dict[str, list[Record]]) -> dict[str, list[Record]]:
    """Evidence items by kind, each with the records it rests on (``table``, ``record``)."""
    index = {(table, r["id"]): r for table, rows in records.items() for r in rows}
    by_item: dict[int, list[Record]] = defaultdict(list)
    for link in links:
        record = index.get((link["record_table"], link["record_id"]))
        by_item[link["evidence_id"]].append({"table": link["record_table"], "id": link["record_id"],
                                             "record": record})
    out: dict[str, list[Record]] = {"lock_in": [], "path_renewal": []}
    for item in sorted(items, key=lambda e: e["position"]):
        out.setdefault(item["kind"], []).append({**item, "links": by_item.get(item["id"], [])})
    return out


def record_label(table: str, record: Record | None, lang: str = "en") -> str:
    """A short human label for a linked record (used by evidence lists)."""
    if record is None:
        return "?"

    def pick(name: str) -> str:
        return record.get(f"{name}_{lang}") or record.get(f"{name}_en") or ""

    if table == "symbols":
        return record["name"]
    if table == "symbol_types":
        return pick("name")
    if table in ("narratives", "problems"):
        return pick("text")
    if table == "innovations":
        return pick("name")
    if table == "solutions":
        return pick("title")
    if table == "dualities":
        return pick("one_hand")
    if table == "documents":
        return record.get("title") or str(record.get("id"))
    if table == "employment":
        who = record.get("firm") or (f"NACE {record['nace']}" if record.get("nace") else "?")
        return f"{record.get('year')} {who}: {record.get('employees'):g}"
    if table == "facts":
        return pick("text")
    return str(record.get("id"))
