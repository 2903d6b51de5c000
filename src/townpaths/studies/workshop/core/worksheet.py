"""Solution worksheets (no I/O): the core of the problem, ideas with dot voting, and a
solution card, validated; a finished card becomes a solution of the workshop's ranking run.

Group mates edit one worksheet at the same time, so a phone saves the fields it changed, each with
the version it was editing (:func:`clean_edits`); :func:`apply_edits` takes a field only when nobody
saved it since (or it says the same), and hands back the others as :class:`FieldConflict` (both
texts), so the phone shows them side by side to merge: nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.values import check_text
from townpaths.core.vocab import HELIX_SECTORS

#: Steps towards the core of the problem (root causes), in worksheet order.
CORE_STEPS = ("symptoms", "causes", "core")
#: Free-text fields of the solution card.
CARD_FIELDS = ("title", "description", "resources", "jobs", "effects", "legal_basis", "risks", "first_steps")
DOTS_PER_PERSON = 3
MAX_TEXT = 2000
MAX_ACTOR = 500
MAX_IDEA = 300
#: What the pages call each field (English msgids, translated where they are shown).
FIELD_LABELS = {
    "symptoms": "Symptoms",
    "causes": "Causes",
    "core": "Core of the problem",
    "title": "Title",
    "description": "Description",
    "resources": "Resources",
    "jobs": "Jobs",
    "effects": "Effects",
    "legal_basis": "Legal basis",
    "risks": "Risks",
    "first_steps": "First steps",
}


def _text(value: Any, name: str, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError("must be text", field=name)
    text = value.strip()
    if len(text) > limit:
        raise InputError(f"longer than {limit} characters", field=name)
    return check_text(text, field=name)


def clean_sheet(data: dict[str, Any]) -> dict[str, Any]:
    """A worksheet as sent by a group member -> the stored form (unknown keys dropped)."""
    if not isinstance(data, dict):
        raise InputError("a worksheet is an object", field="sheet")
    core = data.get("core") or {}
    card = data.get("card") or {}
    actors = (card.get("actors") if isinstance(card, dict) else None) or {}
    if not isinstance(core, dict) or not isinstance(card, dict) or not isinstance(actors, dict):
        raise InputError("bad worksheet layout", field="sheet")
    unknown = set(actors) - set(HELIX_SECTORS)
    if unknown:
        raise InputError("unknown sector", field="actors", value=sorted(unknown)[0])
    return {
        "core": {step: _text(core.get(step), step) for step in CORE_STEPS},
        "card": {
            **{f: _text(card.get(f), f) for f in CARD_FIELDS},
            "actors": {s: _text(actors.get(s), s, MAX_ACTOR) for s in HELIX_SECTORS if actors.get(s)},
        },
    }


def clean_idea(text: Any) -> str:
    value = _text(text, "idea", MAX_IDEA)
    if not value:
        raise InputError("an idea needs some text", field="idea")
    return value


def field_paths() -> list[str]:
    """Every field of a worksheet as ``part.name``: ``core.<step>``, ``card.<field>``, ``actors.<sector>``."""
    return [
        *(f"core.{k}" for k in CORE_STEPS),
        *(f"card.{k}" for k in CARD_FIELDS),
        *(f"actors.{s}" for s in HELIX_SECTORS),
    ]


def field_value(sheet: Mapping[str, Any], path: str) -> str:
    part, _, name = path.partition(".")
    card = sheet.get("card") or {}
    found = (card.get("actors") or {}) if part == "actors" else (sheet.get(part) or {})
    value = found.get(name)
    return value if isinstance(value, str) else ""


def _with_field(sheet: Mapping[str, Any], path: str, value: str) -> dict[str, Any]:
    part, _, name = path.partition(".")
    core, card = dict(sheet.get("core") or {}), dict(sheet.get("card") or {})
    actors = dict(card.get("actors") or {})
    if part == "core":
        core[name] = value
    elif part == "card":
        card[name] = value
    elif value:
        actors[name] = value
    else:
        actors.pop(name, None)
    return {"core": core, "card": {**card, "actors": actors}}


@dataclass(frozen=True)
class Edit:
    """A field a phone changed: its new text and the version of the field it was editing."""

    path: str
    value: str
    base: int


@dataclass(frozen=True)
class FieldConflict:
    """A field a group mate saved since this phone began editing it: both texts, side by side."""

    path: str
    mine: str
    theirs: str
    version: int
    by: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.path, "mine": self.mine, "theirs": self.theirs, "version": self.version, "by": self.by}


def clean_edits(data: Any) -> list[Edit]:
    """``{"fields": {"card.title": {"value": "...", "base": 2}, ...}}`` from a phone -> edits."""
    if not isinstance(data, dict):
        raise InputError("a worksheet save is an object", field="sheet")
    unknown = set(data) - {"fields"}
    if unknown:
        raise InputError(
            "a worksheet save lists the fields it changed, each with the version it was edited from",
            field="sheet",
            value=sorted(unknown)[0],
        )
    fields = data.get("fields") or {}
    if not isinstance(fields, dict):
        raise InputError("bad worksheet layout", field="fields")
    known = set(field_paths())
    edits = []
    for path, edit in fields.items():
        if path not in known:
            raise InputError("unknown worksheet field", field="fields", value=path)
        if not isinstance(edit, dict):
            raise InputError("a field is sent with its value and version", field=path)
        base = edit.get("base", 0)
        if not isinstance(base, int) or isinstance(base, bool) or base < 0:
            raise InputError("a field's version is a whole number", field=path, value=base)
        limit = MAX_ACTOR if path.startswith("actors.") else MAX_TEXT
        edits.append(Edit(path, _text(edit.get("value"), path, limit), base))
    return edits


def apply_edits(
    sheet: Mapping[str, Any], versions: Mapping[str, Any], edits: Sequence[Edit], editor: int
) -> tuple[dict[str, Any], dict[str, Any], list[str], list[FieldConflict]]:
    """(sheet, versions, fields saved, conflicts) after ``editor``'s edits. A field is saved when its
    version is still the one the phone edited, or when it already says the same; each saved change
    raises the field's version (``versions[path] = {"v": n, "by": participant}``)."""
    out, vers = dict(sheet), {k: dict(v) for k, v in versions.items() if isinstance(v, dict)}
    saved, conflicts = [], []
    for edit in edits:
        now = vers.get(edit.path, {"v": 0, "by": None})
        theirs = field_value(out, edit.path)
        if theirs == edit.value:
            saved.append(edit.path)
        elif edit.base == now.get("v", 0):
            out = _with_field(out, edit.path, edit.value)
            vers[edit.path] = {"v": int(now.get("v", 0)) + 1, "by": editor}
            saved.append(edit.path)
        else:
            conflicts.append(FieldConflict(edit.path, edit.value, theirs, int(now.get("v", 0)), now.get("by")))
    return clean_sheet(out), vers, saved, conflicts


def solution(
    item_position: int, problem_text: str, sheet: dict[str, Any], ideas: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """A solution of a ranking run from a worksheet (None when the card has no title): the item it
    answers (its position in the workshop), the problem as the group worked on it, title, detail and
    the whole card with its ideas."""
    card = (sheet or {}).get("card") or {}
    core = (sheet or {}).get("core") or {}
    title = (card.get("title") or "").strip()
    if not title:
        return None
    detail = " ".join(x for x in (card.get("description"), card.get("effects")) if x)
    return {
        "item": item_position,
        "problem_as_worked_on": core.get("core") or problem_text,
        "title": title,
        "detail": detail or None,
        "card": {
            "core": core,
            **card,
            "ideas": [{"text": i["text"], "dots": i["dots"]} for i in ideas],
            "source": "workshop",
        },
    }
