"""A row's values against their columns before they are written: both databases, the same answer."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.storage.checks import check_object, check_values
from townpaths.storage.models import Code, Document, Innovation


def _message(call: object) -> str:
    with pytest.raises(InputError) as err:
        call()  # type: ignore[operator]
    return err.value.message


def test_each_kind_of_column() -> None:
    table = Innovation.__table__
    check_values(
        table, {"type_en": "t" * 80, "year": 2**63 - 1, "extra": {"a": [1.5]}, "unknown": object(), "no": None}
    )
    assert _message(lambda: check_values(table, {"type_en": "t" * 81}, file="i.csv", row=3)) == (
        f"i.csv, row 3, column 'type_en', value '{'t' * 80}'... (81 characters): longer than 80 characters (81)"
    )
    assert _message(lambda: check_values(table, {"name_en": "a\x00"}, fields={"name_en": "name"})) == (
        "field 'name': NUL character (U+0000) at character 2: not storable text"
    )
    assert _message(lambda: check_values(table, {"year": 2**63})) == (
        f"field 'year', value {2**63}: a whole number beyond 64 bits"
    )
    assert _message(lambda: check_values(table, {"criteria": {"x": float("nan")}})) == (
        "field 'criteria', value nan: not a finite number"
    )
    assert _message(lambda: check_values(Document.__table__, {"year": float("inf")})) == (
        "field 'year', value inf: not a finite number"
    )


def test_a_mapped_object() -> None:
    check_object(Code(name="c", colour="#AABBCC", codable=True, position=0))
    assert _message(lambda: check_object(Code(name="c", colour="#AABBCCDD0"), file="c.qdc")) == (
        "c.qdc, field 'colour', value '#AABBCCDD0': longer than 9 characters (10)"
    )
