"""Workshops 2 and 3: rounds of ranking, ballots, the problems and their solutions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
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
    __table_args__ = (UniqueConstraint("round_id", "client_token"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_rounds.id", ondelete="CASCADE"))
    voter: Mapped[str] = mapped_column(String(120))
    group_label: Mapped[str | None] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(40))
    weight: Mapped[float] = mapped_column(default=1.0)
    tiers: Mapped[list[Any]] = mapped_column(JSON)  # list of lists of problem ids, best first
    client_token: Mapped[str | None] = mapped_column(String(80))
    submitted_at: Mapped[str | None] = mapped_column(String(40))


class Problem(TownScoped, Base):
    """A town problem; ``rank`` is the final consensus rank (Table 4), 1 = most pressing."""

    __tablename__ = "problems"

    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    position: Mapped[int]
    rank: Mapped[int | None]
    text_en: Mapped[str] = mapped_column(Text)
    text_sl: Mapped[str | None] = mapped_column(Text)


class Solution(TownScoped, Base):
    """A solution developed for a problem (Figure 8), with its worksheet card."""

    __tablename__ = "solutions"

    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    problem_as_worked_on_en: Mapped[str | None] = mapped_column(Text)
    problem_as_worked_on_sl: Mapped[str | None] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    title_sl: Mapped[str | None] = mapped_column(Text)
    detail_en: Mapped[str | None] = mapped_column(Text)
    detail_sl: Mapped[str | None] = mapped_column(Text)
    card: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
