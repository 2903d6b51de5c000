"""Declarative base and column helpers shared by all tables."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from townpaths.core.vocab import FICTIONAL, STUDY

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, type[JSON]]] = {dict[str, Any]: JSON, list[Any]: JSON}

    if TYPE_CHECKING:
        # every model declares a __tablename__, so each is mapped to a Table (SQLAlchemy's own
        # annotation is the wider FromClause, which also covers classes mapped to a join or select)
        __table__: ClassVar[Table]


class TownScoped:
    """Every table of a case carries ``town_id``: a case is exactly the rows with its town id,
    which keeps export, import and deletion of a whole town generic."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id", ondelete="CASCADE"), index=True)


class Provenanced:
    """A record a study authors carries its provenance (:data:`townpaths.core.vocab.PROVENANCE`):
    ``study`` by default; ``provenance_note`` holds the study's page or section, or the
    researcher's reason for an ``inferred`` record. The columns come last in the table."""

    provenance: Mapped[str] = mapped_column(String(20), default=STUDY, server_default=STUDY, sort_order=100)
    provenance_note: Mapped[str | None] = mapped_column(Text, sort_order=101)

    @property
    def fictional(self) -> bool:
        """A fictional example (written for a demonstration, never data of a study)."""
        return self.provenance == FICTIONAL


def created_at_column() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())
