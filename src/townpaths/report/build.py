"""The case report: one self-contained HTML file (inline CSS and SVG), its sections read from the
registry of studies in their declared order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from townpaths import __version__
from townpaths.cases.case import Case, open_case
from townpaths.cases.towns import load_velenje
from townpaths.core.i18n import Translator, check_language
from townpaths.formats.files import atomic_write
from townpaths.present.templating import render_template
from townpaths.registry import Registry
from townpaths.storage import Database

#: The report's own templates (the frame and its CSS); each study adds the folder of its sections.
REPORT_TEMPLATES = ("townpaths", "report/templates")


@dataclass(frozen=True)
class RenderedSection:
    key: str
    anchor: str
    toc: str | None
    html: Markup


def template_folders(registry: Registry) -> list[tuple[str, str]]:
    return [REPORT_TEMPLATES, *registry.template_folders()]


def render_sections(case: Case, lang: str) -> list[RenderedSection]:
    """Every report section of the registry, rendered for ``case`` in ``lang``."""
    tr = Translator(lang)
    folders = template_folders(case.registry)
    out = []
    for section in case.registry.report_sections():
        context = dict(section.context(case, tr))
        html = render_template(folders, section.template, lang, town=case.town, **context)
        out.append(RenderedSection(section.key, section.key, section.toc, Markup(html)))
    return out


def report_context(case: Case, lang: str) -> dict[str, Any]:
    """Everything the report frame shows: the town, the rendered sections, version and date."""
    return {
        "town": case.town,
        "sections": render_sections(case, lang),
        "generated_on": date.today().isoformat(),
        "version": __version__,
    }


def render_report(case: Case, lang: str = "en") -> str:
    lang = check_language(lang)
    return render_template(template_folders(case.registry), "report/report.html", lang, **report_context(case, lang))


def write_report(case: Case, output: Path, lang: str = "en") -> Path:
    return atomic_write(Path(output), render_report(case, lang))


def write_demo(db: Database, output: Path, lang: str = "en", registry: Registry | None = None) -> dict[str, Any]:
    """Load (or reload) the Velenje default case into ``db`` and write its report to ``output``:
    the database (password hidden), the town, the report's path and the non-empty table counts."""
    lang = check_language(lang)
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
