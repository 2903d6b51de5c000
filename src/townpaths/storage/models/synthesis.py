"""The case synthesis: periods, facts, narratives, problems and solutions, dualities, evidence."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, Provenanced, TownScoped


class Period(TownScoped, Provenanced, Base):
    """A period of a town's history. ``scheme`` separates the narrative periods (Table 2)
    from the innovation periods (Table 3), which may overlap."""

    __tablename__ = "periods"
    __table_args__ = (UniqueConstraint("town_id", "scheme", "no"),)

    scheme: Mapped[str] = mapped_column(String(40))
    no: Mapped[int]
    name_en: Mapped[str] = mapped_column(Text)
    name_sl: Mapped[str | None] = mapped_column(Text)
    start_year: Mapped[int | None]
    end_year: Mapped[int | None]
    open_ended: Mapped[bool] = mapped_column(default=False)


class Fact(TownScoped, Provenanced, Base):
    """A quantified fact quoted by the study (e.g. 15,000 people at the 1987 rally)."""

    __tablename__ = "facts"

    key: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None]
    value_max: Mapped[float | None]
    unit: Mapped[str | None] = mapped_column(String(40))
    year: Mapped[int | None]
    text_en: Mapped[str] = mapped_column(Text)
    text_sl: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class Narrative(TownScoped, Provenanced, Base):
    """A narrative statement of Table 2: a period, dominant or alternative, text in sl and en.
    ``tags`` are short theme keys the researchers give it, shared across towns: narratives of two
    towns with a tag in common are compared side by side."""

    __tablename__ = "narratives"

    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    status: Mapped[str] = mapped_column(String(20))  # dominant | alternative
    position: Mapped[int]
    text_en: Mapped[str] = mapped_column(Text)
    text_sl: Mapped[str | None] = mapped_column(Text)
    code_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="SET NULL"))
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)


class NarrativeSegment(TownScoped, Base):
    """A coded passage of an interview a narrative rests on (a narrative adopted from coding keeps
    the segments it was adopted from)."""

    __tablename__ = "narrative_segments"
    __table_args__ = (UniqueConstraint("narrative_id", "segment_id"),)

    narrative_id: Mapped[int] = mapped_column(ForeignKey("narratives.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("coded_segments.id", ondelete="CASCADE"), index=True)


class Problem(TownScoped, Provenanced, Base):
    """A town problem; ``rank`` is the final consensus rank (Table 4), 1 = most pressing. ``tags``
    are short theme keys shared across towns: problems of two towns with a tag in common are aligned
    when their rankings are compared."""

    __tablename__ = "problems"

    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    position: Mapped[int]
    rank: Mapped[int | None]
    text_en: Mapped[str] = mapped_column(Text)
    text_sl: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Solution(TownScoped, Provenanced, Base):
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


# --- live workshops (issue #7): participants, groups, worksheets, live-event sequence -------------


class Duality(TownScoped, Provenanced, Base):
    __tablename__ = "dualities"

    no: Mapped[int]
    one_hand_en: Mapped[str] = mapped_column(Text)
    one_hand_sl: Mapped[str | None] = mapped_column(Text)
    other_hand_en: Mapped[str] = mapped_column(Text)
    other_hand_sl: Mapped[str | None] = mapped_column(Text)


class Evidence(TownScoped, Provenanced, Base):
    """A piece of evidence for ``lock_in`` or ``path_renewal``; its provenance is ``study`` (the
    researchers' conclusion), ``computed`` (derived by townpaths from the records) or ``inferred``."""

    __tablename__ = "evidence"

    kind: Mapped[str] = mapped_column(String(20))
    theme: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    statement_en: Mapped[str] = mapped_column(Text)
    statement_sl: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(120))


class EvidenceLink(TownScoped, Base):
    """Links an evidence item to a record it rests on (table name and row id)."""

    __tablename__ = "evidence_links"

    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    record_table: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int]
