"""Which ballot a round keeps (no I/O): retries, late arrivals, other phones' tokens, partners.

A phone sends each version of its draft with a client token (a retry sends the same one), the
phone's sequence number of that version (it only grows on one phone), and for a pair or group the
token of the group's ballot it last saw (``base``). The round keeps one ballot per voter (a person,
or a pair or group through any member). :func:`decide` tells what a submission does:

* ``duplicate``: a retry of a ballot the round has from this phone: acknowledged, counted once;
* ``new`` / ``replaced``: the voter's first ballot, or a newer one;
* refused, never acknowledged: a token that belongs to another phone (:class:`ForeignToken`); an
  older version from this phone arriving after a newer one (:class:`StaleBallot`); and a group
  ballot handed in since this phone last looked, by a partner (:class:`PartnerBallot`, which carries
  it, so the phone shows it before its member decides to replace it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from townpaths.core.errors import Conflict, Forbidden, InputError

NEW, REPLACED, DUPLICATE = "new", "replaced", "duplicate"


@dataclass(frozen=True)
class Kept:
    """A ballot the round has: its token, the phone that sent it and that phone's sequence number."""

    token: str | None
    sender: int | None
    seq: int | None


class ForeignToken(Forbidden):
    """The submission token belongs to a ballot another phone handed in."""


class StaleBallot(Conflict):
    """An older version of this phone's ballot, arriving after a newer one."""


class PartnerBallot(Conflict):
    """A partner handed in the group's ballot since this phone last saw it."""

    def __init__(self, message: str, ballot: dict[str, Any]) -> None:
        super().__init__(message)
        self.ballot = ballot


FOREIGN = "This submission belongs to another phone: it was not counted."
STALE = "A newer ranking from this phone is already in: this older one was not counted."
PARTNER = "Someone in your group submitted a newer ranking: here it is. Submit again to replace it."


def decide(
    same_token: Kept | None,
    kept: Kept | None,
    *,
    sender: int,
    seq: int | None,
    base: str | None,
    grouped: bool,
    shown: dict[str, Any] | None = None,
) -> str:
    """What a submission by phone ``sender`` does: ``same_token`` is the round's ballot with the
    submission's token (if any), ``kept`` the voter's ballot now. Returns ``new``, ``replaced`` or
    ``duplicate``; raises :class:`ForeignToken`, :class:`StaleBallot` or :class:`PartnerBallot`
    (with ``shown``, the kept ballot as the phone shows it)."""
    if same_token is not None:
        if same_token.sender is not None and same_token.sender != sender:
            raise ForeignToken(FOREIGN)
        return DUPLICATE
    if kept is None:
        return NEW
    if kept.sender == sender:
        if seq is not None and kept.seq is not None and seq <= kept.seq:
            raise StaleBallot(STALE)
        return REPLACED
    if grouped and base != kept.token:
        raise PartnerBallot(PARTNER, shown or {})
    return REPLACED


def clean_seq(value: Any) -> int | None:
    """A phone's sequence number: a whole number from 0 to 2**53 (JavaScript's safe integers), or
    None when the phone sends none (older phones, scripts)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**53:
        raise InputError("a sequence number is a whole number", field="seq", value=value)
    return value
