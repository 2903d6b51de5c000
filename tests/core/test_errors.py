"""Bad input on one line: FILE, row N, column 'C', value 'V': reason."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError


def test_one_line_with_every_part() -> None:
    err = InputError("not a year", file="innovations.csv", row=5, column="year", value="1999x")
    assert err.message == "innovations.csv, row 5, column 'year', value '1999x': not a year"
    assert (err.reason, err.file, err.row, err.field, err.column, err.value) == (
        "not a year",
        "innovations.csv",
        5,
        "year",
        "year",
        "1999x",
    )
    assert str(err) == err.message


def test_parts_left_out_when_unknown() -> None:
    assert InputError("empty file").message == "empty file"
    assert InputError("bad", field="weight", value=0).message == "field 'weight', value 0: bad"
    assert InputError("bad", file="b.csv", row="line 3").message == "b.csv, line 3: bad"
    assert InputError("bad", file="b.zip", value="../x").message == "b.zip, value '../x': bad"


def test_field_and_column_are_one_keyword() -> None:
    """It reads "column" in a row of a table or when named so, "field" elsewhere (a form, an option)."""
    assert InputError("x", column="a").message == InputError("x", row=2, field="a").message[7:] == "column 'a': x"
    assert InputError("x", field="a").message == "field 'a': x"
    assert InputError("x", field="a", column="a").field == "a"
    with pytest.raises(TypeError):
        InputError("x", field="a", column="b")


def test_long_values_are_cut_and_stay_on_one_line() -> None:
    err = InputError("too long", row=2, column="text", value="x" * 10_000_000)
    assert err.message == f"row 2, column 'text', value {'x' * 80!r}... (10000000 characters): too long"
    assert InputError("bad", value="two\nlines").message == "value 'two\\nlines': bad"
    assert err.value == "x" * 10_000_000
