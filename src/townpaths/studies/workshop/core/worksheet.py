"""Solution worksheets (no I/O): the core of the problem, ideas with dot voting, and a
solution card, validated; a finished card becomes a case :class:`Solution` (Figure 8)."""

from __future__ import annotations

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
MAX_IDEA = 300


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
            "actors": {s: _text(actors.get(s), s, 500) for s in HELIX_SECTORS if actors.get(s)},
        },
    }


def clean_idea(text: Any) -> str:
    value = _text(text, "idea", MAX_IDEA)
    if not value:
        raise InputError("an idea needs some text", field="idea")
    return value


def solution_fields(problem_text: str, sheet: dict[str, Any], ideas: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Columns of the case's Solution row for a worksheet, or None if the card has no title."""
    card = (sheet or {}).get("card") or {}
    core = (sheet or {}).get("core") or {}
    title = (card.get("title") or "").strip()
    if not title:
        return None
    detail = " ".join(x for x in (card.get("description"), card.get("effects")) if x)
    return {
        "problem_as_worked_on_en": core.get("core") or problem_text,
        "title_en": title,
        "detail_en": detail or None,
        "card": {
            "core": core,
            **card,
            "ideas": [{"text": i["text"], "dots": i["dots"]} for i in ideas],
            "source": "workshop",
        },
    }
