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
        (b"title\nx\n", "codes.csv, row 1: a codebook table needs a 'name' or a 'path' column"),
        (
            b"name,weight\nA,1\n",
            "codes.csv, row 1, column 'weight': unknown column (the columns of a codebook: guid, parent_guid, path, "
            "name, name_sl, codable, colour, description)",
        ),
        (
            b"path\nA/B\n",
            "codes.csv, row 2, column 'path', value 'A': no code of the file has the path above this "
            "one (a parent is a row of the file too)",
        ),
        (
            b"path,name\nA/B,C\n",
            "codes.csv, row 2, column 'path', value 'A/B': the path ends with the code's name ('C')",
        ),
        (
            b"path\nA\nA//B\n",
            "codes.csv, row 3, column 'path', value 'A//B': a path is names joined by / (no empty name)",
        ),
        (b"path\nA\nA\n", "codes.csv, row 3, column 'path', value 'A': two codes with this path"),
        (b"name,guid\nA,\n,\n  ,x\n", "codes.csv, row 4, column 'name': empty code name"),
        (b"name,guid\nA,nope\n", "codes.csv, row 2, column 'guid', value 'nope': not a GUID"),
        (
            b"name,parent_guid\nA,7A1C1A1E-0000-4000-8000-000000000001\n",
            "codes.csv, row 2, column 'parent_guid', value '7A1C1A1E-0000-4000-8000-000000000001': "
            "parent must come before its children",
        ),
    ],
    ids=[
        "no-name-column",
        "unknown-column",
        "no-parent-row",
        "path-not-name",
        "empty-path-part",
        "same-path",
        "empty-name",
        "bad-guid",
        "parent-after-child",
    ],
)
def test_codebook_csv_errors_name_row_and_column(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_codebook_csv(data, "codes.csv")
    assert err.value.message == message


def test_the_path_column_gives_the_hierarchy_in_any_row_order() -> None:
    """A codebook written as paths (as `townpaths table export codes` and many spreadsheets write it):
    the parent is the code whose path is the path without its last name, on any row of the file."""
    data = (
        "path;name_sl;codable;colour\n"
        "Narratives/Dominant/values of work;vrednote dela;true;#7FB77E\n"
        "Narratives;Pripovedi;false;\n"
        "Narratives/Dominant;Prevladujoče;false;#2E6B3F\n"
        "Narratives/Alternative;Alternativne;false;\n"
        "Narratives/Alternative/pollution;onesnaženje;true;\n"
    )
    roots, names_sl = read_codebook_csv(data.encode(), "codes.csv")
    assert sorted(paths(roots).values()) == [
        "Narratives",
        "Narratives/Alternative",
        "Narratives/Alternative/pollution",
        "Narratives/Dominant",
        "Narratives/Dominant/values of work",
    ]
    [top] = roots
    assert [(c.name, [g.name for g in c.children]) for c in top.children] == [
        ("Dominant", ["values of work"]),
        ("Alternative", ["pollution"]),
    ]
    assert top.codable is False and top.children[0].children[0].color == "#7FB77E"
    assert sorted(v for v in names_sl.values() if v) == [
        "Alternativne",
        "Prevladujoče",
        "Pripovedi",
        "onesnaženje",
        "vrednote dela",
    ]
