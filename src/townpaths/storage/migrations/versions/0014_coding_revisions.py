"""coding revisions: a number per town that every change to its coding data raises

Pages that compute over all of a town's coding (Table 2 from coding, co-occurrence, inter-coder
agreement) keep their result between loads, keyed by this number (:mod:`townpaths.storage.revisions`).
Triggers raise it on every insert, update and delete of the tables those results are computed from,
whoever writes (the web app, the commands, a bulk load, SQL by hand). ``token`` is drawn at random
when a town's row is made, so a database made again from nothing never repeats an old key.

Revision ID: 0014_coding_revisions
Revises: 0013_towns
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_coding_revisions"
down_revision = "0013_towns"
branch_labels = None
depends_on = None

#: The tables the cached results are computed from (each has ``town_id``).
TABLES = ("coded_segments", "codes", "interviews", "interviewees", "narratives", "periods")
OPERATIONS = {"ai": ("INSERT", "NEW"), "au": ("UPDATE", "NEW"), "ad": ("DELETE", "OLD")}


def _sqlite_row(row: str) -> str:
    """The town's row, made if missing (not INSERT OR IGNORE: in a trigger, the conflict clause of
    the statement that fired it would take the place of IGNORE)."""
    return (
        f"INSERT INTO coding_revisions (town_id, revision, token) SELECT {row}.town_id, 0, random() "
        f"WHERE NOT EXISTS (SELECT 1 FROM coding_revisions WHERE town_id = {row}.town_id);"
    )


def _sqlite_triggers(table: str) -> list[str]:
    out = []
    for suffix, (operation, row) in OPERATIONS.items():
        out.append(
            f"CREATE TRIGGER {table}_rev_{suffix} AFTER {operation} ON {table} BEGIN "
            f"{_sqlite_row(row)} "
            f"UPDATE coding_revisions SET revision = revision + 1 WHERE town_id = {row}.town_id; END"
        )
    # an update that moves a row to another town changes both towns
    out.append(
        f"CREATE TRIGGER {table}_rev_am AFTER UPDATE OF town_id ON {table} WHEN OLD.town_id <> NEW.town_id BEGIN "
        f"{_sqlite_row('OLD')} "
        "UPDATE coding_revisions SET revision = revision + 1 WHERE town_id = OLD.town_id; END"
    )
    return out


PG_FUNCTION = """
CREATE FUNCTION townpaths_coding_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO coding_revisions (town_id, revision, token)
        VALUES (OLD.town_id, 1, floor(random() * 9007199254740991)::bigint)
        ON CONFLICT (town_id) DO UPDATE SET revision = coding_revisions.revision + 1;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.town_id IS DISTINCT FROM OLD.town_id) THEN
        INSERT INTO coding_revisions (town_id, revision, token)
        VALUES (NEW.town_id, 1, floor(random() * 9007199254740991)::bigint)
        ON CONFLICT (town_id) DO UPDATE SET revision = coding_revisions.revision + 1;
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    # No foreign key to towns: a town's deletion deletes its coding, whose triggers write here.
    op.create_table(
        "coding_revisions",
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("town_id", name="pk_coding_revisions"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("INSERT INTO coding_revisions (town_id, revision, token) SELECT id, 1, random() FROM towns")
        for table in TABLES:
            for statement in _sqlite_triggers(table):
                op.execute(statement)
    elif dialect == "postgresql":
        op.execute(
            "INSERT INTO coding_revisions (town_id, revision, token) "
            "SELECT id, 1, floor(random() * 9007199254740991)::bigint FROM towns"
        )
        op.execute(PG_FUNCTION)
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_rev AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION townpaths_coding_revision()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "sqlite":
            for suffix in (*OPERATIONS, "am"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_rev_{suffix}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_rev ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS townpaths_coding_revision()")
    op.drop_table("coding_revisions")
