"""Slovene and English for everything a user sees.

Messages are English msgids translated in gettext catalogs under ``locale/<lang>/LC_MESSAGES/``.
Every ``*.po`` file there is loaded (one per feature, so features add messages without touching
each other's files); catalogs are read directly with Babel, no compile step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "sl")
DEFAULT_LANGUAGE = "en"
#: Separates a message's context from its msgid in catalog keys (GNU gettext's convention).
CONTEXT_SEPARATOR = "\x04"
#: A catalog's translation: one text, or the plural forms (four in Slovene).
Translation = str | tuple[str, ...]


def check_language(lang: str | None) -> str:
    from townpaths.core.errors import TownpathsError

    if lang is None:
        return DEFAULT_LANGUAGE
    if lang not in LANGUAGES:
        raise TownpathsError(f"unknown language {lang!r} (use one of: {', '.join(LANGUAGES)})")
    return lang


@cache
def catalog(lang: str) -> dict[str, Translation]:
    """msgid -> translation (str, or tuple of plural forms) merged from all the language's .po files.
    A message with a context (``msgctxt``) is keyed ``context + "\\x04" + msgid``, as GNU gettext does."""
    from babel.messages.pofile import read_po

    merged: dict[str, Translation] = {}
    folder = resources.files("townpaths") / "locale" / lang / "LC_MESSAGES"
    if not folder.is_dir():
        return merged
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if not message.id or not message.string:
                    continue
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                key = message_key(message.context, msgid)
                if isinstance(message.string, str):
                    merged[key] = message.string
                elif all(message.string):  # plural forms: only when every form is translated
                    merged[key] = tuple(message.string)
    return merged


def message_key(context: str | None, msgid: str) -> str:
    """The catalog key of a message: its msgid, prefixed by its context and EOT when it has one."""
    return msgid if context is None else f"{context}{CONTEXT_SEPARATOR}{msgid}"


@dataclass(frozen=True)
class Localised:
    """A text of a record as a reader sees it: ``lang`` is the language it is written in;
    ``translated`` says whether that is the reader's language."""

    text: str
    lang: str
    translated: bool


#: What a text shown in another language says about itself (msgids; each shown in the reader's language).
UNTRANSLATED = {
    "en": "Not translated yet: shown in English.",
    "sl": "Not translated yet: shown in Slovene.",
}


class Translator:
    """gettext-style callables for one language (English is the identity)."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = check_language(lang)
        self._catalog = catalog(self.lang)

    def gettext(self, message: str, **params: Any) -> str:
        """Translate ``message``; ``%(name)s`` placeholders are filled from ``params``."""
        value = self._catalog.get(message)
        text = value if isinstance(value, str) else message
        return text % params if params else text

    def pgettext(self, context: str, message: str, **params: Any) -> str:
        """Translate ``message`` in ``context``: where one English word has several Slovene ones
        (``pgettext("found by", "workshop")``), the context tells them apart. A message without a
        translation in that context stays English, like :meth:`gettext`."""
        value = self._catalog.get(message_key(context, message))
        text = value if isinstance(value, str) else message
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        """Plural form for ``n`` (Slovene has four); ``%(num)d`` is ``n``."""
        return self._plural(singular, singular, plural, n, params)

    def npgettext(self, context: str, singular: str, plural: str, n: int, **params: Any) -> str:
        """:meth:`ngettext` in ``context``."""
        return self._plural(message_key(context, singular), singular, plural, n, params)

    def _plural(self, key: str, singular: str, plural: str, n: int, params: dict[str, Any]) -> str:
        forms = self._catalog.get(key)
        if isinstance(forms, tuple):
            text = forms[min(_slovene_plural(n) if self.lang == "sl" else (0 if n == 1 else 1), len(forms) - 1)]
        else:
            text = singular if n == 1 else plural
        return text % {"num": n, **params}

    def localised(self, record: dict[str, Any] | Any, name: str) -> Localised | None:
        """The text of ``record``'s field ``name`` for this reader: ``name_<lang>`` when it has a
        value, else the field in another language (English first; a bare ``name`` counts as
        English), marked as not translated; ``None`` when no language has one."""
        get = record.get if isinstance(record, dict) else lambda k: getattr(record, k, None)
        for lang in (self.lang, *(code for code in LANGUAGES if code != self.lang)):
            value = get(f"{name}_{lang}")
            if value in (None, "") and lang == "en":
                value = get(name)  # a bare name (a code's) is the English one, before another language
            if value not in (None, ""):
                return Localised(value if isinstance(value, str) else str(value), lang, lang == self.lang)
        return None

    def untranslated(self, lang: str) -> str:
        """What a reader is told about a text shown in ``lang`` because it has no translation."""
        return self.gettext(UNTRANSLATED[lang])

    def field(self, record: dict[str, Any] | Any, name: str) -> str | None:
        """The field ``name`` of ``record`` as plain text for this reader (a chart's label, a page
        title, an attribute): in the reader's language, else in another one followed by its code
        (``Tito ice cream [EN]``), never silently mixed. Pages and the report show the HTML form,
        :func:`townpaths.present.templating.marked`."""
        found = self.localised(record, name)
        if found is None:
            return None
        return found.text if found.translated else f"{found.text} [{found.lang.upper()}]"


def _slovene_plural(n: int) -> int:
    """Slovene has four plural forms: 1, 2, 3-4, other (by n mod 100)."""
    n100 = n % 100
    if n100 == 1:
        return 0
    if n100 == 2:
        return 1
    if n100 in (3, 4):
        return 2
    return 3
