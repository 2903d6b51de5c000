"""study texts: what a study says of a symbol type besides its named examples, and the Slovene
texts of an innovation's social need and of its actors

``symbol_types.note_en``/``note_sl``: the study's words on the type when it names no example or
only some (the Velenje article mentions architecture, souvenirs and popular culture without naming
an example, and seven exhibition spaces of which it names two). ``innovations.social_need_sl`` and
``innovation_actors.name_sl``/``role_sl``: the Slovene text beside the one in ``social_need``,
``name`` and ``role``.

Revision ID: t15a
Revises: 0011_search
Create Date: 2026-12-06 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "t15a"
down_revision = "0011_search"
branch_labels = None
depends_on = None

#: table -> the columns this revision adds (all optional text)
ADDED = {
    "symbol_types": ("note_en", "note_sl"),
    "innovations": ("social_need_sl",),
    "innovation_actors": ("name_sl", "role_sl"),
}


def upgrade() -> None:
    for table, columns in ADDED.items():
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            for name in columns:
                batch_op.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    for table, columns in ADDED.items():
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            for name in reversed(columns):
                batch_op.drop_column(name)
