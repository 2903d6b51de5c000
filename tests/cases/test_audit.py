"""A town's audit log as its owner reads it (SQLite and PostgreSQL): an imported bundle, an edited
symbol, a deleted segment, a workshop created and ended, a role granted; and the CSV export with
exactly those rows, formula-looking text neutralised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from townpaths.cases import audit as log
from townpaths.cases.towns import export_case, import_case
from townpaths.core.errors import InputError
from townpaths.storage import Database, audit
from townpaths.storage.models import CodedSegment, Symbol, TownRole, User, WorkshopItem, WorkshopRound
from townpaths.studies.qda import service as qda
from townpaths.studies.symbols import service as symbols
from townpaths.studies.workshop import service as workshop

IMPORTED = {
    "codebooks": {"insert": 1},
    "coded_segments": {"insert": 28},
    "coders": {"insert": 2},
    "codes": {"insert": 27, "update": 24},
    "dualities": {"insert": 5},
    "evidence": {"insert": 9},
    "evidence_links": {"insert": 42, "update": 42},
    "facts": {"insert": 10},
    "innovation_actors": {"insert": 9},
    "innovations": {"insert": 21},
    "interviewees": {"insert": 26},
    "interviews": {"insert": 3},
    "narratives": {"insert": 18},
    "periods": {"insert": 7},
    "problems": {"insert": 10},
    "solutions": {"insert": 3},
    "sustainability_indicators": {"insert": 4},
    "symbol_categories": {"insert": 6},
    "symbol_types": {"insert": 16},
    "symbols": {"insert": 23},
    "towns": {"insert": 1},
}


@pytest.fixture
def changed(velenje: Database, tmp_path: Path) -> dict:
    """A copy of Velenje imported from its bundle, then changed by people and the system."""
    db = velenje
    bundle = export_case(db, "velenje", tmp_path / "velenje.zip")
    town = import_case(db, bundle, slug="copy")
    with db.transaction() as s:
        symbol_id = s.scalar(select(Symbol.id).where(Symbol.town_id == town.id, Symbol.name_en == "Tito monument"))
        segment = s.scalars(select(CodedSegment).where(CodedSegment.town_id == town.id).order_by(CodedSegment.id))
        first = next(iter(segment))
        seg = {"id": first.id, "interview_id": first.interview_id, "code_id": first.code_id, "quote": first.quote}
    shown = symbols.symbol_detail(db, town.id, symbol_id)["symbol"]
    form = {k: "" if shown.get(k) is None else str(shown[k]) for k in symbols.EDITABLE}
    form.update(type=str(shown["type_no"]), name='=HYPERLINK("http://evil.example")', preservation="very_good")
    with audit.acting_as(audit.Actor("+ana@example.org")):
        symbols.update_symbol(db, town.id, symbol_id, form)
    with audit.acting_as(audit.Actor("cli:bojan")):
        qda.delete_segment(db, "copy", seg["id"])
    created = workshop.create_workshop(db, "copy", rounds="individual", problems=["Jobs", "Air"])
    workshop.end_workshop(db, created.workshop_id)
    with db.transaction() as s:
        owner = User(email="owner@example.org", name="Owner")
        s.add(owner)
        s.flush()
        role = TownRole(user_id=owner.id, town_id=town.id, role="owner")
        s.add(role)
        s.flush()
        ids = {"user": owner.id, "role": role.id}
    with db.transaction() as s:
        items = sorted(s.scalars(select(WorkshopItem.id).where(WorkshopItem.workshop_id == created.workshop_id)))
        round_id = s.scalar(select(WorkshopRound.id).where(WorkshopRound.workshop_id == created.workshop_id))
    return {
        "db": db,
        "town": town,
        "bundle": str(bundle),
        "symbol": symbol_id,
        "segment": seg,
        "workshop": created.workshop_id,
        "items": items,
        "round": round_id,
        **ids,
    }


def _expected(c: dict) -> list[tuple]:
    """(actor, action, table, record id) of every entry of the copy, oldest first."""
    w, (i1, i2) = c["workshop"], c["items"]
    return [
        ("system", "import bundle", None, None),
        ("+ana@example.org", "update", "symbols", c["symbol"]),
        ("cli:bojan", "delete", "coded_segments", c["segment"]["id"]),
        ("system", "insert", "workshops", w),
        ("system", "insert", "workshop_items", i1),  # the problems typed in: the workshop's own
        ("system", "insert", "workshop_items", i2),
        ("system", "insert", "workshop_rounds", c["round"]),
        ("system", "update", "workshops", w),
        ("system", "update", "workshops", w),
        ("system", "insert", "town_roles", c["role"]),
    ]


def test_the_log_holds_before_and_after(changed: dict) -> None:
    c, town_id = changed, changed["town"].id
    entries = list(reversed(log.town_log(c["db"], "copy")["entries"]))
    got = [(e["actor"], e["action"], e["table"], e["record_id"]) for e in entries]
    expected = _expected(c)
    assert got == expected
    imported, symbol, segment, *_, ended, role = entries
    # the bundle import: one summary entry with the rows per table
    assert imported["after"] == {"rows": IMPORTED} and imported["note"] == c["bundle"]
    assert imported["town"] == "copy" and imported["before"] is None
    # the edited symbol: only what changed, before and after
    assert symbol["before"] == {"name_en": "Tito monument", "preservation": None}
    assert symbol["after"] == {"name_en": '=HYPERLINK("http://evil.example")', "preservation": "very_good"}
    # the deleted segment: every value before, the interviewee's words as length and hash only
    quote = c["segment"]["quote"]
    assert segment["after"] is None
    assert {k: segment["before"][k] for k in ("id", "town_id", "interview_id", "code_id", "coder", "memo")} == {
        "id": c["segment"]["id"],
        "town_id": town_id,
        "interview_id": c["segment"]["interview_id"],
        "code_id": c["segment"]["code_id"],
        "coder": "Coder A",
        "memo": None,
    }
    assert segment["before"]["quote"] == audit.digest(quote) and quote not in json.dumps(segment)
    assert segment["before"]["quote"]["chars"] == len(quote)
    # the workshop's lifecycle: created (secret hidden), ended
    created = entries[3]["after"]
    assert created["status"] == "draft" and created["secret_salt"] == "[secret]"
    assert (ended["before"], ended["after"]) == ({"status": "draft"}, {"status": "ended"})
    # the role granted
    assert role["after"] == {"id": c["role"], "user_id": c["user"], "town_id": town_id, "role": "owner"}
    # the page: filters and paging
    page = log.town_log(c["db"], "copy", table="workshops", per_page=2)
    assert (page["total"], page["pages"], [e["action"] for e in page["entries"]]) == (3, 2, ["update", "update"])
    assert log.town_log(c["db"], "copy", person="cli:bojan")["total"] == 1
    everyone = log.town_log(c["db"], "copy")
    assert everyone["people"] == ["+ana@example.org", "cli:bojan", "system"]
    assert everyone["tables"] == [
        "coded_segments",
        "symbols",
        "town_roles",
        "workshop_items",
        "workshop_rounds",
        "workshops",
    ]
    # Velenje's own log has its load and nothing of the copy
    assert [e["action"] for e in log.town_log(c["db"], "velenje")["entries"]] == ["load velenje"]


def test_csv_export_has_exactly_those_rows(changed: dict, tmp_path: Path) -> None:
    c = changed
    result = log.export_log(c["db"], "copy", tmp_path / "audit.csv")
    assert result == {"file": str(tmp_path / "audit.csv"), "entries": 10}
    text = (tmp_path / "audit.csv").read_bytes().decode("utf-8")
    assert text == log.log_csv(c["db"], "copy")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == log.COLUMNS
    got = [(r["actor"], r["action"], r["table"] or None, int(r["record_id"]) if r["record_id"] else None) for r in rows]
    expected = [(("'" + a) if a.startswith("+") else a, *rest) for a, *rest in _expected(c)]
    assert got == expected
    # formula-looking text gets a leading apostrophe; JSON cells start with "{" and stay as they are
    assert rows[1]["actor"] == "'+ana@example.org"
    assert json.loads(rows[1]["after"])["name_en"] == '=HYPERLINK("http://evil.example")'
    assert json.loads(rows[0]["after"]) == {"rows": IMPORTED} and rows[0]["note"] == c["bundle"]
    assert {r["town"] for r in rows} == {"copy"} and all(r["at"].endswith("Z") for r in rows)
    # XLSX: the same rows, the formula as text
    from openpyxl import load_workbook

    log.export_log(c["db"], "copy", tmp_path / "audit.xlsx", person="+ana@example.org")
    sheet = load_workbook(tmp_path / "audit.xlsx").active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == log.COLUMNS and len(values) == 2 and values[1][2] == "+ana@example.org"
    assert sheet.cell(row=2, column=3).data_type == "s"
    with pytest.raises(InputError, match=r"use a \.csv or \.xlsx file"):
        log.export_log(c["db"], "copy", tmp_path / "audit.ods")


def test_changes_for_people(changed: dict) -> None:
    entries = {e["id"]: e for e in log.town_log(changed["db"], "copy")["entries"]}
    by_kind = {(e["action"], e["table"]): e for e in sorted(entries.values(), key=lambda e: e["id"])}
    assert by_kind[("update", "symbols")]["changes"] == [
        {"field": "name_en", "before": "Tito monument", "after": '=HYPERLINK("http://evil.example")'},
        {"field": "preservation", "before": "", "after": "very_good"},
    ]
    quote = changed["segment"]["quote"]
    deleted = {c["field"]: c for c in by_kind[("delete", "coded_segments")]["changes"]}
    digest = audit.digest(quote)["sha256"]
    assert deleted["quote"] == {
        "field": "quote",
        "before": f"[{len(quote)} characters, SHA-256 {digest[:12]}…]",
        "after": "",
    }
    assert by_kind[("import bundle", None)]["changes"][:2] == [
        {"field": "codebooks", "before": "", "after": "insert 1"},
        {"field": "coded_segments", "before": "", "after": "insert 28"},
    ]
    with pytest.raises(InputError, match="pages are numbered from 1"):
        log.town_log(changed["db"], "copy", page=0)
