"""Jinja environments shared by the web pages and the report: autoescaping, gettext bound to a
language per render, templates from package folders."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from townpaths.core.i18n import LANGUAGES, Translator

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
        field=tr.field,
        lang=lang,
        **context,
    )
