"""qda: coders, variables, notes, REFI-QDA GUIDs, full-text index over interviews

Revision ID: q5a1
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "q5a1"
down_revision = "0004"
branch_labels = None
depends_on = None

#: SQLite: an external-content FTS5 table over interviews kept in step by triggers, so that every
#: writer (bundle import, seeds, the qda service) keeps the index current.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE interviews_fts USING fts5(title, text, content='interviews', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER interviews_fts_ai AFTER INSERT ON interviews BEGIN "
    "INSERT INTO interviews_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER interviews_fts_ad AFTER DELETE ON interviews BEGIN "
    "INSERT INTO interviews_fts(interviews_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER interviews_fts_au AFTER UPDATE OF title, text ON interviews BEGIN "
    "INSERT INTO interviews_fts(interviews_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO interviews_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO interviews_fts(interviews_fts) VALUES ('rebuild')",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS interviews_fts_ai",
    "DROP TRIGGER IF EXISTS interviews_fts_ad",
    "DROP TRIGGER IF EXISTS interviews_fts_au",
    "DROP TABLE IF EXISTS interviews_fts",
]
#: PostgreSQL: a stored tsvector (computed once per transcript, not per query) with a GIN index.
#: The column is not in the ORM model: only the search query reads it.
PG_FTS = [
    "ALTER TABLE interviews ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX ix_interviews_search_vector ON interviews USING gin (search_vector)",
]


def _town_scoped(name: str, *columns: sa.Column, unique: tuple[str, ...] = ()) -> None:
    args = [
        *columns,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["town_id"], ["towns.id"], name=f"fk_{name}_town_id_towns", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    ]
    if unique:
        args.append(sa.UniqueConstraint("town_id", *unique, name=f"uq_{name}_town_id"))
    op.create_table(name, *args)
    with op.batch_alter_table(name) as batch_op:
        batch_op.create_index(f"ix_{name}_town_id", ["town_id"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("interviewees") as batch_op:
        batch_op.add_column(sa.Column("guid", sa.String(length=40), nullable=True))
    with op.batch_alter_table("coded_segments") as batch_op:
        batch_op.add_column(sa.Column("selection_guid", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("context_before", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("context_after", sa.Text(), nullable=True))
    _town_scoped(
        "coders",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("guid", sa.String(length=40), nullable=True),
        unique=("name",),
    )
    _town_scoped(
        "qda_variables",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("guid", sa.String(length=40), nullable=True),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        unique=("name",),
    )
    _town_scoped(
        "qda_notes",
        sa.Column("guid", sa.String(length=40), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("coder", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in PG_FTS:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_interviews_search_vector")
        op.execute("ALTER TABLE interviews DROP COLUMN IF EXISTS search_vector")
    for name in ("qda_notes", "qda_variables", "coders"):
        op.drop_table(name)
    with op.batch_alter_table("coded_segments") as batch_op:
        for name in ("context_after", "context_before", "quote", "selection_guid"):
            batch_op.drop_column(name)
    with op.batch_alter_table("interviewees") as batch_op:
        batch_op.drop_column("guid")
