"""The case report: one self-contained HTML file (inline CSS and SVG), its sections read from the
registry of studies in their declared order; the same HTML printed to PDF (:mod:`.pdf`), read back
into a Word document (:mod:`.docx`), and each of its tables and figures as a file of its own
(:mod:`.files`). The format of a written report comes from the output file's suffix
(:data:`REPORT_FORMATS`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from townpaths import __version__
from townpaths.cases.case import Case, open_case
from townpaths.cases.towns import load_velenje
from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator, check_language
from townpaths.core.vocab import INFERRED
from townpaths.formats.files import atomic_write
from townpaths.present import document
from townpaths.present.templating import render_template, town_name
from townpaths.registry import Registry
from townpaths.report.pdf import html_to_pdf
from townpaths.report.word import blocks_to_docx
from townpaths.storage import Database
from townpaths.storage.models import Town

#: The report's own templates (the frame and its CSS); each study adds the folder of its sections.
REPORT_TEMPLATES = ("townpaths", "report/templates")
#: The report's file formats by the output file's suffix.
REPORT_FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
#: Tables with at least this many columns are printed on landscape pages.
WIDE_TABLE_COLUMNS = 7
#: What a report is rendered for: a screen (the web page, the HTML file) or print (the PDF).
MEDIA = ("screen", "print")

#: ``(kind, name, file format) -> URL`` of a table's or a figure's own file (the web report's links).
FileUrl = Callable[[str, str, str], str]
#: The file formats each kind of block can be downloaded in.
DOWNLOADS = {"figure": ("svg", "png"), "table": ("xlsx",)}


@dataclass(frozen=True)
class RenderedSection:
    key: str
    anchor: str
    toc: str | None
    html: Markup


def template_folders(registry: Registry) -> list[tuple[str, str]]:
    return [REPORT_TEMPLATES, *registry.template_folders()]


class ReportCase(Case):
    """A case as one report reads it: each table read once however many sections read it (the
    same rows to each: sections never change the rows they read), and the rows summarised
    sections show (:meth:`Case.show`)."""

    def __init__(self, case: Case) -> None:
        super().__init__(case.db, case.town, case.registry)
        self._read: dict[tuple[Any, ...], list[dict[str, Any]]] = {}

    def records(
        self,
        table: str,
        *,
        with_content: bool = False,
        offset: int = 0,
        limit: int | None = None,
        max_chars: int | None = None,
        ids: Collection[int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        key = (
            table,
            with_content,
            offset,
            limit,
            max_chars,
            None if ids is None else tuple(sorted(ids)),
            None if columns is None else tuple(columns),
        )
        if key not in self._read:
            self._read[key] = super().records(
                table,
                with_content=with_content,
                offset=offset,
                limit=limit,
                max_chars=max_chars,
                ids=ids,
                columns=columns,
            )
        return list(self._read[key])


def render_sections(case: Case, lang: str) -> list[RenderedSection]:
    """Every report section of the registry, rendered for ``case`` in ``lang`` in their order
    (a section may summarise a long table, and later sections know which rows it shows)."""
    case = ReportCase(case)
    tr = Translator(lang)
    folders = template_folders(case.registry)
    out = []
    for section in case.registry.report_sections():
        context = dict(section.context(case, tr))
        html = render_template(folders, section.template, lang, town=case.town, **context)
        out.append(RenderedSection(section.key, section.key, section.toc, Markup(html)))
    return out


def citation(case: Case, lang: str) -> dict[str, str | None]:
    """How to cite the report: the study (the town's citation, else its source) and townpaths with
    its version."""
    tr = Translator(lang)
    return {
        "study": case.town.citation or case.town.source or None,
        "software": tr.gettext(
            "townpaths %(version)s: software for evidence-based, participatory research on industrial towns "
            "(townpaths developers, Apache-2.0 licence).",
            version=__version__,
        ),
    }


def inferred_records(case: Case, lang: str) -> list[dict[str, Any]]:
    """Every record of the case the researchers inferred (provenance ``inferred``), labelled, with
    the reason (its provenance note): the report lists them under Sources. Confidential tables and
    unpublished rows are left out."""
    out = []
    for name, spec in case.registry.table_specs.items():
        if spec.confidential or "provenance" not in spec.table.c:
            continue
        for record in case.records(name):
            if record.get("provenance") != INFERRED or (spec.unpublished and spec.unpublished(record)):
                continue
            label = (spec.label(record, lang) if spec.label else str(record["id"])).rstrip(". ")
            out.append({"table": name, "id": record["id"], "label": label, "reason": record.get("provenance_note")})
    return out


def study_texts(town: Town, lang: str) -> dict[str, Any]:
    """What the town's study adds to the report frame (from ``town.extra``): the other sources it
    rests on (``sources``: citation and what it is used for) and the study's own caveats by report
    section (``caveats``). Its title is a town setting (``title_en``/``title_sl``)."""
    extra = town.extra or {}
    return {
        "sources": list(extra.get("sources") or []),
        "caveats": dict(extra.get("caveats") or {}),
    }


def report_context(case: Case, lang: str) -> dict[str, Any]:
    """Everything the report frame shows: the town, the rendered sections, the study's title, sources
    and caveats, the inferred records, how to cite it, version and date."""
    return {
        "town": case.town,
        "town_name": town_name(case.town, lang),
        "sections": render_sections(case, lang),
        "citation": citation(case, lang),
        **study_texts(case.town, lang),
        "inferred": inferred_records(case, lang),
        "generated_on": date.today().isoformat(),
        "version": __version__,
    }


def download_links(lang: str, url: FileUrl) -> Callable[[document.Table | document.Figure], tuple[str, str]]:
    """For :func:`townpaths.present.document.wrap`: a line of links after each table and figure
    to its files (``url(kind, name, format)``)."""
    tr = Translator(lang)

    def around(block: document.Table | document.Figure) -> tuple[str, str]:
        kind = "table" if isinstance(block, document.Table) else "figure"
        label = tr.gettext("Download the table") if kind == "table" else tr.gettext("Download the figure")
        links = " · ".join(
            f'<a href="{escape(url(kind, block.name, fmt))}" download>{fmt.upper()}</a>' for fmt in DOWNLOADS[kind]
        )
        return "", f'<p class="downloads" data-{kind}="{escape(block.name)}">{escape(label)}: {links}</p>'

    return around


def _landscape(block: document.Table | document.Figure) -> tuple[str, str]:
    if isinstance(block, document.Table) and block.columns >= WIDE_TABLE_COLUMNS:
        return '<div class="landscape">', "</div>"
    return "", ""


def render_report(
    case: Case,
    lang: str = "en",
    *,
    media: str = "screen",
    file_url: FileUrl | None = None,
    report_files: Sequence[tuple[str, str]] = (),
) -> str:
    """The report as HTML. ``media="print"`` adds the print styles (pages, page numbers, repeated
    table headers, landscape pages for wide tables); ``file_url`` adds a link to the files of each
    table and figure; ``report_files`` are (label, URL) links to the whole report in other formats."""
    lang = check_language(lang)
    if media not in MEDIA:
        raise ValueError(f"unknown media {media!r}")
    html = render_template(
        template_folders(case.registry),
        "report/report.html",
        lang,
        media=media,
        report_files=report_files,
        **report_context(case, lang),
    )
    if file_url is not None:
        html = document.wrap(html, download_links(lang, file_url))
    if media == "print":
        html = document.wrap(html, _landscape)
    return html


def report_format(output: Path | str) -> str:
    """``html``, ``pdf`` or ``docx``, from the output file's suffix (checked before any work starts)."""
    kind = REPORT_FORMATS.get(Path(output).suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot tell the report's format from the suffix (use {', '.join(REPORT_FORMATS)})", file=str(output)
        )
    return kind


def report_output(output: Path | str | None = None, kind: str | None = None) -> tuple[Path, str]:
    """Where the report goes and in which format (``html``, ``pdf`` or ``docx``), checked before any
    work starts: ``kind`` when given (``report.<kind>`` when there is no ``output``), else the
    output's suffix (``report.html`` by default). A suffix naming another report format than
    ``kind`` is refused."""
    formats = sorted(set(REPORT_FORMATS.values()))
    if kind is not None and kind not in formats:
        raise InputError(f"unknown report format (use {', '.join(formats)})", field="--format", value=kind)
    if output is None:
        return Path(f"report.{kind or 'html'}"), kind or "html"
    if kind is None:
        return Path(output), report_format(output)
    named = REPORT_FORMATS.get(Path(output).suffix.lower())
    if named is not None and named != kind:
        raise InputError(f"the suffix says {named} but --format says {kind}", file=str(output))
    return Path(output), kind


def report_bytes(case: Case, kind: str, lang: str = "en") -> bytes:
    """The whole report as a file of ``kind`` (``html``, ``pdf`` or ``docx``)."""
    if kind == "pdf":
        return html_to_pdf(render_report(case, lang, media="print"))
    if kind == "docx":
        return blocks_to_docx(document.blocks(render_report(case, lang)), lang=lang, title=case.town.name)
    if kind == "html":
        return render_report(case, lang).encode("utf-8")
    raise InputError(f"unknown report format (use {', '.join(sorted(set(REPORT_FORMATS.values())))})", value=kind)


def write_report(case: Case, output: Path, lang: str = "en", kind: str | None = None) -> Path:
    """Write the report to ``output`` as ``kind``, or in the format its suffix names
    (:func:`report_output`), all at once (never half a file)."""
    path, kind = report_output(output, kind)
    return atomic_write(path, report_bytes(case, kind, lang))


def write_demo(db: Database, output: Path, lang: str = "en", registry: Registry | None = None) -> dict[str, Any]:
    """Load (or reload) the Velenje default case into ``db`` and write its report to ``output``:
    the database (password hidden), the town, the report's path and the non-empty table counts."""
    lang = check_language(lang)
    report_format(output)
    town = load_velenje(db, registry=registry)
    case = open_case(town.slug, db, registry)
    path = write_report(case, output, lang)
    return {
        "database": db.display_url,
        "town": town.slug,
        "name": town.name,
        "report": str(path.resolve()),
        "counts": {k: v for k, v in case.counts().items() if v},
    }
