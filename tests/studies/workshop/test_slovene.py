"""Slovene for every label the phone, the console and the projector show: every message of the
workshop's pages and of the messages its code hands to them has a Slovene translation, and the
pages show the stored group labels ("pair 3") and worksheet fields in Slovene."""

from __future__ import annotations

import re
from pathlib import Path

from townpaths.core.i18n import catalog
from townpaths.studies.workshop import service
from townpaths.studies.workshop.core import groups, integrity, worksheet
from townpaths.studies.workshop.service import sheets, states
from townpaths.web.routes import workshop_api

SRC = Path(__file__).resolve().parents[3] / "src" / "townpaths"
PAGES = [
    *sorted((SRC / "web" / "templates" / "workshop").glob("*.html")),
    *sorted((SRC / "studies" / "workshop" / "templates" / "report").glob("*.html")),
]
MESSAGE = re.compile(r"""\b_\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|ngettext\(\s*"((?:[^"\\]|\\.)*)\"""")


def _messages(path: Path) -> set[str]:
    found = set()
    for m in MESSAGE.finditer(path.read_text(encoding="utf-8")):
        found.add(m.group(1)[1:-1] if m.group(1) else m.group(2))
    return found


def test_every_message_of_the_workshop_pages_is_in_slovene() -> None:
    sl = catalog("sl")
    used = {(p.name, m) for p in PAGES for m in _messages(p)}
    assert len(used) > 200
    assert sorted((page, m) for page, m in used if m not in sl) == []
    from_code = [
        *worksheet.FIELD_LABELS.values(),
        *groups.LABELS.values(),
        integrity.FOREIGN,
        integrity.STALE,
        integrity.PARTNER,
        sheets.DOTS_USED,
        workshop_api.CONFLICT,
        *("individual", "pair", "group", "plenary", "worksheet", "draft", "open", "closed", "pending", "ended"),
    ]
    assert [m for m in from_code if m not in sl] == []


def test_group_labels_and_worksheet_fields_on_the_pages_in_slovene(client, velenje_sqlite) -> None:
    db = velenje_sqlite
    created = service.create_workshop(db, "velenje", rounds="pair,worksheet:1")
    wid = created.workshop_id
    people = [service.join(db, wid, f"P{n}") for n in range(4)]
    service.open_round(db, wid, 1)
    console = client.get(f"/workshops/{wid}/console?lang=sl").text
    assert "<td>par 1</td>" in console and '<option value="pair 2">par 2</option>' in console
    assert "pair 1" not in re.sub(r'(value|data-group)="pair \d"', "", console)
    ids = [p["id"] for p in states.public_state(db, wid)["problems"]]
    for label in {states.participant_state(db, wid, p)["group"]["label"]: p for p in people}.items():
        service.submit_ballot(db, wid, label[1], ids, f"pair-ballot-{label[1]}")
    service.close_round(db, wid, 1)
    service.open_round(db, wid, 2)
    page = client.get(f"/join?code={created.room_code}&lang=sl")
    form = {"csrf": re.search(r'name="csrf" value="([^"]+)"', page.text).group(1), "code": created.room_code}
    client.post("/join", data=form)
    room = client.get(f"/room/{created.room_code}?lang=sl").text
    labels = re.findall(r"<label>([^<]*?) <(?:textarea|input) data-field", room)
    assert labels[:3] == ["Znaki", "Vzroki", "Jedro problema"] and "Pravna podlaga" in labels
    assert "Prvi koraki" in labels and not [label for label in labels if "_" in label]
    assert '"worksheet group %(n)s": "delovna skupina %(n)s"' in room  # for the labels the phone draws
    screen = client.get(f"/room/{created.room_code}/screen?lang=sl").text
    assert '<button id="fullscreen" type="button" class="fullscreen">Celozaslonski prikaz</button>' in screen
