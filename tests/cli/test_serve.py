"""``townpaths serve``: checks before it starts, and never shows a database password."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.cli import run
from tests.support.pg import free_port


def test_refuses_before_starting(tmp_path: Path) -> None:
    bad = run("serve", "--db", tmp_path / "s.sqlite3", "--lang", "de", code=2)
    assert bad.stderr == "Error: unknown language 'de' (use one of: en, sl)\n"
    assert not (tmp_path / "s.sqlite3").exists()
    down = run("serve", "--db", "postgresql://ana:s3cret@127.0.0.1:1/none", code=4)
    assert down.stdout == "" and down.stderr.startswith(
        "Error: cannot reach database postgresql+psycopg://ana:***@127.0.0.1:1/none: "
    )
    assert "s3cret" not in down.output


@pytest.mark.postgres
def test_banner_hides_the_password(pg_server) -> None:
    """A server runs in its own process; the (trust-authenticated) test cluster ignores the password."""
    url = make_url(pg_server.create_database()).set(password="s3cret").render_as_string(hide_password=False)
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "townpaths.cli.main", "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        banner = proc.stdout.readline()
        shown = make_url(url).render_as_string(hide_password=True)
        assert banner == f"townpaths on http://127.0.0.1:{port}/ (database {shown})\n"
        assert "s3cret" not in banner and "***" in shown
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
                time.sleep(0.1)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "s3cret" not in err
