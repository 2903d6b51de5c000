"""Results computed over all of a town's coding, kept between page loads.

Migration ``0014_coding_revisions`` gives every town a row in ``coding_revisions``: a ``revision``
that triggers raise on every insert, update and delete of the tables the coding results are computed
from (:data:`CODING_TABLES`), and a ``token`` drawn at random when the row is made. ``(token,
revision)`` is therefore a cheap version of a town's coding data: a result computed in a
transaction that read the version first is valid as long as the version is the same.
:class:`Memo` keeps such results per :class:`~townpaths.storage.db.Database` object (in the process;
every worker of a server keeps its own and reads the version from the database on each load, so a
change made through any worker, command or SQL is seen by all of them).
"""

from __future__ import annotations

import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from townpaths.storage.db import Database

#: The table of the versions (made by migration ``0014_coding_revisions``; outside the ORM models
#: like the search indexes: it is derived, never part of a bundle, and written only by triggers).
CODING_REVISIONS = Table(
    "coding_revisions",
    MetaData(),
    Column("town_id", Integer, primary_key=True),
    Column("revision", BigInteger, nullable=False),
    Column("token", BigInteger, nullable=False),
)
#: The tables whose changes raise a town's revision.
CODING_TABLES = ("coded_segments", "codes", "interviews", "interviewees", "narratives", "periods")

T = TypeVar("T")


def coding_version(session: Session, town_id: int) -> tuple[int, int] | None:
    """The version ``(token, revision)`` of a town's coding data, None if the town has no row yet
    (no change since the migration: then nothing is kept)."""
    row = session.execute(
        select(CODING_REVISIONS.c.token, CODING_REVISIONS.c.revision).where(CODING_REVISIONS.c.town_id == town_id)
    ).first()
    return None if row is None else (int(row[0]), int(row[1]))


class Memo:
    """Results kept per database, version and key (the last :attr:`size` of them). A result is kept
    pickled and each call gets its own copy, so a caller may change what it gets."""

    size = 32

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: weakref.WeakKeyDictionary[Database, OrderedDict[Hashable, bytes]] = weakref.WeakKeyDictionary()

    def get(self, db: Database, version: tuple[int, int] | None, key: Hashable, compute: Callable[[], T]) -> T:
        """The result ``compute()`` gave for ``key`` at ``version``, computed now if not kept
        (always when ``version`` is None). Read the version BEFORE the data ``compute`` reads (in
        the same transaction), so a result is never kept under a newer version than its data's."""
        if version is None:
            return compute()
        full = (version, key)
        with self._lock:
            kept = self._kept.setdefault(db, OrderedDict())
            data = kept.get(full)
            if data is not None:
                kept.move_to_end(full)
        if data is not None:
            result: T = pickle.loads(data)
            return result
        result = compute()
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            kept = self._kept.setdefault(db, OrderedDict())
            kept[full] = data
            while len(kept) > self.size:
                kept.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._kept = weakref.WeakKeyDictionary()

    def count(self, db: Database) -> int:
        """How many results are kept for ``db``."""
        with self._lock:
            return len(self._kept.get(db, ()))


#: The process's memo of coding results.
MEMO = Memo()
