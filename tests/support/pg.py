"""A throwaway PostgreSQL cluster for the test session (Debian's postgresql, run as ``postgres``).

If ``TOWNPATHS_TEST_PG_URL`` is set (``postgresql://user@host:port/db``), that server is used
instead. Each test gets its own fresh database on the server.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"PostgreSQL's {name} not found: install Debian's postgresql package")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    folder: Path | None = None
    _counter: int = 0

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def create_database(self, prefix: str = "t") -> str:
        import psycopg

        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with psycopg.connect(
            f"host={self.host} port={self.port} user={self.user} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.folder is not None:
            subprocess.run(
                _as_postgres([_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"]),
                capture_output=True,
                check=False,
            )
            shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PgServer:
    external = os.environ.get("TOWNPATHS_TEST_PG_URL")
    if external:
        from sqlalchemy.engine import make_url

        u = make_url(external)
        return PgServer(u.host or "127.0.0.1", u.port or 5432, u.username or "postgres")
    folder = Path(tempfile.mkdtemp(prefix="townpaths-pg-"))
    os.chmod(folder, 0o755)
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                _bin("initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    port = free_port()
    opts = (
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_postgres([_bin("pg_ctl"), "-D", str(data), "-o", opts, "-l", str(folder / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    server = PgServer("127.0.0.1", port, "postgres", folder)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("PostgreSQL did not start")
