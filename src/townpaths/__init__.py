"""townpaths: evidence-based, participatory research on industrial towns.

The public API is loaded on first use, so ``import townpaths.ranking`` (a pure library) does not
load the database layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Case", "__version__", "open_case"]

if TYPE_CHECKING:
    from townpaths.cases.case import Case, open_case


def __getattr__(name: str) -> Any:
    if name in ("Case", "open_case"):
        from townpaths.cases import case

        return getattr(case, name)
    raise AttributeError(f"module 'townpaths' has no attribute {name!r}")
