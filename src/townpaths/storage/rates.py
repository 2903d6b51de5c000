"""Rate limits shared by every worker process: hits counted in the database (``rate_limits``).

Each key counts its hits in fixed windows of the limit's length; a hit is allowed while the hits
of the current window plus the previous window's, weighted by the part of it still inside the
sliding window, stay under the limit (a sliding window estimated from two counters). Refused hits
are not counted. The count and the check are one conditional ``UPDATE``, so concurrent workers
never let more through than the limit, on SQLite and PostgreSQL alike. Expired rows are deleted
now and then.

:class:`DatabaseRateStore` has the methods of the web layer's ``RateStore``: ``hit`` and ``wait``
for one key, ``hit_all`` and ``wait_all`` for several in one transaction (a join counts against its
device and its room at once, all or nothing). Keys longer than the column are hashed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from townpaths.storage.db import Database
from townpaths.storage.models import RateHit

#: Length of ``rate_limits.key``.
MAX_KEY = 200
#: Seconds between two sweeps of expired rows (per process).
SWEEP_EVERY = 60.0


def _key(key: str) -> str:
    return key if len(key) <= MAX_KEY else "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def estimate(current: int, previous: int, elapsed: float) -> float:
    """Hits in the sliding window: the current window's and the previous window's part that is still
    inside it (``elapsed`` is the share of the current window gone by, 0 to 1)."""
    return current + previous * (1.0 - elapsed)


def seconds_to_wait(current: int, previous: int, elapsed: float, hits: int, seconds: float) -> float:
    """Seconds until one more hit fits, when ``estimate(...) >= hits`` now."""
    if current < hits and previous > 0:  # the previous window still weighs too much: wait in this one
        needed = 1.0 - (hits - current) / previous
        return max((needed - elapsed) * seconds, 0.001)
    # this window is full: in the next one it weighs current * (1 - share gone by) and must fall under hits
    needed = 1.0 - hits / current if current else 0.0
    return max((1.0 - elapsed + needed) * seconds, 0.001)


class DatabaseRateStore:
    """Hits counted in the ``rate_limits`` table of ``db``; ``clock`` gives Unix time."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self.db, self.clock = db, clock
        self._insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
        self._swept = 0.0

    @staticmethod
    def _window(now: float, seconds: float) -> tuple[int, float]:
        window = int(now // seconds)
        return window, (now - window * seconds) / seconds

    @staticmethod
    def _counts(s: Session, key: str, window: int) -> tuple[int, int]:
        rows = dict(
            s.execute(
                select(RateHit.window, RateHit.hits).where(RateHit.key == key, RateHit.window.in_((window - 1, window)))
            ).all()
        )
        return rows.get(window, 0), rows.get(window - 1, 0)

    def hit(self, key: str, hits: int, seconds: float) -> float:
        """Count a hit of ``key`` and return 0, or, when ``key`` is at its limit of ``hits`` per
        ``seconds``, count nothing and return the seconds to wait."""
        return self.hit_all([(key, hits, seconds)])

    def hit_all(self, limits: Sequence[tuple[str, int, float]]) -> float:
        """Count a hit of every ``(key, hits, seconds)`` and return 0, or, when any key is at its
        limit, count none of them and return the longest wait. One transaction."""
        now = self.clock()
        try:
            with self.db.writing(), self.db.transaction() as s:
                waits = [self._hit(s, _key(key), hits, seconds, now) for key, hits, seconds in limits]
                if now - self._swept > SWEEP_EVERY:
                    self._swept = now
                    s.execute(delete(RateHit).where(RateHit.expires < dt.datetime.fromtimestamp(now, dt.UTC)))
                if any(waits):
                    raise _Refused(max(waits))  # rolls back the hits counted before the refused one
        except _Refused as refused:
            return refused.wait
        return 0.0

    def _hit(self, s: Session, key: str, hits: int, seconds: float, now: float) -> float:
        window, elapsed = self._window(now, seconds)
        expires = dt.datetime.fromtimestamp((window + 2) * seconds, dt.UTC)
        # write first: on SQLite the transaction takes the write lock before it reads anything
        s.execute(
            self._insert(RateHit)
            .values(key=key, window=window, hits=0, expires=expires)
            .on_conflict_do_nothing(index_elements=["key", "window"])
        )
        previous = s.scalar(select(RateHit.hits).where(RateHit.key == key, RateHit.window == window - 1)) or 0
        room = hits - previous * (1.0 - elapsed)  # the current window may hold fewer than this
        counted = s.execute(
            update(RateHit)
            .where(RateHit.key == key, RateHit.window == window, RateHit.hits < room)
            .values(hits=RateHit.hits + 1)
            .returning(RateHit.hits)
        ).first()
        if counted is not None:
            return 0.0
        current, previous = self._counts(s, key, window)
        return seconds_to_wait(current, previous, elapsed, hits, seconds)

    def wait(self, key: str, hits: int, seconds: float) -> float:
        """0 when one more hit of ``key`` would be allowed, else the seconds to wait (counts nothing)."""
        return self.wait_all([(key, hits, seconds)])

    def wait_all(self, limits: Sequence[tuple[str, int, float]]) -> float:
        """0 when one more hit of every key would be allowed, else the longest wait (counts nothing)."""
        now, longest = self.clock(), 0.0
        with self.db.transaction() as s:
            for key, hits, seconds in limits:
                window, elapsed = self._window(now, seconds)
                current, previous = self._counts(s, _key(key), window)
                if estimate(current, previous, elapsed) >= hits:
                    longest = max(longest, seconds_to_wait(current, previous, elapsed, hits, seconds))
        return longest


class _Refused(Exception):
    def __init__(self, wait: float) -> None:
        super().__init__(wait)
        self.wait = wait
