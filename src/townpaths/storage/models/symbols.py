"""Study 1: the symbol typology, symbols with their assessment and photos, the study's scales."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, Provenanced, TownScoped


class SymbolCategory(TownScoped, Provenanced, Base):
    __tablename__ = "symbol_categories"
    __table_args__ = (UniqueConstraint("town_id", "key"),)

    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    name_en: Mapped[str] = mapped_column(Text)
    name_sl: Mapped[str | None] = mapped_column(Text)
    finding_en: Mapped[str | None] = mapped_column(Text)
    finding_sl: Mapped[str | None] = mapped_column(Text)


class SymbolType(TownScoped, Provenanced, Base):
    __tablename__ = "symbol_types"
    __table_args__ = (UniqueConstraint("town_id", "no"),)

    category_id: Mapped[int] = mapped_column(ForeignKey("symbol_categories.id", ondelete="CASCADE"))
    no: Mapped[int]
    name_en: Mapped[str] = mapped_column(Text)
    name_sl: Mapped[str | None] = mapped_column(Text)
    #: What the study says of the type besides its named examples (a mention without an example,
    #: or how many there are when it names only some).
    note_en: Mapped[str | None] = mapped_column(Text)
    note_sl: Mapped[str | None] = mapped_column(Text)


class Symbol(TownScoped, Provenanced, Base):
    """A symbol of the inventory; ``external_id`` is its key in the town (a form submission's id,
    or any short text that names it)."""

    __tablename__ = "symbols"
    __table_args__ = (Index("ux_symbols_town_external_id", "town_id", "external_id", unique=True),)

    type_id: Mapped[int] = mapped_column(ForeignKey("symbol_types.id"))
    name_en: Mapped[str] = mapped_column(Text)
    name_sl: Mapped[str | None] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(40))
    tangible: Mapped[bool | None]
    visible: Mapped[bool | None]
    status: Mapped[str | None] = mapped_column(String(80))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    address: Mapped[str | None] = mapped_column(Text)
    period_of_origin: Mapped[str | None] = mapped_column(String(80))
    message: Mapped[str | None] = mapped_column(Text)
    narrative: Mapped[str | None] = mapped_column(String(40))
    repetition: Mapped[str | None] = mapped_column(String(40))
    preservation: Mapped[str | None] = mapped_column(String(40))
    attitude: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(40))
    surveyor: Mapped[str | None] = mapped_column(Text)
    surveyed_on: Mapped[dt.date | None] = mapped_column(Date)
    note_en: Mapped[str | None] = mapped_column(Text)
    note_sl: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(120), index=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SymbolPhoto(TownScoped, Base):
    __tablename__ = "symbol_photos"

    symbol_id: Mapped[int] = mapped_column(ForeignKey("symbols.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    taken_at: Mapped[str | None] = mapped_column(String(40))


class SymbolScale(TownScoped, Base):
    """One level of a study's ordinal scale (``preservation``, ``attitude``, ``repetition``);
    ``position`` orders the levels from lowest to highest. A town without rows uses the defaults."""

    __tablename__ = "symbol_scales"
    __table_args__ = (UniqueConstraint("town_id", "scale", "key"),)

    scale: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    label_en: Mapped[str] = mapped_column(Text)
    label_sl: Mapped[str | None] = mapped_column(Text)
