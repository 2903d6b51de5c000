"""Pure logic: room codes, secrets, tokens, rounds and the state machine, exports."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.studies.workshop.core import codes, plan, tally
from townpaths.studies.workshop.formats import export as wx


def test_codes_and_tokens() -> None:
    code = codes.new_room_code()
    assert len(code) == 6 and set(code) <= set(codes.ROOM_ALPHABET)
    assert codes.normalise_room_code(" ab-c 12 ") == "ABC12"
    stored = codes.hash_secret("s3cret")
    assert stored.startswith("scrypt$") and codes.check_secret("s3cret", stored)
    assert not codes.check_secret("wrong", stored) and not codes.check_secret("s3cret", None)
    signer = codes.Signer("key")
    token = signer.participant_token(3, 17)
    assert signer.read_participant(token) == (3, 17)
    assert codes.Signer("other").read_participant(token) is None
    assert signer.read_participant(token[:-2] + "xx") is None
    assert signer.read_admin(token) is None  # a participant token is not a facilitator token


def test_rounds_and_state_machine() -> None:
    specs = plan.parse_rounds("individual, pair, group:5, plenary, worksheet:3")
    assert [s.text for s in specs] == ["individual", "pair", "group:5", "plenary", "worksheet:3"]
    assert [s.grouped for s in specs] == [False, True, True, False, False]
    with pytest.raises(InputError, match="unknown round kind"):
        plan.parse_rounds("individual,trio")
    with pytest.raises(InputError, match="3 to 12"):
        plan.parse_rounds("group:2")
    with pytest.raises(InputError, match="last one"):
        plan.parse_rounds("worksheet:3,individual")
    plan.check_open_round("draft", ["pending", "pending"], 0)
    with pytest.raises(plan.StateError, match="close the open round"):
        plan.check_open_round("open", ["open", "pending"], 1)
    with pytest.raises(plan.StateError, match="in order"):
        plan.check_open_round("open", ["pending", "pending"], 1)
    with pytest.raises(plan.StateError, match="ended"):
        plan.check_accepts("ended", "open")
    assert tally.final_ranks([[4], [1, 2], [3]]) == {4: 1, 1: 2, 2: 2, 3: 4}


DATA = {
    "workshop": {
        "id": 7,
        "title": "T",
        "status": "ended",
        "method": "kemeny",
        "held_on": "2026-11-25",
        "rounds": "individual",
    },
    "problems": [
        {"id": 1, "position": 1, "rank": 1, "text_en": "jobs", "text_sl": "delo"},
        {"id": 2, "position": 2, "rank": 2, "text_en": "air > water", "text_sl": None},
    ],
    "rounds": [
        {
            "no": 1,
            "kind": "individual",
            "status": "closed",
            "result": {},
            "ballots": [
                {
                    "voter": "p1",
                    "group": None,
                    "sector": "economy",
                    "weight": 1.0,
                    "tiers": [[1], [2]],
                    "submitted_at": "t1",
                },
                {
                    "voter": "p2",
                    "group": None,
                    "sector": None,
                    "weight": 1.0,
                    "tiers": [[2], [1]],
                    "submitted_at": "t2",
                },
                {
                    "voter": "p3",
                    "group": None,
                    "sector": None,
                    "weight": 1.0,
                    "tiers": [[1], [2]],
                    "submitted_at": "t3",
                },
            ],
        },
        {
            "no": 2,
            "kind": "worksheet",
            "status": "closed",
            "result": {},
            "worksheets": [
                {
                    "group": "worksheet 1",
                    "problem": 1,
                    "sheet": {
                        "core": {"core": "one employer"},
                        "card": {"title": "fish farm", "actors": {"economy": "mine"}},
                    },
                    "ideas": [{"text": "fish", "dots": 2}],
                }
            ],
        },
    ],
}


def test_exports() -> None:
    assert wx.ballots_csv(DATA).splitlines() == [
        "round,kind,voter,group,sector,weight,submitted_at,ranking",
        "1,individual,p1,,economy,1,t1,jobs > air › water",
        "1,individual,p2,,,1,t2,air › water > jobs",
        "1,individual,p3,,,1,t3,jobs > air › water",
    ]
    preflib = wx.round_preflib(DATA, 1)
    assert "# ALTERNATIVE NAME 1: jobs" in preflib and "# ALTERNATIVE NAME 2: air › water" in preflib
    assert "2: 1,2" in preflib and "1: 2,1" in preflib
    rows = wx.worksheets_csv(DATA).splitlines()
    assert rows[1].startswith("worksheet 1,jobs,,,one employer,fish farm,")
    assert rows[1].endswith(",economy: mine,fish (2)")
    with pytest.raises(InputError):
        wx.round_preflib(DATA, 2)
