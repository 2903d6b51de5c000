"""Towns (one case each)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, created_at_column


class Town(Base):
    """A town and the settings of its study: ``name`` is the town's own name (``name_sl`` its
    Slovene name where it differs), ``title_en``/``title_sl`` the study's title (the report's
    subtitle), ``citation`` the study's reference, ``study_start_year`` and ``study_end_year`` its
    period, ``languages`` the languages its texts are written in; ``population`` (inhabitants in
    ``population_year``) gives the comparisons of towns their rates per 10,000 inhabitants."""

    __tablename__ = "towns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_sl: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_sl: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    is_example: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: What anonymous visitors may see: any of report, innovations (register and proposal form),
    #: map (the symbol map) and join (workshop join pages). A new town shows only workshop joins.
    public_parts: Mapped[list[Any]] = mapped_column(JSON, default=lambda: ["join"])
    citation: Mapped[str | None] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    title_sl: Mapped[str | None] = mapped_column(Text)
    study_start_year: Mapped[int | None]
    study_end_year: Mapped[int | None]
    languages: Mapped[list[Any]] = mapped_column(JSON, default=lambda: ["sl", "en"])
    population: Mapped[int | None] = mapped_column(Integer)
    population_year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = created_at_column()
