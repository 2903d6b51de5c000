"""Employment by firm or NACE sector, for the economic lock-in indicators."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, TownScoped


class Employment(TownScoped, Base):
    """Employment by firm or NACE sector; ``area`` is the town or the national reference."""

    __tablename__ = "employment"

    year: Mapped[int]
    area: Mapped[str] = mapped_column(String(20), default="town")  # town | national
    firm: Mapped[str | None] = mapped_column(Text)
    nace: Mapped[str | None] = mapped_column(String(10))
    employees: Mapped[float]
