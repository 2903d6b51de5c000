"""A workshop with typed-in problems on Velenje, run through the web app: the study's Table 4 and
Figure 8 in the report are byte for byte as they were, the workshop's ranking run appears beside
them (report and town page), adopting it makes it the town's current ranking and undoing restores
the study's. Also ``townpaths rank FILE --town T --save NAME`` and the rules of adopting."""

from __future__ import annotations

import re

import pytest

from townpaths.core.errors import Conflict, InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import AuditEntry
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states

TYPED = [f"typed problem {n:02d}" for n in range(1, 13)]


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _section(html: str, anchor: str) -> str:
    found = re.search(rf'<section id="{anchor}".*?</section>', html, re.S)
    assert found is not None, anchor
    return found.group(0)


def _study_sections(client) -> dict[str, str]:
    out = {}
    for lang in ("en", "sl"):
        html = client.get(f"/towns/velenje/report?lang={lang}").text
        out |= {f"{anchor}-{lang}": _section(html, anchor) for anchor in ("table4", "figure8")}
    return out


def _run_workshop(client, db: Database) -> int:
    """Create (the form sent twice), four phones, an individual and a plenary round, a worksheet,
    then End through the confirmation page. Returns the workshop's id."""
    page = client.get("/towns/velenje/workshops/new")
    form_id = re.search(r'name="form_id" value="([^"]+)"', page.text).group(1)
    form = {
        "csrf": _csrf(page.text),
        "form_id": form_id,
        "title": "Test workshop",
        "rounds": "individual,plenary,worksheet:2",
        "problems": "\n".join(TYPED),
    }
    first = client.post("/towns/velenje/workshops", data=form, follow_redirects=False)
    again = client.post("/towns/velenje/workshops", data=form, follow_redirects=False)  # a form sent twice
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    wid = int(re.search(r"/workshops/(\d+)/created", first.headers["location"]).group(1))
    created = client.get(first.headers["location"])  # a reload of the page creates nothing either
    assert created.status_code == 200 and client.get(first.headers["location"]).status_code == 200
    assert [w["title"] for w in service.list_workshops(db, 1)].count("Test workshop") == 1
    items = [p["id"] for p in states.public_state(db, wid)["problems"]]
    assert len(items) == 12
    phones = [
        service.join(db, wid, f"P{n}", sector) for n, sector in enumerate(["economy", "municipality", None, None])
    ]
    token = _csrf(client.get(f"/workshops/{wid}/console").text)
    assert client.post(f"/workshops/{wid}/rounds/1/open", data={"csrf": token}).status_code == 200
    for n, p in enumerate(phones):  # the last typed problem first; phone 3 disagrees on the next two
        ranking = (
            [items[11], items[10], items[9], *items[:9]] if n < 3 else [items[11], items[9], items[10], *items[:9]]
        )
        service.submit_ballot(db, wid, p, ranking, f"ballot-{p}-1")
    client.post(f"/workshops/{wid}/rounds/1/close", data={"csrf": token})
    client.post(f"/workshops/{wid}/rounds/2/open", data={"csrf": token})
    for p in phones:
        service.submit_ballot(db, wid, p, [items[11], items[10], items[9], *items[:9]], f"ballot-{p}-2")
    client.post(f"/workshops/{wid}/rounds/2/close", data={"csrf": token})
    client.post(f"/workshops/{wid}/rounds/3/open", data={"csrf": token})
    me = states.participant_state(db, wid, phones[0])
    assert me["sheet"]["problem"] in items[10:]
    service.save_sheet(db, wid, phones[0], {"fields": {"card.title": {"value": "Repair café", "base": 0}}})
    confirm = client.get(f"/workshops/{wid}/end")
    assert confirm.status_code == 200
    assert "typed problem 12" in _section_table(confirm.text) and "Repair café" in confirm.text
    assert states.public_state(db, wid)["workshop"]["status"] == "open"  # asking ended nothing
    ended = client.post(f"/workshops/{wid}/end", data={"csrf": _csrf(confirm.text)}, follow_redirects=False)
    assert ended.status_code == 303
    assert states.public_state(db, wid)["workshop"]["status"] == "ended"
    return wid


def _section_table(html: str) -> str:
    return re.search(r'<table id="end-ranking">.*?</table>', html, re.S).group(0)


def _current(html: str) -> str:
    return re.search(r'<p id="current-ranking" data-run="([^"]*)"', html).group(1)


def test_a_workshop_leaves_table_4_and_figure_8_and_is_kept_beside_them(client, velenje_sqlite: Database) -> None:
    db = velenje_sqlite
    study = _study_sections(client)
    assert 'data-runs="0"' in client.get("/towns/velenje/report").text
    wid = _run_workshop(client, db)

    assert _study_sections(client) == study  # byte for byte, in both languages
    report = client.get("/towns/velenje/report?lang=en").text
    runs = _section(report, "runs")
    assert 'data-runs="1"' in runs and "Test workshop" in runs
    assert "The town&#39;s current ranking: the study&#39;s (Table 4)." in runs
    # the study's ten problems with their ranks, then the twelve typed in, new in the run
    rows = re.findall(
        r'<tr class="run-row"><td>(.*?)</td><td class="num">(\d*)</td>\s*<td class="num">(.*?)</td>', runs
    )
    assert len(rows) == 22
    assert [r[1] for r in rows[:10]] == [str(n) for n in range(1, 11)] and [r[2] for r in rows[:10]] == [""] * 10
    assert rows[10] == ("typed problem 12", "", '1 <span class="move">new</span>')
    assert rows[11] == ("typed problem 11", "", '2 <span class="move">new</span>')
    assert [r[0] for r in rows[13:]] == TYPED[:9]
    solutions = _section(report, "run-solutions")
    assert "Repair café" in solutions and "Test workshop" in solutions
    # the next workshop ranks the case's ten problems, not the typed ones
    nxt = service.create_workshop(db, "velenje", rounds="individual")
    assert len(states.public_state(db, nxt.workshop_id)["problems"]) == 10

    # adopt the run: the town's current ranking; Table 4 and Figure 8 stay the study's
    [run] = service.town_runs(db, "velenje")["runs"]
    assert (run["workshop_id"], run["ballots"], run["sectors"]) == (wid, 4, {"economy": 1, "municipality": 1, "": 2})
    town = client.get("/towns/velenje?lang=en").text
    assert _current(town) == "" and f'data-run="{run["id"]}">Adopt</button>' in town
    adopted = client.post(f"/towns/velenje/runs/{run['id']}/adopt", data={"csrf": _csrf(town)}, follow_redirects=False)
    assert adopted.status_code == 303 and adopted.headers["location"] == "/towns/velenje#rankings"
    town = client.get("/towns/velenje?lang=en").text
    assert _current(town) == str(run["id"]) and "The town&#39;s current ranking: Test workshop" in town
    report = client.get("/towns/velenje/report?lang=en").text
    assert _current(_section(report, "runs")) == str(run["id"])
    assert "(the town&#39;s current ranking)" in _section(report, "run-solutions")
    assert _study_sections(client) == study
    with db.transaction() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.action == service.runs.ADOPT).one()
        assert entry.before["name"] == "study" and entry.after["ranking"][0] == [1, "typed problem 12"]

    # undo: the study's ranking is current again
    undone = client.post("/towns/velenje/runs/undo", data={"csrf": _csrf(town)}, follow_redirects=False)
    assert undone.status_code == 303
    assert _current(client.get("/towns/velenje").text) == ""
    assert _current(_section(client.get("/towns/velenje/report").text, "runs")) == ""
    assert _study_sections(client) == study
    assert client.post("/towns/velenje/runs/undo", data={"csrf": _csrf(town)}).status_code == 409


def test_adopting_undoing_and_deleting_runs(velenje_sqlite: Database) -> None:
    db = velenje_sqlite
    analysis = {"method": "borda", "items": ["a", "b"], "tiers": [["b"], ["a"]], "ballots": 2}
    one = service.save_file_run(db, "velenje", "one", analysis)
    two = service.save_file_run(db, "velenje", "two", analysis)
    service.adopt(db, "velenje", one)
    service.adopt(db, "velenje", two)
    assert service.town_runs(db, "velenje")["current"]["id"] == two
    with pytest.raises(Conflict, match="current ranking already"):
        service.adopt(db, "velenje", two)
    with pytest.raises(Conflict, match="undo its adoption first"):
        service.delete_run(db, "velenje", one)
    assert service.undo(db, "velenje") == two
    assert service.town_runs(db, "velenje")["current"]["id"] == one  # the one adopted before is current again
    assert service.undo(db, "velenje") == one
    assert service.town_runs(db, "velenje")["current"] is None
    service.delete_run(db, "velenje", two)
    assert [r["id"] for r in service.town_runs(db, "velenje")["runs"]] == [one]
    with pytest.raises(NotFound, match="no ranking run 999"):
        service.adopt(db, "velenje", 999)
    with pytest.raises(InputError, match="a run needs a name"):
        service.save_file_run(db, "velenje", " ", analysis)
