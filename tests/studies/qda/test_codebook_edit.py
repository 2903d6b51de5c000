"""Editing the codebook: create, rename, move, merge (the segments move) and delete (asking first
when segments are coded with the code); paths stay keys, nothing half-done."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from townpaths.cases.towns import create_town
from townpaths.core.errors import Conflict, InputError
from townpaths.storage import Database
from townpaths.storage.models import Code, CodedSegment, Narrative
from townpaths.studies.qda import service
from townpaths.studies.qda.service import codebook as cb
from townpaths.studies.qda.service import queries


def _paths(db: Database, town: str = "brdo") -> list[str]:
    return [c["path"] for c in queries.codebook_view(db, town)["codes"]]


def _segments(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        rows = s.execute(
            select(Code.name, func.count()).join(CodedSegment, CodedSegment.code_id == Code.id).group_by(Code.name)
        )
        return dict(rows.all())


def test_codes_are_created_renamed_moved_merged_and_deleted(sqlite_db: Database) -> None:
    db = sqlite_db
    create_town(db, "Brdo")
    assert _paths(db) == ["dominant", "alternative"]
    dominant = queries.codebook_view(db, "brdo")["codes"][0]["id"]
    work = cb.create_code(db, "brdo", "work", parent=dominant, name_sl="delo", colour="#abc")
    dust = cb.create_code(db, "brdo", "dust", parent=dominant)
    pride = cb.create_code(db, "brdo", "pride", parent=work["id"])
    assert (work["path"], pride["path"]) == ("dominant/work", "dominant/work/pride")
    text = "Work was pride. Dust was everywhere."
    service.add_interview(db, "brdo", "a.txt", text.encode(), sector="economy")
    service.add_segment(db, "brdo", 1, "dust", 16, 35, "Ana")
    service.add_segment(db, "brdo", 1, "pride", 0, 15, "Ana")

    assert cb.rename_code(db, "brdo", work["id"], "labour", "delo")["path"] == "dominant/labour"
    assert "dominant/labour/pride" in _paths(db)  # the sub-codes follow
    with pytest.raises(Conflict, match="a code 'dominant/dust' exists already"):
        cb.rename_code(db, "brdo", work["id"], "dust")
    with pytest.raises(InputError, match="a code's name cannot hold a /"):
        cb.rename_code(db, "brdo", work["id"], "a/b")

    assert cb.move_code(db, "brdo", work["id"], None)["path"] == "labour"
    with pytest.raises(InputError, match="a code cannot move under itself"):
        cb.move_code(db, "brdo", work["id"], pride["id"])
    assert _paths(db) == ["dominant", "dominant/dust", "alternative", "labour", "labour/pride"]  # last at the top

    merged = cb.merge_code(db, "brdo", pride["id"], dust["id"])
    assert merged == {"merged": "labour/pride", "into": "dominant/dust", "segments": 1}
    assert _segments(db) == {"dust": 2}
    with pytest.raises(InputError, match="the target is a category"):
        cb.merge_code(db, "brdo", work["id"], dominant)

    asked = cb.delete_code(db, "brdo", dust["id"])
    assert asked == {"id": dust["id"], "path": "dominant/dust", "codes": 0, "segments": 2, "deleted": False}
    assert "dominant/dust" in _paths(db)  # nothing deleted without a confirmation
    assert cb.delete_code(db, "brdo", dust["id"], confirmed=True)["deleted"] is True
    assert _segments(db) == {} and _paths(db) == ["dominant", "alternative", "labour"]
    assert cb.delete_code(db, "brdo", work["id"])["deleted"] is True  # no segments: no question


def test_merging_a_code_moves_its_narrative(velenje_sqlite: Database) -> None:
    db = velenje_sqlite
    codes = {c["path"].rsplit("/", 1)[-1]: c["id"] for c in queries.codebook_view(db, "velenje")["codes"]}
    source, target = codes["values of socialism"], codes["active youth sector"]
    cb.merge_code(db, "velenje", source, target)
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Narrative).where(Narrative.code_id == target)) == 2
        assert s.scalar(select(func.count()).select_from(CodedSegment).where(CodedSegment.code_id == target)) == 4
