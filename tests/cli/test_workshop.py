"""``townpaths workshop``: create (facilitator link, room code) and export (--kind csv|preflib|json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support.cli import run
from townpaths.storage import Database
from townpaths.storage.site import instance_secret
from townpaths.studies.workshop import service


def test_create_and_export(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    secret = ["--secret-key", "s3cret"]  # the web app's, so the printed link is the one it checks
    out = json.loads(
        run(
            "workshop", "create", "--town", "velenje", *db, *secret, "--format", "json", "--rounds", "individual"
        ).output
    )
    assert re.fullmatch(r"[A-Z0-9]{6}", out["room_code"])
    assert out["facilitator_link"].startswith(f"http://127.0.0.1:8000/workshops/{out['id']}/admin?key=")
    key = out["facilitator_link"].rsplit("=", 1)[1]
    assert service.check_link(velenje_sqlite, out["id"], key, "s3cret") is not None
    assert service.check_link(velenje_sqlite, out["id"], key, "another-secret") is None
    pid = service.join(velenje_sqlite, out["id"])
    service.open_round(velenje_sqlite, out["id"], 1)
    service.submit_ballot(velenje_sqlite, out["id"], pid, list(range(1, 11)), "cli-token-1")
    for fmt, names in (("csv", ["ballots.csv", "worksheets.csv"]), ("preflib", ["round-1.toc"]), ("json", [".json"])):
        r = run("workshop", "export", out["id"], "--kind", fmt, "--output", tmp_path, *db)
        assert [Path(p).name for p in r.output.split()] == [
            f"workshop-{out['id']}{'-' if n[0] != '.' else ''}{n}" for n in names
        ]
    listed = run("workshop", "export", out["id"], "--output", tmp_path / "default", *db, "--format", "json").output
    assert json.loads(listed) == {
        "workshop": out["id"],
        "format": "json",
        "files": [str(tmp_path / "default" / f"workshop-{out['id']}.json")],
    }
    as_csv = run("workshop", "export", out["id"], "--kind", "preflib", "--output", tmp_path, *db, "--format", "csv")
    toc = tmp_path / f"workshop-{out['id']}-round-1.toc"
    assert as_csv.output == f"file\n{toc}\n"
    r = run("workshop", "export", out["id"], "--kind", "xml", *db, code=3)
    assert r.stderr == "Error: field '--kind', value 'xml': unknown format (use csv, preflib, json)\n"
    r = run("workshop", "create", "--town", "nowhere", *db, code=5)
    assert r.stderr.startswith("Error: unknown town 'nowhere'")


def test_create_prints_the_link_for_people(velenje_sqlite: Database, monkeypatch) -> None:
    monkeypatch.setenv("TOWNPATHS_SECRET_KEY", "s3cret")
    lines = run(
        "workshop",
        "create",
        "--db",
        velenje_sqlite.url,
        "--base-url",
        "https://ws.example.org/",
        "--title",
        "Velenje 2030",
    ).output.splitlines()
    assert lines[0].startswith("Workshop ") and lines[1].startswith("Room code: ")
    wid = int(lines[0].split()[1])
    assert lines[2].startswith(f"Facilitator link (keep it secret): https://ws.example.org/workshops/{wid}/admin?key=")


def test_create_for_a_facilitator_with_the_stored_secret_key(velenje_sqlite: Database, monkeypatch) -> None:
    from tests.support.people import person
    from townpaths.people.service import overview

    monkeypatch.delenv("TOWNPATHS_SECRET_KEY", raising=False)
    fran = person(velenje_sqlite, "fac@velenje.example", "Fran Facilitator", {"velenje": "facilitator"})
    db = ["--db", velenje_sqlite.url]
    out = json.loads(run("workshop", "create", *db, "--facilitator", "FAC@velenje.example", "--format", "json").output)
    # without a key given, the link is signed with the key the server stores (and uses) itself
    key = out["facilitator_link"].split("key=")[1]
    assert service.check_link(velenje_sqlite, out["id"], key, instance_secret(velenje_sqlite)) is not None
    assert [(w["id"], w["mine"]) for w in overview(velenje_sqlite, fran)["workshops"]] == [(out["id"], True)]
    lines = run("workshop", "create", *db).output.splitlines()
    assert lines[2].startswith("Facilitator link (keep it secret): http://127.0.0.1:8000/workshops/")
    r = run("workshop", "create", *db, "--facilitator", "nobody@velenje.example", code=5)
    assert r.stderr == "Error: no account 'nobody@velenje.example'\n"


def test_create_with_typed_in_problems_from_a_sheet(velenje_sqlite: Database, tmp_path: Path) -> None:
    """``--problems FILE``: the sheet's problems in both languages are the workshop's items, in its
    order; a bad sheet is refused whole (every bad row) before anything is written."""
    from sqlalchemy import func, select

    from townpaths.storage.models import Workshop, WorkshopItem

    sheet = tmp_path / "problems.csv"
    sheet.write_text(
        "\ufefftext_en;text_sl\nYoung people leave;Mladi odhajajo\nThe lake is not clean;Jezero ni čisto\nNo cinema;\n",
        encoding="utf-8",
    )
    db = ["--db", velenje_sqlite.url]
    out = json.loads(
        run("workshop", "create", "--town", "velenje", *db, "--problems", sheet, "--format", "json").output
    )
    with velenje_sqlite.transaction() as session:
        items = session.execute(
            select(WorkshopItem.position, WorkshopItem.text_en, WorkshopItem.text_sl, WorkshopItem.problem_id)
            .where(WorkshopItem.workshop_id == out["id"])
            .order_by(WorkshopItem.position)
        ).all()
    assert [tuple(i) for i in items] == [
        (1, "Young people leave", "Mladi odhajajo", None),
        (2, "The lake is not clean", "Jezero ni čisto", None),
        (3, "No cinema", None, None),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("text_en,text_sl,rank\nA,B,1\n,C,2\n", encoding="utf-8")
    with velenje_sqlite.transaction() as session:
        before = session.scalar(select(func.count()).select_from(Workshop))
    r = run("workshop", "create", "--town", "velenje", *db, "--problems", bad, code=3)
    assert r.stderr == f"Error: {bad}, row 1, column 'rank': unknown column (the columns: text_en, text_sl)\n"
    bad.write_text("text_en,text_sl\nA,B\n,C\nD,\n,E\n", encoding="utf-8")
    r = run("workshop", "create", "--town", "velenje", *db, "--problems", bad, code=3)
    assert r.stderr.splitlines() == [
        f"Error: {bad}: 2 error(s):",
        f"{bad}, row 3, column 'text_en': a problem needs its English text",
        f"{bad}, row 5, column 'text_en': a problem needs its English text",
    ]
    one = tmp_path / "one.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["text_en", "text_sl"])
    book.active.append(["Only one", "Samo en"])
    book.save(one)
    r = run("workshop", "create", "--town", "velenje", *db, "--problems", one, code=3)
    assert r.stderr == "Error: field 'problems', value 1: a workshop ranks 2 to 30 problems\n"
    with velenje_sqlite.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Workshop)) == before
