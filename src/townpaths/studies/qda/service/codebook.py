"""Editing the codebook in the browser: create, rename, move (a new parent), merge (the segments
move to the target) and delete codes (a code with coded segments is deleted only when confirmed).

A code's path (the names from the top of its codebook down) is its key in the town (the ``codes``
table's files), so no two codes under one parent of a codebook share a name and a name holds no
``/``. Every change is one transaction, recorded row by row in the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from townpaths.core.errors import Conflict, InputError, NotFound
from townpaths.core.values import check_colour, check_name, check_text
from townpaths.storage import Database
from townpaths.storage.models import Code, Codebook, CodedSegment, Narrative
from townpaths.storage.towns import find_town
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.service.passages import code_path

MAX_NAME = 200
#: The codebook a town gets when it has none and someone adds a code.
FIRST_CODEBOOK = "Codebook"


def _codes(session: Session, town_id: int) -> dict[int, Code]:
    return {c.id: c for c in session.scalars(select(Code).where(Code.town_id == town_id).order_by(Code.id))}


def _code(codes: dict[int, Code], code_id: Any, field: str = "code") -> Code:
    try:
        found = codes.get(int(code_id))
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(f"no code {code_id!r} in the town")
    return found


def _name(name: str, field: str = "name") -> str:
    text = check_name(name or "", max_chars=MAX_NAME, field=field)
    if "/" in text:
        raise InputError("a code's name cannot hold a / (it joins the names of a path)", field=field, value=text)
    return text


def _free(codes: dict[int, Code], codebook_id: int, parent_id: int | None, name: str, but: int | None = None) -> None:
    """No other code under ``parent_id`` of the codebook has ``name`` (paths stay keys)."""
    for c in codes.values():
        if c.id != but and c.codebook_id == codebook_id and c.parent_id == parent_id and c.name == name:
            raise Conflict(f"a code {code_path(codes, c)!r} exists already")


def _below(codes: dict[int, Code], code: Code) -> list[Code]:
    """The code's sub-codes at any depth (children before their own children)."""
    out: list[Code] = []
    todo = [code.id]
    while todo:
        at = todo.pop(0)
        children = [c for c in codes.values() if c.parent_id == at and c not in out and c.id != code.id]
        out += children
        todo += [c.id for c in children]
    return out


def _segments(session: Session, code_ids: list[int]) -> int:
    if not code_ids:
        return 0
    return session.scalar(select(func.count()).select_from(CodedSegment).where(CodedSegment.code_id.in_(code_ids))) or 0


def create_code(
    db: Database,
    town: str | None,
    name: str,
    *,
    parent: Any = None,
    name_sl: str | None = None,
    colour: str | None = None,
    description: str | None = None,
    codable: bool = True,
) -> dict[str, Any]:
    """A new code under ``parent`` (a code's id; none: at the top of the town's first codebook)."""
    clean = _name(name)
    clean_sl = _name(name_sl, "name_sl") if name_sl and name_sl.strip() else None
    hue = check_colour(colour) if colour and colour.strip() else None
    about = check_text(description.strip(), max_chars=5000, field="description") if description else None
    found = find_town(db, town)
    with db.transaction() as session:
        codes = _codes(session, found.id)
        above = _code(codes, parent, "parent") if parent not in (None, "") else None
        book_id: int | None
        if above is not None:
            book_id = above.codebook_id
        else:
            book_id = session.scalar(
                select(Codebook.id).where(Codebook.town_id == found.id).order_by(Codebook.id).limit(1)
            )
            if book_id is None:
                book = Codebook(town_id=found.id, name=FIRST_CODEBOOK)
                session.add(book)
                session.flush()
                book_id = book.id
        parent_id = above.id if above is not None else None
        _free(codes, book_id, parent_id, clean)
        siblings = [c.position for c in codes.values() if c.codebook_id == book_id and c.parent_id == parent_id]
        code = Code(
            town_id=found.id,
            codebook_id=book_id,
            parent_id=parent_id,
            name=clean,
            name_sl=clean_sl,
            colour=hue,
            description=about,
            codable=codable,
            guid=guids.new(),
            position=max(siblings, default=-1) + 1,
        )
        session.add(code)
        session.flush()
        codes[code.id] = code
        return {"id": code.id, "path": code_path(codes, code)}


def rename_code(db: Database, town: str | None, code_id: Any, name: str, name_sl: str | None = None) -> dict[str, Any]:
    """A new name (and Slovene name: empty clears it) for a code; its sub-codes follow."""
    clean = _name(name)
    clean_sl = _name(name_sl, "name_sl") if name_sl and name_sl.strip() else None
    found = find_town(db, town)
    with db.transaction() as session:
        codes = _codes(session, found.id)
        code = _code(codes, code_id)
        _free(codes, code.codebook_id, code.parent_id, clean, but=code.id)
        code.name, code.name_sl = clean, clean_sl
        session.flush()
        return {"id": code.id, "path": code_path(codes, code)}


def move_code(db: Database, town: str | None, code_id: Any, parent: Any = None) -> dict[str, Any]:
    """Put a code (with its sub-codes) under ``parent`` (a code's id of the same codebook; none:
    at the top)."""
    found = find_town(db, town)
    with db.transaction() as session:
        codes = _codes(session, found.id)
        code = _code(codes, code_id)
        above = _code(codes, parent, "parent") if parent not in (None, "") else None
        if above is not None:
            if above.codebook_id != code.codebook_id:
                raise InputError("a code moves within its codebook", field="parent", value=code_path(codes, above))
            if above.id == code.id or above in _below(codes, code):
                raise InputError("a code cannot move under itself", field="parent", value=code_path(codes, above))
        parent_id = above.id if above is not None else None
        _free(codes, code.codebook_id, parent_id, code.name, but=code.id)
        if parent_id != code.parent_id:  # last among its new siblings
            siblings = [
                c.position for c in codes.values() if c.codebook_id == code.codebook_id and c.parent_id == parent_id
            ]
            code.parent_id, code.position = parent_id, max(siblings, default=-1) + 1
        session.flush()
        return {"id": code.id, "path": code_path(codes, code)}


def merge_code(db: Database, town: str | None, code_id: Any, into: Any) -> dict[str, Any]:
    """Merge a code into another codable code: its segments move to the target, its sub-codes go
    under the target, narratives adopted from it name the target; then the code is deleted."""
    found = find_town(db, town)
    with db.transaction() as session:
        codes = _codes(session, found.id)
        code = _code(codes, code_id)
        target = _code(codes, into, "into")
        if target.id == code.id or target in _below(codes, code):
            raise InputError("a code merges into another code, not into itself or its sub-codes", field="into")
        if not target.codable:
            raise InputError(
                "the target is a category (segments cannot be coded with it)", field="into", value=target.name
            )
        children = [c for c in codes.values() if c.parent_id == code.id]
        for child in children:
            if target.codebook_id != child.codebook_id:
                raise InputError("merge codes of one codebook", field="into", value=code_path(codes, target))
            _free(codes, target.codebook_id, target.id, child.name, but=child.id)
        moved = _segments(session, [code.id])
        for segment in session.scalars(select(CodedSegment).where(CodedSegment.code_id == code.id)):
            segment.code_id = target.id
        for child in children:
            child.parent_id = target.id
        session.execute(
            update(Narrative)
            .where(Narrative.town_id == found.id, Narrative.code_id == code.id)
            .values(code_id=target.id)
        )
        session.flush()
        path = code_path(codes, code)
        session.delete(code)
        session.flush()
        return {"merged": path, "into": code_path(codes, target), "segments": moved}


def deletion(db: Database, town: str | None, code_id: Any) -> dict[str, Any]:
    """What deleting a code takes with it: its sub-codes and the segments coded with any of them."""
    found = find_town(db, town)
    with db.transaction() as session:
        codes = _codes(session, found.id)
        code = _code(codes, code_id)
        below = _below(codes, code)
        return {
            "id": code.id,
            "path": code_path(codes, code),
            "codes": len(below),
            "segments": _segments(session, [code.id, *(c.id for c in below)]),
        }


def delete_code(db: Database, town: str | None, code_id: Any, *, confirmed: bool = False) -> dict[str, Any]:
    """Delete a code with its sub-codes; when segments are coded with them, only ``confirmed``
    (otherwise nothing is deleted and the answer says what would be: ``deleted`` False)."""
    found = deletion(db, town, code_id)
    if found["segments"] and not confirmed:
        return {**found, "deleted": False}
    town_id = find_town(db, town).id
    with db.transaction() as session:
        codes = _codes(session, town_id)
        code = _code(codes, code_id)
        doomed = [*reversed(_below(codes, code)), code]
        ids = [c.id for c in doomed]
        for segment in session.scalars(select(CodedSegment).where(CodedSegment.code_id.in_(ids))):
            session.delete(segment)
        session.flush()
        for c in doomed:
            session.delete(c)
            session.flush()
    return {**found, "deleted": True}
