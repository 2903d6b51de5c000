"""``townpaths serve`` in a real subprocess, started and stopped like a server of an installation."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.pg import free_port


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a server started by hand: no ``TOWNPATHS_*`` variable (no secret key)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOWNPATHS_")}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


class Serve:
    """``python -m townpaths.cli.main serve --db DB --port PORT ARGS...``."""

    def __init__(self, db: str | Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.db, self.args, self.env = str(db), args, env if env is not None else clean_env()
        self.port = free_port()
        self.proc: subprocess.Popen[str] | None = None
        self.banner: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Serve:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "townpaths.cli.main",
                "serve",
                "--db",
                self.db,
                "--port",
                str(self.port),
                *self.args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/join", timeout=2) as response:
                    assert response.status == 200
                return self
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"townpaths serve did not start: {self.stop()}") from None
                time.sleep(0.1)

    def stop(self) -> str:
        """Stop the server; its stderr (what it printed on stdout is added to ``banner``)."""
        if self.proc is None:
            return ""
        self.proc.terminate()
        out, err = self.proc.communicate(timeout=30)
        self.banner.extend(out.splitlines(keepends=True))
        self.proc = None
        return err
