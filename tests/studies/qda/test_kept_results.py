"""Agreement, Table 2 from coding and co-occurrence are kept between loads (keyed by the town's
coding revision): the kept result is the one computed anew, and changes when the coding does."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from townpaths.storage import Database
from townpaths.storage.models import Code, Interviewee, Narrative
from townpaths.storage.revisions import MEMO
from townpaths.studies.qda import service
from townpaths.studies.qda.service import queries


def _fresh(db: Database, slug: str) -> tuple[object, object, object, object]:
    """The results with nothing kept (computed from the database)."""
    MEMO.clear()
    return _now(db, slug)


def _now(db: Database, slug: str) -> tuple[object, object, object, object]:
    return (
        service.agreement(db, slug),
        service.table2_from_coding(db, slug),
        service.cooccurrence(db, slug),
        service.coders(db, slug),
    )


def test_kept_results_follow_every_change_of_the_coding(velenje: Database) -> None:
    computed = _fresh(velenje, "velenje")
    assert _now(velenje, "velenje") == computed  # kept: the same
    assert MEMO.count(velenje) == 4
    youth = computed[1][0]["dominant"][3]  # type: ignore[index]
    assert (youth["text_en"], youth["segments"], youth["interviewees"]) == ("active youth sector", 2, 1)

    # a segment added to the youth narrative's code: Table 2 and agreement change at once
    with velenje.transaction() as session:
        code_id = session.scalar(select(Narrative.code_id).where(Narrative.text_en == "active youth sector"))
        assert code_id is not None
        name = session.scalar(select(Code.name).where(Code.id == code_id))
    first = service.list_interviews(velenje, "velenje")[0]
    home = queries.overview(velenje, "velenje")
    added = service.add_segment(velenje, "velenje", first["id"], str(name), 0, 40, "Ana Novak")
    # the QDA home's kept counts follow: the transcript's and the code's segments
    now = queries.overview(velenje, "velenje")
    assert now["interviews"][0]["segments"] == home["interviews"][0]["segments"] + 1
    counts = {c["id"]: c["segments"] for c in now["codes"]}
    assert counts[code_id] == {c["id"]: c["segments"] for c in home["codes"]}[code_id] + 1
    after_add = _now(velenje, "velenje")
    assert after_add != computed
    assert after_add[1][0]["dominant"][3]["segments"] == 3  # type: ignore[index]
    assert "Ana Novak" in after_add[3]  # type: ignore[operator]
    assert after_add == _fresh(velenje, "velenje")

    # removed again: the first results come back
    service.delete_segment(velenje, "velenje", added["id"])
    assert _now(velenje, "velenje") == computed

    # a change of consent (another table) leaves out the interviewee's transcripts at once
    with velenje.transaction() as session:
        session.execute(
            update(Interviewee).where(Interviewee.code == "FX-S1").values(consent_withdrawn_on=dt.date(2026, 1, 1))
        )
    withdrawn = _now(velenje, "velenje")
    assert withdrawn[1][0]["dominant"][3]["segments"] == 0  # type: ignore[index]
    assert withdrawn == _fresh(velenje, "velenje")
