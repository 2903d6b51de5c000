"""townpaths: evidence-based, participatory research on industrial towns."""

from townpaths.cases.case import Case, open_case

__version__ = "0.1.0"

__all__ = ["Case", "__version__", "open_case"]
