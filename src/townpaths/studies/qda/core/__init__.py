"""Pure logic of the study (no database, files or web)."""
