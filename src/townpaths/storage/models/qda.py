"""Study 2: interviewees by quadruple-helix sector, interviews, codebooks, coding, coders, notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, Provenanced, TownScoped


class Interviewee(TownScoped, Provenanced, Base):
    __tablename__ = "interviewees"
    __table_args__ = (UniqueConstraint("town_id", "code"),)

    code: Mapped[str] = mapped_column(String(80))  # pseudonym, never a real name
    sector: Mapped[str] = mapped_column(String(40))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    guid: Mapped[str | None] = mapped_column(String(40))  # REFI-QDA Case GUID (kept across exchanges)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    consent_scope: Mapped[str | None] = mapped_column(Text)
    #: A withdrawn consent locks the transcript and keeps it out of exports, reports and agreement.
    consent_withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)


class Interview(TownScoped, Provenanced, Base):
    __tablename__ = "interviews"

    interviewee_id: Mapped[int | None] = mapped_column(ForeignKey("interviewees.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)  # normalised once on import; positions are code points
    source_filename: Mapped[str | None] = mapped_column(Text)
    guid: Mapped[str | None] = mapped_column(String(40))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Codebook(TownScoped, Base):
    __tablename__ = "codebooks"

    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class Code(TownScoped, Provenanced, Base):
    __tablename__ = "codes"

    codebook_id: Mapped[int] = mapped_column(ForeignKey("codebooks.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    name_sl: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    colour: Mapped[str | None] = mapped_column(String(9))
    guid: Mapped[str | None] = mapped_column(String(40))
    codable: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class CodedSegment(TownScoped, Base):
    __tablename__ = "coded_segments"

    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    coder: Mapped[str | None] = mapped_column(String(120))
    memo: Mapped[str | None] = mapped_column(Text)
    guid: Mapped[str | None] = mapped_column(String(40))  # REFI-QDA Coding GUID
    selection_guid: Mapped[str | None] = mapped_column(String(40))  # REFI-QDA PlainTextSelection GUID
    # text[start:end] and 80 code points either side, kept with the segment for fast retrieval
    # (transcripts are immutable once imported); NULL means "compute from the transcript"
    quote: Mapped[str | None] = mapped_column(Text)
    context_before: Mapped[str | None] = mapped_column(Text)
    context_after: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str | None] = mapped_column(String(40))


class Coder(TownScoped, Base):
    """A person who codes (a REFI-QDA User); segments name their coder by ``name``."""

    __tablename__ = "coders"
    __table_args__ = (UniqueConstraint("town_id", "name"),)

    name: Mapped[str] = mapped_column(String(120))
    guid: Mapped[str | None] = mapped_column(String(40))
    #: The account that codes as this coder (segments are coded by the signed-in person).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Variable(TownScoped, Base):
    """A free attribute of interviewees (REFI-QDA Variable); values live in ``Interviewee.attributes``."""

    __tablename__ = "qda_variables"
    __table_args__ = (UniqueConstraint("town_id", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    guid: Mapped[str | None] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(20), default="Text")  # Text Boolean Integer Float Date DateTime
    description: Mapped[str | None] = mapped_column(Text)


class QdaNote(TownScoped, Base):
    """A memo (REFI-QDA Note): free text, optionally attached to codes, sources, selections or codings
    by GUID (``targets``); a note without targets belongs to the project."""

    __tablename__ = "qda_notes"

    guid: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str | None] = mapped_column(Text)
    coder: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[str | None] = mapped_column(String(40))
    targets: Mapped[list[Any]] = mapped_column(JSON, default=list)
