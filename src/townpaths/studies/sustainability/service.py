"""The assessment in the database: import/export of framework and scores, aggregates, comparisons."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError
from townpaths.core.vocab import DEFAULT
from townpaths.storage import Database, audit
from townpaths.storage.models import SustainabilityIndicator, SustainabilityScore, Town, Workshop
from townpaths.storage.records import TownRecords
from townpaths.storage.towns import find_town
from townpaths.studies.sustainability.core import aggregate
from townpaths.studies.sustainability.core.framework import default_framework
from townpaths.studies.sustainability.formats.sheets import read_assessment, write_assessment


def import_assessment(db: Database, town: str | None, path: Path) -> dict[str, Any]:
    """Indicators on the rows are added or updated (by key); scores replace those of the same
    (year, workshop, rater group) already in the case. All rows checked first, all or nothing."""
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "import assessment", town=found.id, note=Path(path).name):
        existing = {
            i.key: i
            for i in session.scalars(select(SustainabilityIndicator).where(SustainabilityIndicator.town_id == found.id))
        }
        known = {k: {"scale_min": i.scale_min, "scale_max": i.scale_max} for k, i in existing.items()}
        definitions, scores = read_assessment(Path(path), known)
        workshops = {w.title: w.id for w in session.scalars(select(Workshop).where(Workshop.town_id == found.id))}
        for s in scores:
            if s["workshop"] and s["workshop"] not in workshops:
                raise InputError(
                    "no workshop with this title in the case",
                    file=str(path),
                    row=s["row"],
                    field="workshop",
                    value=s["workshop"],
                )
        added = updated = 0
        for d in definitions:
            ind = existing.get(d["key"])
            if ind is None:
                ind = existing[d["key"]] = SustainabilityIndicator(town_id=found.id)
                session.add(ind)
                added += 1
            else:
                updated += 1
            for k, v in d.items():
                setattr(ind, k, v)
        session.flush()
        for year, workshop, group in {(s["year"], s["workshop"], s["rater_group"]) for s in scores}:
            q = delete(SustainabilityScore).where(SustainabilityScore.town_id == found.id)
            q = q.where(SustainabilityScore.year.is_(None) if year is None else SustainabilityScore.year == year)
            wid = workshops.get(workshop) if workshop else None
            q = q.where(
                SustainabilityScore.workshop_id.is_(None) if wid is None else SustainabilityScore.workshop_id == wid
            )
            q = q.where(
                SustainabilityScore.rater_group.is_(None) if group is None else SustainabilityScore.rater_group == group
            )
            session.execute(q)
        session.add_all(
            SustainabilityScore(
                town_id=found.id,
                indicator_id=existing[s["indicator"]].id,
                workshop_id=workshops.get(s["workshop"]) if s["workshop"] else None,
                rater_group=s["rater_group"],
                year=s["year"],
                score=s["score"],
            )
            for s in scores
        )
    return {"town": found.slug, "indicators_added": added, "indicators_updated": updated, "scores": len(scores)}


def export_assessment(db: Database, town: str | None, path: Path) -> dict[str, Any]:
    case = TownRecords.find(db, town)
    indicators, scores = case.records("sustainability_indicators"), case.records("sustainability_scores")
    workshops = {w["id"]: w["title"] for w in case.records("workshops")}
    write_assessment(Path(path), indicators, scores, workshops)
    return {"town": case.town.slug, "file": str(path), "indicators": len(indicators), "scores": len(scores)}


def assessment(db: Database, town: str | None, group: str | None = None) -> dict[str, Any]:
    """The framework's dimensions with aggregates (optionally by rater group, workshop or year), the
    comparison across years, and where the indicators come from (their provenance notes: the
    default framework cites its paper)."""
    case = TownRecords.find(db, town)
    indicators, scores = case.records("sustainability_indicators"), case.records("sustainability_scores")
    return {
        "town": case.town.slug,
        "scores": len(scores),
        "dimensions": aggregate.by_dimension(indicators, scores, group),
        "by_year": aggregate.by_year(indicators, scores),
        "workshops": {w["id"]: w["title"] for w in case.records("workshops")},
        "sources": sorted({i["provenance_note"] for i in indicators if i.get("provenance_note")}),
    }


def compare_towns(db: Database, only: Iterable[str] | None = None) -> dict[str, Any]:
    """Every town's assessment side by side (dimensions matched by key); with ``only``, the towns
    of those slugs (the ones the reader may see)."""
    with db.transaction() as session:
        towns = list(session.scalars(select(Town).order_by(Town.slug)))
    if only is not None:
        wanted = set(only)
        towns = [t for t in towns if t.slug in wanted]
    series = {}
    for t in towns:
        case = TownRecords(db, t)
        series[t.slug] = (case.records("sustainability_indicators"), case.records("sustainability_scores"))
    return aggregate.compare(series)


#: Where the default framework comes from (it must be cited where its dimensions are used): not the
#: Velenje article but its companion paper on the first workshop (the article's footnote 41).
FRAMEWORK_SOURCE = (
    "the four dimensions of the companion paper Tiran, Bole, Gašperič, Kozina, Kumer, Pipan 2019, »Vrednotenje "
    "družbene trajnostnosti malega industrijskega mesta: primer Velenja«, Geografski vestnik 91 (2), 71–89 "
    "(doi:10.3986/GV91204), cited in the Velenje article's footnote 41; the article itself names no dimensions"
)


def seed_velenje(session: Session, town: Town) -> None:
    """The default framework (the four dimensions of the Velenje workshop; no scores are shipped)."""
    defaults(session, town)


def defaults(session: Session, town: Town) -> None:
    """The method's default framework for a town without one: the four dimensions, one overall
    indicator each, marked ``default``."""
    exists = session.scalar(select(SustainabilityIndicator.id).where(SustainabilityIndicator.town_id == town.id))
    if exists is None:
        session.add_all(
            SustainabilityIndicator(town_id=town.id, **row, provenance=DEFAULT, provenance_note=FRAMEWORK_SOURCE)
            for row in default_framework()
        )
