"""A worksheet edited by two group mates at once (SQLite and PostgreSQL): each field has a version;
a save from an older version of a field someone changed meanwhile is handed back with both texts,
never written over; different fields are both kept. Dots: the fourth is refused with a reason."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.studies.workshop import service as S
from townpaths.studies.workshop.service import sheets
from townpaths.studies.workshop.service import states as V


def _worksheet_pair(db):
    c = S.create_workshop(db, "velenje", rounds="individual,worksheet:1")
    wid = c.workshop_id
    ana, bor = S.join(db, wid, "Ana"), S.join(db, wid, "Bor")
    S.open_round(db, wid, 1)
    ids = [p["id"] for p in V.public_state(db, wid)["problems"]]
    for p in (ana, bor):
        S.submit_ballot(db, wid, p, ids, f"ballot-{p}-xx")
    S.close_round(db, wid, 1)
    S.open_round(db, wid, 2)
    return wid, ana, bor


def _fields(**edits: tuple[str, int]) -> dict:
    return {"fields": {path.replace("__", "."): {"value": v, "base": b} for path, (v, b) in edits.items()}}


def test_two_group_mates_edit_one_worksheet_at_once(velenje) -> None:
    wid, ana, bor = _worksheet_pair(velenje)
    both = [V.participant_state(velenje, wid, p)["sheet"] for p in (ana, bor)]
    assert both[0]["problem"] == both[1]["problem"] and both[0]["versions"] == {}
    # both start from version 0 of the title; Ana saves first
    first = S.save_sheet(velenje, wid, ana, _fields(card__title=("Fish farm", 0), card__jobs=("40", 0)))
    assert (sorted(first.saved), first.conflicts) == (["card.jobs", "card.title"], [])
    assert first.versions["card.title"] == {"v": 1, "by": ana} and first.seq > 0
    # Bor's title from version 0 comes back beside Ana's; Bor's other field is kept
    second = S.save_sheet(velenje, wid, bor, _fields(card__title=("Trout farm", 0), core__causes=("coal", 0)))
    assert second.saved == ["core.causes"]
    assert second.conflicts == [
        {"field": "card.title", "mine": "Trout farm", "theirs": "Fish farm", "version": 1, "by": ana, "by_name": "Ana"}
    ]
    sheet = V.participant_state(velenje, wid, bor)["sheet"]
    assert sheet["sheet"]["card"]["title"] == "Fish farm" and sheet["sheet"]["core"]["causes"] == "coal"
    assert sheet["versions"] == {"card.title": 1, "card.jobs": 1, "core.causes": 1}
    # Bor merges both texts, from version 1: saved, version 2
    merged = S.save_sheet(velenje, wid, bor, _fields(card__title=("Fish farm\nTrout farm", 1)))
    assert (merged.saved, merged.conflicts, merged.versions["card.title"]) == (["card.title"], [], {"v": 2, "by": bor})
    # Ana's late save from version 1 is handed back, now with Bor's merge
    late = S.save_sheet(velenje, wid, ana, _fields(card__title=("Fish farm!", 1)))
    assert [(c["theirs"], c["by_name"]) for c in late.conflicts] == [("Fish farm\nTrout farm", "Bor")]
    # saving the text that is there already is no conflict, and changes nothing
    same = S.save_sheet(velenje, wid, ana, _fields(card__title=("Fish farm\nTrout farm", 0)))
    assert (same.saved, same.conflicts, same.seq) == (["card.title"], [], 0)
    # an actor's field, and emptying it again
    S.save_sheet(velenje, wid, ana, _fields(actors__economy=("the mine", 0)))
    assert V.participant_state(velenje, wid, ana)["sheet"]["sheet"]["card"]["actors"] == {"economy": "the mine"}
    S.save_sheet(velenje, wid, ana, _fields(actors__economy=("", 1)))
    assert V.participant_state(velenje, wid, ana)["sheet"]["sheet"]["card"]["actors"] == {}
    # the console counts the fields filled
    [group] = V.facilitator_state(velenje, wid)["groups"]
    assert group["fields"] == 3


def test_a_worksheet_save_names_what_is_wrong(velenje) -> None:
    wid, ana, _bor = _worksheet_pair(velenje)
    for body, message in [
        ({"card": {"title": "x"}}, "lists the fields it changed"),
        ({"fields": {"card.colour": {"value": "x"}}}, "unknown worksheet field"),
        ({"fields": {"card.title": "x"}}, "with its value and version"),
        ({"fields": {"card.title": {"value": "x", "base": -1}}}, "a field's version is a whole number"),
        ({"fields": {"card.title": {"value": "x" * 2001, "base": 0}}}, "longer than 2000"),
        ({"fields": {"actors.economy": {"value": "x" * 501, "base": 0}}}, "longer than 500"),
        ([], "a worksheet save is an object"),
    ]:
        with pytest.raises(InputError, match=message):
            S.save_sheet(velenje, wid, ana, body)


def test_the_fourth_dot_is_refused_with_a_reason(velenje) -> None:
    wid, ana, bor = _worksheet_pair(velenje)
    for n in range(4):
        S.add_idea(velenje, wid, bor, f"idea {n}")
    ideas = V.participant_state(velenje, wid, ana)["sheet"]["ideas"]
    for idea in ideas[:3]:
        S.toggle_dot(velenje, wid, ana, idea["id"])
    assert V.participant_state(velenje, wid, ana)["sheet"]["dots"] == {"used": 3, "limit": 3}
    with pytest.raises(sheets.DotsUsed, match="You have used all your dots: take one back"):
        S.toggle_dot(velenje, wid, ana, ideas[3]["id"])
    S.toggle_dot(velenje, wid, ana, ideas[0]["id"])  # taken back
    S.toggle_dot(velenje, wid, ana, ideas[3]["id"])
    assert [i["mine"] for i in V.participant_state(velenje, wid, ana)["sheet"]["ideas"]] == [False, True, True, True]
