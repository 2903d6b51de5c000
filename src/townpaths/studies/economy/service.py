"""Employment in the database, and the computed lock-in evidence it feeds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from townpaths.core.vocab import COMPUTED
from townpaths.storage import Database, audit
from townpaths.storage.models import Employment, Evidence, EvidenceLink
from townpaths.storage.towns import find_town
from townpaths.studies.economy.core.compute import by_year
from townpaths.studies.economy.core.evidence import statements
from townpaths.studies.economy.formats.employment import parse_employment

KEY_PREFIX = "economy-"


def import_employment(
    db: Database, town: str | None, path: Path, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Import employment rows (CSV/XLSX). Rows of the same (year, area) already in the case are
    replaced; the computed economy evidence is refreshed. All or nothing. ``progress`` is called
    with the name of each step as it starts (reading, storing, evidence)."""
    step = progress or (lambda _name: None)
    step("reading")
    rows = parse_employment(Path(path))
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "import employment", town=found.id, note=Path(path).name):
        step("storing")
        pairs = {(r["year"], r["area"]) for r in rows}
        for year, area in sorted(pairs):
            session.execute(
                delete(Employment).where(
                    Employment.town_id == found.id, Employment.year == year, Employment.area == area
                )
            )
        if rows:
            session.execute(insert(Employment), [{"town_id": found.id, **r} for r in rows])
        step("evidence")
        evidence = _refresh(session, found.id)
    return {"town": found.slug, "imported": len(rows), "years": sorted({y for y, _ in pairs}), "evidence": evidence}


def indicators(db: Database, town: str | None) -> dict[str, Any]:
    """Compute every year's indicators and refresh the computed evidence (``economy-*`` keys)."""
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "compute evidence", town=found.id, note="economy"):
        rows = _employment(session, found.id)
        evidence = _refresh(session, found.id)
    return {"town": found.slug, "years": {str(y): v for y, v in by_year(rows).items()}, "evidence": evidence}


def _employment(session: Session, town_id: int) -> list[dict[str, Any]]:
    cols = (Employment.id, Employment.year, Employment.area, Employment.firm, Employment.nace, Employment.employees)
    return [
        dict(r)
        for r in session.execute(select(*cols).where(Employment.town_id == town_id).order_by(Employment.id)).mappings()
    ]


def _refresh(session: Session, town_id: int) -> list[dict[str, Any]]:
    old = list(
        session.scalars(
            select(Evidence.id).where(
                Evidence.town_id == town_id, Evidence.provenance == COMPUTED, Evidence.key.like(f"{KEY_PREFIX}%")
            )
        )
    )
    if old:
        session.execute(delete(EvidenceLink).where(EvidenceLink.town_id == town_id, EvidenceLink.evidence_id.in_(old)))
        session.execute(delete(Evidence).where(Evidence.id.in_(old)))
    rows = _employment(session, town_id)
    position = session.scalar(select(func.max(Evidence.position)).where(Evidence.town_id == town_id)) or 0
    out = []
    for year, values in by_year(rows).items():
        for item in statements(year, values):
            position += 1
            ev = Evidence(
                town_id=town_id,
                kind=item["kind"],
                theme=item["theme"],
                position=position,
                statement_en=item["statement_en"],
                statement_sl=item["statement_sl"],
                provenance=COMPUTED,
                key=item["key"],
            )
            session.add(ev)
            session.flush()
            areas = ("town", "national") if item["uses"] == "town+national" else ("town",)
            linked = [r["id"] for r in rows if r["year"] == year and r["area"] in areas]
            if linked:
                session.execute(
                    insert(EvidenceLink),
                    [
                        {"town_id": town_id, "evidence_id": ev.id, "record_table": "employment", "record_id": rid}
                        for rid in linked
                    ],
                )
            out.append(
                {"key": item["key"], "kind": item["kind"], "statement": item["statement_en"], "records": len(linked)}
            )
    return out
