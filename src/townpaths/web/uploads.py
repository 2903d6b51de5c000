"""Files uploaded in the browser, read by the same library functions the command line calls.

Each kind of upload (:data:`UPLOADS`) names its files (what they may be, and how large: the limits
of the reader the command line uses, from the module that reads them, never a number written
twice), its other fields and the library call (``townpaths interviews add`` calls
:func:`~townpaths.studies.qda.service.add_interview_files`, and so does the transcripts upload).
The routes (:mod:`townpaths.web.routes.uploads`) write the uploaded files to a private temporary
folder under their own names (:func:`saved_files`), so every message names the file the person
chose, call the library, and list what it refused row by row (:func:`error_rows`); the folder is
removed afterwards whatever happened.

A route's body may be as large as its files together (:func:`upload_bytes`) for a signed-in
person only; anyone else is refused at :data:`~townpaths.web.security.MAX_BODY`, before the body is
read (the access rule is applied after the form is parsed)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import HTTPConnection
from starlette.types import Scope

from townpaths.core.errors import InputError
from townpaths.core.values import whole_number
from townpaths.core.vocab import HELIX_SECTORS
from townpaths.formats.tables import CSV_SUFFIXES, XLSX_SUFFIXES
from townpaths.formats.tables import MAX_FILE_BYTES as MAX_TABLE_BYTES
from townpaths.people.core.sessions import SessionSigner
from townpaths.ranking.io import MAX_FILE_BYTES as MAX_BALLOT_BYTES
from townpaths.ranking.io import PREFLIB_TYPES
from townpaths.storage import Database
from townpaths.studies.documents.formats.documents import MAX_DOCUMENT_BYTES, MEDIA_TYPES
from townpaths.studies.documents.service import add_document
from townpaths.studies.economy.service import import_employment
from townpaths.studies.innovations.service import import_innovations
from townpaths.studies.qda.formats.transcripts import MAX_TRANSCRIPT_BYTES
from townpaths.studies.qda.formats.transcripts import SUFFIXES as TRANSCRIPT_SUFFIXES
from townpaths.studies.qda.service import add_interview_files
from townpaths.studies.sustainability.service import import_assessment
from townpaths.studies.symbols.formats.kobo import MAX_MEDIA_BYTES
from townpaths.studies.symbols.service import import_symbols
from townpaths.web.security import ACCOUNT_COOKIE, MAX_BODY

#: Files of one field of one upload, at most (several transcripts at once).
MAX_FILES = 100
TABLE_SUFFIXES = (*CSV_SUFFIXES, *XLSX_SUFFIXES)
#: Read and written in pieces of this many bytes.
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileField:
    """A file input: its form ``name``, ``label`` (msgid), the ``suffixes`` it takes, the size of
    one file at most (``max_bytes``), whether it must be given and whether it takes several."""

    name: str
    label: str
    suffixes: tuple[str, ...]
    max_bytes: int
    required: bool = True
    multiple: bool = False

    @property
    def accept(self) -> str:
        return ",".join(self.suffixes)

    @property
    def total_bytes(self) -> int:
        return self.max_bytes * (MAX_FILES if self.multiple else 1)


@dataclass(frozen=True)
class Field:
    """Another input of an upload form: ``kind`` is ``text``, ``number``, ``date``, ``select``,
    ``textarea`` or ``checkbox``; ``choices`` are (value, label msgid) of a select."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    hint: str = ""


#: What an upload does: (database, town slug, the saved files by field, the other fields) -> result.
Runner = Callable[[Database, str, Mapping[str, list[Path]], Mapping[str, str]], dict[str, Any]]


@dataclass(frozen=True)
class Upload:
    """A kind of upload: ``title`` and ``lead`` (msgids), the ``command`` it does the same as, its
    files and fields, and ``run`` (the library call)."""

    kind: str
    title: str
    lead: str
    command: str
    files: tuple[FileField, ...]
    run: Runner
    fields: tuple[Field, ...] = ()
    #: The page the upload belongs to (a route taking ``slug``).
    page: str = "town"

    @property
    def max_bytes(self) -> int:
        """The body of this upload at most: its files, and room for the other fields."""
        return sum(f.total_bytes for f in self.files) + MAX_BODY


# --- the library calls ----------------------------------------------------------------------------


def _text(values: Mapping[str, str], name: str) -> str | None:
    value = (values.get(name) or "").strip()
    return value or None


def _year(values: Mapping[str, str], name: str = "year") -> int | None:
    value = _text(values, name)
    return None if value is None else whole_number(value, field=name)


def _date(values: Mapping[str, str], name: str) -> dt.date | None:
    value = _text(values, name)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("not a date (YYYY-MM-DD)", field=name, value=value) from None


def _one(files: Mapping[str, list[Path]], name: str) -> Path:
    return files[name][0]


def _maybe(files: Mapping[str, list[Path]], name: str) -> Path | None:
    found = files.get(name) or []
    return found[0] if found else None


def _transcripts(db: Database, town: str, files: Mapping[str, list[Path]], values: Mapping[str, str]) -> dict[str, Any]:
    results = add_interview_files(
        db,
        town,
        files["files"],
        sector=values.get("sector", ""),
        interviewee=_text(values, "interviewee"),
        title=_text(values, "title"),
        language=_text(values, "language"),
        held_on=_date(values, "held_on"),
        redact_names=[line.strip() for line in values.get("redact", "").splitlines() if line.strip()],
        fictional=values.get("fictional") == "yes",
    )
    return {"transcripts": results}


def _document(db: Database, town: str, files: Mapping[str, list[Path]], values: Mapping[str, str]) -> dict[str, Any]:
    return add_document(
        db,
        town,
        _one(files, "file"),
        genre=values.get("genre", ""),
        year=_year(values),
        title=_text(values, "title"),
        language=_text(values, "language"),
    )


def _symbols(db: Database, town: str, files: Mapping[str, list[Path]], values: Mapping[str, str]) -> dict[str, Any]:
    return import_symbols(db, town, _one(files, "file"), media=_maybe(files, "media"), form=_maybe(files, "form"))


def _innovations(db: Database, town: str, files: Mapping[str, list[Path]], values: Mapping[str, str]) -> dict[str, Any]:
    return import_innovations(db, town, _one(files, "file"))


def _employment(db: Database, town: str, files: Mapping[str, list[Path]], values: Mapping[str, str]) -> dict[str, Any]:
    return import_employment(db, town, _one(files, "file"))


def _scores(db: Database, town: str, files: Mapping[str, list[Path]], values: Mapping[str, str]) -> dict[str, Any]:
    return import_assessment(db, town, _one(files, "file"))


SECTORS = tuple((s, s) for s in HELIX_SECTORS)
LANGUAGES = (("", "detect"), ("sl", "Slovene"), ("en", "English"))

#: Every kind of upload, by its name in the address (``/towns/<slug>/uploads/<kind>``).
UPLOADS: dict[str, Upload] = {
    u.kind: u
    for u in (
        Upload(
            "transcripts",
            "Add transcripts",
            "Interview transcripts (TXT, DOCX or ODT), one interview a file, normalised and indexed for search.",
            "townpaths interviews add",
            (FileField("files", "Transcripts", TRANSCRIPT_SUFFIXES, MAX_TRANSCRIPT_BYTES, multiple=True),),
            _transcripts,
            (
                Field("sector", "Sector", "select", SECTORS, required=True),
                Field("interviewee", "Interviewee (pseudonym)", hint="Empty: the next free pseudonym of the sector."),
                Field("title", "Title", hint="For a single file; empty: the file's name."),
                Field("language", "Language", "select", LANGUAGES),
                Field("held_on", "Held on", "date"),
                Field("redact", "Names to replace", "textarea", hint="One a line: NAME or NAME=PSEUDONYM."),
                Field("fictional", "Fictional example", "checkbox"),
            ),
            page="qda_home",
        ),
        Upload(
            "documents",
            "Add a document",
            "An official document (PDF, DOCX, HTML or TXT): the file, its text and its checksum are stored.",
            "townpaths documents add",
            (FileField("file", "Document", tuple(MEDIA_TYPES), MAX_DOCUMENT_BYTES),),
            _document,
            (
                Field("genre", "Genre", required=True, hint="e.g. strategy, spatial plan"),
                Field("year", "Year", "number"),
                Field("title", "Title", hint="Empty: the document's own title or the file's name."),
                Field("language", "Language", "select", LANGUAGES),
            ),
            page="documents",
        ),
        Upload(
            "symbols",
            "Import symbols",
            "A KoboToolbox or ODK export (XLSX or CSV) or a filled template, with the export's media ZIP for the "
            "photos; submissions already imported are skipped.",
            "townpaths symbols import",
            (
                FileField("file", "Export or template", TABLE_SUFFIXES, MAX_TABLE_BYTES),
                FileField("media", "Media ZIP (photos)", (".zip",), MAX_MEDIA_BYTES, required=False),
                FileField("form", "XLSForm of the survey", XLSX_SUFFIXES, MAX_TABLE_BYTES, required=False),
            ),
            _symbols,
            page="symbols",
        ),
        Upload(
            "innovations",
            "Import innovations",
            "A sheet of innovations (CSV, XLSX or JSON, columns as the export writes): a row with the number of an "
            "innovation of the register changes it, any other row is added.",
            "townpaths innovations import",
            (FileField("file", "Innovations", (*TABLE_SUFFIXES, ".json"), MAX_TABLE_BYTES),),
            _innovations,
            page="innovations",
        ),
        Upload(
            "employment",
            "Import employment",
            "Employment by year, area and NACE code (CSV or XLSX): the rows of the same year and area are replaced "
            "and the economy's evidence computed again.",
            "townpaths economy import",
            (FileField("file", "Employment", TABLE_SUFFIXES, MAX_TABLE_BYTES),),
            _employment,
        ),
        Upload(
            "scores",
            "Import sustainability scores",
            "Indicators and scores (CSV or XLSX, columns as the export writes): scores of the same year, workshop and "
            "rater group are replaced.",
            "townpaths sustainability import",
            (FileField("file", "Scores", TABLE_SUFFIXES, MAX_TABLE_BYTES),),
            _scores,
            page="sustainability",
        ),
    )
}

#: The ballot file of a consensus ranking (``townpaths rank``): nothing is stored.
BALLOTS = FileField("file", "Ballots", (".csv", *(f".{t}" for t in PREFLIB_TYPES)), MAX_BALLOT_BYTES)
#: A table's file (``townpaths table import``).
TABLE_FILE = FileField("file", "Table file", (".csv", ".xlsx"), MAX_TABLE_BYTES)


# --- body limits ----------------------------------------------------------------------------------


def signed_in(scope: Scope) -> bool:
    """Does the request carry a valid session cookie (checked by its signature, without the
    database: the access rule decides later whether the person may upload)?"""
    cookie = HTTPConnection(scope).cookies.get(ACCOUNT_COOKIE)
    secret: str = scope["app"].state.settings.secret_key
    return cookie is not None and SessionSigner(secret).loads(cookie) is not None


def upload_bytes(limit: Callable[[Scope], int]) -> Callable[[Scope], int]:
    """A body limit (:func:`townpaths.web.security.body_limit`): ``limit(scope)`` for a signed-in
    person, :data:`MAX_BODY` for anyone else."""
    return lambda scope: limit(scope) if signed_in(scope) else MAX_BODY


def kind_bytes(scope: Scope) -> int:
    """The body limit of the upload the path names."""
    found = UPLOADS.get(str(scope.get("path_params", {}).get("kind", "")))
    return found.max_bytes if found is not None else MAX_BODY


# --- saving the files -----------------------------------------------------------------------------


def safe_name(name: str, fallback: str) -> str:
    """A file's own name, safe to write in a folder: its last path part, without control
    characters, at most 120 characters with its suffix kept."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C").strip()
    base = base.lstrip(".") or fallback
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = stem[: 119 - len(suffix)] + dot + suffix if dot and len(suffix) < 16 else base[:120]
    return base


def _uploads(form: Any, name: str) -> list[UploadFile]:
    return [v for v in form.getlist(name) if isinstance(v, UploadFile) and (v.filename or v.size)]


def check_files(fields: Sequence[FileField], form: Any) -> None:
    """Before anything is written: each file field has what it needs (a file, no more files than
    allowed, the right kind of file, no larger than allowed)."""
    for f in fields:
        found = _uploads(form, f.name)
        if f.required and not found:
            raise InputError("choose a file", field=f.name)
        if len(found) > (MAX_FILES if f.multiple else 1):
            raise InputError(f"at most {MAX_FILES if f.multiple else 1} file(s)", field=f.name, value=len(found))
        for upload in found:
            name = upload.filename or f.name
            suffix = Path(name).suffix.lower()
            if suffix not in f.suffixes:
                raise InputError(f"not a file of this kind (use {', '.join(f.suffixes)})", file=name, value=suffix)
            if upload.size is not None and upload.size > f.max_bytes:
                raise InputError(f"file larger than {size_text(f.max_bytes)} ({upload.size} bytes)", file=name)


@contextmanager
def saved_files(fields: Sequence[FileField], form: Any) -> Iterator[tuple[dict[str, list[Path]], Path]]:
    """The form's files written to a new private folder under their own names: (paths by field,
    the folder); the folder is removed afterwards. Two files of one name get ``-2``, ``-3``..."""
    folder = Path(tempfile.mkdtemp(prefix="townpaths-upload-"))
    try:
        out: dict[str, list[Path]] = {}
        taken: set[str] = set()
        for f in fields:
            for n, upload in enumerate(_uploads(form, f.name), 1):
                name = safe_name(upload.filename or "", f"{f.name}-{n}{f.suffixes[0]}")
                stem, suffix = Path(name).stem, Path(name).suffix
                k = 1
                while name.lower() in taken:
                    k += 1
                    name = f"{stem}-{k}{suffix}"
                taken.add(name.lower())
                path = folder / name
                upload.file.seek(0)
                with path.open("wb") as target:
                    shutil.copyfileobj(upload.file, target, CHUNK)
                out.setdefault(f.name, []).append(path)
        yield out, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- what was refused -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One refused cell or value: where (file, row, column or field, value) and why."""

    message: str
    file: str | None = None
    row: str | None = None
    column: str | None = None
    value: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _relative(text: str | None, folder: Path | None) -> str | None:
    """``text`` with the temporary folder left out of every path in it."""
    if text is None or folder is None:
        return text
    return text.replace(str(folder) + "/", "").replace(str(folder), "")


def error_rows(exc: InputError, folder: Path | None = None) -> list[RowError]:
    """Every problem an import refused, one :class:`RowError` each: the errors a table reader
    collected (``errors``), the cells a symbols import rejected (``problems``), or the one error."""
    problems = getattr(exc, "problems", None)
    if problems:
        file = _relative(exc.file, folder)
        return [
            RowError(
                str(p.get("message", "")),
                file + (f" [{p['sheet']}]" if p.get("sheet") else "") if file else None,
                None if p.get("row") is None else str(p["row"]),
                None if p.get("column") is None else str(p["column"]),
                None if p.get("value") is None else str(p["value"]),
            )
            for p in problems
        ]
    found: list[InputError] = getattr(exc, "errors", None) or [exc]
    return [
        RowError(
            _relative(e.reason, folder) or "",
            _relative(e.file if e.file is not None else exc.file, folder),
            None if e.row is None else str(e.row),
            e.field,
            None if e.value is None else str(e.value),
        )
        for e in found
    ]


def relative_message(exc: InputError, folder: Path | None) -> str:
    """The error's one-line (or first-line) message with the temporary folder left out."""
    return _relative(exc.message, folder) or ""


# --- what was done --------------------------------------------------------------------------------


def summary(kind: str, result: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(label msgid, value) lines of what an upload did."""
    if kind == "transcripts":
        return [("Transcripts added", len(result["transcripts"]))]
    if kind == "documents":
        return [
            ("Document", result["title"]),
            ("Genre", result["genre"]),
            ("Year", result["year"] or ""),
            ("Language", result["language"] or ""),
            ("Characters", result["characters"]),
        ]
    if kind == "symbols":
        return [
            ("Symbols imported", result["imported"]),
            ("Photos imported", result["photos"]),
            ("Already imported (skipped)", result["skipped_duplicates"]),
            ("Photo references not read (no media ZIP)", result["photos_not_read"]),
        ]
    if kind == "innovations":
        return [("Innovations added", result["added"]), ("Innovations updated", result["updated"])]
    if kind == "employment":
        return [
            ("Employment rows imported", result["imported"]),
            ("Years", ", ".join(str(y) for y in result["years"])),
            ("Evidence items computed", len(result["evidence"])),
        ]
    if kind == "scores":
        return [
            ("Indicators added", result["indicators_added"]),
            ("Indicators updated", result["indicators_updated"]),
            ("Scores", result["scores"]),
        ]
    if kind == "table":
        return [
            ("Rows added", result["added"]),
            ("Rows updated", result["updated"]),
            ("Rows unchanged", result["unchanged"]),
            ("Rows deleted", result["deleted"]),
        ]
    return []


def size_text(n: int) -> str:
    """A size as the forms state it: ``50 MB``, ``4 GB`` (powers of 1024)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} B"
