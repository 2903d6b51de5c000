"""Coding from the command line: a passage of a transcript, given by its words, coded with a code
given by its path or name (the same checks as the coding page)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import Code, Interview
from townpaths.storage.towns import find_town
from townpaths.studies.qda import service
from townpaths.studies.qda.core.text import normalise


def code_path(codes: dict[int, Code], code: Code) -> str:
    """A code's path: the names from the top of its codebook down, joined by ``/``."""
    names, at, seen = [code.name], code, {code.id}
    while at.parent_id is not None and at.parent_id in codes and at.parent_id not in seen:
        at = codes[at.parent_id]
        seen.add(at.id)
        names.append(at.name)
    return "/".join(reversed(names))


def _interview(db: Database, town_id: int, wanted: str) -> Interview:
    with db.transaction() as session:
        rows = list(session.scalars(select(Interview).where(Interview.town_id == town_id).order_by(Interview.id)))
    text = wanted.strip()
    found = [i for i in rows if text in (str(i.id), i.guid, i.title)] or [
        i for i in rows if text.casefold() in i.title.casefold()
    ]
    if not found:
        raise NotFound(f"no interview {wanted!r} (give its title, a part of it, its id or its GUID)")
    if len(found) > 1:
        raise InputError(
            f"{len(found)} interviews match: give the full title or the id", field="interview", value=wanted
        )
    return found[0]


def _code(db: Database, town_id: int, wanted: str) -> int | str:
    """A code's id by its path (``dominant/1. .../theme``), else the name :func:`service.find_code` takes."""
    with db.transaction() as session:
        codes = {c.id: c for c in session.scalars(select(Code).where(Code.town_id == town_id))}
    by_path = [c.id for c in codes.values() if code_path(codes, c) == wanted.strip()]
    if len(by_path) > 1:
        raise InputError("two codebooks have a code with this path: give the code's GUID", field="code", value=wanted)
    return by_path[0] if by_path else wanted


def code_passage(
    db: Database,
    town: str | None,
    interview: str,
    code: str,
    passage: str,
    *,
    occurrence: int = 1,
    coder: str | None = None,
    memo: str | None = None,
) -> dict[str, Any]:
    """Code ``passage`` (the words as the transcript has them; the ``occurrence``-th time they
    occur) of ``interview`` (title, id or GUID) with ``code`` (path, name or GUID)."""
    found = find_town(db, town)
    row = _interview(db, found.id, interview)
    words = normalise(passage)
    if not words.strip():
        raise InputError("give the words of the passage to code", field="text")
    start = -1
    for _ in range(max(occurrence, 1)):
        start = row.text.find(words, start + 1)
        if start < 0:
            raise NotFound(
                f"the transcript {row.title!r} does not have the passage {passage!r} (occurrence {occurrence})"
            )
    return service.add_segment(
        db, found.slug, row.id, _code(db, found.id, code), start, start + len(words), coder, memo
    )
