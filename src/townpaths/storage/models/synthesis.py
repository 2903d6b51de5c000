"""Synthesis: the dualities and the evidence for lock-in or path renewal."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, TownScoped


class Duality(TownScoped, Base):
    __tablename__ = "dualities"

    no: Mapped[int]
    one_hand_en: Mapped[str] = mapped_column(Text)
    one_hand_sl: Mapped[str | None] = mapped_column(Text)
    other_hand_en: Mapped[str] = mapped_column(Text)
    other_hand_sl: Mapped[str | None] = mapped_column(Text)


class Evidence(TownScoped, Base):
    """A piece of evidence for ``lock_in`` or ``path_renewal``; ``origin`` is ``study`` (the
    researchers' conclusion) or ``computed`` (derived by townpaths from the records)."""

    __tablename__ = "evidence"

    kind: Mapped[str] = mapped_column(String(20))
    theme: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    statement_en: Mapped[str] = mapped_column(Text)
    statement_sl: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20), default="study")
    key: Mapped[str | None] = mapped_column(String(120))


class EvidenceLink(TownScoped, Base):
    """Links an evidence item to a record it rests on (table name and row id)."""

    __tablename__ = "evidence_links"

    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    record_table: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int]
