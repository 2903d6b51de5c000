"""Search of a town's texts (transcripts, documents) that understands inflection.

Two indexes work together. The full-text index holds the exact words of every text (SQLite: an
FTS5 table ``<table>_fts`` kept current by triggers; PostgreSQL: a stored ``search_vector`` column
with a GIN index; both made by the migrations). Beside it, ``search_words`` holds the town's
vocabulary: every word form found in its texts with its lemma (:mod:`townpaths.core.words`). A
query word stands for itself and for every form of the town whose lemma is one of the query word's
lemmas ("socializem" for "socializma", "socializmu", ...), and a text matches when it contains one
of the forms of each query word. Hits come ranked by the full-text index, each with a snippet
around its first hit and the exact offsets of the hits in it.

The vocabulary is filled by the writers of texts (:func:`add_words`) and rebuilt for a whole town
after a bundle or backup is loaded (:func:`index_town`); a text whose words are missing from it is
still found by its exact words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from townpaths.core import words

#: The table of the vocabulary (made by migration ``0011_search``; outside the ORM models like the
#: full-text indexes, since it is derived from the texts and never part of a case's bundle).
SEARCH_WORDS = Table(
    "search_words",
    MetaData(),
    Column("town_id", Integer, primary_key=True),
    Column("form", String(words.MAX_WORD), primary_key=True),
    Column("lemma", String(words.MAX_WORD), primary_key=True),
)
#: The searchable tables: their text columns and the language column the lemmas are taken in.
SEARCHABLE = {"interviews": ("title", "text", "language"), "documents": ("title", "text", "language")}
_BATCH = 5_000


def add_words(session: Session, town_id: int, texts: Iterable[tuple[str, str | None]]) -> int:
    """Add the words of ``texts`` (``(text, language)`` pairs) to the town's vocabulary; returns
    how many ``(form, lemma)`` pairs the texts have (those already there are kept)."""
    pairs = sorted(words.vocabulary(texts))
    if not pairs:
        return 0
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SEARCH_WORDS).on_conflict_do_nothing()
    for i in range(0, len(pairs), _BATCH):
        rows = [{"town_id": town_id, "form": form, "lemma": lemma} for form, lemma in pairs[i : i + _BATCH]]
        session.execute(insert, rows)
    return len(pairs)


def _texts(session: Session, town_id: int) -> Iterator[tuple[str, str | None]]:
    for table, (title, body, language) in SEARCHABLE.items():
        query = text(f"SELECT {title}, {body}, {language} FROM {table} WHERE town_id = :t ORDER BY id")
        for row_title, row_text, row_language in session.execute(query, {"t": town_id}):
            yield row_title or "", row_language
            yield row_text or "", row_language


def index_town(session: Session, town_id: int) -> int:
    """Rebuild the town's vocabulary from its transcripts and documents (after rows were written
    around :func:`add_words`: a bundle, a backup, a migration)."""
    session.execute(delete(SEARCH_WORDS).where(SEARCH_WORDS.c.town_id == town_id))
    return add_words(session, town_id, _texts(session, town_id))


def index_all(session: Session) -> int:
    """Rebuild the vocabulary of every town; returns the number of towns."""
    towns = list(session.scalars(text("SELECT id FROM towns ORDER BY id")))
    session.execute(delete(SEARCH_WORDS))
    for town_id in towns:
        add_words(session, town_id, _texts(session, town_id))
    return len(towns)


def expand(session: Session, town_id: int, query: str) -> list[list[str]]:
    """For each word of ``query``, the forms (lower case) a text may contain instead: the word
    itself first, then the town's forms of its lemmas (at most :data:`words.MAX_FORMS`)."""
    wanted = {w: words.query_lemmas(w) for w in words.query_words(query)}
    lemmas = sorted(set().union(*wanted.values())) if wanted else []
    rows = session.execute(
        select(SEARCH_WORDS.c.form, SEARCH_WORDS.c.lemma).where(
            SEARCH_WORDS.c.town_id == town_id, SEARCH_WORDS.c.lemma.in_(lemmas)
        )
    ).all()
    out = []
    for word, its_lemmas in wanted.items():
        others = sorted({form for form, lemma in rows if lemma in its_lemmas} - {word.lower()})
        out.append([word.lower(), *others][: words.MAX_FORMS])
    return out


def _match(dialect: str, groups: list[list[str]]) -> str:
    """The full-text query: one of the forms of every word (forms are letters and digits only)."""
    if dialect == "postgresql":
        return " & ".join("(" + " | ".join(group) + ")" for group in groups)
    return " AND ".join("(" + " OR ".join(f'"{form}"' for form in group) + ")" for group in groups)


def find(
    session: Session,
    table: str,
    town_id: int,
    query: str,
    *,
    limit: int,
    join: str = "",
    where: str = "",
) -> list[dict[str, Any]]:
    """The town's rows of ``table`` (``interviews`` or ``documents``) matching ``query``, best
    first, at most ``limit``: ``id``, ``title``, and a ``snippet`` (``text[start:end]``, ``length``
    being the text's) with ``marks``, the ``[start, end)`` offsets of the hits in the whole text. ``join`` and ``where``
    are SQL fragments of the caller (constants, never user input) restricting the rows."""
    if table not in SEARCHABLE:
        raise ValueError(f"{table!r} is not searchable")
    groups = expand(session, town_id, query)
    if not groups:
        return []
    dialect = session.get_bind().dialect.name
    params = {"q": _match(dialect, groups), "t": town_id, "n": limit}
    if dialect == "postgresql":
        sql = (
            f"SELECT {table}.id FROM {table} {join}, to_tsquery('simple', :q) q "
            f"WHERE {table}.town_id = :t AND {table}.search_vector @@ q {where} "
            f"ORDER BY ts_rank({table}.search_vector, q) DESC, {table}.id LIMIT :n"
        )
    else:
        sql = (
            f"SELECT {table}.id FROM {table}_fts JOIN {table} ON {table}.id = {table}_fts.rowid {join} "
            f"WHERE {table}_fts MATCH :q AND {table}.town_id = :t {where} ORDER BY rank, {table}.id LIMIT :n"
        )
    ids = list(session.scalars(text(sql), params))
    if not ids:
        return []
    texts = {
        row[0]: row
        for row in session.execute(
            text(f"SELECT id, title, text FROM {table} WHERE id IN ({', '.join(str(int(i)) for i in ids)})")
        )
    }
    matcher = words.matcher(form for group in groups for form in group)
    hits = []
    for row_id in ids:
        _, title, body = texts[row_id]
        cut = words.snippet(body or "", matcher)
        hits.append(
            {
                "id": row_id,
                "title": title,
                "snippet": cut.text,
                "start": cut.start,
                "end": cut.end,
                "length": len(body or ""),
                "marks": [list(m) for m in cut.marks],
            }
        )
    return hits
