"""A town's ranking runs in the database: stored by each workshop that ends (:func:`add_run`) and by
``townpaths rank FILE --town T --save NAME`` (:func:`save_file_run`), listed beside the study's
ranking with each problem's rank move (:func:`town_runs`), adopted as the town's current ranking
and solutions by a researcher, and that adoption undone (:func:`adopt`, :func:`undo`; the audit log
records the current ranking before and after). The study's findings, the problems' ranks (Table 4)
and solutions (Figure 8), are never changed here.

Each function taking a :class:`Database` runs one ``db.transaction()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import Conflict, InputError, NotFound
from townpaths.storage import Database, audit
from townpaths.storage.models import Problem, RankingRun, RankingRunItem
from townpaths.studies.workshop.core import runs
from townpaths.studies.workshop.service.store import scalar

#: Characters of a run's name.
MAX_NAME = 200
ADOPT, UNDO = "adopt ranking run", "undo ranking adoption"


def add_run(s: Session, town_id: int, run: dict[str, Any], *, source: str, workshop_id: int | None = None) -> int:
    """Store a run (``name``, ``method``, ``held_on``, ``ballots``, ``sectors``, ``kendall_w``,
    ``solutions`` and ``items`` as :class:`runs.RunItem` dicts) in the session's transaction."""
    if source not in runs.SOURCES:
        raise InputError(f"unknown source (use {', '.join(runs.SOURCES)})", field="source", value=source)
    row = RankingRun(
        town_id=town_id,
        name=run["name"],
        source=source,
        workshop_id=workshop_id,
        method=run["method"],
        held_on=run.get("held_on"),
        ballots=int(run.get("ballots") or 0),
        sectors=dict(run.get("sectors") or {}),
        kendall_w=run.get("kendall_w"),
        solutions=list(run.get("solutions") or []),
    )
    s.add(row)
    s.flush()
    s.add_all(
        RankingRunItem(
            town_id=town_id,
            run_id=row.id,
            position=i["position"],
            problem_id=i.get("problem_id"),
            text_en=i["text_en"],
            text_sl=i.get("text_sl"),
            rank=i.get("rank"),
            tier=i.get("tier"),
        )
        for i in run["items"]
    )
    s.flush()
    return row.id


def _run_dicts(s: Session, town_id: int) -> list[dict[str, Any]]:
    rows = list(s.scalars(select(RankingRun).where(RankingRun.town_id == town_id).order_by(RankingRun.id)))
    items: dict[int, list[dict[str, Any]]] = {r.id: [] for r in rows}
    for i in s.scalars(
        select(RankingRunItem).where(RankingRunItem.town_id == town_id).order_by(RankingRunItem.position)
    ):
        if i.run_id in items:
            items[i.run_id].append(
                {
                    "position": i.position,
                    "problem_id": i.problem_id,
                    "text_en": i.text_en,
                    "text_sl": i.text_sl,
                    "rank": i.rank,
                    "tier": i.tier,
                }
            )
    return [
        {
            "id": r.id,
            "name": r.name,
            "source": r.source,
            "workshop_id": r.workshop_id,
            "method": r.method,
            "held_on": r.held_on,
            "ballots": r.ballots,
            "sectors": r.sectors,
            "kendall_w": r.kendall_w,
            "solutions": r.solutions,
            "adopted_seq": r.adopted_seq,
            "adopted_on": r.adopted_on,
            "items": items[r.id],
        }
        for r in rows
    ]


def _problems(s: Session, town_id: int) -> list[dict[str, Any]]:
    return [
        {"id": p.id, "position": p.position, "rank": p.rank, "text_en": p.text_en, "text_sl": p.text_sl}
        for p in s.scalars(select(Problem).where(Problem.town_id == town_id).order_by(Problem.position, Problem.id))
    ]


def runs_of(s: Session, town_id: int) -> dict[str, Any]:
    """The town's problems (with the study's ranks), its runs, the current run (None: the study's
    ranking is current) and the comparison table (:func:`runs.comparison`), in the session."""
    problems, found = _problems(s, town_id), _run_dicts(s, town_id)
    return {
        "problems": problems,
        "runs": found,
        "current": runs.current(found),
        "comparison": runs.comparison(problems, found),
    }


def town_runs(db: Database, town_slug: str | None) -> dict[str, Any]:
    """:func:`runs_of` for a town given by its slug (or the only town)."""
    from townpaths.storage.towns import find_town

    town = find_town(db, town_slug)
    with db.transaction() as s:
        return runs_of(s, town.id)


def _current_summary(s: Session, town_id: int) -> dict[str, Any]:
    found = runs.current(_run_dicts(s, town_id))
    return runs.summary(found) if found is not None else runs.study_summary(_problems(s, town_id))


def _run(s: Session, town_id: int, run_id: int) -> RankingRun:
    row = s.get(RankingRun, run_id)
    if row is None or row.town_id != town_id:
        raise NotFound(f"no ranking run {run_id} in this town")
    return row


def adopt(db: Database, town_slug: str | None, run_id: int) -> None:
    """Adopt run ``run_id`` as the town's current ranking and solutions (the study's findings stay
    as they are); the audit log records the current ranking before and after."""
    from townpaths.storage.towns import find_town

    town = find_town(db, town_slug)
    with db.transaction() as s:
        row = _run(s, town.id, run_id)
        before = _current_summary(s, town.id)
        if before.get("run") == row.id:
            raise Conflict("this run is the town's current ranking already")
        top = scalar(s, select(func.max(RankingRun.adopted_seq)).where(RankingRun.town_id == town.id)) or 0
        row.adopted_seq, row.adopted_on = top + 1, dt.date.today().isoformat()
        s.flush()
        after = _current_summary(s, town.id)
        audit.record(s, ADOPT, town=town.id, table="ranking_runs", record_id=row.id, before=before, after=after)


def undo(db: Database, town_slug: str | None) -> int:
    """Undo the last adoption: the run adopted before it (or the study's ranking) is current again.
    Returns the id of the run no longer current; the audit log records before and after."""
    from townpaths.storage.towns import find_town

    town = find_town(db, town_slug)
    with db.transaction() as s:
        before = _current_summary(s, town.id)
        if before.get("run") is None:
            raise Conflict("no run is adopted: the study's ranking is the town's current one")
        row = _run(s, town.id, int(before["run"]))
        row.adopted_seq, row.adopted_on = None, None
        s.flush()
        after = _current_summary(s, town.id)
        audit.record(s, UNDO, town=town.id, table="ranking_runs", record_id=row.id, before=before, after=after)
        return row.id


def delete_run(db: Database, town_slug: str | None, run_id: int) -> None:
    """Delete a run that is not adopted (a test workshop's, say)."""
    from townpaths.storage.towns import find_town

    town = find_town(db, town_slug)
    with db.transaction() as s:
        row = _run(s, town.id, run_id)
        if row.adopted_seq is not None:
            raise Conflict("an adopted run cannot be deleted: undo its adoption first")
        s.delete(row)  # its items go with it (ON DELETE CASCADE); the audit log records the run


def save_file_run(
    db: Database,
    town_slug: str | None,
    name: str,
    analysis: dict[str, Any],
    groups: Iterable[tuple[str | None, float]] = (),
) -> int:
    """Store the consensus of a ballot file (``townpaths rank``'s analysis: ``method``, ``items``,
    ``tiers``, ``ballots``, ``kendall_w``) as a run of the town named ``name``. Items are matched to
    the town's problems by their English or Slovene text; an item the case does not have is kept as
    the run's own. ``groups`` are the ballots' (group, weight), the people by group."""
    from townpaths.storage.towns import find_town

    title = (name or "").strip()
    if not title or len(title) > MAX_NAME:
        raise InputError(f"a run needs a name of 1 to {MAX_NAME} characters", field="save", value=name)
    town = find_town(db, town_slug)
    with db.transaction() as s:
        problems = _problems(s, town.id)
        names: Sequence[str] = list(analysis["items"])
        links = runs.match_items(names, problems)
        position = {n: k for k, n in enumerate(names, start=1)}
        texts = {p["id"]: p for p in problems}
        items = [
            {
                "id": position[n],
                "position": position[n],
                "problem_id": link,
                "text_en": texts[link]["text_en"] if link is not None else n,
                "text_sl": texts[link]["text_sl"] if link is not None else n,
            }
            for n, link in zip(names, links, strict=True)
        ]
        tiers = [[position[n] for n in tier] for tier in analysis["tiers"]]
        weights: dict[str | None, float] = {}
        for group, weight in groups:
            weights[group] = weights.get(group, 0.0) + float(weight)
        run = {
            "name": title,
            "method": analysis["method"],
            "held_on": dt.date.today().isoformat(),
            "ballots": int(analysis["ballots"]),
            "sectors": {k or "": round(v, 3) for k, v in weights.items()},
            "kendall_w": analysis.get("kendall_w"),
            "items": [i.to_dict() for i in runs.run_items(items, tiers)],
            "solutions": [],
        }
        return add_run(s, town.id, run, source="file")
