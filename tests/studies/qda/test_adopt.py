"""Table 2 adopted from the coding: where a code sits (its period and status, read from its path),
and adopting narratives from the coded passages, which they keep as their links."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from townpaths.cases.tables import save_row
from townpaths.cases.towns import create_town
from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import Narrative, NarrativeSegment
from townpaths.studies.qda import service
from townpaths.studies.qda.core.adopt import Place, place
from townpaths.studies.qda.service import adopt as adoption
from townpaths.studies.qda.service.codebook import create_code
from townpaths.studies.qda.service.consent import set_consent

PERIODS = [{"no": 1, "name_en": "ironworks town", "name_sl": "železarsko mesto"}, {"no": 2, "name_en": "after"}]


@pytest.mark.parametrize(
    "ancestors, expected",
    [
        ([("1. ironworks town", None), ("dominant", None)], Place(1, "dominant")),
        ([("dominant", None), ("2) after the furnace", None)], Place(2, "dominant")),
        ([("Narratives", None), ("alternativna pripoved", None), ("železarsko mesto", None)], Place(1, "alternative")),
        ([("ALTERNATIVE", None), ("after", None)], Place(2, "alternative")),
        ([("7. no such period", None), ("dominant", None)], Place(None, "dominant")),
        ([("Themes", "Teme")], Place(None, None)),
        ([], Place(None, None)),
    ],
)
def test_a_codes_place_comes_from_the_codes_above_it(ancestors: list, expected: Place) -> None:
    assert place(ancestors, PERIODS) == expected


@pytest.fixture
def town(sqlite_db: Database) -> Database:
    db = sqlite_db
    create_town(db, "Brdo")
    save_row(db, "brdo", "periods", {"scheme": "narratives", "no": "1", "name_en": "ironworks town"})
    dominant = next(c for c in _codes(db) if c["path"] == "dominant")
    period = create_code(db, "brdo", "1. ironworks town", parent=dominant["id"], codable=False)
    create_code(db, "brdo", "the furnace feeds us", parent=period["id"], name_sl="plavž nas hrani")
    text = "The furnace feeds us all.\nRed dust everywhere.\n"
    for who in ("B-E1", "B-C1"):
        sector = "economy" if who == "B-E1" else "civil_society"
        service.add_interview(db, "brdo", f"{who}.txt", text.encode(), sector=sector, interviewee=who)
    for interview in (1, 2):
        service.add_segment(db, "brdo", interview, "the furnace feeds us", 0, 24, "Ana")
    return db


def _codes(db: Database) -> list[dict]:
    with db.transaction() as s:
        return adoption.narrative_codes(s, 1) + [
            {"id": c.id, "path": c.name}
            for c in s.scalars(select(service.Code).where(service.Code.parent_id.is_(None)))
        ]


def _links(db: Database, narrative_id: int) -> list[int]:
    with db.transaction() as s:
        return sorted(
            s.scalars(select(NarrativeSegment.segment_id).where(NarrativeSegment.narrative_id == narrative_id))
        )


def test_a_narrative_adopted_from_coding_keeps_its_passages(town: Database) -> None:
    db = town
    view = adoption.adoption_view(db, "brdo")
    assert [(c["path"], c["period"], c["status"], c["count"], c["narrative"]) for c in view["codes"]] == [
        ("dominant/1. ironworks town/the furnace feeds us", 1, "dominant", 2, None)
    ]
    result = adoption.adopt(db, "brdo", period=1, status="dominant")
    assert result == {
        "town": "brdo",
        "period": 1,
        "status": "dominant",
        "narratives": [
            {
                "position": 1,
                "text_en": "the furnace feeds us",
                "code": "dominant/1. ironworks town/the furnace feeds us",
                "segments": 2,
                "created": True,
                "provenance": "inferred",
            }
        ],
    }
    with db.transaction() as s:
        n = s.scalars(select(Narrative)).one()
        assert (n.text_en, n.text_sl, n.status, n.provenance, n.provenance_note) == (
            "the furnace feeds us",
            "plavž nas hrani",
            "dominant",
            "inferred",
            "adopted from coding",
        )
        narrative_id = n.id
    assert _links(db, narrative_id) == [1, 2]
    # the researcher edits the text; a withdrawn consent takes its passage away when adopted again
    save_row(db, "brdo", "narratives", {"text_en": "the furnace fed us all"}, narrative_id)
    set_consent(db, "brdo", "B-C1", on=None, scope=None, withdrawn_on=dt.date(2026, 1, 1))
    again = adoption.adopt(db, "brdo", period="1", status="dominant")
    assert [(n["created"], n["segments"], n["text_en"]) for n in again["narratives"]] == [
        (False, 1, "the furnace fed us all")
    ]
    assert _links(db, narrative_id) == [1]


def test_adopting_refuses_what_it_cannot_do(town: Database) -> None:
    with pytest.raises(NotFound, match="no narrative period 3 in brdo"):
        adoption.adopt(town, "brdo", period=3, status="dominant")
    with pytest.raises(InputError, match="field 'status', value 'main': a status is one of: dominant, alternative"):
        adoption.adopt(town, "brdo", period=1, status="main")
    with pytest.raises(InputError, match="no coded passages to adopt for period 1, alternative"):
        adoption.adopt(town, "brdo", period=1, status="alternative")
    with pytest.raises(NotFound, match="no codable code 'dominant'"):
        adoption.adopt(town, "brdo", period=1, status="dominant", codes=["dominant"])
    with town.transaction() as s:
        assert s.scalars(select(Narrative)).all() == []


def test_a_narrative_the_study_states_keeps_its_provenance(velenje_sqlite: Database) -> None:
    db = velenje_sqlite
    result = adoption.adopt(db, "velenje", period=1, status="alternative")
    assert [(n["position"], n["created"], n["provenance"], n["segments"]) for n in result["narratives"]] == [
        (6, False, "study", 2)
    ]
