"""What the case report shows of the synthesis: Table 2, Table 4, Figure 8, the dualities and the
evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from townpaths.core.i18n import Translator
from townpaths.present import charts
from townpaths.studies.spec import CaseReader
from townpaths.studies.synthesis.core import tables as T
from townpaths.studies.synthesis.service import label_of, linked_evidence

#: Evidence lists show at most this many linked records per item.
MAX_LINKS = 25


def narratives(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    sectors = T.interviewees_by_sector(case.records("interviewees"))
    return {
        "table2": T.table2(case.records("periods"), case.records("narratives")),
        "sectors": sectors,
        "interviewee_total": sum(n for _, n in sectors),
    }


def problems(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    rows = case.records("problems")
    kind, details = T.ranking_note(rows, case.records("workshops"), case.records("workshop_rounds"))
    if kind == "workshop":
        steps = ", ".join(tr.gettext(T.ROUND_WORDS.get(k, k)) for k in details["rounds"])
        ranked_by = tr.gettext(
            "Ranked by the participants of the workshop %(title)s in rounds: %(rounds)s (1 = most pressing).",
            title=details["title"],
            rounds=steps,
        )
    elif kind == "study":
        ranked_by = tr.gettext(
            "Ranked by workshop participants in rounds: first in pairs, then in groups, then all together "
            "(1 = most pressing)."
        )
    elif kind == "ranks":
        ranked_by = tr.gettext("Ranks as the researchers entered them (1 = most pressing).")
    else:
        ranked_by = ""
    return {"table4": T.table4(rows), "ranked_by": ranked_by}


def solutions(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    pairs = T.figure8(case.records("problems"), case.records("solutions"))
    svg = (
        charts.problem_solution(
            [
                (
                    tr.field(p["solution"], "problem_as_worked_on") or tr.field(p["problem"], "text") or "",
                    tr.field(p["solution"], "title") or "",
                )
                for p in pairs
            ],
            title=tr.gettext("Ideas for the main development problems"),
        )
        if pairs
        else ""
    )
    return {"figure8": pairs, "figure8_svg": Markup(svg)}


def dualities(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    return {"dualities": sorted(case.records("dualities"), key=lambda d: d["no"])}


def evidence(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    labels = case.labels()
    return {
        "evidence": linked_evidence(case, labels),
        "facts": case.records("facts"),
        "record_label": lambda table, record: label_of(labels, table, record, tr.lang),
        "anchored": case.anchored(),
        "shown": case.shown,
        "max_links": MAX_LINKS,
    }
