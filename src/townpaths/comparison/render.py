"""A comparison of towns as HTML (the web page's body, or a self-contained file), PDF and Word.

The body: the summary of each pair of towns (each statement a link to the row of the table that
shows its numbers), then each study's tables, texts in the reader's language and a text shown in
another language marked ``[EN]`` or ``[SL]``. The file wraps the body like the case report, with the
report's styles; the PDF and the DOCX are made from it by the report's own writers
(:func:`townpaths.report.pdf.html_to_pdf`, :func:`townpaths.report.word.blocks_to_docx`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from townpaths import __version__
from townpaths.comparison.build import ComparisonResult, StudySection
from townpaths.comparison.localize import localize
from townpaths.comparison.summary import ALIKE, DIFFER, PairSummary
from townpaths.comparison.words import number, statement_text
from townpaths.core.comparison import RELATIVE, ROWS, SHARE, TAU, Comparison
from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator, check_language
from townpaths.formats.files import atomic_write
from townpaths.present import document
from townpaths.present.templating import render_template
from townpaths.report.pdf import html_to_pdf
from townpaths.report.word import blocks_to_docx

#: The comparison's templates, then the report's (its styles).
TEMPLATES = (("townpaths", "comparison/templates"), ("townpaths", "report/templates"))
#: The comparison's file formats by the output file's suffix.
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
MEDIA = ("screen", "print")


def anchors(comparison: Comparison) -> dict[str, str]:
    """The id of the table row of each key (the first row with the key)."""
    out: dict[str, str] = {}
    for row in comparison.rows:
        out.setdefault(str(row["key"]), f"cmp-{comparison.key}-{len(out) + 1}")
    return out


@dataclass
class Marks:
    """Which languages the rendered texts were shown in besides the reader's (for the legend)."""

    languages: set[str] = field(default_factory=set)


def text_cell(value: Any, value_lang: str | None, lang: str, marks: Marks) -> Markup:
    if value in (None, ""):
        return Markup("")
    if value_lang is not None and value_lang != lang:
        marks.languages.add(value_lang)
        return Markup('<span class="untranslated" lang="{0}">{1} <span class="mark">[{2}]</span></span>').format(
            value_lang, value, value_lang.upper()
        )
    return Markup(escape(value))


def list_cell(value: Sequence[Any], lang: str, marks: Marks) -> Markup:
    """A list of texts, one item each; texts of a period (narratives) one item a period, the period
    named once before its texts (``period: text; text``), so a long period name is not repeated."""
    items = []
    for period, grouped in groupby(value, key=lambda item: item.get("period") if isinstance(item, dict) else None):
        group = list(grouped)
        texts = [
            text_cell(item.get("text"), item.get("text_lang"), lang, marks)
            if isinstance(item, dict)
            else Markup(escape(item))
            for item in group
        ]
        if period:
            name = text_cell(period, group[0].get("period_lang"), lang, marks)
            items.append(Markup('<li><span class="period">{0}:</span> {1}</li>').format(name, Markup("; ").join(texts)))
        else:
            items.extend(Markup("<li>{0}</li>").format(t) for t in texts)
    return Markup('<ul class="tight">{0}</ul>').format(Markup("").join(items)) if items else Markup("")


def cell(row: dict[str, Any], column: str, fmt: str, lang: str, marks: Marks, names: dict[str, str]) -> Markup:
    """One cell of a localised row."""
    value = row.get(column)
    if column in ("town", "other") and isinstance(value, str):
        return Markup(escape(names.get(value, value)))
    if fmt == "list":
        return list_cell(value or [], lang, marks)
    if fmt == "text" or f"{column}_lang" in row:
        return text_cell(value, row.get(f"{column}_lang"), lang, marks)
    return Markup(escape(number(value, fmt, lang)))


@dataclass(frozen=True)
class TableView:
    key: str
    title: str
    anchor: str
    layout: str
    towns: tuple[tuple[str, str], ...]  # (slug, name)
    labels: tuple[tuple[str, str], ...]  # (column, header)
    values: tuple[tuple[str, str, bool], ...]  # (column, header, numeric)
    lines: tuple[dict[str, Any], ...]
    notes: tuple[str, ...]


NUMERIC = frozenset({"count", "share", "rate", "coefficient", "number", "year"})
#: A table with more cells a line than this, or with lists in its cells, shows each town on a line of
#: its own under the compared thing (stacked), so it fits a page.
MAX_SIDE_CELLS = 10
STACKED = "stacked"


def table_view(
    comparison: Comparison, towns: Sequence[str], names: dict[str, str], tr: Translator, marks: Marks
) -> TableView:
    lang = tr.lang
    rows = [localize(dict(r), lang) for r in comparison.rows]
    ids = anchors(comparison)
    header = comparison.headers
    formats = comparison.formats
    notes = tuple(tr.gettext(msgid, **params) for msgid, params in comparison.notes)
    if comparison.layout == ROWS:
        shown = tuple(c for c in comparison.columns if c in header)
        lines = []
        seen: set[str] = set()
        for r in rows:
            key = str(r["key"])
            anchor = ids[key] if key not in seen else None
            seen.add(key)
            lines.append(
                {
                    "anchor": anchor,
                    "cells": [
                        (cell(r, c, formats.get(c, "text"), lang, marks, names), formats.get(c) in NUMERIC)
                        for c in shown
                    ],
                }
            )
        return TableView(
            comparison.key,
            tr.gettext(comparison.title),
            f"cmp-{comparison.key}",
            ROWS,
            tuple((t, names.get(t, t)) for t in towns),
            tuple((c, tr.gettext(header[c])) for c in shown),
            (),
            tuple(lines),
            notes,
        )
    by_key: dict[str, dict[str, dict[str, Any]]] = {}
    for r in rows:
        by_key.setdefault(str(r["key"]), {}).setdefault(r["town"], r)
    present = tuple(t for t in towns if any(r["town"] == t for r in rows)) or tuple(towns)
    stacked = len(comparison.values) * len(present) > MAX_SIDE_CELLS or any(
        formats.get(c) == "list" for c in comparison.values
    )
    lines = []
    for key, per_town in by_key.items():
        first = next(iter(per_town.values()))
        labels = [
            cell(first, c, formats.get(c, "text"), lang, marks, names) if c != "key" else Markup(escape(key))
            for c in comparison.labels
        ]

        def values(row: dict[str, Any] | None) -> list[tuple[Markup, bool]]:
            return [
                (
                    cell(row, c, formats.get(c, "text"), lang, marks, names) if row else Markup("–"),
                    formats.get(c) in NUMERIC,
                )
                for c in comparison.values
            ]

        line: dict[str, Any] = {"anchor": ids[key], "labels": labels}
        if stacked:
            line["towns"] = [{"name": names.get(t, t), "cells": values(per_town[t])} for t in present if t in per_town]
        else:
            line["cells"] = [c for town in present for c in values(per_town.get(town))]
        lines.append(line)
    return TableView(
        comparison.key,
        tr.gettext(comparison.title),
        f"cmp-{comparison.key}",
        STACKED if stacked else comparison.layout,
        tuple((t, names.get(t, t)) for t in present),
        tuple((c, tr.gettext(header.get(c, c))) for c in comparison.labels),
        tuple((c, tr.gettext(header.get(c, c)), formats.get(c) in NUMERIC) for c in comparison.values),
        tuple(lines),
        notes,
    )


def pair_view(pair: PairSummary, result: ComparisonResult, tr: Translator) -> dict[str, Any]:
    a, b = result.town(pair.town_a).label(tr.lang), result.town(pair.town_b).label(tr.lang)
    link = {c.key: anchors(c) for c in result.comparisons}

    def statements(found: Sequence[Any]) -> list[dict[str, str]]:
        return [
            {
                "text": statement_text(s, a, b, tr),
                "anchor": link[s.comparison][s.row],
                "measure": s.measure.key,
            }
            for s in found
        ]

    return {
        "a": pair.town_a,
        "b": pair.town_b,
        "title": f"{a} – {b}",
        "alike": statements(pair.alike),
        "differ": statements(pair.differ),
        "weighed": pair.weighed,
    }


def section_view(section: StudySection, result: ComparisonResult, tr: Translator, marks: Marks) -> dict[str, Any]:
    names = {t.slug: t.label(tr.lang) for t in result.towns}
    return {
        "study": section.study,
        "title": tr.gettext(section.title),
        "hidden": [names[s] for s in section.hidden],
        "tables": [table_view(c, section.towns, names, tr, marks) for c in section.comparisons],
    }


def render_body(result: ComparisonResult, lang: str = "en") -> Markup:
    """The comparison's summaries and tables (the web page's body)."""
    tr = Translator(check_language(lang))
    marks = Marks()
    sections = [section_view(s, result, tr, marks) for s in result.sections]
    pairs = [pair_view(p, result, tr) for p in result.summaries]
    html = render_template(
        TEMPLATES,
        "comparison/body.html",
        tr.lang,
        towns=result.towns,
        pairs=pairs,
        sections=sections,
        marked=sorted(marks.languages),
        bounds=bounds(tr.lang),
    )
    return Markup(html)


def bounds(lang: str) -> dict[str, str]:
    """The bounds of alike and differ (:mod:`.summary`) as the summary's note states them."""

    def points(x: float) -> str:
        return number(x * 100, "number", lang).rstrip("0").rstrip(",.")

    return {
        "share_alike": points(ALIKE[SHARE]),
        "share_differ": points(DIFFER[SHARE]),
        "relative_alike": points(ALIKE[RELATIVE]),
        "relative_differ": points(DIFFER[RELATIVE]),
        "tau_alike": number(1 - 2 * ALIKE[TAU], "number", lang).rstrip("0").rstrip(",."),
        "tau_differ": number(1 - 2 * DIFFER[TAU], "number", lang).rstrip("0").rstrip(",."),
    }


def title(result: ComparisonResult, lang: str) -> str:
    return " – ".join(t.label(lang) for t in result.towns)


def render_comparison(result: ComparisonResult, lang: str = "en", *, media: str = "screen") -> str:
    """The comparison as one self-contained HTML file; ``media="print"`` adds the print styles."""
    lang = check_language(lang)
    if media not in MEDIA:
        raise ValueError(f"unknown media {media!r}")
    return render_template(
        TEMPLATES,
        "comparison/report.html",
        lang,
        media=media,
        title=title(result, lang),
        towns=result.towns,
        body=render_body(result, lang),
        generated_on=date.today().isoformat(),
        version=__version__,
    )


def comparison_css() -> Markup:
    """The comparison's own styles (the web page adds them to its shell's)."""
    return Markup(render_template(TEMPLATES, "comparison/comparison.css", "en"))


def output_format(output: Path | str) -> str:
    """``html``, ``pdf`` or ``docx`` from the output file's suffix (checked before any work)."""
    kind = FORMATS.get(Path(output).suffix.lower())
    if kind is None:
        raise InputError(f"cannot tell the file format from the suffix (use {', '.join(FORMATS)})", file=str(output))
    return kind


def comparison_bytes(result: ComparisonResult, kind: str, lang: str = "en") -> bytes:
    """The comparison as a file of ``kind`` (``html``, ``pdf`` or ``docx``)."""
    if kind == "pdf":
        return html_to_pdf(render_comparison(result, lang, media="print"))
    if kind == "docx":
        html = render_comparison(result, lang)
        return blocks_to_docx(document.blocks(html), lang=lang, title=title(result, lang))
    if kind == "html":
        return render_comparison(result, lang).encode("utf-8")
    raise InputError(f"unknown file format (use {', '.join(sorted(set(FORMATS.values())))})", value=kind)


def write_comparison(result: ComparisonResult, output: Path, lang: str = "en") -> Path:
    """Write the comparison to ``output`` in the format its suffix names, all at once."""
    return atomic_write(Path(output), comparison_bytes(result, output_format(output), lang))
