"""``townpaths serve``: checks before it starts, never shows a database password or the secret key,
the public address in shared links, the API's description only when asked."""

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
from tests.support.serve import Serve
from townpaths.cases.towns import load_velenje
from townpaths.storage import Database
from townpaths.storage.site import SECRET_KEY, setting
from townpaths.studies.workshop import service


def test_refuses_before_starting(tmp_path: Path) -> None:
    bad = run("serve", "--db", tmp_path / "s.sqlite3", "--lang", "de", code=2)
    assert bad.stderr == "Error: unknown language 'de' (use one of: en, sl)\n"
    assert not (tmp_path / "s.sqlite3").exists()
    down = run("serve", "--db", "postgresql://ana:s3cret@127.0.0.1:1/none", code=4)
    assert down.stdout == "" and down.stderr.startswith(
        "Error: cannot reach database postgresql+psycopg://ana:***@127.0.0.1:1/none: "
    )
    assert "s3cret" not in down.output
    url = run("serve", "--db", tmp_path / "s.sqlite3", "--public-url", "towns.example.org", code=3)
    assert url.stderr == (
        "Error: field '--public-url', value 'towns.example.org': not a public address: use "
        "http(s)://host[:port][/prefix]\n"
    )
    proxies = run("serve", "--db", tmp_path / "s.sqlite3", "--forwarded-allow-ips", "127.0.0.1,proxy", code=3)
    assert proxies.stderr == (
        "Error: field '--forwarded-allow-ips', value 'proxy': not an IP address or network "
        "(e.g. 127.0.0.1, 10.0.0.0/8, *)\n"
    )
    tiles = run(
        "serve", "--db", tmp_path / "s.sqlite3", "--map-tiles", "https://{s}.tiles.example.org/{z}/{x}/{y}", code=3
    )
    assert tiles.stderr == (
        "Error: field '--map-tiles', value 'https://{s}.tiles.example.org/{z}/{x}/{y}': one tile host only: "
        "name it instead of {s}\n"
    )
    assert not (tmp_path / "s.sqlite3").exists()


@pytest.mark.slow
def test_public_address_in_links_and_the_secret_is_never_printed(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.sqlite3")
    load_velenje(db)
    created = service.create_workshop(db, "velenje", rounds="individual")
    server = Serve(tmp_path / "s.sqlite3", "--public-url", "http://192.168.1.20:8000/", "--api-docs").start()
    try:
        with urllib.request.urlopen(f"{server.url}/room/{created.room_code}/screen", timeout=10) as response:
            screen = response.read().decode()
            headers = response.headers
        with urllib.request.urlopen(f"{server.url}/api/docs", timeout=10) as response:
            assert response.status == 200
    finally:
        err = server.stop()
    assert f"<strong>http://192.168.1.20:8000/join?code={created.room_code}</strong>" in screen
    assert headers["content-security-policy"].endswith("frame-ancestors 'none'") and headers["server"] is None
    assert server.banner == [
        f"townpaths on http://127.0.0.1:{server.port}/ (database sqlite:///{tmp_path / 's.sqlite3'})\n",
        "public address http://192.168.1.20:8000/\n",
    ]
    secret = setting(db, SECRET_KEY)
    assert secret and secret not in "".join(server.banner) + err
    db.dispose()


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
