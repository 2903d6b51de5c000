"""Pure logic of the toy study."""

from __future__ import annotations

from typing import Any


def word_count(notes: list[dict[str, Any]]) -> int:
    """Words in the English text of all notes."""
    return sum(len((n.get("text_en") or "").split()) for n in notes)
