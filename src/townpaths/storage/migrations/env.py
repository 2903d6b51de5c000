"""Alembic environment: runs on the connection that :class:`townpaths.storage.Database` hands in."""

from alembic import context

from townpaths.storage.db import is_modelled
from townpaths.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand
    from townpaths.storage.db import Database

    connection = Database(upgrade=False).engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=is_modelled,
)
with context.begin_transaction():
    context.run_migrations()
