"""Realistic KoboToolbox exports of the inventory form, written the way Kobo writes them:
XML-name or label headers, split geopoint columns plus the raw geopoint, metadata columns,
a repeat sheet (XLSX) and a media ZIP under ``<user>/attachments/<form uid>/<_uuid>/``."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

UUIDS = (
    "3f1c2d9a-0b6e-4c21-9d3f-6a2e8b7c1d01",
    "8b2e4f10-5c7d-4e8a-b1f2-9c3d0e6a7b02",
    "c4d5e6f7-1a2b-4c3d-8e9f-0a1b2c3d4e03",
)
XML_HEADERS = [
    "start",
    "end",
    "today",
    "surveyor",
    "category",
    "type",
    "name",
    "theme",
    "tangible",
    "visible",
    "location",
    "_location_latitude",
    "_location_longitude",
    "_location_altitude",
    "_location_precision",
    "address",
    "period",
    "message",
    "narrative",
    "repetition",
    "preservation",
    "attitude",
    "photo",
    "photo_URL",
    "note",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]
LABEL_HEADERS = [
    "start",
    "end",
    "today",
    "Surveyor",
    "Category",
    "Type of symbol",
    "Name of the symbol",
    "Theme",
    "Tangible or intangible",
    "Visible or invisible",
    "Location",
    "_Location_latitude",
    "_Location_longitude",
    "_Location_altitude",
    "_Location_precision",
    "Address",
    "Period of origin",
    "Message: what does it tell newcomers?",
    "Narrative it carries",
    "How often it recurs in the town",
    "State of preservation",
    "Residents' attitude",
    "Photo",
    "Photo_URL",
    "Note",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]

# name-valued submissions (XML values); label values are the choices' English labels
SUBMISSIONS = [
    {
        "start": "2018-05-03T10:02:11.000+02:00",
        "end": "2018-05-03T10:09:40.000+02:00",
        "today": "2018-05-03",
        "surveyor": "Ana",
        "category": "townscape",
        "type": "t4",
        "name": "Tito monument",
        "theme": "socialism",
        "tangible": "tangible",
        "visible": "visible",
        "lat": "46.3594",
        "lon": "15.1106",
        "address": "Titov trg",
        "period": "1977",
        "message": "The town owes itself to socialism",
        "narrative": "socialist_nostalgia",
        "repetition": "single",
        "preservation": "very_good",
        "attitude": "positive",
        "photo": "1525334531000.jpg",
        "note": "",
        "_id": "101",
        "_index": "1",
    },
    {
        "start": "2018-05-03T11:00:00.000+02:00",
        "end": "2018-05-03T11:05:00.000+02:00",
        "today": "2018-05-03",
        "surveyor": "Ana",
        "category": "town_symbols_names",
        "type": "t15",
        "name": "Rudarska cesta",
        "theme": "coal_mining",
        "tangible": "tangible",
        "visible": "visible",
        "lat": "46.3621",
        "lon": "15.1149",
        "address": "Rudarska cesta",
        "period": "1950s",
        "message": "Miners built this town",
        "narrative": "industrial",
        "repetition": "several",
        "preservation": "good",
        "attitude": "neutral",
        "photo": "1525338000000.jpg",
        "note": "street sign photographed",
        "_id": "102",
        "_index": "2",
    },
    {
        "start": "2018-05-04T09:00:00.000+02:00",
        "end": "2018-05-04T09:03:00.000+02:00",
        "today": "2018-05-04",
        "surveyor": "Boris",
        "category": "cultural_activities",
        "type": "t11",
        "name": "miners' songs",
        "theme": "coal_mining",
        "tangible": "intangible",
        "visible": "invisible",
        "lat": "",
        "lon": "",
        "address": "",
        "period": "",
        "message": "",
        "narrative": "industrial",
        "repetition": "pervasive",
        "preservation": "",
        "attitude": "very_positive",
        "photo": "",
        "note": "",
        "_id": "103",
        "_index": "3",
    },
]
LABELS = {
    "townscape": "townscape",
    "town_symbols_names": "town symbols and place names",
    "cultural_activities": "cultural activities",
    "t4": "memorials in public spaces",
    "t15": "place names",
    "t11": "music and literary texts",
    "socialism": "socialism",
    "coal_mining": "coal mining",
    "tangible": "tangible",
    "intangible": "intangible",
    "visible": "visible",
    "invisible": "invisible",
    "socialist_nostalgia": "socialist nostalgia",
    "industrial": "industrial",
    "single": "single occurrence",
    "several": "several occurrences",
    "pervasive": "recurs throughout the town",
    "very_good": "very good",
    "good": "good",
    "neutral": "neutral or indifferent",
    "positive": "positive",
    "very_positive": "very positive",
}
SELECTS = ("category", "type", "theme", "tangible", "visible", "narrative", "repetition", "preservation", "attitude")
#: repeat-group rows (extra photos): (parent _index, submission uuid index, filename)
REPEATS = [("1", 0, "1525334600000.jpg"), ("1", 0, "1525334700000.jpg")]


def jpeg(colour: str = "red", gps: tuple[float, float] | None = None) -> bytes:
    img = Image.new("RGB", (16, 12), colour)
    exif = Image.Exif()
    if gps:

        def dms(x: float) -> tuple:
            d = int(x)
            m = int((x - d) * 60)
            s = round(((x - d) * 60 - m) * 60, 2)
            return (IFDRational(d), IFDRational(m), IFDRational(s))

        exif[0x8825] = {1: "N", 2: dms(gps[0]), 3: "E", 4: dms(gps[1])}
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def main_rows(labels: bool, submissions: list[dict] | None = None) -> list[list[str]]:
    rows = []
    for i, s in enumerate(submissions or SUBMISSIONS):
        v = dict(s)
        if labels:
            for k in SELECTS:
                v[k] = LABELS.get(v[k], v[k]) if v[k] else ""
        geo = f"{v['lat']} {v['lon']} 380.0 4.5" if v["lat"] else ""
        rows.append(
            [
                v["start"],
                v["end"],
                v["today"],
                v["surveyor"],
                v["category"],
                v["type"],
                v["name"],
                v["theme"],
                v["tangible"],
                v["visible"],
                geo,
                v["lat"],
                v["lon"],
                "380.0" if geo else "",
                "4.5" if geo else "",
                v["address"],
                v["period"],
                v["message"],
                v["narrative"],
                v["repetition"],
                v["preservation"],
                v["attitude"],
                v["photo"],
                f"https://kc.kobotoolbox.org/media/original?media_file={v['photo']}" if v["photo"] else "",
                v["note"],
                v["_id"],
                UUIDS[i],
                "2018-05-04T12:00:00",
                "",
                "",
                "submitted_via_web",
                "ana",
                "vX7kQ2",
                "",
                v["_index"],
            ]
        )
    return rows


def write_csv(
    path: Path, *, sep: str, labels: bool, submissions: list[dict] | None = None, drop: str | None = None
) -> Path:
    headers = LABEL_HEADERS if labels else XML_HEADERS
    rows = main_rows(labels, submissions)
    keep = [i for i, h in enumerate(headers) if h != drop]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=sep, quoting=csv.QUOTE_ALL if sep == ";" else csv.QUOTE_MINIMAL)
        w.writerow([headers[i] for i in keep])
        for r in rows:
            w.writerow([r[i] for i in keep])
    return path


def write_xlsx(path: Path, *, labels: bool, repeats: list | None = None, submissions: list[dict] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "townpaths symbol inventory"
    ws.append(LABEL_HEADERS if labels else XML_HEADERS)
    for r in main_rows(labels, submissions):
        ws.append([float(x) if x and x.replace(".", "", 1).isdigit() and "." in x else x for x in r])
    rep = wb.create_sheet("more_photos")
    rep.append(
        [
            "Another photo" if labels else "extra_photo",
            "extra_photo_URL",
            "_index",
            "_parent_table_name",
            "_parent_index",
            "_submission__id",
            "_submission__uuid",
            "_submission__submission_time",
        ]
    )
    for n, (parent, u, fname) in enumerate(REPEATS if repeats is None else repeats, 1):
        rep.append([fname, "", n, "townpaths symbol inventory", int(parent), 101, UUIDS[u], "2018-05-04T12:00:00"])
    wb.save(path)
    return path


def write_media(path: Path, *, skip: str | None = None) -> Path:
    """Photos at ``ana/attachments/<form uid>/<_uuid>/<file>``; the first carries GPS in EXIF."""
    files = [
        (0, "1525334531000.jpg", jpeg("red", (46.3594, 15.1106))),
        (1, "1525338000000.jpg", jpeg("blue")),
        (0, "1525334600000.jpg", jpeg("green")),
        (0, "1525334700000.jpg", jpeg("yellow")),
    ]
    with zipfile.ZipFile(path, "w") as zf:
        for u, name, content in files:
            if name != skip:
                zf.writestr(f"ana/attachments/aKq8wX3nT5/{UUIDS[u]}/{name}", content)
    return path
