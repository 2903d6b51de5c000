"""Ranking runs (no I/O): what a workshop or a ballot file leaves beside the study's findings.

A run keeps its own items (each linked to the case's problem it is, if any) with their consensus
ranks, the people by sector, Kendall's W and its solutions. The study's ranks (the problems' ``rank``,
Table 4) never change by a run; :func:`comparison` lays every run beside them with each problem's
rank move, and :func:`current` is the run a researcher adopted last (None: the study's ranking is the
town's current one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from townpaths.core.vocab import HELIX_SECTORS
from townpaths.studies.workshop.core.tally import final_ranks

Record = dict[str, Any]
#: Where a run comes from.
SOURCES = ("workshop", "file")


@dataclass(frozen=True)
class RunItem:
    position: int
    problem_id: int | None
    text_en: str
    text_sl: str | None
    rank: int | None
    tier: int | None

    def to_dict(self) -> Record:
        return asdict(self)


def run_items(items: Sequence[Mapping[str, Any]], tiers: Sequence[Sequence[int]]) -> list[RunItem]:
    """The run's items from a workshop's items (``id``, ``position``, ``problem_id``, ``text_en``,
    ``text_sl``) and the consensus tiers of their ids: competition ranks (tied items share the
    better rank) and the tier (1 = most pressing); an item no ballot placed has neither."""
    ranks = final_ranks(tiers)
    tier_of = {int(i): n for n, tier in enumerate(tiers, start=1) for i in tier}
    return [
        RunItem(
            int(item["position"]),
            item.get("problem_id"),
            str(item["text_en"]),
            item.get("text_sl"),
            ranks.get(int(item["id"])),
            tier_of.get(int(item["id"])),
        )
        for item in sorted(items, key=lambda i: int(i["position"]))
    ]


def sector_counts(sectors: Iterable[str | None]) -> dict[str, int]:
    """People by helix sector, in the helix order, then any other sector; ``""`` for no sector."""
    counts = Counter(s or "" for s in sectors)
    order = [*HELIX_SECTORS, *sorted(set(counts) - set(HELIX_SECTORS) - {""}), ""]
    return {s: counts[s] for s in order if counts[s]}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_items(names: Sequence[str], problems: Sequence[Mapping[str, Any]]) -> list[int | None]:
    """The case's problem each item name of a ballot file is (its English or Slovene text, ignoring
    case and spacing), or None for a problem the case does not have."""
    known: dict[str, int] = {}
    for p in problems:
        for column in ("text_en", "text_sl"):
            if p.get(column):
                known.setdefault(_key(str(p[column])), int(p["id"]))
    return [known.get(_key(n)) for n in names]


def move(study_rank: int | None, run_rank: int | None) -> int | None:
    """How many places a run moved a problem against the study (positive: up, more pressing); None
    when either does not rank it."""
    if study_rank is None or run_rank is None:
        return None
    return study_rank - run_rank


def current(runs: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The town's current ranking: the run adopted last, or None (the study's)."""
    adopted = [r for r in runs if r.get("adopted_seq") is not None]
    return max(adopted, key=lambda r: r["adopted_seq"]) if adopted else None


def comparison(problems: Sequence[Mapping[str, Any]], runs: Sequence[Mapping[str, Any]]) -> list[Record]:
    """One row per problem: the case's problems in the study's order (Table 4), then the problems
    only runs have (typed in for a workshop; one row per text, whichever runs have it); each row
    has the study's rank and, per run, the run's rank and its move against the study
    (``{"rank", "move", "tied"}``, None where the run lacks it)."""
    rows: list[Record] = []
    by_problem: dict[int, Record] = {}
    for p in sorted(problems, key=lambda p: (p.get("rank") is None, p.get("rank") or 0, p.get("position") or 0)):
        row: Record = {
            "problem": p,
            "text_en": p.get("text_en"),
            "text_sl": p.get("text_sl"),
            "study": p.get("rank"),
            "runs": [None] * len(runs),
        }
        rows.append(row)
        by_problem[int(p["id"])] = row
    extra: list[Record] = []
    by_text: dict[str, Record] = {}  # problems only runs have, one row per text across runs
    for n, run in enumerate(runs):
        tier_sizes = Counter(i.get("tier") for i in run["items"] if i.get("tier") is not None)
        for item in sorted(run["items"], key=lambda i: (i.get("rank") is None, i.get("rank") or 0, i["position"])):
            if item.get("problem_id") is not None:
                found = by_problem.get(item["problem_id"])
            else:
                found = by_text.get(_key(item["text_en"]))
            if found is None:
                found = {
                    "problem": None,
                    "text_en": item["text_en"],
                    "text_sl": item.get("text_sl"),
                    "study": None,
                    "runs": [None] * len(runs),
                }
                extra.append(found)
                by_text[_key(item["text_en"])] = found
            found["runs"][n] = {
                "rank": item.get("rank"),
                "move": move(found["study"], item.get("rank")),
                "tied": tier_sizes.get(item.get("tier"), 0) > 1,
            }
    return rows + extra


def summary(run: Mapping[str, Any]) -> Record:
    """A run as the audit log records the town's current ranking: id, name and the items in rank order."""
    items = sorted(run["items"], key=lambda i: (i.get("rank") is None, i.get("rank") or 0, i["position"]))
    return {
        "run": run["id"],
        "name": run["name"],
        "ranking": [[i.get("rank"), i["text_en"]] for i in items],
        "solutions": [s.get("title") for s in run.get("solutions") or []],
    }


def study_summary(problems: Sequence[Mapping[str, Any]]) -> Record:
    """The study's ranking (Table 4) as the audit log records it when no run is adopted."""
    ordered = sorted(problems, key=lambda p: (p.get("rank") is None, p.get("rank") or 0, p.get("position") or 0))
    return {"run": None, "name": "study", "ranking": [[p.get("rank"), p.get("text_en")] for p in ordered]}
