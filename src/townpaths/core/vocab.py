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


#: Where a record comes from: ``study`` (stated by the study, with its page or section in the note),
#: ``default`` (the method's defaults townpaths gives a new town), ``computed`` (by townpaths from the
#: records), ``inferred`` (by the researcher, with the reason in the note), ``fictional`` (written
#: for a demonstration: never data of a study).
STUDY, DEFAULT, COMPUTED, INFERRED, FICTIONAL = "study", "default", "computed", "inferred", "fictional"
PROVENANCE = (STUDY, DEFAULT, COMPUTED, INFERRED, FICTIONAL)


def is_fictional(record: object) -> bool:
    """Whether a record (a row as a dict, or a model object) is a fictional example."""
    value = record.get("provenance") if isinstance(record, dict) else getattr(record, "provenance", None)
    return value == FICTIONAL


def check_provenance(value: str, note: str | None = None) -> str:
    """``value`` if it is one of :data:`PROVENANCE` (an ``inferred`` record needs the reason in
    ``note``), else an :class:`InputError`."""
    from townpaths.core.errors import InputError

    if value not in PROVENANCE:
        raise InputError(f"unknown provenance (use one of: {', '.join(PROVENANCE)})", field="provenance", value=value)
    if value == INFERRED and not (note or "").strip():
        raise InputError("an inferred record needs the reason in provenance_note", field="provenance_note")
    return value
