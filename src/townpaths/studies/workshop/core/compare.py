"""The problem rankings of two or more towns compared (pure): problems are aligned across towns by
a tag in common; for each pair of towns, Kendall's tau-b between their consensus ranks of the
aligned problems, the number of aligned problems, and the problems only one town has.

Each town comes as a mapping: ``town`` (its slug) and ``problems`` (rows of ``problems``: ``rank``
is the consensus rank a workshop adopted, 1 = most pressing). A tag stands for the best-ranked
problem of the town that carries it (ties by position); a problem with several aligned tags stands
for each of them (a tie in that town's ranking). Problems without a rank are aligned but not ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

from townpaths.core.comparison import ROWS, TAU, Comparison, Measure, Record
from townpaths.ranking.correlation import kendall_tau_b

Town = Mapping[str, Any]


def _order(problem: Record) -> tuple[bool, int, int]:
    return (problem.get("rank") is None, problem.get("rank") or 0, problem.get("position") or 0)


def by_tag(problems: Sequence[Record]) -> dict[str, Record]:
    """Each tag of a town's problems -> the best-ranked problem carrying it."""
    out: dict[str, Record] = {}
    for p in sorted(problems, key=_order):
        for tag in p.get("tags") or []:
            out.setdefault(tag, p)
    return out


def pair_tau(a: dict[str, Record], b: dict[str, Record]) -> tuple[list[str], list[str], float | None]:
    """(tags both towns have, of those the tags ranked in both, Kendall's tau-b over those)."""
    shared = sorted(set(a) & set(b))
    ranked = [t for t in shared if a[t].get("rank") is not None and b[t].get("rank") is not None]
    tau = kendall_tau_b([a[t]["rank"] for t in ranked], [b[t]["rank"] for t in ranked]) if len(ranked) >= 2 else None
    return shared, ranked, tau


def aligned(towns: Sequence[Town]) -> Comparison:
    tags = {t["town"]: by_tag(t["problems"]) for t in towns}
    counts: dict[str, int] = {}
    for found in tags.values():
        for tag in found:
            counts[tag] = counts.get(tag, 0) + 1
    rows: list[Record] = []
    for t in towns:
        for tag, p in sorted(tags[t["town"]].items(), key=lambda kv: _order(kv[1])):
            if counts[tag] >= 2:
                rows.append(
                    {
                        "town": t["town"],
                        "key": tag,
                        "rank": p.get("rank"),
                        "text_en": p["text_en"],
                        "text_sl": p.get("text_sl"),
                    }
                )
    return Comparison(
        key="problems-aligned",
        title="Problems aligned across towns",
        columns=("town", "key", "rank", "text"),
        rows=tuple(rows),
        labels=("key",),
        values=("rank", "text"),
        headers={"key": "Tag", "rank": "Rank", "text": "Problem"},
        formats={"rank": "count"},
        notes=(
            (
                "Problems align by a tag two or more towns gave them; "
                "a tag stands for the best-ranked problem carrying it.",
                {},
            ),
        ),
    )


def correlations(towns: Sequence[Town]) -> Comparison:
    tags = {t["town"]: by_tag(t["problems"]) for t in towns}
    rows: list[Record] = []
    pairs: dict[tuple[str, str], float] = {}
    counts: dict[tuple[str, str], int] = {}
    for a, b in combinations([t["town"] for t in towns], 2):
        shared, ranked, tau = pair_tau(tags[a], tags[b])
        key = f"{a}|{b}"
        rows.append({"town": a, "key": key, "other": b, "aligned": len(shared), "ranked": len(ranked), "tau": tau})
        if tau is not None:
            pairs[(a, b)] = tau
            counts[(a, b)] = len(ranked)
    measures = tuple(
        Measure(
            f"problems:tau:{a}|{b}",
            "agreement of the consensus rankings of the aligned problems",
            TAU,
            f"{a}|{b}",
            pairs={(a, b): tau},
            counts={(a, b): counts[(a, b)]},
        )
        for (a, b), tau in pairs.items()
    )
    return Comparison(
        key="problems-tau",
        title="Agreement of the problem rankings",
        columns=("town", "key", "other", "aligned", "ranked", "tau"),
        rows=tuple(rows),
        layout=ROWS,
        headers={
            "town": "Town",
            "other": "Other town",
            "aligned": "Aligned problems",
            "ranked": "Ranked in both",
            "tau": "Kendall's tau-b",
        },
        formats={"aligned": "count", "ranked": "count", "tau": "coefficient"},
        notes=(
            (
                "Kendall's tau-b (ties counted) of the two towns' consensus ranks of the problems "
                "ranked in both: 1 the same order, -1 the reverse; none for fewer than two.",
                {},
            ),
        ),
        measures=measures,
    )


def only_one(towns: Sequence[Town]) -> Comparison:
    """Problems of one town whose tags no other compared town has (untagged problems too)."""
    others: dict[str, set[str]] = {}
    for t in towns:
        others[t["town"]] = {
            tag for u in towns if u["town"] != t["town"] for p in u["problems"] for tag in p.get("tags") or []
        }
    rows: list[Record] = []
    for t in towns:
        for p in sorted(t["problems"], key=_order):
            if not set(p.get("tags") or []) & others[t["town"]]:
                rows.append(
                    {
                        "town": t["town"],
                        "key": str(p.get("position")),
                        "rank": p.get("rank"),
                        "text_en": p["text_en"],
                        "text_sl": p.get("text_sl"),
                        "tags": list(p.get("tags") or []),
                    }
                )
    return Comparison(
        key="problems-own",
        title="Problems only one town has",
        columns=("town", "key", "rank", "text", "tags"),
        rows=tuple(rows),
        layout=ROWS,
        headers={"town": "Town", "key": "No.", "rank": "Rank", "text": "Problem", "tags": "Tags"},
        formats={"rank": "count", "tags": "list"},
    )


def compare(towns: Sequence[Town]) -> list[Comparison]:
    return [aligned(towns), correlations(towns), only_one(towns)]
