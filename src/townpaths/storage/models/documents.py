"""Official documents, their scans and the heritage/branding lexicon."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, Provenanced, TownScoped


class Document(TownScoped, Provenanced, Base):
    """An official document (strategy, plan) scanned for heritage terms."""

    __tablename__ = "documents"

    title: Mapped[str] = mapped_column(Text)
    genre: Mapped[str | None] = mapped_column(String(80))
    year: Mapped[int | None]
    language: Mapped[str | None] = mapped_column(String(8))
    filename: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(80))
    sha256: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    text: Mapped[str | None] = mapped_column(Text)
    note_en: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DocumentTerm(TownScoped, Base):
    """A lexicon term the document scan looks for (a study's own lexicon; defaults when empty).
    ``category`` is e.g. ``coal_mining`` or ``green``; ``group`` is ``heritage`` or ``branding``."""

    __tablename__ = "document_terms"

    group: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(8))
    term: Mapped[str] = mapped_column(Text)


class DocumentScan(TownScoped, Base):
    """Result of the last lexicon scan of one document for one category."""

    __tablename__ = "document_scans"
    __table_args__ = (UniqueConstraint("document_id", "category"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    group: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))
    words: Mapped[int]
    mentions: Mapped[int]
    per_1000: Mapped[float]
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
