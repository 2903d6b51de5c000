"""What the case report shows of the workshops: the ranking runs beside the study's Table 4 (each
problem's rank in every run and its move against the study, and which ranking is the town's
current one), and the solutions of the runs beside Figure 8. The study's own sections stay as they
are: a run never changes them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from townpaths.core.i18n import Translator
from townpaths.studies.spec import CaseReader
from townpaths.studies.workshop.core import runs


def _runs(case: CaseReader) -> list[dict[str, Any]]:
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in case.records("ranking_run_items"):
        items[item["run_id"]].append(item)
    return [{**r, "items": sorted(items[r["id"]], key=lambda i: i["position"])} for r in case.records("ranking_runs")]


def ranking_runs(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    found = sorted(_runs(case), key=lambda r: r["id"])
    return {
        "runs": found,
        "current_run": runs.current(found),
        "comparison": runs.comparison(case.records("problems"), found),
    }


def run_solutions(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    found = sorted(_runs(case), key=lambda r: r["id"])
    with_solutions = []
    for run in found:
        by_position = {i["position"]: i for i in run["items"]}
        solutions = [{**s, "item": by_position.get(s.get("item"))} for s in run.get("solutions") or []]
        if solutions:
            with_solutions.append({**run, "solutions": solutions})
    return {"solution_runs": with_solutions, "current_run": runs.current(found)}
