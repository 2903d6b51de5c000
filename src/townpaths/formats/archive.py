"""The one guard every ZIP goes through (case bundles, REFI-QDA packages, DOCX, ODT, XLSX, media ZIPs).

:class:`SafeZip` checks the whole directory before anything is read: the number of files, each
file's and the total unpacked size, the compression ratio of large files (zip bombs), and names
that would leave a folder (``../x``, ``/etc/x``, ``C:\\x``, duplicates). Reading a file never
returns more than its declared size. Everything wrong is an :class:`InputError` naming the
archive and the file inside it; no ``zipfile`` or ``zlib`` error escapes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import BinaryIO, Self

from townpaths.core.errors import InputError

MB = 1024**2
_DRIVE = re.compile(r"^[A-Za-z]:")
_EOCD = b"PK\x05\x06"


@dataclass(frozen=True)
class ZipLimits:
    """Limits of one archive; ``ratio`` (unpacked / packed) is checked for files over ``ratio_from`` bytes."""

    members: int = 10_000
    member_bytes: int = 512 * MB
    total_bytes: int = 2048 * MB
    ratio: int = 200
    ratio_from: int = 1 * MB


class NotAZip(InputError):
    """The bytes are not a ZIP archive at all (callers may say what they expected instead)."""


def member_name(name: str) -> str | None:
    """The normalised name of a ZIP member (``/`` separators, no ``.`` parts), or ``None`` when
    the name would leave the folder it is unpacked in: absolute, a drive letter, ``..``, NUL."""
    posix = name.replace("\\", "/")
    if not posix or "\x00" in posix or posix.startswith("/") or _DRIVE.match(posix):
        return None
    pure = PurePosixPath(posix)
    if ".." in pure.parts or not pure.parts:
        return None
    return str(pure)


class SafeZip:
    """A ZIP archive opened with limits. ``source`` is the archive's bytes or a path; ``where``
    names it in messages (default: the path); ``kind`` says what it is (``"workbook"``,
    ``".qdpx package"``...); ``ignore_case`` makes lookups case-insensitive."""

    def __init__(
        self,
        source: bytes | Path | str,
        where: str | None = None,
        *,
        kind: str = "ZIP file",
        limits: ZipLimits | None = None,
        ignore_case: bool = False,
    ) -> None:
        in_memory = isinstance(source, bytes | bytearray | memoryview)
        self.where = where if where is not None else (kind if in_memory else str(source))
        self.kind = kind
        self.limits = limits or ZipLimits()
        self.ignore_case = ignore_case
        try:
            if in_memory:
                handle = io.BytesIO(bytes(source))  # type: ignore[arg-type]
                self._check_entry_count(handle)
                self._zip = zipfile.ZipFile(handle)
            else:
                path = Path(source)  # type: ignore[arg-type]
                if not path.is_file():
                    raise InputError(f"no such {kind}", file=self.where)
                with path.open("rb") as fh:
                    self._check_entry_count(fh)
                self._zip = zipfile.ZipFile(path)  # owns (and closes) its file
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
            struct.error,
        ):
            raise NotAZip(f"not a {kind} (not a ZIP file)", file=self.where) from None
        try:
            self._index()
        except InputError:
            self.close()
            raise

    def _check_entry_count(self, handle: BinaryIO) -> None:
        """Refuse too many files from the end record, before the directory is parsed."""
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
        handle.seek(max(size - 65_557, 0))
        tail = handle.read()
        handle.seek(0)
        at = tail.rfind(_EOCD)
        if at >= 0 and len(tail) >= at + 22 and struct.unpack("<H", tail[at + 20 : at + 22])[0] == len(tail) - at - 22:
            count = struct.unpack("<H", tail[at + 10 : at + 12])[0]
            if count != 0xFFFF and count > self.limits.members:
                raise InputError(
                    f"too many files in the {self.kind} ({count}, at most {self.limits.members})", file=self.where
                )

    def _index(self) -> None:
        limits, infos = self.limits, self._zip.infolist()
        if len(infos) > limits.members:
            raise InputError(
                f"too many files in the {self.kind} ({len(infos)}, at most {limits.members})", file=self.where
            )
        self._members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = member_name(info.filename)
            if name is None:
                raise InputError(
                    f"unsafe path in the {self.kind} (path traversal or absolute path)",
                    file=self.where,
                    value=info.filename,
                )
            if info.is_dir():
                continue
            if info.file_size > limits.member_bytes:
                raise InputError(
                    f"file too large in the {self.kind} ({info.file_size} bytes unpacked, at most "
                    f"{limits.member_bytes})",
                    file=self.where,
                    value=info.filename,
                )
            if info.file_size > limits.ratio_from and info.file_size > limits.ratio * max(info.compress_size, 1):
                raise InputError(
                    f"suspicious compression ratio in the {self.kind} (zip bomb?): {info.file_size} "
                    f"bytes packed into {info.compress_size}",
                    file=self.where,
                    value=info.filename,
                )
            total += info.file_size
            if total > limits.total_bytes:
                raise InputError(f"the {self.kind} unpacks to more than {limits.total_bytes} bytes", file=self.where)
            key = self._key(name)
            if key in self._members:
                raise InputError(f"the same file twice in the {self.kind}", file=self.where, value=info.filename)
            self._members[key] = info
        self.total_bytes = total

    def _key(self, name: str) -> str:
        normal = member_name(name) or name
        return normal.lower() if self.ignore_case else normal

    # --- reading ------------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """The files of the archive (folders left out), as stored."""
        return [info.filename for info in self._members.values()]

    def infos(self) -> list[zipfile.ZipInfo]:
        return list(self._members.values())

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self._members.get(self._key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.info(name) is not None

    def get(self, name: str) -> bytes | None:
        """The content of ``name``, or ``None`` when the archive has no such file."""
        info = self.info(name)
        return None if info is None else self.read_info(info)

    def read(self, name: str) -> bytes:
        """The content of ``name``; a missing file is an :class:`InputError`."""
        info = self.info(name)
        if info is None:
            raise InputError(f"file missing from the {self.kind}", file=self.where, value=name)
        return self.read_info(info)

    def read_info(self, info: zipfile.ZipInfo) -> bytes:
        if info.flag_bits & 0x1:
            raise InputError(f"encrypted file in the {self.kind} (not supported)", file=self.where, value=info.filename)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            RuntimeError,
            NotImplementedError,
            ValueError,
        ) as exc:
            raise InputError(
                f"damaged file in the {self.kind} ({exc.__class__.__name__}: {exc})",
                file=self.where,
                value=info.filename,
            ) from None
        if len(data) > info.file_size:
            raise InputError(f"file in the {self.kind} longer than declared", file=self.where, value=info.filename)
        return data

    # --- lifetime -----------------------------------------------------------------------------------

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
