"""Workshop service on SQLite and PostgreSQL: idempotent ballots, group ballots, the result kept as a
ranking run beside the case's problems and solutions (which the workshop never changes)."""

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
    assert me["start"]["mode"] == "group" and sorted(me["start"]["order"]) == sorted(ids)
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
    saved = S.save_sheet(
        velenje, c.workshop_id, ps[0], {"fields": {"core.core": {"value": "x"}, "card.title": {"value": "Fish farm"}}}
    )
    assert (sorted(saved.saved), saved.conflicts) == (["card.title", "core.core"], [])
    before = _study(velenje)
    S.end_workshop(velenje, c.workshop_id)
    assert _study(velenje) == before  # the case's problems and solutions (Table 4, Figure 8) are as they were
    found = S.town_runs(velenje, "velenje")
    [run] = found["runs"]
    assert (run["source"], run["workshop_id"], run["ballots"], run["kendall_w"]) == ("workshop", c.workshop_id, 6, 1.0)
    assert run["sectors"] == {"economy": 2, "municipality": 2, "": 2}
    ranks = {i["problem_id"]: i["rank"] for i in run["items"]}
    study = {p["id"]: p["rank"] for p in found["problems"]}
    first, second = (V.public_state(velenje, c.workshop_id)["problems"][k] for k in (1, 0))
    assert ranks[_problem(velenje, first["text_en"])] == 1 and ranks[_problem(velenje, second["text_en"])] == 2
    assert sorted(ranks.values()) == list(range(1, 11)) and sorted(study.values()) == list(range(1, 11))
    [solution] = run["solutions"]
    assert (solution["title"], solution["problem_as_worked_on"]) == ("Fish farm", "x")
    assert (
        solution["item"]
        == next(p for p in V.export_data(velenje, c.workshop_id)["problems"] if p["id"] == sheet["problem"])["position"]
    )
    assert found["current"] is None  # the study's ranking stays the town's current one until a run is adopted


def _study(db) -> tuple[list[tuple], list[tuple]]:
    case = open_case("velenje", db)
    problems = sorted((p["id"], p["rank"], p["text_en"], p.get("workshop_id")) for p in case.records("problems"))
    solutions = sorted((s["id"], s["problem_id"], s["title_en"]) for s in case.records("solutions"))
    return problems, solutions


def _problem(db, text: str) -> int:
    return next(p["id"] for p in open_case("velenje", db).records("problems") if p["text_en"] == text)
