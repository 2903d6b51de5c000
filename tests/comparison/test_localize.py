"""Texts of a comparison in the reader's language, with the language each is in."""

from __future__ import annotations

from townpaths.comparison.localize import bilingual, localize, text


def test_pairs_become_one_text_and_its_language() -> None:
    row = {"town": "a", "name_en": "townscape", "name_sl": "mestna pokrajina", "count": 3, "note_en": "only English"}
    assert bilingual(list(row)) == ["name", "note"]
    assert localize(row, "sl") == {
        "town": "a",
        "name": "mestna pokrajina",
        "name_lang": "sl",
        "count": 3,
        "note": "only English",
        "note_lang": "en",
    }
    assert localize(row, "en")["name"] == "townscape"
    assert text({"name_en": None, "name_sl": ""}, "name", "sl") == (None, None)


def test_lists_of_records_are_localised_too() -> None:
    cell = [{"text_en": "green town", "text_sl": None, "period_en": "after 1991", "period_sl": "po letu 1991"}]
    assert localize({"dominant": cell}, "sl") == {
        "dominant": [{"text": "green town", "text_lang": "en", "period": "po letu 1991", "period_lang": "sl"}]
    }
