"""Gather a case's records, compute the article's tables and render the report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from townpaths import __version__
from townpaths.case import Case
from townpaths.i18n import Translator, check_language
from townpaths.innovations.tables import per_decade, type_period_table
from townpaths.qda.service import table2_from_coding
from townpaths.report import charts
from townpaths.symbols.report import case_map_svg, case_table1
from townpaths.synthesis import tables as T

REPORT_TABLES = ("symbol_categories", "symbol_types", "symbols", "periods", "narratives", "interviewees",
                 "innovations", "problems", "solutions", "dualities", "facts", "evidence", "evidence_links",
                 "documents", "employment")

#: Tables whose rows carry an id anchor in the report, so evidence can link to them.
ANCHORED = frozenset({"symbol_types", "symbols", "narratives", "innovations", "problems", "solutions", "dualities"})


def report_context(case: Case, lang: str) -> dict[str, Any]:
    """Everything the report shows, computed from the database."""
    lang = check_language(lang)
    tr = Translator(lang)
    rec = {name: case.records(name) for name in REPORT_TABLES}
    table1 = case_table1(case)
    coding = table2_from_coding(case.db, case.town.slug, quotes=1)
    innovations = T.table3(rec["innovations"])
    types = [t for t, _ in T.innovation_types(rec["innovations"])]
    type_label = {i["type_en"]: tr.field(i, "type") for i in innovations}
    pairs = T.figure8(rec["problems"], rec["solutions"])
    return {
        "town": case.town,
        "table1": table1,
        "assessed": any(c["preservation"]["assessed"] or c["attitude"]["assessed"] or c["narratives"]["assessed"]
                        for c in table1),
        "symbol_map": Markup(case_map_svg(case, lang)),
        "table2": T.table2(rec["periods"], rec["narratives"]),
        "sectors": T.interviewees_by_sector(rec["interviewees"]),
        "coding": coding if any(n["segments"] for p in coding for n in p["dominant"] + p["alternative"]) else [],
        "fictional_interviews": sum(1 for i in case.records("interviews") if i["fictional"]),
        "interviewee_total": sum(n for _, n in T.interviewees_by_sector(rec["interviewees"])),
        "table3": innovations,
        "innovation_periods": [p for p in rec["periods"] if p["scheme"] == "innovations"],
        "type_period": type_period_table(rec["innovations"], rec["periods"]),
        "decades": Markup(charts.bars([(f"{d}–{d + 9}" if d is not None else tr.gettext("year unknown"), n)
                                       for d, n in per_decade(rec["innovations"])],
                                      title=tr.gettext("Social innovations per decade"))),
        "timeline": Markup(charts.timeline(
            [(i["year"], i["type_en"], tr.field(i, "name")) for i in innovations],
            [(t, type_label[t]) for t in types], title=tr.gettext("Social innovations by type and year"),
            unknown_label=tr.gettext("year unknown"))) if innovations else "",
        "type_labels": type_label,
        "table4": T.table4(rec["problems"]),
        "figure8": pairs,
        "figure8_svg": Markup(charts.problem_solution(
            [(tr.field(p["solution"], "problem_as_worked_on") or tr.field(p["problem"], "text"),
              tr.field(p["solution"], "title")) for p in pairs],
            title=tr.gettext("Ideas for the main development problems"))) if pairs else "",
        "dualities": sorted(rec["dualities"], key=lambda d: d["no"]),
        "facts": rec["facts"],
        "evidence": T.evidence(rec["evidence"], rec["evidence_links"], rec),
        "record_label": lambda table, record: T.record_label(table, record, lang),
        "anchored": ANCHORED,
        "max_links": 25,
        "generated_on": date.today().isoformat(),
        "version": __version__,
    }


def render_report(case: Case, lang: str = "en") -> str:
    from townpaths.web.templating import render_template

    return render_template("report/report.html", check_language(lang), **report_context(case, lang))


def write_report(case: Case, output: Path, lang: str = "en") -> Path:
    output = Path(output)
    output.write_text(render_report(case, lang), encoding="utf-8")
    return output
