"""Internal errors (bugs) of a command: one line for the user, the traceback in a log file.

The log is ``townpaths-error.log`` in the user's state folder (``$XDG_STATE_HOME/townpaths``,
by default ``~/.local/state/townpaths``), or the file ``TOWNPATHS_ERROR_LOG`` names; when neither
can be written, the system's temporary folder. Each entry holds the time, the version, the
command line and the traceback; a log over :data:`MAX_LOG_BYTES` is moved to ``.1`` first.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import sysconfig
import tempfile
import traceback
from pathlib import Path

from townpaths import __version__

ENV = "TOWNPATHS_ERROR_LOG"
LOG_NAME = "townpaths-error.log"
MAX_LOG_BYTES = 1024**2
#: Exit code of an internal error (``EX_SOFTWARE`` of sysexits.h).
INTERNAL_EXIT_CODE = 70
#: Exit code when the user interrupts a command (Ctrl-C).
INTERRUPTED_EXIT_CODE = 130
PACKAGE = Path(__file__).resolve().parents[1]
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def error_log_path() -> Path:
    """Where the traceback of an internal error is written first."""
    explicit = os.environ.get(ENV)
    if explicit:
        return Path(explicit).expanduser()
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "townpaths" / LOG_NAME


def write_entry(exc: BaseException, command: str) -> Path | None:
    """Append the traceback of ``exc`` to the error log; the path written, or ``None`` if no log
    could be written at all."""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    entry = (
        f"=== {stamp} townpaths {__version__}, Python {sys.version.split()[0]}\n"
        f"command: {command}\n" + "".join(traceback.format_exception(exc)) + "\n"
    )
    for path in (error_log_path(), Path(tempfile.gettempdir()) / LOG_NAME):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and path.stat().st_size > MAX_LOG_BYTES:
                os.replace(path, path.with_name(path.name + ".1"))
            with path.open("a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(entry)
            return path
        except OSError:
            continue
    return None


def where(exc: BaseException) -> str:
    """``module.py:line`` of the innermost frame of the error's traceback in code of townpaths or
    of a plug-in (frames of the standard library and installed libraries are skipped)."""
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(PACKAGE):
            found = f"{path.relative_to(PACKAGE.parent)}:{frame.lineno}"
        elif not _library(path):
            found = f"{'/'.join(path.parts[-3:])}:{frame.lineno}"
    return found or "unknown place"


def _library(path: Path) -> bool:
    """Whether ``path`` is a file of the standard library or of an installed package."""
    return (
        bool({"site-packages", "dist-packages"} & set(path.parts)) or path.is_relative_to(STDLIB) or not path.is_file()
    )


def summary(exc: BaseException, command: str, log: Path | None) -> str:
    """The one line a user sees for an internal error: what failed, where, why, and the log."""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    why = f"{exc.__class__.__name__}{': ' + detail if detail else ''}"
    kept = f"the traceback is in {log}" if log is not None else "no error log could be written"
    return (
        f"internal error in `{command}` ({why}, at {where(exc)}); nothing was saved. "
        f"This is a bug in townpaths: please report it; {kept}"
    )
