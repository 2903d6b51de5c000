"""compare: a town's population, tags on narratives and problems, a compare key on indicators

Towns get their population and its year (comparisons give rates per 10,000 inhabitants).
Narratives and problems get ``tags`` (a JSON list of short theme keys, empty for every existing
row): towns align them by a tag in common. Sustainability indicators get ``compare_key``: the key
their dimension is matched by across towns once a researcher confirmed a mapping.

Revision ID: 0012_compare
Revises: 0009
Create Date: 2026-12-10 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_compare"
down_revision = "t15a"
branch_labels = None
depends_on = None

# Every change is an ALTER TABLE in place (``recreate="never"``), as in revision 0009: copying a
# table that others refer to would, with foreign keys on, delete the rows that refer to it.


def upgrade() -> None:
    with op.batch_alter_table("towns", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("population", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("population_year", sa.Integer(), nullable=True))
    for name in ("narratives", "problems"):
        with op.batch_alter_table(name, schema=None, recreate="never") as batch_op:
            batch_op.add_column(sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table("sustainability_indicators", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("compare_key", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sustainability_indicators", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("compare_key")
    for name in ("problems", "narratives"):
        with op.batch_alter_table(name, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("tags")
    with op.batch_alter_table("towns", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("population_year")
        batch_op.drop_column("population")
