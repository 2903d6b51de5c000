"""Submissions exported from KoboToolbox or ODK (and the plain template) -> symbol rows.

Reads XLSX or CSV (through :mod:`townpaths.formats.tables`: ``,``, ``;`` or tab, UTF-8, UTF-16 or
Windows-1250), headers as XML names or labels (either language of the
form), geopoints as split ``_X_latitude``/``_X_longitude`` (or ODK Central's ``X-Latitude``)
columns or raw ``"lat lon alt acc"`` values, repeat-group sheets linked by ``_submission__uuid``
or ``_parent_index``, and photos from the media ZIP, found by the submission's ``_uuid``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from townpaths.core.errors import InputError
from townpaths.formats.archive import SafeZip, ZipLimits
from townpaths.formats.tables import read_sheets
from townpaths.studies.symbols.core.form import REPEAT, FormSpec
from townpaths.studies.symbols.core.records import FIELDS

MAX_MEDIA_BYTES = 4 * 1024**3
MAX_PHOTO_BYTES = 64 * 1024**2
MAX_MEDIA_FILES = 100_000
#: form question name -> canonical field of a symbol row
QUESTION_FIELD = {"today": "date", "start": "_start", "location": "_geopoint", "extra_photo": "_extra_photo"}
UUID_COLUMNS = ("_uuid", "meta/instanceid", "instanceid", "key", "meta-instanceid")
_SPLIT = re.compile(r"^_?(?P<base>.+?)[_-](?P<part>latitude|longitude|altitude|precision|accuracy)$", re.I)


@dataclass
class PhotoRef:
    filename: str
    sheet: str | None
    row: int
    column: str


@dataclass
class SourceRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    uuid: str | None = None
    index: str | None = None
    photos: list[PhotoRef] = field(default_factory=list)


@dataclass
class Submissions:
    file: str
    kind: str  # "kobo" (form submissions) or "template"
    rows: list[SourceRow]
    sheet: str | None = None


def _norm(text: str) -> str:
    return " ".join(str(text).strip().lower().split())


class HeaderMap:
    """Resolves a column header (XML name, group path or label) to a canonical field."""

    def __init__(self, spec: FormSpec) -> None:
        self.by_name: dict[str, str] = {f: f for f in FIELDS} | {"external_id": "id"}
        self.by_label: dict[str, str] = {}
        for q in spec.questions:
            if not q.name:
                continue
            target = QUESTION_FIELD.get(q.name, q.name)
            self.by_name[q.name.lower()] = target
            for label in q.labels.values():
                self.by_label.setdefault(_norm(label), target)

    def resolve(self, header: str) -> tuple[str | None, str | None]:
        """(canonical field, geopoint part or None); (None, None) for columns to ignore."""
        h = header.strip()
        low = h.lower()
        if low in UUID_COLUMNS:
            return "_uuid", None
        if low == "_index":
            return "_index", None
        for candidate in (low, low.rsplit("/", 1)[-1]):
            if candidate in self.by_name:
                return self.by_name[candidate], None
        for candidate in (_norm(h), _norm(h.rsplit("/", 1)[-1])):
            if candidate in self.by_label:
                return self.by_label[candidate], None
        m = _SPLIT.match(h.rsplit("/", 1)[-1])
        if m:
            base, _ = self.resolve(m.group("base"))
            if base == "_geopoint":
                return "_geopoint", m.group("part").lower()
        return None, None


def _read_sheets(path: Path) -> list[tuple[str | None, list[list[Any]]]]:
    """[(sheet name or None for CSV, rows)] with the main sheet first."""
    return [(sheet.name, sheet.rows) for sheet in read_sheets(path)]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_submissions(path: Path, spec: FormSpec) -> Submissions:
    """Read a KoboToolbox/ODK export or a filled template into :class:`SourceRow` objects."""
    path = Path(path)
    file = str(path)
    sheets = _read_sheets(path)
    main_name, main_rows = sheets[0]
    if not main_rows:
        raise InputError("the file is empty", file=file)
    headers = [("" if h is None else str(h)) for h in main_rows[0]]
    hmap = HeaderMap(spec)
    resolved = [hmap.resolve(h) for h in headers]
    present = {f for f, _ in resolved if f}
    has_geo = "_geopoint" in present
    missing = [f for f in ("type", "name") if f not in present]
    if missing:
        where = f"{file} [{main_name}]" if main_name and len(sheets) > 1 else file
        raise InputError(
            f"missing column {missing[0]!r} (found: {', '.join(h for h in headers if h) or 'none'})",
            file=where,
            row=1,
            field=missing[0],
        )
    kind = "kobo" if "_uuid" in present or has_geo else "template"
    rows: list[SourceRow] = []
    for number, raw in enumerate(main_rows[1:], start=2):
        if all(_blank(v) for v in raw):
            continue
        row = SourceRow(number)
        geo: dict[str, Any] = {}
        for (fname, part), header, value in zip(resolved, headers, raw, strict=False):
            if fname is None or _blank(value):
                continue
            if fname == "_uuid":
                row.uuid = str(value).strip().removeprefix("uuid:")
            elif fname == "_index":
                row.index = str(value).strip().removesuffix(".0")
            elif fname == "_geopoint":
                geo[part or "raw"] = (value, header)
            elif fname in ("photo", "_extra_photo"):
                row.photos.append(PhotoRef(str(value).strip(), main_name, number, header))
            elif fname not in row.values:
                row.values[fname] = value
                row.columns[fname] = header
        if "latitude" in geo or "longitude" in geo:
            for part in ("latitude", "longitude"):
                if part in geo:
                    row.values[part], row.columns[part] = geo[part]
        elif "raw" in geo:
            row.values["_geopoint"], row.columns["_geopoint"] = geo["raw"]
        if "date" not in row.values and "_start" in row.values:
            row.values["date"], row.columns["date"] = row.values["_start"], row.columns["_start"]
        row.values.pop("_start", None)
        rows.append(row)
    for name, sheet_rows in sheets[1:]:
        _attach_repeat(file, name, sheet_rows, rows, hmap)
    return Submissions(file, kind, rows, main_name)


def _attach_repeat(
    file: str, sheet: str | None, sheet_rows: list[list[Any]], rows: list[SourceRow], hmap: HeaderMap
) -> None:
    """Photos of a repeat sheet (``more_photos``) go to their parent submission."""
    if not sheet_rows:
        return
    headers = [("" if h is None else str(h)).strip() for h in sheet_rows[0]]
    low = [h.lower() for h in headers]
    photo_cols = [i for i, h in enumerate(headers) if hmap.resolve(h)[0] in ("_extra_photo", "photo")]
    if not photo_cols or not ({"_submission__uuid", "_parent_index"} & set(low)):
        return  # not a repeat sheet of this form (e.g. a notes sheet)
    by_uuid = {r.uuid: r for r in rows if r.uuid}
    by_index = {r.index: r for r in rows if r.index}
    for number, raw in enumerate(sheet_rows[1:], start=2):
        if all(_blank(v) for v in raw):
            continue
        cell = dict(zip(low, raw, strict=False))
        parent = None
        if not _blank(cell.get("_submission__uuid")):
            parent = by_uuid.get(str(cell["_submission__uuid"]).strip().removeprefix("uuid:"))
        if parent is None and not _blank(cell.get("_parent_index")):
            parent = by_index.get(str(cell["_parent_index"]).strip().removesuffix(".0"))
        if parent is None:
            raise InputError(
                f"repeat row has no parent submission in the main sheet ({REPEAT})",
                file=f"{file} [{sheet}]",
                row=number,
                field="_submission__uuid",
                value=cell.get("_submission__uuid") or cell.get("_parent_index"),
            )
        for i in photo_cols:
            if i < len(raw) and not _blank(raw[i]):
                parent.photos.append(PhotoRef(str(raw[i]).strip(), sheet, number, headers[i]))


class MediaZip:
    """The media ZIP of an export: attachments under ``.../<submission uuid>/<filename>``, read
    through :class:`~townpaths.formats.archive.SafeZip`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("no such media ZIP", file=str(path))
        self._zip = SafeZip(
            self.path,
            str(path),
            kind="media ZIP",
            limits=ZipLimits(members=MAX_MEDIA_FILES, member_bytes=MAX_PHOTO_BYTES, total_bytes=MAX_MEDIA_BYTES),
        )
        self._members: dict[str, list[zipfile.ZipInfo]] = {}
        for info in self._zip.infos():
            self._members.setdefault(PurePosixPath(info.filename.replace("\\", "/")).name, []).append(info)

    def find(self, filename: str, uuid: str | None) -> bytes | None:
        candidates = self._members.get(PurePosixPath(filename.replace("\\", "/")).name, [])
        if uuid:
            linked = [i for i in candidates if uuid in PurePosixPath(i.filename.replace("\\", "/")).parts[:-1]]
            if linked:
                candidates = linked
            else:  # a flat ZIP (no submission folders) may still hold the file
                candidates = [i for i in candidates if len(PurePosixPath(i.filename.replace("\\", "/")).parts) <= 2]
        if len(candidates) != 1:
            return None
        return self._zip.read_info(candidates[0])

    def close(self) -> None:
        self._zip.close()
