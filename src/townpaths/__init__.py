"""townpaths: evidence-based, participatory research on industrial towns."""

__version__ = "0.1.0"

__all__ = ["__version__"]
