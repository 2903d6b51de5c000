"""The one helper pages and the report show a record's text with: the reader's language, or the
other one marked as not translated; and the provenance mark of records the study does not state."""

from __future__ import annotations

from townpaths.core.i18n import Translator
from townpaths.present.templating import marked, provenance, town_name


def test_a_text_without_a_translation_is_marked_never_silently_mixed() -> None:
    sl = Translator("sl")
    assert marked(sl, {"name_en": "Tito ice cream", "name_sl": "sladoled Tito"}, "name") == "sladoled Tito"
    assert marked(sl, {"name_en": "Tito ice cream"}, "name") == (
        '<span lang="en" class="untranslated" title="Še ni prevedeno: prikazano v angleščini.">Tito ice cream</span>'
        ' <small class="untranslated-mark" title="Še ni prevedeno: prikazano v angleščini.">[EN]</small>'
    )
    assert marked(Translator("en"), {"name_sl": "<b>sladoled</b>"}, "name") == (
        '<span lang="sl" class="untranslated" title="Not translated yet: shown in Slovene.">'
        "&lt;b&gt;sladoled&lt;/b&gt;</span>"
        ' <small class="untranslated-mark" title="Not translated yet: shown in Slovene.">[SL]</small>'
    )
    assert marked(sl, {"name_en": "a < b", "name_sl": "a < b"}, "name") == "a &lt; b"
    assert marked(sl, {}, "name") == ""


def test_provenance_is_marked_where_the_study_does_not_state_a_record() -> None:
    sl, en = Translator("sl"), Translator("en")
    assert provenance(en, {"provenance": "study", "provenance_note": "Table 1"}) == ""
    assert provenance(en, {"provenance": None}) == ""
    assert provenance(en, {"provenance": "inferred", "provenance_note": "adopted from coding"}) == (
        ' <span class="tag provenance provenance-inferred" title="adopted from coding">inferred</span>'
    )
    assert provenance(sl, {"provenance": "default", "provenance_note": None}) == (
        ' <span class="tag provenance provenance-default" title="">privzeto</span>'
    )


def test_a_towns_name_for_its_reader() -> None:
    class Town:
        name, name_sl = "Trbovlje", None

    assert town_name(Town(), "sl") == "Trbovlje"
    Town.name_sl = "Trbovlje (sl)"
    assert (town_name(Town(), "sl"), town_name(Town(), "en")) == ("Trbovlje (sl)", "Trbovlje")
