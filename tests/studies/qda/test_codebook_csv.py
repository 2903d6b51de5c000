"""Codebooks from CSV through the shared table reader: any encoding and separator, exact errors."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.studies.qda.core.codebook import paths
from townpaths.studies.qda.formats.codebook_csv import read_codebook_csv, to_csv

CODEBOOK = "Name;name_sl;codable;colour\nHeritage;Dediščina;false;#123456\n\nČistost;Čistost;yes;\n"


@pytest.mark.parametrize(
    "data", [CODEBOOK.encode("cp1250"), b"\xff\xfe" + CODEBOOK.encode("utf-16-le"), CODEBOOK.replace(";", ",").encode()]
)
def test_codebook_csv_reads_in_any_accepted_encoding(data: bytes) -> None:
    roots, names_sl = read_codebook_csv(data, "codes.csv")
    assert [(c.name, c.codable, c.color) for c in roots] == [("Heritage", False, "#123456"), ("Čistost", True, None)]
    assert sorted(names_sl.values()) == ["Dediščina", "Čistost"]


def test_codebook_csv_round_trip_keeps_the_tree() -> None:
    roots, _ = read_codebook_csv(CODEBOOK.encode("cp1250"), "codes.csv")
    again, _ = read_codebook_csv(to_csv(roots).encode(), "again.csv")
    assert paths(again) == paths(roots)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"title\nx\n", "codes.csv, row 1: codebook CSV needs a 'name' column"),
        (b"name,guid\nA,\n,\n  ,x\n", "codes.csv, row 4, column 'name': empty code name"),
        (b"name,guid\nA,nope\n", "codes.csv, row 2, column 'guid', value 'nope': not a GUID"),
        (
            b"name,parent_guid\nA,7A1C1A1E-0000-4000-8000-000000000001\n",
            "codes.csv, row 2, column 'parent_guid', value '7A1C1A1E-0000-4000-8000-000000000001': "
            "parent must come before its children",
        ),
    ],
    ids=["no-name-column", "empty-name", "bad-guid", "parent-after-child"],
)
def test_codebook_csv_errors_name_row_and_column(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_codebook_csv(data, "codes.csv")
    assert err.value.message == message
