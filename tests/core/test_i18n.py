"""Translations: catalogs merged from every .po file, contexts for words with several translations."""

from __future__ import annotations

from importlib import resources

import pytest
from babel.messages.pofile import read_po

from townpaths.core.i18n import LANGUAGES, Translator


def _catalog_files(lang: str) -> list:
    folder = resources.files("townpaths") / "locale" / lang / "LC_MESSAGES"
    if not folder.is_dir():
        return []
    return sorted((e for e in folder.iterdir() if e.name.endswith(".po")), key=lambda e: e.name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_translated_two_ways_across_catalogs(lang: str) -> None:
    """Catalogs are merged into one: the same (msgctxt, msgid) in two files must say the same thing,
    otherwise the file loaded last silently wins. Give one of them a context instead."""
    seen: dict[tuple[str | None, str], tuple[str, object]] = {}
    clashes = []
    for entry in _catalog_files(lang):
        with entry.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if not message.id or not message.string:
                    continue
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                key = (message.context, msgid)
                if key in seen and seen[key][1] != message.string:
                    clashes.append(f"{key}: {seen[key][0]} {seen[key][1]!r} vs {entry.name} {message.string!r}")
                seen.setdefault(key, (entry.name, message.string))
    assert clashes == []


def test_slovene_catalogs_are_found() -> None:
    assert [e.name for e in _catalog_files("sl")] == [
        "compare.po",
        "innovations.po",
        "people.po",
        "provenance.po",
        "publish.po",
        "qda.po",
        "symbols.po",
        "tables.po",
        "townpaths.po",
        "towns.po",
        "uploads.po",
        "workshop.po",
    ]


def test_contexts_tell_translations_apart() -> None:
    sl = Translator("sl")
    assert (sl.gettext("workshop"), sl.pgettext("found by", "workshop")) == ("delavnica", "udeleženec delavnice")
    assert (sl.gettext("Search"), sl.pgettext("button", "Search")) == ("Iskanje", "Išči")
    assert (sl.gettext("Segments"), sl.pgettext("report", "Segments")) == ("Segmenti", "Odlomki")
    assert sl.pgettext("found by", "researchers") == "raziskovalci"
    # a context without a translation stays English, like gettext
    assert sl.pgettext("no such context", "workshop") == "workshop"
    en = Translator("en")
    assert en.pgettext("found by", "workshop") == "workshop"


def test_npgettext_plural_forms() -> None:
    sl, en = Translator("sl"), Translator("en")
    assert [en.npgettext("x", "%(num)d item", "%(num)d items", n) for n in (1, 2)] == ["1 item", "2 items"]
    # without a translation in the context, English plural rules apply
    assert sl.npgettext("x", "%(num)d segment", "%(num)d segments", 3) == "3 segments"
    assert sl.ngettext("%(num)d segment", "%(num)d segments", 3) == "3 segmenti"


def test_a_field_without_a_translation_is_shown_in_the_other_language_marked() -> None:
    sl, en = Translator("sl"), Translator("en")
    both = {"name_en": "Tito ice cream", "name_sl": "sladoled Tito"}
    only_en = {"name_en": "Tito ice cream", "name_sl": ""}
    only_sl = {"name_en": None, "name_sl": "sladoled Tito"}
    assert (sl.field(both, "name"), en.field(both, "name")) == ("sladoled Tito", "Tito ice cream")
    assert sl.field(only_en, "name") == "Tito ice cream [EN]"
    assert en.field(only_sl, "name") == "sladoled Tito [SL]"
    # a bare name (a code's) is English
    assert sl.field({"name": "values of work", "name_sl": None}, "name") == "values of work [EN]"
    code = {"name": "values of work", "name_sl": "vrednote dela"}
    assert (en.field(code, "name"), sl.field(code, "name")) == ("values of work", "vrednote dela")
    assert sl.field({"name_en": None}, "name") is None
    found = sl.localised(only_en, "name")
    assert found is not None and (found.text, found.lang, found.translated) == ("Tito ice cream", "en", False)
    assert sl.untranslated("en") == "Še ni prevedeno: prikazano v angleščini."
    assert en.untranslated("sl") == "Not translated yet: shown in Slovene."
