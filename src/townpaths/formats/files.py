"""Files in and out: a whole input file read with its size checked first, and every output written
to a temporary file beside its target and moved into place, so a full disk, a read-only folder or
an interruption leaves the old file (or none) and never half a file.

Errors while writing are :class:`OSError` carrying the target's name (the command line shows them
as one line: ``Error: FILE: No space left on device``)."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from townpaths.core.errors import InputError


def size_text(n: int) -> str:
    """``52428800`` -> ``"50 MB"``; sizes under 1 MB in bytes."""
    mb = n / 1024**2
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"


def check_size(size: int, limit: int, file: str) -> None:
    if size > limit:
        raise InputError(f"file larger than {size_text(limit)} ({size} bytes)", file=file)


def check_input_file(path: Path | str, *, file: str | None = None) -> Path:
    """``path`` when it names a regular file (a symbolic link to one is followed); a missing file,
    a folder, a device (``/dev/zero``) or a pipe is an :class:`InputError` before anything is read."""
    path = Path(path)
    where = file if file is not None else str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("file not found", file=where) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc.__class__.__name__})", file=where) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("a folder, not a file", file=where)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a device, a pipe or a socket) refused", file=where)
    return path


def read_file(path: Path | str, limit: int, *, file: str | None = None) -> bytes:
    """The bytes of ``path``, refused before reading when larger than ``limit`` or not a regular file."""
    path = Path(path)
    where = file if file is not None else str(path)
    check_input_file(path, file=where)
    try:
        check_size(path.stat().st_size, limit, where)
        with path.open("rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced since it was checked
                raise InputError("not a regular file (a device, a pipe or a socket) refused", file=where)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc.__class__.__name__})", file=where) from None
    check_size(len(data), limit, where)  # it grew while being read
    return data


# --- writing --------------------------------------------------------------------------------------


def _renamed(exc: OSError, target: Path) -> OSError:
    """``exc`` naming ``target`` (not the temporary file the system refused to write)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(target))


def _temporary(target: Path, suffix: str = ".tmp") -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(target))
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such file or directory", str(target))


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to (by libraries that write by path); moved onto
    ``target`` when the block ends, removed when it fails. An :class:`OSError` names ``target``."""
    target = Path(target)
    _check_target(target)
    temporary = _temporary(target)
    try:
        yield temporary
        _sync(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        _remove(temporary)
        raise _renamed(exc, target) from None
    except BaseException:
        _remove(temporary)
        raise


def atomic_write(target: Path | str, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text as ``encoding``, ``\\n`` kept as is) to ``target`` all at once."""
    target = Path(target)
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    with atomic_path(target) as temporary, temporary.open("wb") as fh:
        fh.write(payload)
    return target


def _sync(path: Path) -> None:
    if path.is_file():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            for child in sorted(path.rglob("*"), reverse=True):
                child.rmdir() if child.is_dir() and not child.is_symlink() else child.unlink()
            path.rmdir()
        else:
            path.unlink()


@contextlib.contextmanager
def atomic_folder(target: Path | str) -> Iterator[Path]:
    """A temporary folder beside ``target`` to fill; when the block ends it becomes ``target`` (a
    new folder, or an empty one replaced), or, when ``target`` already holds files, each file is
    moved into it (replacing a file of the same name) after all were written. Removed on failure."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(target))
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such file or directory", str(target))
    temporary = _temporary(target, ".tmp.d")
    try:
        temporary.mkdir()
        yield temporary
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        if not target.exists():
            os.rename(temporary, target)
            return
        for path in sorted(p for p in temporary.rglob("*") if p.is_file()):
            destination = target / path.relative_to(temporary)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)
        _remove(temporary)
    except OSError as exc:
        _remove(temporary)
        raise _renamed(exc, target) from None
    except BaseException:
        _remove(temporary)
        raise
