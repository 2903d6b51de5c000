"""Official documents: add them, scan them with the study's lexicon, record the lock-in evidence.

``scan_documents`` stores, per document and category, the mentions per 1,000 words with the
matching sentences, and refreshes one computed ``lock_in`` evidence item
(``documents-no-heritage-<document id>``) for every document that never mentions heritage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.core.values import check_name, check_text
from townpaths.core.vocab import COMPUTED
from townpaths.core.words import pieces, query_words
from townpaths.storage import Database, audit
from townpaths.storage.checks import check_object
from townpaths.storage.models import Document, DocumentScan, DocumentTerm, Evidence, EvidenceLink
from townpaths.storage.search import add_words, find
from townpaths.storage.towns import find_town
from townpaths.studies.documents.core.lexicon import CATEGORIES, Term, guess_language
from townpaths.studies.documents.core.scan import Scanner, summarise
from townpaths.studies.documents.formats.documents import read_document
from townpaths.studies.documents.formats.lexicon import default_terms, read_terms, terms_csv

EVIDENCE_PREFIX = "documents-no-heritage-"
#: Characters of a document's genre (the column holds 80) and of its title.
MAX_GENRE = 80
MAX_TITLE = 500
#: Hits a search may ask for.
MAX_HITS = 1_000


def add_document(
    db: Database,
    town: str | None,
    path: Path,
    *,
    genre: str,
    year: int | None,
    title: str | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """Store a document (file, checksum and extracted text). The same file twice is refused."""
    if year is not None and not (1800 <= year <= 2200):
        raise InputError("not a plausible year", field="year", value=year)
    if language not in (None, "sl", "en"):
        raise InputError("language must be sl or en", field="language", value=language)
    genre = check_name(genre, max_chars=MAX_GENRE, field="genre")
    title = check_name(title, max_chars=MAX_TITLE, field="title") if title is not None else None
    content, found_title, text, media_type = read_document(Path(path))
    if not text.strip():
        raise InputError("no text found in the document (a scanned PDF needs OCR first)", file=str(path))
    digest = hashlib.sha256(content).hexdigest()
    found = find_town(db, town)
    with db.transaction() as session:
        same = session.scalar(select(Document).where(Document.town_id == found.id, Document.sha256 == digest))
        if same is not None:
            raise InputError(f"this file is already document {same.id} ({same.title})", file=str(path))
        doc = Document(
            town_id=found.id,
            title=(title or found_title or Path(path).stem)[:MAX_TITLE],
            genre=genre,
            year=year,
            language=language or guess_language(text),
            filename=Path(path).name,
            media_type=media_type,
            sha256=digest,
            content=content,
            text=text,
            extra={},
        )
        check_object(doc, file=str(path))
        session.add(doc)
        session.flush()
        add_words(session, found.id, [(doc.title, doc.language), (text, doc.language)])
        return {
            "id": doc.id,
            "title": doc.title,
            "genre": genre,
            "year": year,
            "language": doc.language,
            "characters": len(text),
        }


def _terms(session: Session, town_id: int) -> list[Term]:
    rows = session.scalars(select(DocumentTerm).where(DocumentTerm.town_id == town_id).order_by(DocumentTerm.id)).all()
    return [Term(r.group, r.category, r.lang, r.term) for r in rows] or default_terms()


def lexicon(db: Database, town: str | None) -> list[Term]:
    found = find_town(db, town)
    with db.transaction() as session:
        return _terms(session, found.id)


def lexicon_csv(db: Database, town: str | None) -> str:
    return terms_csv(lexicon(db, town))


def set_lexicon(db: Database, town: str | None, path: Path) -> int:
    """Replace the study's lexicon with a CSV (``group,category,lang,term``)."""
    terms = read_terms(Path(path))
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "set lexicon", town=found.id, note=Path(path).name):
        session.execute(delete(DocumentTerm).where(DocumentTerm.town_id == found.id))
        for t in terms:
            session.add(DocumentTerm(town_id=found.id, group=t.group, category=t.category, lang=t.lang, term=t.text))
    return len(terms)


def _statements(doc: Document, words: int) -> tuple[str, str]:
    year = f" ({doc.year})" if doc.year else ""
    genre = doc.genre or "document"
    en = (
        f"The {genre} \u201c{doc.title}\u201d{year} never mentions industrial, coal-mining or socialist "
        f"heritage ({words:,} words scanned)."
    )
    sl = (
        f"Dokument \u201e{doc.title}\u201c ({genre}{', ' + str(doc.year) if doc.year else ''}) nikjer ne omenja "
        f"industrijske, premogovniške ali socialistične dediščine (pregledanih {words} besed)."
    )
    return en, sl


def scan_documents(
    db: Database, town: str | None, progress: Callable[[int, int, str], None] | None = None
) -> list[dict[str, Any]]:
    """Scan every document of the town; store the results and refresh the lock-in evidence."""
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "scan documents", town=found.id):
        scanner = Scanner(_terms(session, found.id))
        docs = session.scalars(select(Document).where(Document.town_id == found.id).order_by(Document.id)).all()
        session.execute(delete(DocumentScan).where(DocumentScan.town_id == found.id))
        old = session.scalars(
            select(Evidence).where(Evidence.town_id == found.id, Evidence.key.like(EVIDENCE_PREFIX + "%"))
        ).all()
        old_by_key = {e.key: e for e in old}
        position = session.scalar(select(func.max(Evidence.position)).where(Evidence.town_id == found.id)) or 0
        results, keep = [], set()
        for n, doc in enumerate(docs, 1):
            text = doc.text or ""
            lang = doc.language or guess_language(text)
            words, hits = scanner.scan(text, lang)
            summary = summarise(text, words, hits, scanner.categories, scanner.group_of)
            for cat, s in summary.items():
                session.add(
                    DocumentScan(
                        town_id=found.id,
                        document_id=doc.id,
                        group=s["group"],
                        category=cat,
                        words=words,
                        mentions=s["mentions"],
                        per_1000=s["per_1000"],
                        evidence=s["evidence"],
                    )
                )
            heritage = sum(s["mentions"] for s in summary.values() if s["group"] == "heritage")
            lock_in = heritage == 0
            if lock_in:
                key = f"{EVIDENCE_PREFIX}{doc.id}"
                keep.add(key)
                en, sl = _statements(doc, words)
                item = old_by_key.get(key)
                if item is None:
                    position += 1
                    item = Evidence(
                        town_id=found.id,
                        kind="lock_in",
                        theme="symbols",
                        position=position,
                        provenance=COMPUTED,
                        key=key,
                        statement_en=en,
                        statement_sl=sl,
                    )
                    session.add(item)
                    session.flush()
                    session.add(
                        EvidenceLink(town_id=found.id, evidence_id=item.id, record_table="documents", record_id=doc.id)
                    )
                else:
                    item.statement_en, item.statement_sl = en, sl
            results.append(
                {
                    "id": doc.id,
                    "title": doc.title,
                    "genre": doc.genre,
                    "year": doc.year,
                    "language": lang,
                    "words": words,
                    "heritage_mentions": heritage,
                    "lock_in": lock_in,
                    "categories": {
                        c: {
                            "group": s["group"],
                            "mentions": s["mentions"],
                            "per_1000": s["per_1000"],
                            "sentences": len(s["evidence"]),
                        }
                        for c, s in summary.items()
                    },
                }
            )
            if progress:
                progress(n, len(docs), doc.title)
        for old_key, old_item in old_by_key.items():
            if old_key not in keep:
                session.delete(old_item)
        return results


def scan_results(db: Database, town: str | None) -> dict[str, Any]:
    """The stored results of the last scan, per document, with the evidence sentences."""
    found = find_town(db, town)
    with db.transaction() as session:
        docs = session.scalars(select(Document).where(Document.town_id == found.id).order_by(Document.id)).all()
        scans = session.scalars(
            select(DocumentScan).where(DocumentScan.town_id == found.id).order_by(DocumentScan.id)
        ).all()
        by_doc: dict[int, list[DocumentScan]] = {}
        for s in scans:
            by_doc.setdefault(s.document_id, []).append(s)
        categories = list(dict.fromkeys([s.category for s in scans] or list(CATEGORIES)))
        out = []
        for doc in docs:
            mine = by_doc.get(doc.id, [])
            heritage = sum(s.mentions for s in mine if s.group == "heritage")
            out.append(
                {
                    "id": doc.id,
                    "title": doc.title,
                    "genre": doc.genre,
                    "year": doc.year,
                    "language": doc.language,
                    "filename": doc.filename,
                    "scanned": bool(mine),
                    "words": mine[0].words if mine else None,
                    "heritage_mentions": heritage,
                    "lock_in": bool(mine) and heritage == 0,
                    "categories": {
                        s.category: {
                            "group": s.group,
                            "mentions": s.mentions,
                            "per_1000": s.per_1000,
                            "evidence": s.evidence,
                        }
                        for s in mine
                    },
                }
            )
        return {
            "categories": categories,
            "groups": {c: CATEGORIES.get(c, next((s.group for s in scans if s.category == c), "")) for c in categories},
            "documents": out,
        }


def document_file(db: Database, town_id: int, doc_id: int) -> tuple[bytes, str, str]:
    with db.transaction() as session:
        doc = session.get(Document, doc_id)
        if doc is None or doc.town_id != town_id or doc.content is None:
            raise NotFound(f"no document {doc_id}")
        return bytes(doc.content), doc.media_type or "application/octet-stream", doc.filename or f"document-{doc_id}"


def search_documents(db: Database, town: str | None, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Search the town's documents (titles and texts) by word, any inflected form finding the others
    (:mod:`townpaths.storage.search`): each hit has ``id``, ``title``, a ``snippet``
    (``text[start:end]``) around its first hit and ``marks``, the offsets of the hits in the text."""
    check_text(query, max_chars=1000, field="query")
    if not 1 <= limit <= MAX_HITS:
        raise InputError(f"a limit is 1 to {MAX_HITS}", field="limit", value=limit)
    if not query_words(query):
        raise InputError("empty search", field="query", value=query)
    found = find_town(db, town)
    with db.transaction() as session:
        return find(session, "documents", found.id, query, limit=limit)


def search_page(db: Database, town: str | None, query: str) -> list[dict[str, Any]]:
    """:func:`search_documents` hits with their snippet cut into ``(piece, is_hit)`` pairs (``pieces``)
    for a page to wrap the hits in ``<mark>``."""
    return [{**h, "pieces": pieces(h["snippet"], h["start"], h["marks"])} for h in search_documents(db, town, query)]
