"""search: the vocabulary of word forms and lemmas beside the full-text indexes; documents searchable;
diacritics significant in the SQLite index of transcripts (as on PostgreSQL)

Revision ID: 0011_search
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_search"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fts(table: str, diacritics: int) -> list[str]:
    """An external-content FTS5 table over ``table`` (title, text) kept in step by triggers."""
    return [
        f"CREATE VIRTUAL TABLE {table}_fts USING fts5(title, text, content='{table}', content_rowid='id', "
        f"tokenize='unicode61 remove_diacritics {diacritics}')",
        f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {table}_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
        f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
        f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF title, text ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
        f"INSERT INTO {table}_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
        f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')",
    ]


def _drop_fts(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}" for suffix in ("ai", "ad", "au")] + [
        f"DROP TABLE IF EXISTS {table}_fts"
    ]


#: PostgreSQL: documents get the stored tsvector the transcripts have (not in the ORM model).
PG_DOCUMENTS = [
    "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, ''))) STORED",
    "CREATE INDEX ix_documents_search_vector ON documents USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "search_words",
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=60), nullable=False),
        sa.Column("lemma", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["town_id"], ["towns.id"], name="fk_search_words_town_id_towns", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("town_id", "form", "lemma", name="pk_search_words"),
    )
    op.create_index("ix_search_words_lemma", "search_words", ["town_id", "lemma"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in [*_drop_fts("interviews"), *_fts("interviews", 0), *_fts("documents", 0)]:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in PG_DOCUMENTS:
            op.execute(statement)
    from sqlalchemy.orm import Session

    from townpaths.storage import search

    search.index_all(Session(bind=op.get_bind()))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in [*_drop_fts("documents"), *_drop_fts("interviews"), *_fts("interviews", 2)]:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_search_vector")
        op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS search_vector")
    op.drop_index("ix_search_words_lemma", table_name="search_words")
    op.drop_table("search_words")
