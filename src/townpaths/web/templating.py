"""Jinja environment shared by the web pages and the report."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from townpaths.i18n import LANGUAGES, Translator


@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader("townpaths", "web/templates"),
                             PackageLoader("townpaths", "report/templates")]),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["LANGUAGES"] = LANGUAGES
    return env


def render_template(name: str, lang: str, **context: Any) -> str:
    """Render ``name`` with gettext bound to ``lang`` (thread-safe: a fresh template context each call)."""
    tr = Translator(lang)
    env = environment()
    template = env.get_template(name)
    return template.render(
        _=tr.gettext, gettext=tr.gettext, ngettext=tr.ngettext, tr=tr, field=tr.field, lang=lang, **context
    )
