"""The tables engine on real SQLite and PostgreSQL: every authorable table of Velenje exported and
imported back with --replace leaves the case identical; a table exported from Velenje imports into
a new town; bad files are refused whole, with every bad row named."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from townpaths.cases.case import Case
from townpaths.cases.tables import (
    delete_row,
    deletion,
    export_table,
    form_values,
    import_table,
    list_tables,
    reference_options,
    row_ids,
    save_row,
    table_rows,
)
from townpaths.cases.tables.choices import MAX_OPTIONS, link_options
from townpaths.core.errors import Conflict, InputError, NotFound
from townpaths.registry import default_registry
from townpaths.storage import Database
from townpaths.storage.models import AuditEntry, CodedSegment, Interview, Town
from townpaths.storage.towns import find_town

REGISTRY = default_registry()
PERIOD_1 = "1. building of the modern socialist and industrial town"


def snapshot(db: Database, town: str = "velenje") -> dict[str, list[dict[str, Any]]]:
    """Every column of every row of every table of the town's case (binary content included)."""
    case = Case(db, find_town(db, town))
    return {name: case.records(name, with_content=True) for name in case.tables}


def write_csv(path: Path, rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def cells(db: Database, table: str, town: str = "velenje") -> list[list[Any]]:
    return [c for _, c in table_rows(db, town, table)[1]]


def errors_of(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [e.message for e in getattr(exc.value, "errors", [exc.value])]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_with_replace_leaves_velenje_identical(
    velenje: Database, tmp_path: Path, suffix: str
) -> None:
    before = snapshot(velenje)
    for table in REGISTRY.authorable():
        out = tmp_path / f"{table}{suffix}"
        exported = export_table(velenje, "velenje", table, out)
        result = import_table(velenje, "velenje", table, out, replace=True)
        rows = len(before[table]) if table != "innovations" else 21  # the register's numbered innovations
        assert exported["rows"] == rows
        assert (result["added"], result["updated"], result["deleted"], result["unchanged"]) == (0, 0, 0, rows)
    # every column of every row of every table, ids included (rows are updated in place by their key)
    assert snapshot(velenje) == before


def test_a_table_exported_from_velenje_imports_into_a_new_town(velenje: Database, tmp_path: Path) -> None:
    with velenje.transaction() as s:
        s.add(Town(slug="trbovlje", name="Trbovlje"))
    for table in REGISTRY.authorable():  # in the order the registry gives: referred tables first
        out = tmp_path / f"{table}.csv"
        export_table(velenje, "velenje", table, out)
        result = import_table(velenje, "trbovlje", table, out)
        assert result["added"] == len(cells(velenje, table)) and result["updated"] == 0
        again = tmp_path / f"trbovlje-{table}.csv"
        export_table(velenje, "trbovlje", table, again)
        assert again.read_bytes() == out.read_bytes()  # the same rows, references and links, no ids
    counts = {t["table"]: t["rows"] for t in list_tables(velenje, "trbovlje")}
    assert counts == {t["table"]: t["rows"] for t in list_tables(velenje, "velenje")}
    assert counts["symbols"] == 23 and counts["codes"] == 27 and counts["evidence"] == 9
    # the new town's symbols point at the new town's types, its evidence at the new town's records
    velenje_ids = {r["id"] for r in snapshot(velenje)["symbol_types"]}
    assert not {r["type_id"] for r in snapshot(velenje, "trbovlje")["symbols"]} & velenje_ids


def test_list_tables_gives_columns_and_rows(velenje_sqlite: Database) -> None:
    listed = list_tables(velenje_sqlite, "velenje")
    assert [t["table"] for t in listed] == REGISTRY.authorable()
    assert listed[1] == {
        "table": "symbol_types",
        "rows": 16,
        "key": ["no"],
        "columns": ["no", "category", "name_en", "name_sl", "note_en", "note_sl", "provenance", "provenance_note"],
        "confidential": False,
    }
    codes = next(t for t in listed if t["table"] == "codes")
    assert codes["columns"] == [
        "codebook",
        "path",
        "name_sl",
        "description",
        "colour",
        "codable",
        "position",
        "provenance",
        "provenance_note",
    ]
    assert next(t for t in listed if t["table"] == "interviewees")["confidential"] is True


def test_export_writes_natural_keys(velenje_sqlite: Database, tmp_path: Path) -> None:
    export_table(velenje_sqlite, "velenje", "evidence", tmp_path / "evidence.csv")
    with (tmp_path / "evidence.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
        "key",
        "kind",
        "theme",
        "position",
        "statement_en",
        "statement_sl",
        "links",
        "provenance",
        "provenance_note",
    ]
    assert rows[9][6] == (
        "solutions:1|fish farm in the lakes area; solutions:2|strengthening and professionalisation of the NGO "
        "sector; solutions:3|mentoring scheme"
    )
    assert cells(velenje_sqlite, "narratives")[0][:3] == [1, "1", "dominant"]  # a reference is its key text
    assert cells(velenje_sqlite, "narratives")[0][5] == (
        "Narratives of the study (default)|1. building of the modern socialist and industrial town/dominant/"
        "values of socialism"
    )
    with pytest.raises(InputError, match=r"write a \.csv or \.xlsx file"):
        export_table(velenje_sqlite, "velenje", "evidence", tmp_path / "evidence.json")
    with pytest.raises(NotFound, match="unknown table 'ballots'"):
        export_table(velenje_sqlite, "velenje", "ballots", tmp_path / "ballots.csv")


def test_rows_are_updated_by_key_and_added(velenje_sqlite: Database, tmp_path: Path) -> None:
    header = ["key", "position", "name_en", "name_sl"]
    before = cells(velenje_sqlite, "symbol_categories")[0]
    assert before[4].startswith("Symbols of industry are clearly visible") and before[6:] == [
        "study",
        "Table 1 (Preglednica 1), section »Analiza simbolov industrije in socializma v Velenju«",
    ]
    path = write_csv(
        tmp_path / "categories.csv",
        [header, ["townscape", "1", "Townscape", "Mestna podoba – Šalek"], ["", "", "Mining lore", ""]],
    )
    result = import_table(velenje_sqlite, "velenje", "symbol_categories", path)
    assert (result["added"], result["updated"], result["unchanged"], result["deleted"]) == (1, 1, 0, 0)
    rows = cells(velenje_sqlite, "symbol_categories")
    assert rows[0][:4] == ["townscape", 1, "Townscape", "Mestna podoba – Šalek"]
    assert rows[0][4:] == before[4:]  # the columns the file does not have are kept
    # a new row's empty key is made from its name, its position is the next one, its provenance the default
    assert rows[6] == ["mining-lore", 7, "Mining lore", "", "", "", "study", ""]
    with velenje_sqlite.transaction() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.note) == ("import table", f"symbol_categories from {path}")
        assert entry.after == {"rows": {"symbol_categories": {"insert": 1, "update": 1}}}


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("cp1250", ";"), ("utf-16", ",")],
)
def test_csv_encodings_and_separators(velenje_sqlite: Database, tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(
        tmp_path / "categories.csv",
        [["key", "name_sl"], ["townscape", "Mestna podoba – Šalek"]],
        delimiter=delimiter,
        encoding=encoding,
    )
    assert import_table(velenje_sqlite, "velenje", "symbol_categories", path)["updated"] == 1
    assert cells(velenje_sqlite, "symbol_categories")[0][3] == "Mestna podoba – Šalek"


def test_a_bad_file_is_refused_whole_with_every_bad_row(velenje_sqlite: Database, tmp_path: Path) -> None:
    before = snapshot(velenje_sqlite)
    path = write_csv(
        tmp_path / "symbols.csv",
        [
            ["external_id", "type", "name_en", "latitude", "longitude", "provenance", "provenance_note"],
            ["new-one", "3", "A good new row", "46.36", "15.11", "inferred", "seen on a walk"],
            ["bad-type", "99", "A symbol of no type", "", "", "", ""],
            ["new-one", "3", "The same key again", "", "", "", ""],
            ["bad-provenance", "3", "Guessed", "", "", "guessed", ""],
            ["no-reason", "3", "Inferred without a reason", "", "", "inferred", ""],
            ["half-place", "3", "Only a latitude", "46.36", "", "", ""],
            ["tito-ice-cream", "3", "", "", "", "", ""],
        ],
    )
    with pytest.raises(InputError) as exc:
        import_table(velenje_sqlite, "velenje", "symbols", path)
    f = str(path)
    assert errors_of(exc) == [
        f"{f}, row 3, column 'type', value '99': no row of symbol_types has this key in the town",
        f"{f}, row 4, column 'external_id', value 'new-one': the same key as row 2",
        f"{f}, row 5, column 'provenance', value 'guessed': not one of: study, default, computed, inferred, fictional",
        f"{f}, row 6, column 'provenance_note': an inferred record needs the reason in provenance_note",
        f"{f}, row 7, column 'longitude': give both latitude and longitude, or neither",
        f"{f}, row 8, column 'name_en': a value is needed",
    ]
    assert exc.value.message.startswith(f"{f}: 6 error(s):\n")
    assert snapshot(velenje_sqlite) == before  # nothing written, not even the good row


def test_unknown_columns_and_a_missing_key_column(velenje_sqlite: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "types.csv", [["Category", "name_en", "colour"], ["townscape", "x", "red"]])
    with pytest.raises(InputError) as exc:
        import_table(velenje_sqlite, "velenje", "symbol_types", path)
    columns = "no, category, name_en, name_sl, note_en, note_sl, provenance, provenance_note"
    assert errors_of(exc) == [
        f"{path}, row 1, column 'colour': unknown column (the columns of symbol_types: {columns})",
    ]
    evidence = write_csv(tmp_path / "evidence.csv", [["kind", "statement_en", "links"], ["lock_in", "x", "nope:1"]])
    with pytest.raises(InputError) as exc:
        import_table(velenje_sqlite, "velenje", "evidence", evidence)
    assert errors_of(exc) == [
        f"{evidence}, row 2, column 'links', value 'nope:1': records of 'nope' cannot be linked (tables: "
        + ", ".join(REGISTRY.keyed())
        + ")"
    ]
    periods = write_csv(tmp_path / "p.csv", [["no", "name_en"], ["1", "socialism"]])
    with pytest.raises(InputError) as exc:
        import_table(velenje_sqlite, "velenje", "periods", periods)
    assert errors_of(exc) == [
        f"{periods}, row 1, column 'scheme': the file needs this column: it names each row (its key)"
    ]


def test_replace_refuses_while_records_depend_on_the_deleted_rows(velenje: Database, tmp_path: Path) -> None:
    out = tmp_path / "types.csv"
    export_table(velenje, "velenje", "symbol_types", out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    write_csv(out, rows[:1] + rows[2:])  # type 1 is gone; 3 symbols are of that type
    before = snapshot(velenje)
    with pytest.raises(InputError) as exc:
        import_table(velenje, "velenje", "symbol_types", out, replace=True, cascade=True)
    assert exc.value.message == (
        f"{out}: replacing the table deletes 1 row(s) of symbol_types the file does not have, and other records "
        "depend on them: symbols: 3 refer to them (delete or change these first)"
    )
    assert snapshot(velenje) == before
    # a row nothing depends on is deleted
    write_csv(tmp_path / "new.csv", [["no", "category", "name_en"], ["17", "townscape", "Slag heaps"]])
    import_table(velenje, "velenje", "symbol_types", tmp_path / "new.csv")
    export_table(velenje, "velenje", "symbol_types", out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    write_csv(out, rows[:-1])
    result = import_table(velenje, "velenje", "symbol_types", out, replace=True)
    assert (result["deleted"], result["unchanged"], result["dependents"]) == (1, 16, [])


def test_replace_with_cascade_deletes_what_the_schema_says(velenje: Database, tmp_path: Path) -> None:
    out = tmp_path / "codes.csv"
    export_table(velenje, "velenje", "codes", out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[3][1].endswith("/dominant/values of socialism")
    write_csv(out, rows[:3] + rows[4:])  # code 3: 2 coded segments, 1 narrative
    with pytest.raises(InputError) as exc:
        import_table(velenje, "velenje", "codes", out, replace=True)
    assert exc.value.message.endswith(
        "depend on them: coded_segments: 2 deleted with them; narratives: 1 lose their reference "
        "(import with --cascade to delete or unlink them too)"
    )
    result = import_table(velenje, "velenje", "codes", out, replace=True, cascade=True)
    assert (result["deleted"], result["unchanged"]) == (1, 26)
    assert [(d["table"], d["effect"], d["rows"]) for d in result["dependents"]] == [
        ("coded_segments", "deleted", 2),
        ("narratives", "cleared", 1),
    ]
    after = snapshot(velenje)
    assert len(after["codes"]) == 26 and len(after["coded_segments"]) == 26
    assert after["narratives"][0]["code_id"] is None


def test_a_tree_is_written_as_paths(velenje_sqlite: Database, tmp_path: Path) -> None:
    book = "Narratives of the study (default)"
    path = write_csv(
        tmp_path / "codes.csv",
        [
            ["codebook", "path", "colour"],
            [book, "4. after the mine/dominant", "#123456"],  # its parent comes later in the file
            [book, "4. after the mine", ""],
            [book, "5. nowhere/dominant", ""],
        ],
    )
    with pytest.raises(InputError) as exc:
        import_table(velenje_sqlite, "velenje", "codes", path)
    assert errors_of(exc) == [
        f"{path}, row 4, column 'path', value '5. nowhere/dominant': no row of the town or the file has the "
        "parent path '5. nowhere'"
    ]
    write_csv(path, [["codebook", "path", "colour"], *[r for r in csv.reader(path.open()) if r][1:3]])
    assert import_table(velenje_sqlite, "velenje", "codes", path)["added"] == 2
    rows = cells(velenje_sqlite, "codes")
    assert [(r[1], r[4]) for r in rows[-2:]] == [("4. after the mine", ""), ("4. after the mine/dominant", "#123456")]
    codes = snapshot(velenje_sqlite)["codes"][-2:]  # the parent was added first, each with a new GUID
    assert [(c["name"], c["parent_id"]) for c in codes] == [("4. after the mine", None), ("dominant", codes[0]["id"])]
    assert all(len(c["guid"]) == 36 for c in codes)


def test_numbers_and_keys_are_made_for_new_rows(velenje_sqlite: Database, tmp_path: Path) -> None:
    periods = write_csv(tmp_path / "p.csv", [["scheme", "no", "name_en"], ["narratives", "", "after the mine"]])
    import_table(velenje_sqlite, "velenje", "periods", periods)
    assert cells(velenje_sqlite, "periods")[-1][:3] == ["narratives", 4, "after the mine"]
    evidence = write_csv(
        tmp_path / "e.csv",
        [["key", "kind", "statement_en", "links"], ["", "lock_in", "The shaft tower is gone.", "periods:narratives|4"]],
    )
    import_table(velenje_sqlite, "velenje", "evidence", evidence)
    assert cells(velenje_sqlite, "evidence")[-1][:7] == [
        "the-shaft-tower-is-gone",
        "lock_in",
        "",
        10,
        "The shaft tower is gone.",
        "",
        "periods:narratives|4",
    ]
    with velenje_sqlite.transaction() as s:
        from townpaths.storage.models import EvidenceLink

        assert s.scalar(select(func.count()).select_from(EvidenceLink)) == 43


def test_one_row_at_a_time(velenje_sqlite: Database) -> None:
    db = velenje_sqlite
    new = save_row(db, "velenje", "dualities", {"one_hand_en": "a young town", "other_hand_en": "an ageing town"})
    assert form_values(db, "velenje", "dualities", new) == {
        "no": 6,
        "one_hand_en": "a young town",
        "one_hand_sl": "",
        "other_hand_en": "an ageing town",
        "other_hand_sl": "",
        "provenance": "study",
        "provenance_note": "",
    }
    assert form_values(db, "velenje", "periods")["open_ended"] == "false"  # a new row's defaults
    with pytest.raises(InputError) as exc:
        save_row(db, "velenje", "dualities", {"no": "1", "one_hand_en": "", "provenance": "inferred"}, new)
    assert [(e.field, e.reason) for e in getattr(exc.value, "errors", [exc.value])] == [
        ("one_hand_en", "a value is needed"),
        ("no", "another row of the table has this key"),
        ("provenance_note", "an inferred record needs the reason in provenance_note"),
    ]
    assert save_row(db, "velenje", "dualities", {"no": "7", "provenance": "fictional"}, new) == new
    assert form_values(db, "velenje", "dualities", new)["no"] == 7
    # a code moves with its path, never under itself
    book = "Narratives of the study (default)"
    with pytest.raises(InputError, match="a row cannot move under itself"):
        save_row(db, "velenje", "codes", {"codebook": book, "path": f"{PERIOD_1}/dominant/values of socialism/x"}, 2)
    assert save_row(db, "velenje", "codes", {"codebook": book, "path": f"{PERIOD_1}/alternative/active youth"}, 6) == 6
    assert form_values(db, "velenje", "codes", 6)["path"] == f"{PERIOD_1}/alternative/active youth"
    with pytest.raises(NotFound, match="no row 99 in dualities"):
        form_values(db, "velenje", "dualities", 99)


def test_deleting_one_row_shows_what_depends_on_it(velenje_sqlite: Database) -> None:
    db = velenje_sqlite
    assert deletion(db, "velenje", "symbol_types", 16) == {
        "table": "symbol_types",
        "id": 16,
        "key": "16",
        "dependents": [
            {
                "table": "symbols",
                "effect": "blocks",
                "rows": 2,
                "ids": [22, 23],
                "keys": ["strategic-development-and-sectoral-documents", "municipal-tourism-strategy"],
            },
            {"table": "evidence", "effect": "unlinked", "rows": 1, "ids": [1], "keys": ["study-1"]},
        ],
        "blocked": True,
    }
    with pytest.raises(Conflict, match="other records refer to this row: symbols: 2 refer to them"):
        delete_row(db, "velenje", "symbol_types", 16)
    found = deletion(db, "velenje", "problems", 1)
    assert [(d["table"], d["effect"], d["keys"]) for d in found["dependents"]] == [
        ("solutions", "deleted", ["1|fish farm in the lakes area"]),
        ("evidence", "unlinked", ["inferred-3", "study-9"]),
    ]
    assert delete_row(db, "velenje", "problems", 1)["dependents"][0]["table"] == "solutions"
    after = snapshot(db)
    assert len(after["problems"]) == 9 and len(after["solutions"]) == 2
    linked = {(r["record_table"], r["record_id"]) for r in after["evidence_links"]}
    assert ("problems", 1) not in linked and not any(t == "solutions" and i == 1 for t, i in linked)


def test_the_studies_own_checks(velenje_sqlite: Database, tmp_path: Path) -> None:
    innovations = write_csv(
        tmp_path / "i.csv",
        [["no", "type_en", "name_en", "year", "end_year"], ["22", "new practice", "repair café", "2030", "2020"]],
    )
    with pytest.raises(InputError) as exc:
        import_table(velenje_sqlite, "velenje", "innovations", innovations)
    assert errors_of(exc) == [
        f"{innovations}, row 2, column 'end_year', value 2020: the innovation ends before it starts"
    ]
    codes = write_csv(
        tmp_path / "c.csv", [["codebook", "path", "colour"], ["Narratives of the study (default)", "x", "red"]]
    )
    with pytest.raises(InputError) as exc:
        import_table(velenje_sqlite, "velenje", "codes", codes)
    assert errors_of(exc) == [
        f"{codes}, row 2, column 'colour', value 'red': a colour is written #rrggbb (e.g. #2E6B3F)"
    ]


def test_long_tables_are_not_read_whole_for_one_row(velenje_sqlite: Database) -> None:
    """A form names the rows of a long table by key as text (no list of choices), counted without
    reading every key; a page asks which of its own rows may change."""
    db = velenje_sqlite
    with db.transaction() as session:
        town_id = session.scalar(select(Town.id).where(Town.slug == "velenje"))
        interview = Interview(town_id=town_id, title="t", text="x" * 5000, provenance="fictional", extra={})
        session.add(interview)
        session.flush()
        session.execute(
            insert(CodedSegment),
            [
                {"town_id": town_id, "interview_id": interview.id, "code_id": 3, "start": i, "end": i + 5}
                | {"guid": f"g{i}"}
                for i in range(MAX_OPTIONS + 1)
            ],
        )
    options = reference_options(db, "velenje", "narrative_segments", "en")
    assert options["segment"] is None and len(options["narrative"] or []) == 18
    # the evidence form's picker leaves out the long table (its keys are typed), keeps the others
    picks = link_options(db, "velenje", "evidence", "en")
    assert "coded_segments" not in picks and len(picks["narratives"]) == 18
    assert row_ids(db, "velenje", "dualities", among=[2, 4, 99]) == {2, 4}
    assert row_ids(db, "velenje", "dualities") == {1, 2, 3, 4, 5}


def test_tags_are_written_a_b_c_and_read_back_checked(velenje: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "problems.csv",
        [["position", "tags"], ["1", "One-Company; jobs"], ["2", ""], ["3", "emigration,young"]],
    )
    result = import_table(velenje, "velenje", "problems", path)
    assert (result["updated"], result["unchanged"]) == (2, 1)
    problems = {p["position"]: p["tags"] for p in Case(velenje, find_town(velenje, "velenje")).records("problems")}
    assert (problems[1], problems[2], problems[3], problems[4]) == (
        ["one-company", "jobs"],
        [],
        ["emigration", "young"],
        [],
    )
    out = tmp_path / "out.csv"
    export_table(velenje, "velenje", "problems", out)
    with out.open(encoding="utf-8") as fh:
        exported = {r["position"]: r["tags"] for r in csv.DictReader(fh)}
    assert (exported["1"], exported["2"], exported["3"]) == ("one-company; jobs", "", "emigration; young")
    bad = write_csv(tmp_path / "bad.csv", [["position", "tags"], ["1", "one company"]])
    with pytest.raises(InputError) as exc:
        import_table(velenje, "velenje", "problems", bad)
    assert errors_of(exc) == [
        f"{bad}, row 2, column 'tags', value 'one company': a tag is lower-case letters, digits, - and _ "
        "(e.g. one-company-town); tags are separated by ;"
    ]
    assert form_values(velenje, "velenje", "problems", 1)["tags"] == "one-company; jobs"
