"""Live workshops: rounds of ranking, ballots, participants, groups, worksheets, the event sequence."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
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
    tiers: Mapped[list[Any]] = mapped_column(JSON)  # list of lists of problem ids, best first
    client_token: Mapped[str | None] = mapped_column(String(80))
    submitted_at: Mapped[str | None] = mapped_column(String(40))


class WorkshopParticipant(TownScoped, Base):
    """Someone who joined a live workshop from a phone, with no account."""

    __tablename__ = "workshop_participants"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str | None] = mapped_column(String(60))
    sector: Mapped[str | None] = mapped_column(String(40))
    joined_at: Mapped[str | None] = mapped_column(String(40))


class WorkshopGroup(TownScoped, Base):
    """A pair, group or worksheet group of one round; ``problem_id`` for worksheet groups,
    ``sheet`` holds the worksheet (core of the problem, solution card)."""

    __tablename__ = "workshop_groups"
    __table_args__ = (UniqueConstraint("round_id", "label"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_rounds.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    sheet: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


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
