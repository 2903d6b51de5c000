"""The toy study's one table (its own metadata: it is not part of townpaths' migrations)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, Text

from townpaths.storage.models import Town

metadata = MetaData()

toy_notes = Table(
    "toy_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("town_id", ForeignKey(Town.__table__.c.id, ondelete="CASCADE"), index=True, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("text_sl", Text),
)
