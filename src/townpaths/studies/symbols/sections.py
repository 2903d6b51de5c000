"""What the case report shows of the symbol inventory: Table 1 with the assessment and the map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from townpaths.core.i18n import Translator
from townpaths.studies.spec import CaseReader
from townpaths.studies.symbols.core.map import map_svg
from townpaths.studies.symbols.core.table1 import scale_records
from townpaths.studies.symbols.core.table1 import table1 as compute_table1
from townpaths.studies.symbols.core.vocab import THEMES


def case_table1(case: CaseReader) -> list[dict[str, Any]]:
    """Table 1 with the preservation/attitude distributions and narrative shares (study's scales)."""
    return compute_table1(
        case.records("symbol_categories"),
        case.records("symbol_types"),
        case.records("symbols"),
        scale_records(case.records("symbol_scales")),
    )


#: Named symbols shown per type in Table 1, at most (the rest are counted: "and N more").
MAX_EXAMPLES = 12


def case_map_svg(
    case: CaseReader, lang: str = "en", *, width: int = 720, height: int = 480, link_prefix: str | None = "#symbols-"
) -> str:
    """The offline symbol map as inline SVG; points link to ``#symbols-<id>`` anchors by default
    (the points of the symbols the report shows)."""
    tr = Translator(lang)

    def link(s: dict[str, Any]) -> str | None:
        return f"{link_prefix}{s['id']}" if case.shown("symbols", s["id"]) else None

    return map_svg(
        case.records("symbols"),
        width=width,
        height=height,
        lang=tr.lang,
        title=tr.gettext("Map of the symbols"),
        link=link if link_prefix else None,
        theme_labels={c.key: c.label(tr.lang) for c in THEMES},
        empty_text=tr.gettext("No symbol has coordinates yet."),
    )


def examples_from_study(symbols: list[dict[str, Any]]) -> bool:
    """Whether the town's symbols are the examples a publication names (every one recorded by desk
    research), not an inventory made in the field: Table 1 then says its numbers count examples."""
    return bool(symbols) and all(s.get("source") == "desk" for s in symbols)


def table1(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    rows = case_table1(case)
    examples = [s["id"] for cat in rows for t in cat["types"] for s in t["symbols"][:MAX_EXAMPLES]]
    summarised = any(t["count"] > MAX_EXAMPLES for cat in rows for t in cat["types"])
    if summarised:
        case.show("symbols", examples)
    return {
        "max_examples": MAX_EXAMPLES,
        "summarised": summarised,
        "table1": rows,
        "from_study": examples_from_study(case.records("symbols")),
        "assessed": any(
            c["preservation"]["assessed"] or c["attitude"]["assessed"] or c["narratives"]["assessed"] for c in rows
        ),
        "symbol_map": Markup(case_map_svg(case, tr.lang)),
    }
