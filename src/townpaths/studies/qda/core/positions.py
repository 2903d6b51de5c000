"""Which position convention a REFI-QDA project was written in.

Vendors count the positions of text selections differently in a text file with ``\\r\\n`` line
endings (see :data:`~townpaths.studies.qda.core.text.POSITION_CONVENTIONS`): ATLAS.ti counts a line
ending as one character, MAXQDA, NVivo and the others count the text as stored. The convention is
chosen from the project's ``origin`` and confirmed where the file offers a check: a selection whose
name quotes its text (ATLAS.ti and townpaths name selections so, cut with "…" when long). If the
chosen convention does not reproduce the quoted texts but the other does, the other is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from townpaths.studies.qda.core.text import LF, POSITION_CONVENTIONS, STORED

_ATLAS = re.compile(r"atlas\W?ti", re.IGNORECASE)
_ELLIPSES = ("…", "...")
DESCRIBE = {
    STORED: "as stored (a CRLF line ending counts as two characters)",
    LF: "one character per line ending (a CRLF counts as one)",
}
SHORT = {STORED: "positions as stored", LF: "one character per line ending"}


def from_origin(origin: str | None) -> str:
    """The convention of the tool named in a project's ``origin``: ATLAS.ti counts a line ending as
    one character, every other tool the text as stored."""
    return LF if origin and _ATLAS.search(origin) else STORED


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def quotes(name: str | None, passage: str | None) -> bool:
    """Whether a selection's ``name`` quotes ``passage`` (whitespace collapsed; a name ending with an
    ellipsis quotes the passage's beginning)."""
    if not name or passage is None:
        return False
    wanted, got = _collapsed(name), _collapsed(passage)
    for ellipsis in _ELLIPSES:
        if wanted.endswith(ellipsis):
            start = wanted[: -len(ellipsis)].rstrip()
            return bool(start) and got.startswith(start)
    return bool(wanted) and wanted == got


@dataclass(frozen=True)
class Check:
    """A named selection and the passage it selects in each convention (None: outside the text)."""

    name: str | None
    stored: str | None
    lf: str | None


@dataclass(frozen=True)
class Choice:
    convention: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"convention": self.convention, "reason": self.reason}


def _quote(n: int) -> str:
    return "1 selection quotes its text" if n == 1 else f"{n} selections quote their text"


def _quoting(n: int) -> str:
    return "1 selection quoting its text" if n == 1 else f"{n} selections quoting their text"


def choose(origin: str | None, checks: Iterable[Check], *, asked: str | None = None, crlf: bool = True) -> Choice:
    """The convention to read the project's positions with, and why (a sentence for the import report).

    ``asked`` (``stored`` or ``lf``) overrides the choice; ``crlf`` says whether any text file has
    ``\\r\\n`` line endings (without them both conventions give the same positions)."""
    if asked is not None and asked not in POSITION_CONVENTIONS:
        raise ValueError(f"unknown position convention {asked!r}")
    votes = {STORED: 0, LF: 0}
    for check in checks:
        stored, lf = quotes(check.name, check.stored), quotes(check.name, check.lf)
        if stored != lf:  # only a selection the two conventions cut differently tells them apart
            votes[STORED if stored else LF] += 1
    tool = f"origin {origin!r}" if origin else "no origin"
    if asked is not None:
        reason = f"positions {DESCRIBE[asked]}, as asked"
        other = LF if asked == STORED else STORED
        if votes[other] > votes[asked]:
            reason += f" (though {_quote(votes[other])} only the other way)"
        return Choice(asked, reason)
    guessed = from_origin(origin)
    other = LF if guessed == STORED else STORED
    if not crlf:
        return Choice(guessed, f"positions {DESCRIBE[guessed]}: no text has CRLF line endings, so both ways agree")
    if votes[other] > votes[guessed]:
        return Choice(
            other,
            f"positions {DESCRIBE[other]}: {tool} suggests {SHORT[guessed]}, but {_quote(votes[other])} "
            "only this way" + (f" ({votes[guessed]} the other way)" if votes[guessed] else ""),
        )
    reason = f"positions {DESCRIBE[guessed]}, from {tool}"
    if votes[guessed]:
        reason += f"; confirmed by {_quoting(votes[guessed])}"
    return Choice(guessed, reason)
