"""townpaths: evidence-based, participatory research on industrial towns.

The public API is loaded on first use, so ``import townpaths.ranking`` (a pure library) does not
load the database layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Case", "__version__", "compare", "open_case"]

if TYPE_CHECKING:
    import os

    import pandas as pd

    from townpaths.cases.case import Case, open_case
    from townpaths.storage import Database


def compare(
    towns: list[str], db: str | os.PathLike[str] | Database | None = None, lang: str = "en"
) -> dict[str, pd.DataFrame]:
    """Compare two or more towns of one database (slugs or names): every study's comparison as a
    DataFrame by its key (``symbols-categories``, ``problems-tau`` ...), and ``summary``, the
    statements of each pair of towns with the numbers they rest on. ``db`` as for
    :func:`open_case`; texts in ``lang`` (``en`` or ``sl``), each with the language it is in.

    >>> frames = townpaths.compare(["velenje", "kajaani"], db="townpaths.sqlite3")  # doctest: +SKIP
    >>> frames["problems-tau"][["town", "other", "ranked", "tau"]]                   # doctest: +SKIP
    """
    from townpaths.comparison.build import compare_towns
    from townpaths.comparison.frames import frames
    from townpaths.storage import Database

    database = db if isinstance(db, Database) else Database(db)
    return frames(compare_towns(database, towns), lang)


def __getattr__(name: str) -> Any:
    if name in ("Case", "open_case"):
        from townpaths.cases import case

        return getattr(case, name)
    raise AttributeError(f"module 'townpaths' has no attribute {name!r}")
