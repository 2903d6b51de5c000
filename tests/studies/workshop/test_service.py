"""Workshop service on SQLite and PostgreSQL: idempotent ballots, group ballots, results to the case."""

from __future__ import annotations

from townpaths.cases.case import open_case
from townpaths.studies.workshop import service as S
from townpaths.studies.workshop.service import states as V


def test_rounds_ballots_and_results(velenje) -> None:
    c = S.create_workshop(velenje, "velenje", rounds="individual,pair,plenary,worksheet:3")
    ps = [S.join(velenje, c.workshop_id, f"n{i}", ["economy", "municipality", None][i % 3]) for i in range(6)]
    ids = [p["id"] for p in V.public_state(velenje, c.workshop_id)["problems"]]
    S.open_round(velenje, c.workshop_id, 1)
    acks = [S.submit_ballot(velenje, c.workshop_id, p, ids, f"token-{p}-xxxx") for p in ps]
    assert [a.status for a in acks] == ["new"] * 6
    again = S.submit_ballot(velenje, c.workshop_id, ps[0], ids, f"token-{ps[0]}-xxxx")
    assert (again.status, again.count) == ("duplicate", 6)
    changed = S.submit_ballot(velenje, c.workshop_id, ps[0], ids[::-1], "another-token")
    assert (changed.status, changed.count) == ("replaced", 6)
    S.close_round(velenje, c.workshop_id, 1)
    S.open_round(velenje, c.workshop_id, 2)
    me = V.participant_state(velenje, c.workshop_id, ps[0])
    assert me["group"]["label"].startswith("pair ")
    S.submit_ballot(velenje, c.workshop_id, ps[0], ids, "pair-token-1")
    mates = [p for p in ps if V.participant_state(velenje, c.workshop_id, p)["group"]["label"] == me["group"]["label"]]
    assert len(mates) == 2
    assert V.participant_state(velenje, c.workshop_id, mates[1])["ballot"]["client_token"] == "pair-token-1"
    S.close_round(velenje, c.workshop_id, 2)
    S.open_round(velenje, c.workshop_id, 3)
    for p in ps:
        S.submit_ballot(velenje, c.workshop_id, p, [ids[1], ids[0], *ids[2:]], f"plenary-{p}-xx")
    live = V.public_state(velenje, c.workshop_id)["live"]
    assert (live["count"], live["expected"], live["kendall_w"]) == (6, 6, 1.0)
    S.close_round(velenje, c.workshop_id, 3)
    S.open_round(velenje, c.workshop_id, 4)
    sheet = V.participant_state(velenje, c.workshop_id, ps[0])["sheet"]
    S.save_sheet(velenje, c.workshop_id, ps[0], {"core": {"core": "x"}, "card": {"title": "Fish farm"}})
    S.end_workshop(velenje, c.workshop_id)
    case = open_case("velenje", velenje)
    ranks = {p["id"]: p["rank"] for p in case.records("problems")}
    assert ranks[ids[1]] == 1 and ranks[ids[0]] == 2 and ranks[ids[9]] == 10
    sols = [s for s in case.records("solutions") if s["problem_id"] == sheet["problem"]]
    assert [s["title_en"] for s in sols] == ["Fish farm"]
