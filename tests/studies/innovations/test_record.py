"""Validation of innovation records and moderation decisions (pure)."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator
from townpaths.studies.innovations.core.moderation import ProposalError, clean_proposal, decide, next_number
from townpaths.studies.innovations.core.record import clean


def test_clean_full_record() -> None:
    out = clean(
        {
            "name_sl": "ekološko gibanje",
            "type_sl": "družbeno gibanje",
            "year": "1987",
            "end_year": 1990.0,
            "criteria": {"collaboration": {"met": "yes", "rationale": "cultural groups and the society"}},
            "outcomes": [
                {
                    "description": "people at the rally",
                    "value": "15000",
                    "unit": "people",
                    "year": 1987,
                    "source": "article",
                }
            ],
            "actors": [{"name": "Šaleško ekološko društvo", "sector": "civil_society", "role": "founded 1988"}],
        },
        row=4,
    )
    assert out["name_en"] == "ekološko gibanje"
    assert (out["type_en"], out["type_sl"]) == ("social movement", "družbeno gibanje")
    # who found it is not stated: left empty (never "researchers" by default)
    assert (out["year"], out["end_year"], out["status"], out["found_by"]) == (1987, 1990, "accepted", None)
    assert out["criteria"] == {"collaboration": {"met": True, "rationale": "cultural groups and the society"}}
    assert out["outcomes"] == [
        {"description": "people at the rally", "value": 15000, "unit": "people", "year": 1987, "source": "article"}
    ]
    assert out["actors"][0]["sector"] == "civil_society"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type_en": "new practice"}, "row 3, column 'name_en': a name (name_en or name_sl) is required"),
        ({"name_en": "x"}, "row 3, column 'type_en': a type is required"),
        ({"name_en": "x", "type_en": "new practice", "year": "19x7"}, "row 3, column 'year', value '19x7': not a year"),
        (
            {"name_en": "x", "type_en": "new practice", "year": 2000, "end_year": 1999},
            "row 3, column 'end_year', value 1999: end year is before the year of emergence 2000",
        ),
        (
            {"name_en": "x", "type_en": "new practice", "actors": [{"name": "a", "sector": "church"}]},
            "row 3, column 'actors.sector', value 'church': sector must be one of economy, science_culture, "
            "municipality, civil_society",
        ),
        (
            {"name_en": "x", "type_en": "new practice", "criteria": {"beauty": {}}},
            "row 3, column 'criteria', value 'beauty': "
            "unknown criterion (use collaboration, social_issue, local_context)",
        ),
    ],
)
def test_clean_errors(data, message) -> None:
    with pytest.raises(InputError) as exc:
        clean(data, row=3)
    assert exc.value.message == message


def test_proposal_limits_and_decisions() -> None:
    with pytest.raises(InputError, match="field 'name': at most 200 characters"):
        clean_proposal({"name": "x" * 201, "description": "d"})
    with pytest.raises(InputError, match="field 'description': a description is required"):
        clean_proposal({"name": "x"})
    with pytest.raises(ProposalError) as err:
        clean_proposal({"name": "Repair\x00café", "description": "d"})
    assert err.value.message == "field 'name': NUL character (U+0000) at character 7: not storable text"
    assert err.value.explain(Translator("sl")) == "Ime: vsebuje znake, ki jih ni mogoče shraniti"
    with pytest.raises(ProposalError, match="a year is four digits"):
        clean_proposal({"name": "x", "description": "d", "year": "²０１９"})
    p = clean_proposal({"name": "<b>Repair café</b>", "description": "d", "year": "2019"}, "sl")
    assert (p["name_en"], p["name_sl"], p["year"], p["status"], p["type_en"]) == (
        "<b>Repair café</b>",
        "<b>Repair café</b>",
        2019,
        "proposed",
        "unclassified",
    )
    proposal = {**p, "id": 30, "no": None}
    target = {"id": 2, "status": "accepted", "name_sl": "x", "year": None, "description": "old", "extra": {}}
    change = decide(proposal, "merge", target)
    assert change["target"] == {"year": 2019, "extra": {"merged_from": [30]}}
    assert change["proposal"]["status"] == "merged" and change["proposal"]["extra"]["merged_into"] == 2
    assert decide(proposal, "accept", next_no=22)["proposal"] == {"status": "accepted", "no": 22}
    with pytest.raises(InputError, match="only proposals waiting"):
        decide({**proposal, "status": "accepted"}, "reject")
    assert next_number([{"no": 3}, {"no": None}, {"no": 21}]) == 22
