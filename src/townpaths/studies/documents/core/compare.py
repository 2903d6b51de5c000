"""The official documents of two or more towns side by side (pure): how many documents were
scanned and the share of them that never mention industrial, coal-mining or socialist heritage.

Each town comes as a mapping: ``town`` (its slug), ``documents`` and ``scans`` (rows of
``documents`` and ``document_scans``). A document counts as scanned when the last scan left a row
for it; it never mentions heritage when its scan rows of the ``heritage`` group count no mention.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from townpaths.core.comparison import SHARE, Comparison, Measure, Record

KEY = "documents"


def heritage(towns: Sequence[Mapping[str, Any]]) -> Comparison:
    rows: list[Record] = []
    for t in towns:
        mentions: dict[int, int] = defaultdict(int)
        scanned: set[int] = set()
        for s in t["scans"]:
            scanned.add(s["document_id"])
            if s["group"] == "heritage":
                mentions[s["document_id"]] += s["mentions"]
        ids = {d["id"] for d in t["documents"]}
        done = scanned & ids
        never = sum(1 for d in done if mentions.get(d, 0) == 0)
        rows.append(
            {
                "town": t["town"],
                "key": KEY,
                "documents": len(ids),
                "scanned": len(done),
                "never_heritage": never,
                "share": never / len(done) if done else None,
            }
        )
    values = {r["town"]: r["share"] for r in rows if r["share"] is not None}
    measures = (
        (
            Measure(
                "documents:never-heritage",
                "share of the scanned official documents never mentioning heritage",
                SHARE,
                KEY,
                values=values,
            ),
        )
        if len(values) >= 2
        else ()
    )
    return Comparison(
        key="documents-heritage",
        title="Official documents that never mention heritage",
        columns=("town", "key", "documents", "scanned", "never_heritage", "share"),
        rows=tuple(rows),
        values=("documents", "scanned", "never_heritage", "share"),
        headers={
            "documents": "Documents",
            "scanned": "Scanned",
            "never_heritage": "Never mention heritage",
            "share": "Share of the scanned",
        },
        formats={"documents": "count", "scanned": "count", "never_heritage": "count", "share": "share"},
        notes=(("A document counts when the lexicon scan (townpaths documents scan) has read it.", {}),),
        measures=measures,
    )


def compare(towns: Sequence[Mapping[str, Any]]) -> list[Comparison]:
    return [heritage(towns)]
