"""Storage: the one layer that owns connections, transactions and the schema."""

from townpaths.storage.db import Database, resolve_url

__all__ = ["Database", "resolve_url"]
