"""Choosing the position convention of a REFI-QDA project: by origin, checked by quoting names."""

from __future__ import annotations

import pytest

from townpaths.studies.qda.core.positions import Check, choose, from_origin, quotes


@pytest.mark.parametrize(
    "origin, convention",
    [
        ("ATLAS.ti 8.4.0 573 , macOS Version 10.14.3", "lf"),
        ("Atlas.ti Windows 23", "lf"),
        ("ATLASti", "lf"),
        ("MAXQDA 2022", "stored"),
        ("NVivo 14", "stored"),
        ("QualCoder 3.5", "stored"),
        ("townpaths", "stored"),
        (None, "stored"),
    ],
)
def test_convention_from_origin(origin: str | None, convention: str) -> None:
    assert from_origin(origin) == convention


def test_a_name_quotes_its_text() -> None:
    assert quotes("Še danes pogrešam", "Še danes\npogrešam")  # whitespace collapsed
    assert quotes("Oh, that was great. See…", "Oh, that was great. See you tomorrow?")  # cut with an ellipsis
    assert quotes("Oh, that was great...", "Oh, that was great. See you tomorrow?")
    assert not quotes("Oh, that was great", "Oh, that was great. See you tomorrow?")  # no ellipsis: all of it
    assert not quotes("…", "anything") and not quotes("", "") and not quotes(None, "x") and not quotes("x", None)


def test_choice_and_its_reason() -> None:
    atlas = "ATLAS.ti 9"
    agree = Check("čas je bil lep.", "čas je bil lep.", "čas je bil lep.")  # the same in both: no vote
    lf_only = Check("čas je bil lep.", "; čas je bil le", "čas je bil lep.")
    stored_only = Check("Zdaj je čist 🌳", "Zdaj je čist 🌳", "j je čist 🌳.")
    assert choose(atlas, [agree]).as_dict() == {
        "convention": "lf",
        "reason": "positions one character per line ending (a CRLF counts as one), from origin 'ATLAS.ti 9'",
    }
    assert choose(atlas, [lf_only, lf_only]).reason.endswith("; confirmed by 2 selections quoting their text")
    switched = choose(atlas, [stored_only, stored_only, lf_only])
    assert switched.convention == "stored"
    assert switched.reason == (
        "positions as stored (a CRLF line ending counts as two characters): origin 'ATLAS.ti 9' suggests one "
        "character per line ending, but 2 selections quote their text only this way (1 the other way)"
    )
    assert choose(atlas, [stored_only, lf_only]).convention == "lf"  # a tie keeps the tool's convention
    assert choose(None, [lf_only]).reason == (
        "positions one character per line ending (a CRLF counts as one): no origin suggests positions as "
        "stored, but 1 selection quotes its text only this way"
    )
    no_crlf = choose(atlas, [stored_only], crlf=False)
    assert no_crlf.convention == "lf" and no_crlf.reason.endswith("no text has CRLF line endings, so both ways agree")
    asked = choose(atlas, [lf_only], asked="stored")
    assert asked.as_dict() == {
        "convention": "stored",
        "reason": "positions as stored (a CRLF line ending counts as two characters), as asked "
        "(though 1 selection quotes its text only the other way)",
    }
    with pytest.raises(ValueError, match="unknown position convention"):
        choose(atlas, [], asked="crlf")
