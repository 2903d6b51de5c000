"""Ballot integrity on SQLite and PostgreSQL, and over HTTP: a late retry of an older ballot never
replaces a newer one from the same phone; another phone's submission token is refused, never
acknowledged; a partner's newer group ballot is handed back to be shown before it is replaced."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from townpaths.studies.workshop import service as S
from townpaths.studies.workshop.core import integrity
from townpaths.studies.workshop.service import states as V


def _kept(db, wid: int, pid: int) -> dict[str, Any]:
    return V.participant_state(db, wid, pid)["ballot"]


def test_a_late_retry_of_an_older_ballot_never_replaces_a_newer_one(velenje) -> None:
    c = S.create_workshop(velenje, "velenje", rounds="individual,plenary")
    wid = c.workshop_id
    ana = S.join(velenje, wid, "Ana")
    S.open_round(velenje, wid, 1)
    ids = [p["id"] for p in V.public_state(velenje, wid)["problems"]]
    older, newer = ids, ids[::-1]
    assert S.submit_ballot(velenje, wid, ana, older, "ana-version-1", seq=1700000000001).status == "new"
    assert S.submit_ballot(velenje, wid, ana, newer, "ana-version-2", seq=1700000000002).status == "replaced"
    # the network delivers a retry of version 1 only now
    with pytest.raises(integrity.StaleBallot, match="A newer ranking from this phone is already in"):
        S.submit_ballot(velenje, wid, ana, older, "ana-version-1", seq=1700000000001)
    kept = _kept(velenje, wid, ana)
    assert (kept["client_token"], kept["tiers"]) == ("ana-version-2", [[x] for x in newer])
    # a retry of version 2 is the duplicate it is; version 3 replaces it
    again = S.submit_ballot(velenje, wid, ana, newer, "ana-version-2", seq=1700000000002)
    assert (again.status, again.count) == ("duplicate", 1)
    assert S.submit_ballot(velenje, wid, ana, older, "ana-version-3", seq=1700000000003).status == "replaced"
    assert _kept(velenje, wid, ana)["client_token"] == "ana-version-3"
    # the sequence number is kept with the ballot and exported
    [round1] = [r for r in V.export_data(velenje, wid)["rounds"] if r["no"] == 1]
    assert [b["seq"] for b in round1["ballots"]] == [1700000000003]


def test_another_phones_token_is_refused_not_acknowledged(velenje) -> None:
    c = S.create_workshop(velenje, "velenje", rounds="individual,plenary")
    wid = c.workshop_id
    ana, bor = S.join(velenje, wid, "Ana"), S.join(velenje, wid, "Bor")
    S.open_round(velenje, wid, 1)
    ids = [p["id"] for p in V.public_state(velenje, wid)["problems"]]
    S.submit_ballot(velenje, wid, ana, ids, "ana-token-0001", seq=1)
    with pytest.raises(integrity.ForeignToken, match="belongs to another phone"):
        S.submit_ballot(velenje, wid, bor, ids[::-1], "ana-token-0001", seq=1)
    assert _kept(velenje, wid, bor) is None  # Bor's ranking is not in, and Bor's phone was told so
    assert V.public_state(velenje, wid)["live"]["count"] == 1
    assert _kept(velenje, wid, ana)["tiers"] == [[x] for x in ids]  # Ana's ballot untouched
    assert S.submit_ballot(velenje, wid, bor, ids[::-1], "bor-token-0001", seq=1).status == "new"


def test_a_partners_newer_group_ballot_is_shown_before_it_is_replaced(velenje) -> None:
    c = S.create_workshop(velenje, "velenje", rounds="pair,plenary", seed=3)
    wid = c.workshop_id
    people = [S.join(velenje, wid, f"P{n}") for n in range(2)]
    S.open_round(velenje, wid, 1)
    ids = [p["id"] for p in V.public_state(velenje, wid)["problems"]]
    ana, bor = people
    assert V.participant_state(velenje, wid, ana)["group"] == V.participant_state(velenje, wid, bor)["group"]
    S.submit_ballot(velenje, wid, ana, ids, "ana-pair-0001", seq=10)
    # Bor's phone had not seen Ana's ballot: refused, and Ana's ballot comes back to be shown
    with pytest.raises(integrity.PartnerBallot) as refused:
        S.submit_ballot(velenje, wid, bor, ids[::-1], "bor-pair-0001", seq=20)
    shown = refused.value.ballot
    assert (shown["client_token"], shown["by"], shown["by_id"]) == ("ana-pair-0001", "P0", ana)
    assert shown["tiers"] == [[x] for x in ids]
    assert _kept(velenje, wid, bor)["client_token"] == "ana-pair-0001"
    # having seen it, Bor replaces it; Ana's phone, which saw only its own, now gets Bor's back
    ack = S.submit_ballot(velenje, wid, bor, ids[::-1], "bor-pair-0002", seq=21, base="ana-pair-0001")
    assert (ack.status, ack.grouped, ack.count) == ("replaced", True, 1)
    with pytest.raises(integrity.PartnerBallot):
        S.submit_ballot(velenje, wid, ana, ids, "ana-pair-0002", seq=11, base="ana-pair-0001")
    assert S.submit_ballot(velenje, wid, ana, ids, "ana-pair-0003", seq=12, base="bor-pair-0002").status == "replaced"


def test_over_http_the_phone_is_told(client, velenje_sqlite) -> None:
    db = velenje_sqlite
    c = S.create_workshop(db, "velenje", rounds="pair,plenary")
    wid = c.workshop_id
    phones = [client.post(f"/api/rooms/{c.room_code}/join", json={"nickname": n}).json() for n in ("Ana",)]
    client.cookies.clear()
    phones.append(client.post(f"/api/rooms/{c.room_code}/join", json={"nickname": "Bor"}).json())
    S.open_round(db, wid, 1)
    ids = [p["id"] for p in V.public_state(db, wid)["problems"]]

    def post(phone: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
        headers = {"X-Participant-Token": phone["token"], "accept-language": "sl"}
        return client.post(f"/api/workshops/{wid}/ballot", json=body, headers=headers)

    ana, bor = phones
    assert post(ana, {"ranking": ids, "client_token": "ana-http-0001", "seq": 5}).json()["status"] == "new"
    foreign = post(bor, {"ranking": ids[::-1], "client_token": "ana-http-0001", "seq": 9})
    assert foreign.status_code == 403 and "ballot" not in foreign.json()
    partner = post(bor, {"ranking": ids[::-1], "client_token": "bor-http-0001", "seq": 9})
    assert partner.status_code == 409
    assert partner.json()["ballot"]["client_token"] == "ana-http-0001"
    assert partner.json()["error"].startswith("Nekdo iz vaše skupine")  # in the phone's language
    body = {"ranking": ids[::-1], "client_token": "bor-http-0002", "seq": 10, "base": "ana-http-0001"}
    assert post(bor, body).json()["status"] == "replaced"
    late = post(bor, {"ranking": ids, "client_token": "bor-http-0000", "seq": 8, "base": "bor-http-0002"})
    assert late.status_code == 409 and "ballot" not in late.json()
    assert post(bor, {"ranking": ids, "client_token": "bor-http-0003", "seq": True}).status_code == 400


def _event_kinds(db, wid: int) -> list[str]:
    from sqlalchemy import select

    from townpaths.storage.models import WorkshopEvent

    with db.transaction() as s:
        query = select(WorkshopEvent.kind).where(WorkshopEvent.workshop_id == wid).order_by(WorkshopEvent.id)
        return list(s.scalars(query))


def test_the_ballot_that_completes_a_round_is_the_last_ballot(velenje) -> None:
    """Live views show the round's last ballot at once: its event is ``last-ballot``."""
    c = S.create_workshop(velenje, "velenje", rounds="individual,plenary")
    wid = c.workshop_id
    people = [S.join(velenje, wid, name) for name in ("Ana", "Bor", "Cene")]
    S.open_round(velenje, wid, 1)
    ids = [p["id"] for p in V.public_state(velenje, wid)["problems"]]
    acks = [S.submit_ballot(velenje, wid, pid, ids, f"token-of-{pid:04d}", seq=1) for pid in people]
    assert [(a.kind, a.count, a.expected) for a in acks] == [
        ("ballot", 1, 3),
        ("ballot", 2, 3),
        ("last-ballot", 3, 3),
    ]
    retry = S.submit_ballot(velenje, wid, people[2], ids, f"token-of-{people[2]:04d}", seq=1)
    assert (retry.status, retry.kind, retry.seq) == ("duplicate", "ballot", 0)  # no event, nothing new
    changed = S.submit_ballot(velenje, wid, people[0], ids[::-1], "token-of-ana-2", seq=2)
    assert (changed.status, changed.kind) == ("replaced", "last-ballot")  # the complete aggregate changed
    assert _event_kinds(velenje, wid)[-4:] == ["ballot", "ballot", "last-ballot", "last-ballot"]


def test_a_ballot_that_counted_one_short_looks_again_after_its_commit(velenje) -> None:
    """On PostgreSQL the round's last two ballots, written at once, may each count one short: the
    ballot near completion counts again after its commit and appends ``last-ballot`` itself. (SQLite
    writes one ballot at a time: its count is exact.)"""
    from townpaths.studies.workshop.service import ballots

    c = S.create_workshop(velenje, "velenje", rounds="individual,plenary")
    wid = c.workshop_id
    ana, bor = S.join(velenje, wid, "Ana"), S.join(velenje, wid, "Bor")
    S.open_round(velenje, wid, 1)
    ids = [p["id"] for p in V.public_state(velenje, wid)["problems"]]
    first = S.submit_ballot(velenje, wid, ana, ids, "token-of-ana-1", seq=1)
    S.submit_ballot(velenje, wid, bor, ids, "token-of-bor-1", seq=1)
    # Ana's ballot as it would have been acknowledged had it not seen Bor's: one short
    assert (first.kind, first.count, first.expected) == ("ballot", 1, 2)
    again = ballots._last_after_all(velenje, wid, first)
    if velenje.dialect == "sqlite":
        assert again == first
    else:
        assert (again.kind, again.count) == ("last-ballot", 2)
        assert again.seq > first.seq
        assert _event_kinds(velenje, wid)[-1] == "last-ballot"
