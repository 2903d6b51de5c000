"""GeoJSON (RFC 7946) FeatureCollections of point records, for QGIS and web maps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from townpaths.formats.files import atomic_write


def feature_collection(rows: list[dict[str, Any]], *, name: str | None = None) -> dict[str, Any]:
    """Rows with ``latitude``/``longitude`` -> a FeatureCollection; positions are [lon, lat] (RFC 7946).
    Rows without coordinates get ``"geometry": null`` (allowed by the RFC) so nothing is lost."""
    features = []
    for r in rows:
        lat, lon = r.get("latitude"), r.get("longitude")
        geometry = (
            {"type": "Point", "coordinates": [round(float(lon), 7), round(float(lat), 7)]}
            if lat is not None and lon is not None
            else None
        )
        props = {k: v for k, v in r.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature", "id": r.get("record_id"), "geometry": geometry, "properties": props})
    out: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if name:
        out["name"] = name
    return out


def write_geojson(collection: dict[str, Any], output: Path) -> Path:
    return atomic_write(Path(output), json.dumps(collection, ensure_ascii=False, indent=1, default=str) + "\n")
