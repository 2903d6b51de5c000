"""Schema vocabulary shared by the studies: the quadruple-helix sectors and record provenance."""

from __future__ import annotations

#: The quadruple helix: the four sectors stakeholders come from, in the method's order.
HELIX_SECTORS = ("economy", "science_culture", "municipality", "civil_society")

#: Pseudonym prefix per sector (E01, S01, M01, C01).
SECTOR_PREFIX = {"economy": "E", "science_culture": "S", "municipality": "M", "civil_society": "C"}


def check_sector(sector: str) -> str:
    """``sector`` if it is one of :data:`HELIX_SECTORS`, else an :class:`InputError`."""
    from townpaths.core.errors import InputError

    if sector not in HELIX_SECTORS:
        raise InputError(f"unknown helix sector (use one of: {', '.join(HELIX_SECTORS)})", field="sector", value=sector)
    return sector
