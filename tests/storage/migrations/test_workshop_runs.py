"""Revision 0010 (workshop runs) on SQLite and PostgreSQL: a workshop that ran before it ranked the
case's problems by their ids; down to 0008 and up again, its ballots, round results and worksheet
groups refer to the workshop's own items, which name the same problems, and it reads as before."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

from townpaths.storage import Database
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states


def _by_text(db: Database, wid: int) -> dict[str, Any]:
    """The workshop as texts: its problems, each round's ballots and result, the worksheet groups."""
    data = states.export_data(db, wid)
    name = {p["id"]: p["text_en"] for p in data["problems"]}
    rounds = []
    for r in data["rounds"]:
        rounds.append(
            (
                r["no"],
                [(b["voter"], [[name[i] for i in t] for t in b["tiers"]]) for b in r.get("ballots", [])],
                [[name[i] for i in t] for t in r["result"].get("tiers", [])],
                [(w["group"], name.get(w["problem"]), w["sheet"]["card"]["title"]) for w in r.get("worksheets", [])],
            )
        )
    return {"problems": [p["text_en"] for p in data["problems"]], "rounds": rounds}


def test_a_workshop_down_to_0008_and_up_again(velenje: Database) -> None:
    db = velenje
    created = service.create_workshop(db, "velenje", rounds="individual,worksheet:1", seed=5)
    wid = created.workshop_id
    people = [service.join(db, wid, f"P{n}") for n in range(3)]
    service.open_round(db, wid, 1)
    ids = [p["id"] for p in states.public_state(db, wid)["problems"]]
    for n, p in enumerate(people):
        service.submit_ballot(db, wid, p, ids[n:] + ids[:n], f"ballot-{p}-xx")
    service.close_round(db, wid, 1)
    service.open_round(db, wid, 2)
    service.save_sheet(db, wid, people[0], {"fields": {"card.title": {"value": "Fish farm", "base": 0}}})
    before = _by_text(db, wid)

    db._migrate("downgrade", "0008")  # as an upgrade runs: on SQLite with foreign keys off meanwhile
    with db.engine.connect() as conn:
        problem_ids = conn.execute(text("SELECT id FROM problems ORDER BY position, id")).scalars().all()
        assert "workshop_items" not in db.table_names() and "ranking_runs" not in db.table_names()
        tiers = conn.execute(text("SELECT tiers FROM ballots ORDER BY id")).scalars().first()
        group_problem = conn.execute(text("SELECT problem_id FROM workshop_groups")).scalars().all()
    flat = [x for t in (tiers if isinstance(tiers, list) else json.loads(tiers)) for x in t]
    assert sorted(flat) == sorted(problem_ids)  # ballots rank the case's problems by their ids again
    assert len(group_problem) == 1 and group_problem[0] in problem_ids

    db.upgrade()
    assert _by_text(db, wid) == before
    items = states.export_data(db, wid)["problems"]
    assert [i["problem_id"] for i in items] == problem_ids and [i["position"] for i in items] == list(range(1, 11))
    # and it goes on: the worksheet is saved again on the new items, and the end stores a run
    service.save_sheet(db, wid, people[1], {"fields": {"card.jobs": {"value": "40", "base": 0}}})
    service.end_workshop(db, wid)
    [run] = service.town_runs(db, "velenje")["runs"]
    assert [s["title"] for s in run["solutions"]] == ["Fish farm"]
