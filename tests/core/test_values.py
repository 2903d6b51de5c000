"""Values checked by type: storable text, names, slugs, colours, tags, finite and whole numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from townpaths.core.errors import InputError
from townpaths.core.values import (
    MAX_INT64,
    check_colour,
    check_json_text,
    check_name,
    check_slug,
    check_tag,
    check_text,
    colour_or_none,
    finite_number,
    tag_list,
    text_problem,
    whole_number,
)


def _message(call: object) -> str:
    with pytest.raises(InputError) as err:
        call()  # type: ignore[operator]
    return err.value.message


def test_text_a_database_cannot_store() -> None:
    assert text_problem("Šoštanj\n\t") is None
    assert text_problem("ab\x00") == "NUL character (U+0000) at character 3: not storable text"
    assert text_problem("a\ud800") == "lone surrogate U+D800 at character 2: not valid Unicode text"
    assert check_text("x" * 5, max_chars=5) == "xxxxx"
    assert _message(lambda: check_text("xxxxxx", max_chars=5, file="f.csv", row=2, field="key")) == (
        "f.csv, row 2, column 'key', value 'xxxxxx': longer than 5 characters (6)"
    )
    assert check_json_text({"a": [1.5, {"b": "c"}], "d": (True, None)}) == {"a": [1.5, {"b": "c"}], "d": (True, None)}
    assert _message(lambda: check_json_text({"a\x00": 1}, field="extra")) == (
        "field 'extra': NUL character (U+0000) at character 2: not storable text"
    )
    assert _message(lambda: check_json_text([[float("inf")]], field="extra")) == (
        "field 'extra', value inf: not a finite number"
    )


def test_names_are_one_line_within_their_length() -> None:
    assert check_name("  Coder A ", max_chars=10) == "Coder A"
    assert (
        _message(lambda: check_name(" ", max_chars=10, field="name"))
        == "field 'name', value ' ': a name cannot be empty"
    )
    assert _message(lambda: check_name("a\nb", max_chars=10, field="name")) == (
        "field 'name', value 'a\\nb': control character U+000A in a name (a name is one line of text)"
    )
    assert _message(lambda: check_name("abcdef", max_chars=5, field="name")) == (
        "field 'name', value 'abcdef': a name is at most 5 characters (6)"
    )


@pytest.mark.parametrize("slug", ["velenje", "velenje-2024", "a", "a" * 80])
def test_slugs(slug: str) -> None:
    assert check_slug(slug) == slug


@pytest.mark.parametrize(
    "slug, reason",
    [
        ("../<script>", "a slug is lower-case letters a-z, digits and single hyphens between them (e.g. velenje-2024)"),
        ("Velenje", "a slug is lower-case letters a-z, digits and single hyphens between them (e.g. velenje-2024)"),
        ("a--b", "a slug is lower-case letters a-z, digits and single hyphens between them (e.g. velenje-2024)"),
        ("", "a slug is lower-case letters a-z, digits and single hyphens between them (e.g. velenje-2024)"),
        ("a" * 81, "a slug is at most 80 characters (81)"),
    ],
)
def test_bad_slugs(slug: str, reason: str) -> None:
    assert _message(lambda: check_slug(slug)).endswith(f": {reason}")


def test_colours() -> None:
    assert colour_or_none("#2e6b3f") == "#2E6B3F"
    assert colour_or_none(" #abc ") == "#AABBCC"
    assert [colour_or_none(v) for v in ("red", "#12345", "url(x)", None, 5, "#1234567")] == [None] * 6
    assert check_colour("#ABCDEF") == "#ABCDEF"
    assert _message(lambda: check_colour("red;background:url(x)", file="c.csv", row=2)) == (
        "c.csv, row 2, column 'colour', value 'red;background:url(x)': a colour is written #rrggbb (e.g. #2E6B3F)"
    )


@pytest.mark.parametrize(
    "value, number", [("1,5", 1.5), (" 2e3 ", 2000.0), (3, 3.0), (-0.5, -0.5), (Decimal("2.5"), 2.5), ("\u22123", -3.0)]
)
def test_finite_numbers(value: object, number: float) -> None:
    assert finite_number(value) == number


@pytest.mark.parametrize(
    "value, reason",
    [
        ("nan", "not a finite number"),
        ("-inf", "not a finite number"),
        ("1e999", "not a finite number"),
        (float("nan"), "not a finite number"),
        (Decimal("NaN"), "not a finite number"),
        ("9" * 41, "a number of more than 40 digits"),
        (10**41, "a number of more than 40 digits"),
        ("1_000", "not a number"),
        ("0x10", "not a number"),
        (True, "not a number"),
        ([1], "not a number"),
        ("12", "must be a number from 0 to 10"),
    ],
)
def test_numbers_refused(value: object, reason: str) -> None:
    assert _message(lambda: finite_number(value, low=0, high=10, field="x")).endswith(f": {reason}")


def test_whole_numbers() -> None:
    assert [whole_number(v) for v in ("12", "12.0", "1.2e1", 12.0, Decimal("12"), MAX_INT64)] == [12] * 5 + [MAX_INT64]
    for value, reason in (
        ("1.5", "not a whole number"),
        (1.5, "not a whole number"),
        (float("inf"), "not a whole number"),
        ("1e999999999", "a number of more than 40 digits"),
        ("1e-999999999", "not a whole number"),
        (MAX_INT64 + 1, f"must be a whole number from {-MAX_INT64 - 1} to {MAX_INT64}"),
        (False, "not a whole number"),
        (None, "not a whole number"),
    ):
        assert _message(lambda v=value: whole_number(v, field="n")).endswith(f": {reason}"), value
    assert _message(lambda: whole_number("3000", low=1000, high=2200, row=4, field="year", reason="not a year")) == (
        "row 4, column 'year', value '3000': not a year"
    )
    assert _message(lambda: finite_number("x", field="v", reason="an outcome's value must be a finite number")) == (
        "field 'v', value 'x': an outcome's value must be a finite number"
    )


def test_tags() -> None:
    assert check_tag(" One-Company_Town ") == "one-company_town"
    assert tag_list("emigration; jobs,\ntransport; ; jobs") == ["emigration", "jobs", "transport"]
    assert tag_list(["b", "a", "b"]) == ["b", "a"]
    assert tag_list(None) == [] and tag_list("") == []
    assert _message(lambda: tag_list("two words", file="p.csv", row=3)) == (
        "p.csv, row 3, column 'tags', value 'two words': a tag is lower-case letters, digits, - and _ "
        "(e.g. one-company-town); tags are separated by ;"
    )
    assert _message(lambda: check_tag("-lead")).endswith("tags are separated by ;")
    assert (
        _message(lambda: check_tag("x" * 41))
        == "field 'tags', value '" + "x" * 41 + "': a tag is at most 40 characters (41)"
    )
    assert _message(lambda: tag_list(";".join(f"t{n}" for n in range(21)))).endswith("at most 20 tags (21)")
    assert _message(lambda: tag_list(5)) == "field 'tags', value 5: write tags as a; b; c"
