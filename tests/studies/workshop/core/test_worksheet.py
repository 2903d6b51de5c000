"""Worksheet fields by version (no I/O): a field is taken when nobody saved it since the phone's
version (or it says the same), otherwise handed back as a conflict with both texts."""

from __future__ import annotations

from townpaths.studies.workshop.core import groups
from townpaths.studies.workshop.core import worksheet as W


def test_edits_by_version() -> None:
    sheet = W.clean_sheet({"card": {"title": "Fish farm"}})
    versions = {"card.title": {"v": 1, "by": 5}}
    edits = W.clean_edits(
        {
            "fields": {
                "card.title": {"value": "Trout farm", "base": 0},
                "card.jobs": {"value": " 40 ", "base": 0},
                "actors.economy": {"value": "the mine"},
            }
        }
    )
    assert edits == [
        W.Edit("card.title", "Trout farm", 0),
        W.Edit("card.jobs", "40", 0),
        W.Edit("actors.economy", "the mine", 0),
    ]
    out, vers, saved, conflicts = W.apply_edits(sheet, versions, edits, 6)
    assert saved == ["card.jobs", "actors.economy"]
    assert conflicts == [W.FieldConflict("card.title", "Trout farm", "Fish farm", 1, 5)]
    assert conflicts[0].to_dict() == {
        "field": "card.title",
        "mine": "Trout farm",
        "theirs": "Fish farm",
        "version": 1,
        "by": 5,
    }
    assert (out["card"]["title"], out["card"]["jobs"], out["card"]["actors"]) == (
        "Fish farm",
        "40",
        {"economy": "the mine"},
    )
    assert vers == {
        "card.title": {"v": 1, "by": 5},
        "card.jobs": {"v": 1, "by": 6},
        "actors.economy": {"v": 1, "by": 6},
    }
    assert W.field_value(out, "actors.economy") == "the mine" and W.field_value(out, "core.core") == ""
    assert len(W.field_paths()) == len(W.CORE_STEPS) + len(W.CARD_FIELDS) + 4
    assert set(W.FIELD_LABELS) == {p.split(".")[1] for p in W.field_paths() if not p.startswith("actors.")}


def test_a_solution_of_the_run_from_a_worksheet() -> None:
    sheet = W.clean_sheet(
        {"core": {"core": "one employer"}, "card": {"title": "Co-op", "description": "d", "effects": "e"}}
    )
    found = W.solution(3, "Jobs", sheet, [{"text": "idea", "dots": 2}])
    assert (found["item"], found["problem_as_worked_on"], found["title"], found["detail"]) == (
        3,
        "one employer",
        "Co-op",
        "d e",
    )
    assert found["card"]["ideas"] == [{"text": "idea", "dots": 2}] and found["card"]["source"] == "workshop"
    assert W.solution(3, "Jobs", W.clean_sheet({}), []) is None


def test_group_labels_in_the_readers_language() -> None:
    sl = {"pair %(n)s": "par %(n)s", "worksheet group %(n)s": "delovna skupina %(n)s"}

    def gettext(msgid: str, **kw: str) -> str:
        return sl.get(msgid, msgid) % kw

    assert groups.shown_label("pair 3", gettext) == "par 3"
    assert groups.shown_label("worksheet 2", gettext) == "delovna skupina 2"
    assert groups.shown_label("group 1", gettext) == "group 1"
    assert groups.shown_label("corner table", gettext) == "corner table"
