"""Who is connected now: each worker process counts the live connections of each participant it
holds (one row per participant and worker), refreshes its rows every :data:`HEARTBEAT` seconds, and
a row not refreshed for :data:`STALE` seconds (a worker that died) no longer counts. So the console
shows who is connected whichever worker a phone reached. A participant's first connection and last
disconnection append a ``presence`` event, so the console follows them live.

Each function takes a :class:`Database` and runs one ``db.transaction()``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from townpaths.storage import Database
from townpaths.storage.models import WorkshopPresence
from townpaths.studies.workshop.service.store import add_event, scalar, writing

#: Seconds between a worker's refreshes of its rows, and after which a row no longer counts.
HEARTBEAT, STALE = 30.0, 90.0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _live(s: Session, participant_id: int, since: dt.datetime) -> bool:
    return (
        scalar(
            s,
            select(WorkshopPresence.id).where(
                WorkshopPresence.participant_id == participant_id, WorkshopPresence.seen_at >= since
            ),
        )
        is not None
    )


def connected(db: Database, workshop_id: int, participant_id: int, worker: str) -> int:
    """A live connection of the participant opened on ``worker``; the event's id when the
    participant was not connected before (else 0)."""
    with writing(db), db.transaction() as s:
        now = _now()
        was = _live(s, participant_id, now - dt.timedelta(seconds=STALE))
        row = scalar(
            s,
            select(WorkshopPresence).where(
                WorkshopPresence.participant_id == participant_id, WorkshopPresence.worker == worker
            ),
        )
        if row is None:
            s.add(
                WorkshopPresence(
                    workshop_id=workshop_id, participant_id=participant_id, worker=worker, connections=1, seen_at=now
                )
            )
        else:
            row.connections, row.seen_at = row.connections + 1, now
        return 0 if was else add_event(s, workshop_id, "presence")


def disconnected(db: Database, workshop_id: int, participant_id: int, worker: str) -> int:
    """A live connection of the participant on ``worker`` closed; the event's id when the participant
    has no live connection left (else 0)."""
    with writing(db), db.transaction() as s:
        row = scalar(
            s,
            select(WorkshopPresence).where(
                WorkshopPresence.participant_id == participant_id, WorkshopPresence.worker == worker
            ),
        )
        if row is None:
            return 0
        if row.connections > 1:
            row.connections -= 1
            return 0
        s.delete(row)
        s.flush()
        if _live(s, participant_id, _now() - dt.timedelta(seconds=STALE)):
            return 0
        return add_event(s, workshop_id, "presence")


def heartbeat(db: Database, worker: str) -> list[int]:
    """Refresh ``worker``'s rows and drop the rows no worker refreshed for :data:`STALE` seconds;
    returns the workshops whose connected people changed (one ``presence`` event each)."""
    with writing(db), db.transaction() as s:
        now = _now()
        s.execute(update(WorkshopPresence).where(WorkshopPresence.worker == worker).values(seen_at=now))
        cutoff = now - dt.timedelta(seconds=STALE)
        gone = sorted(set(s.scalars(select(WorkshopPresence.workshop_id).where(WorkshopPresence.seen_at < cutoff))))
        if gone:
            s.execute(delete(WorkshopPresence).where(WorkshopPresence.seen_at < cutoff))
            for wid in gone:
                add_event(s, wid, "presence")
        return gone


def connected_ids(s: Session, workshop_id: int) -> set[int]:
    """The workshop's participants with a live connection now (in the session)."""
    since = _now() - dt.timedelta(seconds=STALE)
    return set(
        s.scalars(
            select(WorkshopPresence.participant_id).where(
                WorkshopPresence.workshop_id == workshop_id, WorkshopPresence.seen_at >= since
            )
        )
    )
