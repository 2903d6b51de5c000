"""The assessment framework: dimensions, each with editable indicators and a scale.

The default is the four dimensions used in Velenje's workshop 1 (Tiran et al. 2019). The article
names no indicators, so each dimension ships with one overall indicator ("overall assessment of
the dimension", scale 1-5) that researchers edit or extend by importing a framework file."""

from __future__ import annotations

import re
from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.values import check_name, finite_number

Record = dict[str, Any]

#: (key, English, Slovene)
DEFAULT_DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("amenities", "amenities and social infrastructure", "storitve in družbena infrastruktura"),
    ("social_cultural_life", "social and cultural life", "družbeno in kulturno življenje"),
    ("voice_influence", "voice and influence", "glas in vpliv"),
    ("space_to_grow", "space to grow / adaptability", "prostor za rast / prilagodljivost"),
)


def default_framework() -> list[Record]:
    """One overall indicator per default dimension, scale 1-5 (editable)."""
    return [
        {
            "dimension_key": key,
            "dimension_en": en,
            "dimension_sl": sl,
            "key": f"{key}_overall",
            "name_en": f"overall assessment: {en}",
            "name_sl": f"skupna ocena: {sl}",
            "scale_min": 1.0,
            "scale_max": 5.0,
        }
        for key, en, sl in DEFAULT_DIMENSIONS
    ]


KEY = re.compile(r"^[a-z0-9_]{1,80}$")


#: The widest scale an indicator may have (a score is compared and averaged on it).
MAX_SCALE = 1e9
MAX_NAME = 500


def _bound(value: Any, default: float, name: str, row: int | None) -> float:
    """A scale bound read from a file (``default`` when empty): a finite number within +-:data:`MAX_SCALE`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    return finite_number(value, low=-MAX_SCALE, high=MAX_SCALE, row=row, field=name)


def clean_indicator(data: Record, row: int | None = None) -> Record:
    """Validate one indicator of a framework (keys are lower-case letters, digits and _)."""
    out: Record = {}
    for name in ("dimension_key", "key"):
        value = str(data.get(name) or "").strip()
        if not KEY.match(value):
            raise InputError("use lower-case letters, digits and _ (at most 80)", row=row, field=name, value=value)
        out[name] = value
    for name in ("dimension_en", "name_en"):
        value = str(data.get(name) or "").strip()
        if not value:
            raise InputError("required", row=row, field=name)
        out[name] = check_name(value, max_chars=MAX_NAME, row=row, field=name)
    for name in ("dimension_sl", "name_sl"):
        value = str(data.get(name) or "").strip()
        out[name] = check_name(value, max_chars=MAX_NAME, row=row, field=name) if value else None
    out["scale_min"] = _bound(data.get("scale_min"), 1.0, "scale_min", row)
    out["scale_max"] = _bound(data.get("scale_max"), 5.0, "scale_max", row)
    if out["scale_max"] <= out["scale_min"]:
        raise InputError("scale_max must be above scale_min", row=row, field="scale_max", value=out["scale_max"])
    return out


def dimensions(indicators: list[Record]) -> list[Record]:
    """Dimensions in first-appearance order, each with its indicators."""
    out: dict[str, Record] = {}
    for ind in sorted(indicators, key=lambda i: i.get("id", 0)):
        d = out.setdefault(
            ind["dimension_key"],
            {
                "key": ind["dimension_key"],
                "name_en": ind["dimension_en"],
                "name_sl": ind.get("dimension_sl"),
                "indicators": [],
            },
        )
        d["indicators"].append(ind)
    return list(out.values())
