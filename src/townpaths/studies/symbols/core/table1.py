"""Table 1 from the symbol records: per category the types, named examples and counts
(:func:`base_table1`), plus the distributions of preservation and residents' attitude over the
study's scales and the share of each narrative."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from townpaths.studies.symbols.core.vocab import DEFAULT_SCALES, NARRATIVES, Choice

Record = dict[str, Any]


def base_table1(categories: list[Record], types: list[Record], symbols: list[Record]) -> list[Record]:
    """Symbols by category: the types, the named examples, the counts and the finding."""
    by_type: dict[int, list[Record]] = defaultdict(list)
    for symbol in symbols:
        by_type[symbol["type_id"]].append(symbol)
    out = []
    for cat in sorted(categories, key=lambda c: c["position"]):
        cat_types = sorted((t for t in types if t["category_id"] == cat["id"]), key=lambda t: t["no"])
        rows = [{**t, "symbols": by_type.get(t["id"], []), "count": len(by_type.get(t["id"], []))} for t in cat_types]
        examples = [s for r in rows for s in r["symbols"]]
        out.append(
            {
                **cat,
                "types": rows,
                "type_count": len(rows),
                "symbol_count": len(examples),
                "themes": dict(Counter(s["theme"] for s in examples if s.get("theme"))),
            }
        )
    return out


def _distribution(symbols: list[Record], column: str, levels: list[Choice]) -> dict[str, Any]:
    counts = Counter(s.get(column) for s in symbols)
    return {
        "levels": [
            {"key": c.key, "label_en": c.label_en, "label_sl": c.label_sl, "count": counts.get(c.key, 0)}
            for c in levels
        ],
        "assessed": sum(counts.get(c.key, 0) for c in levels),
        "not_assessed": sum(n for k, n in counts.items() if k not in {c.key for c in levels}),
    }


def _shares(symbols: list[Record]) -> dict[str, Any]:
    counts = Counter(s.get("narrative") for s in symbols if s.get("narrative"))
    total = sum(counts.values())
    return {
        "assessed": total,
        "not_assessed": len(symbols) - total,
        "shares": [
            {
                "key": c.key,
                "label_en": c.label_en,
                "label_sl": c.label_sl,
                "count": counts.get(c.key, 0),
                "share": round(counts.get(c.key, 0) / total, 4) if total else None,
            }
            for c in NARRATIVES
        ],
    }


def table1(
    categories: list[Record], types: list[Record], symbols: list[Record], scales: dict[str, list[Choice]] | None = None
) -> list[Record]:
    """Table 1 with, per category, ``preservation``, ``attitude`` (counts per scale level) and
    ``narratives`` (count and share of each narrative among the symbols that have one)."""
    scales = scales or {k: list(v) for k, v in DEFAULT_SCALES.items()}
    out = []
    for row in base_table1(categories, types, symbols):
        mine = [s for t in row["types"] for s in t["symbols"]]
        out.append(
            {
                **row,
                "preservation": _distribution(mine, "preservation", scales["preservation"]),
                "attitude": _distribution(mine, "attitude", scales["attitude"]),
                "narratives": _shares(mine),
                "tangible": sum(1 for s in mine if s.get("tangible") is True),
                "intangible": sum(1 for s in mine if s.get("tangible") is False),
                "visible": sum(1 for s in mine if s.get("visible") is True),
                "invisible": sum(1 for s in mine if s.get("visible") is False),
            }
        )
    return out


def scale_records(rows: list[Record]) -> dict[str, list[Choice]]:
    """``symbol_scales`` rows (as Case.records returns them) -> scales, defaults where undefined."""
    out = {k: list(v) for k, v in DEFAULT_SCALES.items()}
    own: dict[str, list[Choice]] = {}
    for r in sorted(rows, key=lambda r: (r["scale"], r["position"])):
        own.setdefault(r["scale"], []).append(Choice(r["key"], r["label_en"], r.get("label_sl") or r["label_en"]))
    out.update(own)
    return out
