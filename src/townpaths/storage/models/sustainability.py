"""Workshop 1: the social-sustainability framework and scores."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, Provenanced, TownScoped


class SustainabilityIndicator(TownScoped, Provenanced, Base):
    """An indicator of a dimension of the framework. Dimensions of two towns are compared where
    their ``dimension_key`` is the same, or where a researcher confirmed that they match by giving
    them one ``compare_key``."""

    __tablename__ = "sustainability_indicators"

    dimension_key: Mapped[str] = mapped_column(String(80))
    dimension_en: Mapped[str] = mapped_column(Text)
    dimension_sl: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(Text)
    name_sl: Mapped[str | None] = mapped_column(Text)
    scale_min: Mapped[float] = mapped_column(default=1)
    scale_max: Mapped[float] = mapped_column(default=5)
    compare_key: Mapped[str | None] = mapped_column(String(80))


class SustainabilityScore(TownScoped, Base):
    __tablename__ = "sustainability_scores"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("sustainability_indicators.id", ondelete="CASCADE"))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    rater_group: Mapped[str | None] = mapped_column(String(80))
    year: Mapped[int | None]
    score: Mapped[float]
