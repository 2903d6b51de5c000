"""Live workshops: the problems a workshop ranks, rounds of ranking, ballots, participants, groups,
worksheets, the event sequence and who is connected; and ranking runs, the stored results of a
workshop or a ballot file, kept beside the study's own findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, TownScoped


class Workshop(TownScoped, Base):
    __tablename__ = "workshops"

    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="ranking")
    held_on: Mapped[str | None] = mapped_column(String(40))
    method: Mapped[str] = mapped_column(String(40), default="kemeny")
    room_code: Mapped[str | None] = mapped_column(String(20), index=True)
    admin_secret_hash: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | open | ended
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The facilitator's account (None for a guest facilitator with only the secret link).
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The facilitator link's secret is derived from the instance secret and this salt, so the
    #: console can show the link again; a new salt revokes the old link.
    secret_salt: Mapped[str | None] = mapped_column(String(40))


class WorkshopItem(TownScoped, Base):
    """A problem a workshop ranks: a copy of one of the case's problems (``problem_id``), or a problem
    typed in for this workshop only. Ballots rank items; the case's problems (Table 4) never change
    by running a workshop."""

    __tablename__ = "workshop_items"
    __table_args__ = (UniqueConstraint("workshop_id", "position"),)

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    text_en: Mapped[str] = mapped_column(Text)
    text_sl: Mapped[str | None] = mapped_column(Text)


class WorkshopRound(TownScoped, Base):
    __tablename__ = "workshop_rounds"
    __table_args__ = (UniqueConstraint("workshop_id", "no"),)

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    no: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))  # individual | pair | group | plenary
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | open | closed
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Ballot(TownScoped, Base):
    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("round_id", "client_token"),
        Index("ux_ballots_round_voter", "round_id", "voter", unique=True),
    )

    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_rounds.id", ondelete="CASCADE"))
    voter: Mapped[str] = mapped_column(String(120))
    group_label: Mapped[str | None] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(40))
    weight: Mapped[float] = mapped_column(default=1.0)
    tiers: Mapped[list[Any]] = mapped_column(JSON)  # list of lists of workshop item ids, best first
    client_token: Mapped[str | None] = mapped_column(String(80))
    submitted_at: Mapped[str | None] = mapped_column(String(40))
    #: The phone that handed the ballot in (its token is bound to it) and that phone's sequence number
    #: of the ballot: an older ballot of the same phone arriving late never replaces a newer one.
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_participants.id", ondelete="SET NULL"))
    sender_seq: Mapped[int | None] = mapped_column(BigInteger)


class WorkshopParticipant(TownScoped, Base):
    """Someone who joined a live workshop from a phone, with no account."""

    __tablename__ = "workshop_participants"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str | None] = mapped_column(String(60))
    sector: Mapped[str | None] = mapped_column(String(40))
    joined_at: Mapped[str | None] = mapped_column(String(40))


class WorkshopGroup(TownScoped, Base):
    """A pair, group or worksheet group of one round. ``start``: where a pair or group starts ranking
    (the consensus of its members' previous ballots and the items they disagree on); ``item_id``: the
    problem of a worksheet group; ``sheet``: the worksheet (core of the problem, solution card), with
    ``sheet_versions`` (field -> version and who saved it) so that two members' edits of one field
    are told apart, never silently overwritten."""

    __tablename__ = "workshop_groups"
    __table_args__ = (UniqueConstraint("round_id", "label"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_rounds.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_items.id", ondelete="SET NULL"))
    start: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sheet: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sheet_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WorkshopMember(TownScoped, Base):
    """A participant's group in a round (one group per round)."""

    __tablename__ = "workshop_members"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_rounds.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("workshop_groups.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"))


class WorksheetIdea(TownScoped, Base):
    __tablename__ = "worksheet_ideas"

    group_id: Mapped[int] = mapped_column(ForeignKey("workshop_groups.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_participants.id", ondelete="SET NULL"))


class IdeaDot(TownScoped, Base):
    """One participant's dot on an idea (dot voting); one dot per participant and idea."""

    __tablename__ = "idea_dots"
    __table_args__ = (UniqueConstraint("idea_id", "participant_id"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("worksheet_ideas.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"))


class WorkshopEvent(Base):
    """Monotonic sequence of changes to live workshops: every worker process tails it so that
    live views stay current with several workers. Not part of a case (no town id)."""

    __tablename__ = "workshop_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))


class WorkshopPresence(Base):
    """A participant's live connections held by one worker process (``worker``), refreshed every
    half minute by that process: who is connected now, seen from any worker. Not part of a case."""

    __tablename__ = "workshop_presence"
    __table_args__ = (UniqueConstraint("participant_id", "worker"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"))
    worker: Mapped[str] = mapped_column(String(40))
    connections: Mapped[int] = mapped_column(default=1)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RankingRun(TownScoped, Base):
    """The result of one ranking of a town's problems: a live workshop's, or a ballot file's
    (``townpaths rank FILE --town T --save NAME``). Runs sit beside the study's findings (the
    problems' ranks, Table 4, and their solutions, Figure 8) and never change them; a researcher
    may adopt a run as the town's current ranking (``adopted_seq``: the latest adopted run is the
    current one; undoing an adoption clears it, and the one adopted before is current again)."""

    __tablename__ = "ranking_runs"

    name: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))  # workshop | file
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    method: Mapped[str] = mapped_column(String(40))
    held_on: Mapped[str | None] = mapped_column(String(40))
    #: Ballots of the ranking the run keeps, and the people they speak for by sector ("" = no sector).
    ballots: Mapped[int] = mapped_column(default=0)
    sectors: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kendall_w: Mapped[float | None]
    #: Solution cards of the run: ``item`` (the position of its item), ``title``, ``detail``,
    #: ``problem_as_worked_on`` and the whole ``card``.
    solutions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    adopted_seq: Mapped[int | None]
    adopted_on: Mapped[str | None] = mapped_column(String(40))


class RankingRunItem(TownScoped, Base):
    """One problem of a run with its consensus rank (competition ranks: tied items share the better
    rank) and tier; ``problem_id`` links it to the case's problem it is, if any."""

    __tablename__ = "ranking_run_items"
    __table_args__ = (UniqueConstraint("run_id", "position"),)

    run_id: Mapped[int] = mapped_column(ForeignKey("ranking_runs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    text_en: Mapped[str] = mapped_column(Text)
    text_sl: Mapped[str | None] = mapped_column(Text)
    rank: Mapped[int | None]
    tier: Mapped[int | None]
