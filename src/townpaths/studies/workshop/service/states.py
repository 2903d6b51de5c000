"""What each live view shows, read from the database: the projector (public state), a
participant's phone, the facilitator's console, the report and the export files. One
``db.transaction()`` per view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError
from townpaths.storage import Database
from townpaths.storage.models import (
    Ballot,
    RankingRun,
    Workshop,
    WorkshopEvent,
    WorkshopGroup,
    WorkshopMember,
    WorkshopParticipant,
)
from townpaths.studies.workshop.core import plan, starts, tally, worksheet
from townpaths.studies.workshop.formats import export as wx
from townpaths.studies.workshop.service.ballots import ballot_shown
from townpaths.studies.workshop.service.presence import connected_ids
from townpaths.studies.workshop.service.store import (
    get_workshop,
    item_dict,
    item_ids,
    items_of,
    participant_of,
    rounds_of,
    scalar,
    sheet_ideas,
)


def _group_sizes(s: Session, round_id: int) -> dict[int, int]:
    return dict(
        s.execute(
            select(WorkshopMember.group_id, func.count())
            .where(WorkshopMember.round_id == round_id)
            .group_by(WorkshopMember.group_id)
        ).all()
    )


def public_state(db: Database, workshop_id: int) -> dict[str, Any]:
    """The projector's state: rounds, the live count and consensus of the current ranking
    round, the history of ranks, and worksheet progress. No individual ballot unless the
    facilitator allowed it."""
    with db.transaction() as s:
        seq = scalar(s, select(func.max(WorkshopEvent.id)).where(WorkshopEvent.workshop_id == workshop_id)) or 0
        w = get_workshop(s, workshop_id)
        rounds = rounds_of(s, w.id)
        people = (
            scalar(
                s, select(func.count()).select_from(WorkshopParticipant).where(WorkshopParticipant.workshop_id == w.id)
            )
            or 0
        )
        open_round = next((r for r in rounds if r.status == "open"), None)
        current = open_round or next((r for r in reversed(rounds) if r.status == "closed"), None)
        history, live, sheets, ballots = [], None, [], []
        for r in rounds:
            if r.kind not in plan.RANKING_KINDS or r.status == "pending":
                continue
            if r.status == "open":
                rows = tally.consensus(item_ids(w), _rows(s, r.id), w.method)
                if w.settings.get("show_ballots"):
                    ballots = _named_ballots(s, r.id)
            else:
                rows = r.result
            entry = {
                "no": r.no,
                "kind": r.kind,
                "status": r.status,
                "ranks": rows.get("ranks", {}),
                "kendall_w": rows.get("kendall_w"),
            }
            history.append(entry)
            if current is not None and r.no == current.no:
                expected = len(_group_sizes(s, r.id)) if r.kind in ("pair", "group") else people
                live = {
                    **{k: rows.get(k) for k in ("count", "people", "tiers", "ranks", "kendall_w", "split", "method")},
                    "no": r.no,
                    "kind": r.kind,
                    "status": r.status,
                    "expected": expected,
                }
        if current is not None and current.kind == "worksheet":
            sizes = _group_sizes(s, current.id)
            for g in s.scalars(
                select(WorkshopGroup).where(WorkshopGroup.round_id == current.id).order_by(WorkshopGroup.id)
            ):
                ideas = sheet_ideas(s, g.id)
                sheets.append(
                    {
                        "label": g.label,
                        "problem": g.item_id,
                        "members": sizes.get(g.id, 0),
                        "ideas": sorted(ideas, key=lambda i: -i["dots"])[:5],
                        "title": (g.sheet.get("card") or {}).get("title", ""),
                    }
                )
        return {
            "seq": seq,
            "workshop": {
                "id": w.id,
                "title": w.title,
                "status": w.status,
                "method": w.method,
                "room_code": w.room_code if w.status != "ended" else None,
            },
            "problems": [{"id": i.id, "text_en": i.text_en, "text_sl": i.text_sl or i.text_en} for i in items_of(s, w)],
            "rounds": [
                {"no": r.no, "kind": r.kind, "size": r.result.get("size", 1), "status": r.status} for r in rounds
            ],
            "current": current.no if current is not None else None,
            "participants": people,
            "live": live,
            "history": history,
            "worksheets": sheets,
            "ballots": ballots,
        }


def _rows(s: Session, round_id: int) -> list[tally.BallotRow]:
    return [
        tally.BallotRow(v, t, wt, g)
        for v, t, wt, g in s.execute(
            select(Ballot.voter, Ballot.tiers, Ballot.weight, Ballot.group_label)
            .where(Ballot.round_id == round_id)
            .order_by(Ballot.id)
        )
    ]


def _named_ballots(s: Session, round_id: int) -> list[dict[str, Any]]:
    ballots = list(s.scalars(select(Ballot).where(Ballot.round_id == round_id).order_by(Ballot.id)))
    ids = [int(b.voter[1:]) for b in ballots if b.voter.startswith("p") and b.voter[1:].isdigit()]
    names = {
        f"p{pid}": nick
        for pid, nick in s.execute(
            select(WorkshopParticipant.id, WorkshopParticipant.nickname).where(WorkshopParticipant.id.in_(ids))
        )
    }
    return [{"voter": names.get(b.voter) or b.group_label or "", "tiers": b.tiers} for b in ballots]


def _start(w: Workshop, round_no: int, participant_id: int, group: WorkshopGroup | None) -> dict[str, Any]:
    """Where this phone starts the round: its pair's or group's starting point, else an order drawn
    for it (``mode`` ``random``), or ``alphabetical`` (the phone sorts in its language)."""
    if group is not None and group.start:
        return {"mode": "group", "order": group.start.get("order", []), "disputed": group.start.get("disputed", {})}
    if w.settings.get("start") == "alphabetical":
        return {"mode": "alphabetical", "order": item_ids(w), "disputed": {}}
    seed = int(w.settings.get("seed", 0))
    return {"mode": "random", "order": starts.random_start(item_ids(w), seed, round_no, participant_id), "disputed": {}}


def participant_state(db: Database, workshop_id: int, participant_id: int) -> dict[str, Any]:
    """What one phone shows besides the public state: who you are, your group and its members,
    where you start the open round, your group's (or your own) ballot of it, your worksheet (with
    each field's version, for saving without overwriting a group mate) and your dots."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        p = participant_of(s, w.id, participant_id)
        rnd = next((r for r in rounds_of(s, w.id) if r.status == "open"), None)
        out: dict[str, Any] = {
            "you": {"id": p.id, "nickname": p.nickname, "sector": p.sector},
            "round": None,
            "group": None,
            "start": None,
            "ballot": None,
            "sheet": None,
        }
        if rnd is None:
            return out
        out["round"] = {"no": rnd.no, "kind": rnd.kind}
        g = scalar(
            s,
            select(WorkshopGroup)
            .join(WorkshopMember, WorkshopMember.group_id == WorkshopGroup.id)
            .where(WorkshopMember.round_id == rnd.id, WorkshopMember.participant_id == p.id),
        )
        voter = f"p{p.id}"
        if g is not None:
            members = s.scalars(
                select(WorkshopParticipant.nickname)
                .join(WorkshopMember, WorkshopMember.participant_id == WorkshopParticipant.id)
                .where(WorkshopMember.group_id == g.id)
                .order_by(WorkshopParticipant.id)
            )
            out["group"] = {"label": g.label, "members": [m or "?" for m in members]}
            voter = g.label
        if rnd.kind in plan.RANKING_KINDS:
            out["start"] = _start(w, rnd.no, p.id, g if rnd.kind in ("pair", "group") else None)
            b = scalar(s, select(Ballot).where(Ballot.round_id == rnd.id, Ballot.voter == voter))
            if b is not None:
                out["ballot"] = ballot_shown(s, b)
        elif g is not None:
            ideas = sheet_ideas(s, g.id, p.id)
            out["sheet"] = {
                "problem": g.item_id,
                "sheet": g.sheet,
                "versions": {k: v.get("v", 0) for k, v in (g.sheet_versions or {}).items()},
                "ideas": ideas,
                "dots": {"used": sum(1 for i in ideas if i["mine"]), "limit": worksheet.DOTS_PER_PERSON},
            }
        return out


def facilitator_state(db: Database, workshop_id: int) -> dict[str, Any]:
    """The console: every participant (connected now or not, their group in the open round and
    whether they or their group handed in), the groups with their submissions, and the number of
    ballots of each round."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        rounds = rounds_of(s, w.id)
        rnd = next((r for r in rounds if r.status == "open"), None)
        counts = dict(
            s.execute(
                select(Ballot.round_id, func.count())
                .where(Ballot.round_id.in_([r.id for r in rounds]))
                .group_by(Ballot.round_id)
            ).all()
        )
        group_of: dict[int, str] = {}
        groups: list[dict[str, Any]] = []
        voted: set[str] = set()
        if rnd is not None:
            group_of = dict(
                s.execute(
                    select(WorkshopMember.participant_id, WorkshopGroup.label)
                    .join(WorkshopGroup, WorkshopGroup.id == WorkshopMember.group_id)
                    .where(WorkshopMember.round_id == rnd.id)
                ).all()
            )
            voted = set(s.scalars(select(Ballot.voter).where(Ballot.round_id == rnd.id)))
            sizes = _group_sizes(s, rnd.id)
            for g in s.scalars(
                select(WorkshopGroup).where(WorkshopGroup.round_id == rnd.id).order_by(WorkshopGroup.id)
            ):
                filled = sum(1 for path in worksheet.field_paths() if worksheet.field_value(g.sheet or {}, path))
                groups.append(
                    {
                        "label": g.label,
                        "members": sizes.get(g.id, 0),
                        "submitted": g.label in voted,
                        "item": g.item_id,
                        "fields": filled if rnd.kind == "worksheet" else None,
                    }
                )
        live = connected_ids(s, w.id)
        participants = []
        for p in s.scalars(
            select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == w.id).order_by(WorkshopParticipant.id)
        ):
            label = group_of.get(p.id)
            participants.append(
                {
                    "id": p.id,
                    "nickname": p.nickname,
                    "sector": p.sector,
                    "group": label,
                    "connected": p.id in live,
                    "submitted": (label in voted) if label else (f"p{p.id}" in voted),
                }
            )
        return {
            "seq": scalar(s, select(func.max(WorkshopEvent.id)).where(WorkshopEvent.workshop_id == w.id)) or 0,
            "participants": participants,
            "connected": len(live),
            "groups": groups,
            "open_round": rnd.no if rnd else None,
            "open_kind": rnd.kind if rnd else None,
            "rounds": [
                {"no": r.no, "kind": r.kind, "status": r.status, "ballots": counts.get(r.id, 0)} for r in rounds
            ],
            "show_ballots": bool(w.settings.get("show_ballots")),
            "settings": w.settings,
        }


def export_data(db: Database, workshop_id: int) -> dict[str, Any]:
    """Everything a workshop produced, for export: rounds with their ballots (voter labels are
    participant numbers or group names, never nicknames), results, worksheets."""
    from townpaths.storage.models import Ballot as B

    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        items = items_of(s, w)
        rounds = []
        for r in rounds_of(s, w.id):
            entry: dict[str, Any] = {"no": r.no, "kind": r.kind, "status": r.status, "result": r.result}
            if r.kind in plan.RANKING_KINDS:
                entry["ballots"] = [
                    {
                        "voter": b.voter,
                        "group": b.group_label,
                        "sector": b.sector,
                        "weight": b.weight,
                        "tiers": b.tiers,
                        "submitted_at": b.submitted_at,
                        "seq": b.sender_seq,
                    }
                    for b in s.scalars(select(B).where(B.round_id == r.id).order_by(B.id))
                ]
            else:
                entry["worksheets"] = [
                    {
                        "group": g.label,
                        "problem": g.item_id,
                        "sheet": g.sheet,
                        "ideas": [{"text": i["text"], "dots": i["dots"]} for i in sheet_ideas(s, g.id)],
                    }
                    for g in s.scalars(
                        select(WorkshopGroup).where(WorkshopGroup.round_id == r.id).order_by(WorkshopGroup.id)
                    )
                ]
            rounds.append(entry)
        return {
            "workshop": {
                "id": w.id,
                "title": w.title,
                "status": w.status,
                "method": w.method,
                "held_on": w.held_on,
                "rounds": w.settings.get("rounds"),
                "seed": w.settings.get("seed"),
                "start": w.settings.get("start", "random"),
            },
            "problems": [item_dict(i) for i in items],
            "rounds": rounds,
        }


def export_workshop(db: Database, workshop_id: int, fmt: str, folder: Path) -> dict[str, Any]:
    """Write a workshop's export files of ``fmt`` (``csv``, ``preflib`` or ``json``) into ``folder``."""
    paths = wx.write_export(export_data(db, workshop_id), fmt, Path(folder))
    return {"workshop": workshop_id, "format": fmt, "files": [str(p) for p in paths]}


def report_view(db: Database, workshop_id: int) -> dict[str, Any]:
    """The workshop's report page: the export data, problems by id, and the final ranking: its run's
    (ranked problems first by rank, then the others in their order), or, before the workshop has
    ended, the last ranking round's as it stands."""
    data = export_data(db, workshop_id)
    with db.transaction() as s:
        run_id = scalar(s, select(RankingRun.id).where(RankingRun.workshop_id == workshop_id).order_by(RankingRun.id))
    final_round = next((r for r in reversed(data["rounds"]) if r.get("ballots") and r["result"].get("tiers")), None)
    ranks = tally.final_ranks(final_round["result"]["tiers"]) if final_round else {}
    problems = [{**p, "rank": ranks.get(p["id"])} for p in data["problems"]]
    final = sorted(problems, key=lambda p: (p["rank"] is None, p["rank"] or 0, p["position"]))
    return {"data": data, "names": {p["id"]: p for p in data["problems"]}, "final": final, "run_id": run_id}


#: Files a facilitator downloads: name -> media type (plus ``round-N.toc``, PrefLib, per round).
EXPORT_FILES = {"ballots.csv": "text/csv", "worksheets.csv": "text/csv", "workshop.json": "application/json"}


def export_file(db: Database, workshop_id: int, name: str) -> tuple[str, str]:
    """(text, media type) of one export file: ``ballots.csv``, ``worksheets.csv``, ``workshop.json``
    or ``round-N.toc`` (PrefLib)."""
    is_round = name.startswith("round-") and name.endswith(".toc") and name[6:-4].isdigit()
    if name not in EXPORT_FILES and not is_round:
        raise InputError("unknown export", value=name)
    data = export_data(db, workshop_id)
    if is_round:
        return wx.round_preflib(data, int(name[6:-4])), "text/plain"
    writers = {"ballots.csv": wx.ballots_csv, "worksheets.csv": wx.worksheets_csv, "workshop.json": wx.to_json}
    return writers[name](data), EXPORT_FILES[name]
