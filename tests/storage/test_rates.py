"""The shared rate limiter in the database: sliding windows from two counters, refused hits not
counted, workers never let more through than the limit (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from townpaths.storage import Database
from townpaths.storage.models import RateHit
from townpaths.storage.rates import DatabaseRateStore, estimate, seconds_to_wait


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_window_counts_and_waits(db: Database) -> None:
    clock = Clock(1_000_000.0)  # the start of a 10 s window
    store = DatabaseRateStore(db, clock)
    assert [store.hit("k", 3, 10) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert store.wait("k", 3, 10) == pytest.approx(10.0)  # full until the window is over
    assert store.hit("k", 3, 10) == pytest.approx(10.0)  # refused, and not counted
    assert store.hit("other", 3, 10) == 0.0
    clock.now += 12.5  # a quarter into the next window: the last window still weighs 3 * 0.75
    assert store.wait("k", 3, 10) == 0.0
    assert store.hit("k", 3, 10) == 0.0  # 1 + 2.25 = 3.25 now
    # refused: 1 + 3 * (1 - elapsed) < 3 once a third of the window has gone by
    assert store.hit("k", 3, 10) == pytest.approx((1 / 3 - 0.25) * 10)
    clock.now += 10.0
    with db.transaction() as s:
        rows = sorted(s.execute(select(RateHit.key, RateHit.window, RateHit.hits)).all())
    assert rows == [("k", 100_000, 3), ("k", 100_001, 1), ("other", 100_000, 1)]


def test_several_keys_are_counted_all_or_nothing(db: Database) -> None:
    clock = Clock(600.0)
    store = DatabaseRateStore(db, clock)
    assert store.hit_all([("device", 2, 60), ("room", 3, 60)]) == 0.0
    assert store.hit_all([("device", 2, 60), ("room", 3, 60)]) == 0.0
    assert store.hit_all([("room", 3, 60), ("device", 2, 60)]) == pytest.approx(60.0)  # the device is full
    assert store.hit_all([("room", 3, 60), ("other", 2, 60)]) == 0.0  # the room's refused hit was rolled back
    assert store.wait_all([("room", 3, 60), ("other", 2, 60)]) == pytest.approx(60.0)
    with db.transaction() as s:
        assert sorted(s.execute(select(RateHit.key, RateHit.hits)).all()) == [("device", 2), ("other", 1), ("room", 3)]


def test_long_keys_are_hashed(db: Database) -> None:
    store = DatabaseRateStore(db, Clock(50.0))
    key = "room-code-miss:" + "x" * 300
    assert store.hit(key, 1, 60) == 0.0
    assert store.hit(key, 1, 60) > 0
    with db.transaction() as s:
        assert s.scalar(select(RateHit.key)) == "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def test_expired_rows_are_swept(db: Database) -> None:
    clock = Clock(1_000.0)
    store = DatabaseRateStore(db, clock)
    store.hit("old", 5, 10)  # window 100, kept until the end of window 101 (t = 1020)
    clock.now += 30
    store.hit("new", 5, 10)
    with db.transaction() as s:
        assert [r.key for r in s.scalars(select(RateHit))] == ["old", "new"]  # swept at most once a minute
    clock.now += 40
    store.hit("new", 5, 10)
    with db.transaction() as s:
        rows = list(s.scalars(select(RateHit).order_by(RateHit.window)))
        assert [(r.key, r.window) for r in rows] == [("new", 107)]  # window 103 ended at t = 1040 too
        expires = rows[-1].expires
        expires = expires if expires.tzinfo else expires.replace(tzinfo=dt.UTC)
        assert expires == dt.datetime.fromtimestamp((107 + 2) * 10, dt.UTC)


def test_concurrent_workers_never_exceed_the_limit(db: Database) -> None:
    stores = [DatabaseRateStore(Database(db.url)) for _ in range(4)]  # four workers, one database
    try:
        with ThreadPoolExecutor(8) as pool:
            waits = list(pool.map(lambda n: stores[n % 4].hit("join:room-1", 25, 3600), range(60)))
    finally:
        for s in stores:
            s.db.dispose()
    assert sum(w == 0.0 for w in waits) == 25
    with db.transaction() as s:
        assert s.scalar(select(func.sum(RateHit.hits))) == 25


def test_estimate_and_wait_arithmetic() -> None:
    assert estimate(2, 4, 0.5) == 4.0
    assert seconds_to_wait(2, 4, 0.5, 4, 60) == pytest.approx(0.0 + 0.001, abs=0.001)  # at the edge
    assert seconds_to_wait(1, 4, 0.25, 3, 60) == pytest.approx((0.5 - 0.25) * 60)
    assert seconds_to_wait(5, 0, 0.2, 5, 60) == pytest.approx(0.8 * 60)
