"""towns: the study's title in each language (the report's subtitle)

A town's report is titled from its own settings; the shipped Velenje case keeps the title of its
article.

Revision ID: 0013_towns
Revises: 0012_compare
Create Date: 2026-12-08 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_towns"
down_revision = "0012_compare"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("towns", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("title_en", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("title_sl", sa.Text(), nullable=True))
    op.execute(
        "UPDATE towns SET title_en = 'Industry and socialism: obstacles or drivers of the future development of Velenje', "
        "title_sl = 'Industrija in socializem: oviri ali gonili prihodnjega razvoja Velenja' "
        "WHERE slug = 'velenje' AND is_example"
    )


def downgrade() -> None:
    with op.batch_alter_table("towns", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("title_sl")
        batch_op.drop_column("title_en")
