"""The toy study's database access."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tests.support.toy_study.models import toy_notes
from townpaths.storage import Database
from townpaths.storage.models import Town
from townpaths.storage.towns import find_town


def add_note(db: Database, town: str | None, text_en: str, text_sl: str | None = None) -> int:
    found = find_town(db, town)
    with db.transaction() as session:
        return session.execute(
            insert(toy_notes).values(town_id=found.id, text_en=text_en, text_sl=text_sl).returning(toy_notes.c.id)
        ).scalar_one()


def notes(db: Database, town: str | None) -> list[dict[str, Any]]:
    found = find_town(db, town)
    with db.transaction() as session:
        return [
            dict(r)
            for r in session.execute(
                select(toy_notes).where(toy_notes.c.town_id == found.id).order_by(toy_notes.c.id)
            ).mappings()
        ]


def export_csv(db: Database, town: str | None, output: Path) -> dict[str, Any]:
    rows = notes(db, town)
    with Path(output).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text_en", "text_sl"])
        writer.writerows([r["text_en"], r["text_sl"]] for r in rows)
    return {"file": str(output), "notes": len(rows)}


def seed_velenje(session: Session, town: Town) -> None:
    session.execute(
        insert(toy_notes).values(town_id=town.id, text_en="a note on the shaft tower", text_sl="zapis o jaškem stolpu")
    )
