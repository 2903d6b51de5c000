"""The I/O toolkit shared by every study: tables (CSV/XLSX), archives, text extraction.
Depends on :mod:`townpaths.core` only."""
