"""Stable GUIDs: stored ones are kept; missing ones are derived from content (never random per export)."""

from __future__ import annotations

import re
import uuid

NAMESPACE = uuid.UUID("6f1c3f0e-5b8e-4d2a-9a57-7a0e1b2c3d4e")
GUID_RE = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


def derive(kind: str, *parts: object) -> str:
    """A GUID derived from ``kind`` and ``parts`` (uppercase, 8-4-4-4-12)."""
    key = "\x1f".join([kind, *(str(p) for p in parts)])
    return str(uuid.uuid5(NAMESPACE, key)).upper()


def clean(value: str | None) -> str | None:
    """A vendor GUID without braces, uppercase; ``None`` if it is not a GUID."""
    if value is None:
        return None
    match = GUID_RE.match(value.strip())
    return match.group(1).upper() if match else None


def new() -> str:
    return str(uuid.uuid4()).upper()
