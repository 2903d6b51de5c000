"""How Table 4's note says the ranks were made, from the case's own records."""

from __future__ import annotations

from townpaths.studies.synthesis.core.tables import ranking_note


def test_the_ranking_note_follows_the_records() -> None:
    study = [{"rank": 1, "provenance": "study"}, {"rank": None, "provenance": "study"}]
    typed = [{"rank": 2, "provenance": "fictional"}]
    workshop = [{"rank": 1, "workshop_id": 7, "provenance": "computed"}]
    rounds = [
        {"workshop_id": 7, "no": 2, "kind": "plenary"},
        {"workshop_id": 7, "no": 1, "kind": "pair"},
        {"workshop_id": 8, "no": 1, "kind": "group"},
    ]
    assert ranking_note([{"rank": None}], [], []) == ("", {})
    assert ranking_note(study, [], []) == ("study", {})
    assert ranking_note(typed, [], []) == ("ranks", {})
    assert ranking_note(workshop, [{"id": 7, "title": "Spring"}], rounds) == (
        "workshop",
        {"title": "Spring", "rounds": ["pair", "plenary"]},
    )
