"""The audit log over HTTP: changes made through the web are recorded as the signed-in user's
(``request.state.user``) or as anonymous; the owner's page (paged, filtered) and its CSV."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from townpaths.storage import Database, audit
from townpaths.storage.models import AuditEntry, User

SEGMENTS = "/towns/velenje/qda/api/segments"


def _last(db: Database) -> AuditEntry:
    with db.transaction() as s:
        entry = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        assert entry is not None
        return entry


def test_changes_through_the_web_are_recorded_as_the_user_or_anonymous(client, anonymous, owner) -> None:
    db = client.app.state.db
    body = {"interview_id": 1, "code_id": 3, "start": 0, "end": 9}
    created = client.post(SEGMENTS, json=body).json()
    entry = _last(db)
    assert (entry.actor, entry.user_id, entry.action, entry.table_name, entry.record_id) == (
        "owner@velenje.example",
        owner.id,
        "insert",
        "coded_segments",
        created["id"],
    )
    assert client.patch(f"{SEGMENTS}/{created['id']}", json={"memo": "seen"}).status_code == 200
    entry = _last(db)
    assert (entry.actor, entry.user_id, entry.before, entry.after) == (
        "owner@velenje.example",
        owner.id,
        {"memo": None},
        {"memo": "seen"},
    )
    # an async route (the symbol form) too
    form = client.get("/towns/velenje/symbols/6/edit").text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form))
    values.update(csrf=token, type="4", name="Tito monument (renamed)")
    saved = client.post("/towns/velenje/symbols/6/edit", data=values, follow_redirects=False)
    assert saved.status_code == 303
    entry = _last(db)
    assert (entry.actor, entry.table_name, entry.after["name_en"]) == (
        "owner@velenje.example",
        "symbols",
        "Tito monument (renamed)",
    )
    # a visitor's proposal on the public form is recorded as anonymous
    page = anonymous.get("/towns/velenje/innovations/propose").text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    sent = anonymous.post(
        "/towns/velenje/innovations/propose", data={"csrf": token, "name": "Repair café", "description": "Mending."}
    )
    assert sent.status_code == 200
    entry = _last(db)
    assert (entry.actor, entry.user_id, entry.table_name, entry.after["name_en"]) == (
        "anonymous",
        None,
        "innovations",
        "Repair café",
    )
    # outside requests the actor is the system again
    assert audit.current_actor() == audit.SYSTEM


def test_audit_page_and_csv(client) -> None:
    db = client.app.state.db
    with audit.acting_as(audit.Actor("=cmd@example.org")), db.transaction() as s:
        s.add(User(email="x@example.org", name="X"))
    api = client.post(SEGMENTS, json={"interview_id": 1, "code_id": 3, "start": 0, "end": 9})
    assert api.status_code == 201
    page = client.get("/towns/velenje/audit?lang=en")
    assert page.status_code == 200
    assert '<h1>Audit log <span class="count">4</span></h1>' in page.text
    # the load of Velenje, the owner's role, the new coder and the new segment (accounts belong to no town)
    assert page.text.count('<tr id="entry-') == 4
    assert "<td>owner@velenje.example</td>\n<td>added</td>\n<td>coded segments #" in page.text
    assert "<td>system</td>\n<td>added</td>\n<td>roles in towns #" in page.text
    assert "<td>system</td>\n<td>load velenje</td>" in page.text and "=cmd" not in page.text
    assert "[9 characters, SHA-256" in page.text  # the quote kept with the segment: length and hash
    only = client.get("/towns/velenje/audit", params={"table": "coded_segments", "lang": "sl"})
    assert only.text.count('<tr id="entry-') == 1 and "dodan zapis" in only.text and "Revizijska sled" in only.text
    assert client.get("/towns/velenje/audit", params={"person": "nobody"}).text.count('<tr id="entry-') == 0
    assert client.get("/towns/velenje/audit", params={"page": "0"}).status_code == 400
    assert client.get("/towns/zwickau/audit").status_code == 404
    download = client.get("/towns/velenje/audit.csv", params={"table": "coded_segments"})
    assert download.status_code == 200 and download.headers["content-type"] == "text/csv; charset=utf-8"
    assert download.headers["content-disposition"] == 'attachment; filename="velenje-audit.csv"'
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [(r["actor"], r["action"], r["table"]) for r in rows] == [
        ("owner@velenje.example", "insert", "coded_segments")
    ]


def test_audit_page_pages(client) -> None:
    db = client.app.state.db
    with db.transaction() as s:
        town = s.scalar(select(AuditEntry.town_id).where(AuditEntry.town_id.is_not(None)).limit(1))
    for n in range(55):
        with db.transaction() as s:
            audit.record(s, "note", town=town, note=f"=note {n}")
    first = client.get("/towns/velenje/audit").text
    assert first.count('<tr id="entry-') == 50 and "Page 1 of 2" in first
    assert 'rel="next" href="/towns/velenje/audit?page=2"' in first and 'rel="prev"' not in first
    second = client.get("/towns/velenje/audit?page=2").text
    assert second.count('<tr id="entry-') == 7 and 'rel="prev" href="/towns/velenje/audit?page=1"' in second
    assert "=note 0" in second and "load velenje" in second
    rows = list(csv.DictReader(io.StringIO(client.get("/towns/velenje/audit.csv").text)))
    assert len(rows) == 57 and rows[2]["note"] == "'=note 0" and rows[-1]["note"] == "'=note 54"
