"""Keys people read: a record's key made from its name (``Nestl Žgank memorial`` ->
``nestl-zgank-memorial``), kept unique among the keys a town already has."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

MAX_KEY = 60


def slug(text: str, *, limit: int = MAX_KEY) -> str:
    """``text`` as lower-case ASCII words joined by ``-`` (accents dropped: ``š`` -> ``s``), at most
    ``limit`` characters; empty when ``text`` has no letter or digit."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return words[:limit].rstrip("-")


def unique_key(base: str, taken: Container[str], *, fallback: str = "row") -> str:
    """``base`` (or ``fallback`` when empty), with ``-2``, ``-3``... added until it is not ``taken``."""
    key = base or fallback
    n = 1
    candidate = key
    while candidate in taken:
        n += 1
        candidate = f"{key}-{n}"
    return candidate
