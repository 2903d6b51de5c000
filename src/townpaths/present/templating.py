"""Jinja environments shared by the web pages and the report: autoescaping, gettext bound to a
language per render, templates from package folders."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from townpaths.core.i18n import LANGUAGES, Translator
from townpaths.core.vocab import STUDY

#: (package, folder) pairs: where an environment looks for templates, first match wins.
Folders = tuple[tuple[str, str], ...]


@cache
def environment(folders: Folders) -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader(package, folder) for package, folder in folders]),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["LANGUAGES"] = LANGUAGES
    return env


def marked(tr: Translator, record: Any, name: str) -> Markup | str:
    """The field ``name`` of ``record`` as HTML for ``tr``'s reader: the text in the reader's
    language; a text shown in another language (no translation yet) is marked, never silently mixed
    in: ``<span lang="en" class="untranslated" title="...">Tito ice cream</span>`` followed by a
    visible ``[EN]``, both with a tooltip in the reader's language. The one helper every page and
    the report use (``field(record, "name")`` in the templates); ``""`` when no language has a text."""
    found = tr.localised(record, name)
    if found is None:
        return ""
    if found.translated:
        return escape(found.text)
    tip = escape(tr.untranslated(found.lang))
    return Markup(
        f'<span lang="{found.lang}" class="untranslated" title="{tip}">{escape(found.text)}</span>'
        f' <small class="untranslated-mark" title="{tip}">[{found.lang.upper()}]</small>'
    )


def provenance(tr: Translator, record: Any) -> Markup | str:
    """A visible mark of where a record comes from when the study does not state it: ``default``
    (the method's defaults), ``computed``, ``inferred`` or ``fictional``, with the record's
    provenance note (the reason, the source) as its tooltip; nothing for a record of the study."""
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k, None)
    value = get("provenance")
    if not value or value == STUDY:
        return ""
    note = get("provenance_note") or ""
    return Markup(
        f' <span class="tag provenance provenance-{escape(value)}" title="{escape(note)}">'
        f"{escape(tr.pgettext('provenance', value))}</span>"
    )


def town_name(town: Any, lang: str) -> str:
    """A town's name for a reader of ``lang`` (its Slovene name where it has one that differs)."""
    return str((getattr(town, "name_sl", None) if lang == "sl" else None) or town.name)


def render_template(folders: Sequence[tuple[str, str]], name: str, lang: str, **context: Any) -> str:
    """Render ``name`` with gettext bound to ``lang`` (thread-safe: a fresh template context each call)."""
    tr = Translator(lang)
    template = environment(tuple(folders)).get_template(name)
    return template.render(
        _=tr.gettext,
        gettext=tr.gettext,
        ngettext=tr.ngettext,
        pgettext=tr.pgettext,
        npgettext=tr.npgettext,
        tr=tr,
        field=lambda record, name: marked(tr, record, name),
        field_text=tr.field,
        provenance=lambda record: provenance(tr, record),
        lang=lang,
        **context,
    )
