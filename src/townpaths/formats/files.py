"""Reading a whole input file with its size checked first."""

from __future__ import annotations

from pathlib import Path

from townpaths.core.errors import InputError


def size_text(n: int) -> str:
    """``52428800`` -> ``"50 MB"``; sizes under 1 MB in bytes."""
    mb = n / 1024**2
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"


def check_size(size: int, limit: int, file: str) -> None:
    if size > limit:
        raise InputError(f"file larger than {size_text(limit)} ({size} bytes)", file=file)


def read_file(path: Path | str, limit: int, *, file: str | None = None) -> bytes:
    """The bytes of ``path``, refused before reading when larger than ``limit``."""
    path = Path(path)
    where = file if file is not None else str(path)
    if not path.is_file():
        raise InputError("file not found", file=where)
    try:
        check_size(path.stat().st_size, limit, where)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc.__class__.__name__})", file=where) from None
    check_size(len(data), limit, where)  # it grew while being read
    return data
