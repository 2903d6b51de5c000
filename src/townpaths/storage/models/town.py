"""Towns (one case each) and the periods a study divides their history into."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, TownScoped, created_at_column


class Town(Base):
    __tablename__ = "towns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_sl: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    is_example: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = created_at_column()


class Period(TownScoped, Base):
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


class Fact(TownScoped, Base):
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
