"""The I/O toolkit shared by every study. Depends on :mod:`townpaths.core` only, and knows no study.

* :mod:`~townpaths.formats.encoding` - text bytes to ``str``: UTF-8, UTF-16 with a BOM, plausible
  Windows-1250; anything else (and mojibake) refused.
* :mod:`~townpaths.formats.archive` - :class:`~townpaths.formats.archive.SafeZip`, the one ZIP guard.
* :mod:`~townpaths.formats.tables` - the one CSV/XLSX reader (path or bytes) and the formula-safe writer.
* :mod:`~townpaths.formats.text` - title and text of TXT, DOCX, ODT, PDF and HTML.
* :mod:`~townpaths.formats.xmlsafe` - untrusted XML through defusedxml.
* :mod:`~townpaths.formats.jsonsafe` - untrusted JSON: size, depth and numbers checked.
* :mod:`~townpaths.formats.files` - a whole file read with its size checked first, and every
  output written beside its target and moved into place (no half file on a full disk).

Every reader raises :class:`~townpaths.core.errors.InputError` (one line: file, row, column,
value, reason) and nothing else for bad input.
"""
