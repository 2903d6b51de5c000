"""Words for search: forms, lemmas, query words, snippets with exact marks."""

from __future__ import annotations

from townpaths.core import words


def test_forms_and_lemmas() -> None:
    assert words.forms("V rudniku_2 🙂 je bil rudnik, RUDNIK.") == {
        "V",
        "rudniku",
        "2",
        "je",
        "bil",
        "rudnik",
        "RUDNIK",
    }
    assert words.vocabulary([("Socializma ni več; socializmu ne.", "sl")]) == {
        ("socializma", "socializem"),
        ("socializmu", "socializem"),
        ("ni", "biti"),
        ("več", "več"),
        ("ne", "ne"),
    }
    assert words.languages("en") == ("en",) and words.languages("sl-SI") == ("sl",)
    assert words.languages(None) == ("sl", "en") and words.languages("de") == ("sl", "en")
    assert words.query_words('"socializem" in socializem, rudnik!') == ["socializem", "in", "rudnik"]
    assert words.query_lemmas("Gorenje") == {"gorenje"}
    assert words.query_lemmas("houses") == {"houses", "house"}


def test_snippet_marks_whole_words_in_any_case() -> None:
    text = "Rudnik. Brez rudnika ni mesta; rudnikar ni rudnik."
    pattern = words.matcher(["rudnik", "rudnika"])
    cut = words.snippet(text, pattern)
    assert cut.marks == ((0, 6), (13, 20), (43, 49))  # not "rudnikar"
    assert [text[a:b] for a, b in cut.marks] == ["Rudnik", "rudnika", "rudnik"]
    assert cut.pieces() == [
        ("Rudnik", True),
        (". Brez ", False),
        ("rudnika", True),
        (" ni mesta; rudnikar ni ", False),
        ("rudnik", True),
        (".", False),
    ]
    assert words.snippet(text, None) == words.Snippet(0, len(text), text, ())
    assert words.matcher([]) is None
    short = words.snippet("a " * 100 + "rudnik " + "b " * 100, pattern, before=10, after=10)
    assert short.text == "a a a a rudnik b" and (short.start, short.marks) == (192, ((200, 206),))
    # the first hit is found in lower case, capitalised, upper case, and else in any case
    assert pattern.first("xrudnik RUDNIKA") == 8 and pattern.first("rudnikar rUdnik") == 9
    assert pattern.first("rudnikar") is None
    assert words.snippet("rudnikar", pattern).marks == ()
    # a window ending inside a word does not mark the word's beginning
    cut = words.snippet("rudnik-rudnika", pattern, after=13)
    assert (cut.text, cut.marks) == ("rudnik-rudnik", ((0, 6),))
