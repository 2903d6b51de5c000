"""authoring: provenance on every authorable record, symbols.name -> name_en, the town's study
settings, narrative_segments

Every record a study authors says where it comes from (``provenance``: study, default, computed,
inferred, fictional; ``provenance_note``: the study's page or section, or the researcher's reason).
``evidence.origin`` becomes the evidence's provenance, the ``fictional`` flags of interviews and
interviewees become provenance ``fictional``. Symbols get an English and a Slovene name and a key
in their town (``external_id``: ``symbol-<id>`` where there was none). Evidence without a key gets
``evidence-<id>``. Towns get a Slovene name, the study's citation, period and languages.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:12:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: Tables whose records carry their provenance.
PROVENANCED = (
    "symbol_categories",
    "symbol_types",
    "symbols",
    "documents",
    "interviewees",
    "interviews",
    "narratives",
    "periods",
    "innovations",
    "innovation_actors",
    "problems",
    "solutions",
    "dualities",
    "facts",
    "evidence",
    "codes",
    "sustainability_indicators",
)

#: SQLite: the full-text triggers of interviews (revision q5a1) are made again after the column is
#: dropped (SQLite checks every trigger of the table when a column goes).
SQLITE_TRIGGERS = [
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
SQLITE_TRIGGER_DROP = [
    "DROP TRIGGER IF EXISTS interviews_fts_ai",
    "DROP TRIGGER IF EXISTS interviews_fts_ad",
    "DROP TRIGGER IF EXISTS interviews_fts_au",
]


# Every change is an ALTER TABLE in place (``recreate="never"``), on SQLite too (3.35 or newer drops
# and renames columns): copying a table that others refer to would, with foreign keys on, delete the
# rows that refer to it.


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    for name in PROVENANCED:
        with op.batch_alter_table(name, schema=None, recreate="never") as batch_op:
            batch_op.add_column(sa.Column("provenance", sa.String(length=20), server_default="study", nullable=False))
            batch_op.add_column(sa.Column("provenance_note", sa.Text(), nullable=True))

    # evidence: its origin (study | computed) is its provenance; every item gets a key
    op.execute("UPDATE evidence SET provenance = origin WHERE origin IS NOT NULL")
    op.execute("UPDATE evidence SET key = 'evidence-' || id WHERE key IS NULL")
    with op.batch_alter_table("evidence", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("origin")

    # fictional examples: provenance instead of a flag
    op.execute("UPDATE interviewees SET provenance = 'fictional' WHERE fictional")
    op.execute("UPDATE interviews SET provenance = 'fictional' WHERE fictional")
    with op.batch_alter_table("interviewees", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("fictional")
    if _sqlite():
        for statement in SQLITE_TRIGGER_DROP:
            op.execute(statement)
    with op.batch_alter_table("interviews", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("fictional")
    if _sqlite():
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)

    # symbols: an English name beside the Slovene one, and a key in the town
    op.execute("UPDATE symbols SET external_id = 'symbol-' || id WHERE external_id IS NULL")
    with op.batch_alter_table("symbols", schema=None, recreate="never") as batch_op:
        batch_op.alter_column("name", new_column_name="name_en", existing_type=sa.Text(), existing_nullable=False)
        batch_op.create_index("ux_symbols_town_external_id", ["town_id", "external_id"], unique=True)

    # the town's study: its name in Slovene, the citation, the period, the languages
    with op.batch_alter_table("towns", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("name_sl", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("citation", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("study_start_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("study_end_year", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("languages", sa.JSON(), nullable=False, server_default=sa.text('\'["sl", "en"]\''))
        )
    op.execute(
        "UPDATE towns SET name_sl = 'Velenje', citation = source, study_start_year = 2017, study_end_year = 2020 "
        "WHERE slug = 'velenje' AND is_example"
    )

    op.create_table(
        "narrative_segments",
        sa.Column("narrative_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["narrative_id"],
            ["narratives.id"],
            name=op.f("fk_narrative_segments_narrative_id_narratives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["coded_segments.id"],
            name=op.f("fk_narrative_segments_segment_id_coded_segments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["towns.id"], name=op.f("fk_narrative_segments_town_id_towns"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative_segments")),
        sa.UniqueConstraint("narrative_id", "segment_id", name=op.f("uq_narrative_segments_narrative_id")),
    )
    with op.batch_alter_table("narrative_segments", schema=None, recreate="never") as batch_op:
        batch_op.create_index(batch_op.f("ix_narrative_segments_narrative_id"), ["narrative_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_narrative_segments_segment_id"), ["segment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_narrative_segments_town_id"), ["town_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("narrative_segments", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_narrative_segments_town_id"))
        batch_op.drop_index(batch_op.f("ix_narrative_segments_segment_id"))
        batch_op.drop_index(batch_op.f("ix_narrative_segments_narrative_id"))
    op.drop_table("narrative_segments")

    with op.batch_alter_table("towns", schema=None, recreate="never") as batch_op:
        for name in ("languages", "study_end_year", "study_start_year", "citation", "name_sl"):
            batch_op.drop_column(name)

    with op.batch_alter_table("symbols", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ux_symbols_town_external_id")
        batch_op.alter_column("name_en", new_column_name="name", existing_type=sa.Text(), existing_nullable=False)

    with op.batch_alter_table("interviewees", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("fictional", sa.Boolean(), nullable=False, server_default=sa.false()))
    if _sqlite():
        for statement in SQLITE_TRIGGER_DROP:
            op.execute(statement)
    with op.batch_alter_table("interviews", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("fictional", sa.Boolean(), nullable=False, server_default=sa.false()))
    if _sqlite():
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    op.execute("UPDATE interviewees SET fictional = true WHERE provenance = 'fictional'")
    op.execute("UPDATE interviews SET fictional = true WHERE provenance = 'fictional'")

    with op.batch_alter_table("evidence", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=20), nullable=False, server_default="study"))
    op.execute("UPDATE evidence SET origin = provenance WHERE provenance IN ('study', 'computed')")

    for name in reversed(PROVENANCED):
        with op.batch_alter_table(name, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("provenance_note")
            batch_op.drop_column("provenance")
