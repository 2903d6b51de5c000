"""symbols and documents: per-study ordinal scales, the document lexicon and scan results

Revision ID: 0004
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def _town_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["town_id"], ["towns.id"], name=op.f(f"fk_{table}_town_id_towns"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "symbol_scales",
        sa.Column("scale", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label_en", sa.Text(), nullable=False),
        sa.Column("label_sl", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        _town_fk("symbol_scales"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_symbol_scales")),
        sa.UniqueConstraint("town_id", "scale", "key", name=op.f("uq_symbol_scales_town_id")),
    )
    with op.batch_alter_table("symbol_scales", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_symbol_scales_town_id"), ["town_id"], unique=False)

    op.create_table(
        "document_terms",
        sa.Column("group", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        _town_fk("document_terms"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_terms")),
    )
    with op.batch_alter_table("document_terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_terms_town_id"), ["town_id"], unique=False)

    op.create_table(
        "document_scans",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("per_1000", sa.Double(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_scans_document_id_documents"), ondelete="CASCADE"
        ),
        _town_fk("document_scans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_scans")),
        sa.UniqueConstraint("document_id", "category", name=op.f("uq_document_scans_document_id")),
    )
    with op.batch_alter_table("document_scans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_scans_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_scans_town_id"), ["town_id"], unique=False)


def downgrade() -> None:
    op.drop_table("document_scans")
    op.drop_table("document_terms")
    op.drop_table("symbol_scales")
