"""CSV/XLSX writing is safe to open in a spreadsheet and round-trips through townpaths."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from townpaths.core.errors import InputError
from townpaths.formats.tables import read_table
from townpaths.studies.innovations.formats.sheets import read_innovations, write_innovations
from townpaths.formats.tables import guard, unguard, write_rows

EVIL = '=HYPERLINK("http://example.invalid","click")'


@pytest.mark.parametrize("value", [EVIL, "+1", "-1 day", "@SUM(A1)", "\tx"])
def test_guard_and_unguard(value: str) -> None:
    assert guard(value) == "'" + value
    assert unguard(guard(value)) == value


def test_plain_values_pass() -> None:
    assert [guard(v) for v in (None, 3, -2.5, "Velenje", "'quoted")] == ["", 3, -2.5, "Velenje", "'quoted"]
    assert unguard("'quoted") == "'quoted"


def test_csv_and_xlsx_cells(tmp_path: Path) -> None:
    write_rows(tmp_path / "t.csv", ["name", "n"], [[EVIL, -3], ["ok", None]])
    assert list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8"))) == [
        ["name", "n"], ["'" + EVIL, "-3"], ["ok", ""]]
    write_rows(tmp_path / "t.xlsx", ["name"], [[EVIL]], sheet="s")
    cell = load_workbook(tmp_path / "t.xlsx")["s"]["A2"]
    assert (cell.value, cell.data_type) == (EVIL, "s")
    assert read_table(tmp_path / "t.csv") == [(2, {"name": EVIL, "n": "-3"}), (3, {"name": "ok", "n": ""})]
    with pytest.raises(InputError, match="use a .csv or .xlsx file"):
        write_rows(tmp_path / "t.ods", ["x"], [])


def test_innovation_with_formula_text_round_trips(tmp_path: Path) -> None:
    record = {"no": 1, "type_en": "new practice", "name_en": EVIL, "name_sl": "=1+1", "year": 2001, "actors": []}
    write_innovations(tmp_path / "i.csv", [record], "velenje")
    assert "'=HYPERLINK" in (tmp_path / "i.csv").read_text(encoding="utf-8")
    back = read_innovations(tmp_path / "i.csv")
    assert (back[0]["name_en"], back[0]["name_sl"], back[0]["year"]) == (EVIL, "=1+1", 2001)
