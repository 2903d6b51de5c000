"""Register import/export (CSV, XLSX, JSON) with row-level errors, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from townpaths.cases.case import open_case
from townpaths.core.errors import InputError
from townpaths.formats.tables import read_table
from townpaths.storage.models import Town
from townpaths.studies.innovations.service import export_innovations, import_innovations, innovations


def test_seeded_article_facts(velenje) -> None:
    items = {i["no"]: i for i in innovations(velenje, "velenje")}
    assert [(o["value"], o["unit"], o["year"], o["source"]) for o in items[5]["outcomes"]] == [
        (15000, "people", 1987, "article"),
        (80, "%", None, "article"),
    ]
    assert [o["value"] for o in items[1]["outcomes"]] == [70, 1500]
    assert items[9]["outcomes"][0]["value"] == 23
    assert [a["name"] for a in items[5]["actors"]][4:] == ["Šaleško ekološko društvo", "Esotech", "Erico"]
    assert items[7]["actors"][1]["name"] == "Mladinski center Velenje"
    # the article does not say who found which innovation (researchers or the workshop's locals)
    assert all(i["found_by"] is None and i["status"] == "accepted" for i in items.values())
    assert items[5]["criteria"]["collaboration"]["met"] is True and "local_context" not in items[5]["criteria"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_round_trip_into_another_town(velenje, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"register{suffix}"
    assert export_innovations(velenje, "velenje", path)["innovations"] == 21
    other = velenje

    with other.transaction() as session:
        session.add(Town(slug="other", name="Other"))
    result = import_innovations(other, "other", path)
    assert (result["added"], result["updated"]) == (21, 0)
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "extra")} for r in rows]  # noqa: E731
    assert strip(innovations(other, "other")) == strip(innovations(velenje, "velenje"))


def test_csv_columns(velenje_sqlite, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export_innovations(velenje_sqlite, None, path)
    rows = dict(read_table(path))
    assert rows[6]["name_en"] == "ecological movement of the late 1980s"
    assert rows[6]["outcomes"] == (
        "people said to have attended the protest rally on Titov trg, 8 November 1987 | 15000 | people | "
        "1987 | article | Protestni shod na Titovem trgu 8. novembra 1987, ki naj bi se ga udeležilo okrog 15.000 "
        "ljudi\nvoters supporting the ecological remediation of the Šoštanj "
        "thermal power plant in the first ecological referendum in Yugoslavia | 80 | % |  "
        "| article | prvi ekološki referendum v Jugoslaviji, na katerem je več kot 80 % volivcev podprlo zahtevo po "
        "ekološki sanaciji Termoelektrarne Šoštanj"
    )
    assert rows[6]["actors"].splitlines()[3] == (
        "trade unions | civil_society | helped organise the 1987 rally | sindikati | Pri organizaciji shoda so "
        "dejavno sodelovali tudi predstavniki velenjske občine, Zveze socialistične mladine Slovenije in sindikatov"
    )
    assert rows[6]["actors"].splitlines()[4] == (
        "Šaleško ekološko društvo | civil_society | founded 1988 in Zavodnje |  | Leta 1988 so v Zavodnjah ustanovili "
        "Šaleško ekološko društvo"
    )
    assert rows[6]["collaboration"] == "yes" and rows[6]["local_context"] == ""
    assert rows[22]["year"] == ""


def test_row_level_errors_and_nothing_written(velenje_sqlite, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "name_en,type_en,year,actors\nRepair café,new practice,2019,Društvo X | civil_society | host\n"
        ",new service,2020,\nBike kitchen,,2021,\nTool library,new service,1999x,\n"
        "Seed bank,new practice,2020,Y | church | x\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        import_innovations(velenje_sqlite, None, path)
    assert exc.value.message == (
        f"{path}: 4 error(s):\nrow 3, column 'name_en': a name (name_en or name_sl) is required\n"
        "row 4, column 'type_en': a type is required\nrow 5, column 'year', value '1999x': not a year\n"
        "row 6, column 'actors.sector', value 'church': sector must be one of economy, science_culture, "
        "municipality, civil_society"
    )
    assert len(open_case("velenje", velenje_sqlite).records("innovations")) == 21


def test_update_by_number_keeps_fields_the_file_lacks(velenje_sqlite, tmp_path: Path) -> None:
    path = tmp_path / "upd.csv"
    path.write_text(
        "no,name_en,type_en,end_year\n5,ecological movement of the late 1980s,social movement,1991\n"
        ",Repair café,new practice,\n",
        encoding="utf-8",
    )
    assert import_innovations(velenje_sqlite, None, path) == {"town": "velenje", "added": 1, "updated": 1}
    items = innovations(velenje_sqlite, None)
    eco = next(i for i in items if i["no"] == 5)
    assert (eco["end_year"], eco["year"], len(eco["outcomes"]), len(eco["actors"])) == (1991, 1987, 2, 7)
    assert eco["name_sl"] == "ekološko gibanje konec 80. let"
    assert items[-1]["name_en"] == "Repair café" and items[-1]["no"] == 22


def test_duplicate_numbers_rejected(velenje_sqlite, tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text(json.dumps([{"no": 3, "name_en": "a", "type_en": "x"}, {"no": 3, "name_en": "b", "type_en": "x"}]))
    with pytest.raises(InputError, match="number 3 appears twice"):
        import_innovations(velenje_sqlite, None, path)


def test_xlsx_export_never_writes_formulas(velenje_sqlite, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    src = tmp_path / "f.csv"
    src.write_text(
        'name_en,type_en,description\n"=HYPERLINK(""http://x"",""y"")",new practice,=1+1\n', encoding="utf-8"
    )
    import_innovations(velenje_sqlite, None, src)
    export_innovations(velenje_sqlite, None, tmp_path / "f.xlsx")
    ws = load_workbook(tmp_path / "f.xlsx").active
    row = list(ws[23])
    assert row[3].value == '=HYPERLINK("http://x","y")' and row[3].data_type == "s"
    assert row[7].value == "=1+1" and row[7].data_type == "s"
    back = import_innovations(velenje_sqlite, None, tmp_path / "f.xlsx")
    assert (back["updated"], back["added"]) == (22, 0)


def test_broken_json_registers_are_one_line_errors(tmp_path: Path) -> None:
    from townpaths.studies.innovations.formats.sheets import read_innovations

    cases = {
        "a.json": (b'{"innovations": [', "line 1: not valid JSON (Expecting value at column 18)"),
        "b.json": (b"[" * 100_000 + b"]" * 100_000, "line 1: JSON nested more than 8 levels deep"),
        "c.json": (b'{"innovations": 5}', "expected a list of innovations"),
        "d.json": (
            "[]".encode("utf-16-le"),
            "looks like UTF-16 LE text without a byte-order mark (BOM); save "
            "the file as UTF-8 (or as UTF-16 with a BOM)",
        ),
    }
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputError) as err:
            read_innovations(tmp_path / name)
        sep = ", " if reason.startswith("line") else ": "
        assert err.value.message == f"{tmp_path / name}{sep}{reason}"
    with pytest.raises(InputError) as err:
        read_innovations(tmp_path / "missing.json")
    assert err.value.message == f"{tmp_path / 'missing.json'}: file not found"
