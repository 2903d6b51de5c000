"""File formats of the study (depend on its core and the shared toolkit only)."""
