"""Study 3: the social-innovation register."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townpaths.storage.models.base import Base, Provenanced, TownScoped


class Innovation(TownScoped, Provenanced, Base):
    __tablename__ = "innovations"

    no: Mapped[int | None]
    type_en: Mapped[str] = mapped_column(String(80))
    type_sl: Mapped[str | None] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(Text)
    name_sl: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None]
    end_year: Mapped[int | None]
    description: Mapped[str | None] = mapped_column(Text)
    social_need: Mapped[str | None] = mapped_column(Text)
    #: The social need in Slovene, where the case has it in both languages (``social_need`` then
    #: holds the English).
    social_need_sl: Mapped[str | None] = mapped_column(Text)
    initiator: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(String(40))
    heritage_value: Mapped[str | None] = mapped_column(Text)
    found_by: Mapped[str | None] = mapped_column(String(40))  # researchers | workshop
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcomes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="accepted")  # proposed | accepted | rejected
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class InnovationActor(TownScoped, Provenanced, Base):
    __tablename__ = "innovation_actors"

    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[str | None] = mapped_column(Text)
    #: The actor's name and role in Slovene, where the case has them in both languages.
    name_sl: Mapped[str | None] = mapped_column(Text)
    role_sl: Mapped[str | None] = mapped_column(Text)
