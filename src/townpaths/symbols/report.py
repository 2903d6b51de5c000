"""What the case report needs from the symbol inventory, read from a :class:`~townpaths.case.Case`."""

from __future__ import annotations

from typing import Any

from townpaths.case import Case
from townpaths.i18n import Translator
from townpaths.symbols.map import map_svg
from townpaths.symbols.table1 import scale_records, table1
from townpaths.symbols.vocab import THEMES


def case_table1(case: Case) -> list[dict[str, Any]]:
    """Table 1 with the preservation/attitude distributions and narrative shares (study's scales)."""
    return table1(case.records("symbol_categories"), case.records("symbol_types"), case.records("symbols"),
                  scale_records(case.records("symbol_scales")))


def case_map_svg(case: Case, lang: str = "en", *, width: int = 720, height: int = 480,
                 link_prefix: str | None = "#symbols-") -> str:
    """The offline symbol map as inline SVG; points link to ``#symbols-<id>`` anchors by default."""
    tr = Translator(lang)
    return map_svg(case.records("symbols"), width=width, height=height, lang=tr.lang,
                   title=tr.gettext("Map of the symbols"),
                   link=(lambda s: f"{link_prefix}{s['id']}") if link_prefix else None,
                   theme_labels={c.key: c.label(tr.lang) for c in THEMES},
                   empty_text=tr.gettext("No symbol has coordinates yet."))
