"""Folders the system refuses to write to: a full disk and a read-only one.

As root on Linux these are real small file systems (a tmpfs filled to the last page, a tmpfs
mounted read-only). Where mounting is not allowed (an unprivileged container) a full disk cannot
be made (tests needing one skip, saying so; a file size limit would also stop the temporary files
of the libraries, which a full disk elsewhere would not), and a read-only folder is ``/sys``
(which takes no new files). Either way the command under test meets a refusal from the kernel,
not a stand-in."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path


def _mount(folder: Path, options: str) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, check=False
    )
    return done.returncode == 0


@cache
def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root with the capability to mount);
    ``TOWNPATHS_TEST_NO_MOUNT=1`` says no, to run the tests the way an unprivileged machine does."""
    if os.environ.get("TOWNPATHS_TEST_NO_MOUNT"):
        return False
    with tempfile.TemporaryDirectory() as folder:
        if _mount(Path(folder), "size=4k"):
            _unmount(Path(folder))
            return True
    return False


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def _fill(folder: Path) -> None:
    """Write to ``folder`` until the file system has no page left."""
    with (folder / "filler").open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise


@contextlib.contextmanager
def full_disk(folder: Path, files: Mapping[str, bytes] | None = None) -> Iterator[Path]:
    """A folder holding ``files`` on a file system with no page left, for the time of the block
    (see :func:`can_mount`)."""
    target = folder / "full"
    target.mkdir()
    if not _mount(target, "size=64k"):
        raise RuntimeError("cannot mount a tmpfs: check can_mount() first")
    try:
        for name, content in (files or {}).items():
            (target / name).write_bytes(content)
        _fill(target)
        yield target
    finally:
        _unmount(target)


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """A folder in which no file can be created, for the time of the block."""
    target = folder / "read-only"
    target.mkdir()
    if can_mount() and _mount(target, "size=64k,ro"):
        try:
            yield target
        finally:
            _unmount(target)
        return
    yield Path("/sys")
