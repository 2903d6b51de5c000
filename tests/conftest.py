"""Shared fixtures: databases (SQLite and a real PostgreSQL), the Velenje case, the web app,
a live server and a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from townpaths.cases.towns import load_velenje
from townpaths.storage import Database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


#: Markers applied by folder or file name, so a new test file cannot forget them.
BY_PATH = (("browser", lambda p: "browser" in p.name or "browser" in p.parts),)
#: Markers applied to every test that uses one of these fixtures.
BY_FIXTURE = {"browser": "browser", "pg_server": "postgres", "live_server": "slow"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath)).relative_to(REPO / "tests")
        for marker, applies in BY_PATH:
            if applies(path):
                item.add_marker(marker)
        for fixture, marker in BY_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared material (the study, REFI-QDA schemas, PrefLib elections). Missing it
    skips on a developer's machine but fails in CI (``CI`` set), so the strongest tests never
    silently stop running."""
    if not SHARED.is_dir():
        message = f"shared material not found at {SHARED}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set: tests that need it must run)")
        pytest.skip(message)
    return SHARED


@pytest.fixture(scope="session")
def pg_server():
    from tests.support.pg import start_server

    server = start_server()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: every test using it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return request.getfixturevalue("pg_server").create_database()


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A fresh SQLite database only (for tests that are not about storage)."""
    database = Database(tmp_path / "test.sqlite3")
    yield database
    database.dispose()


@pytest.fixture
def velenje(db: Database) -> Database:
    load_velenje(db)
    return db


@pytest.fixture
def velenje_sqlite(sqlite_db: Database) -> Database:
    load_velenje(sqlite_db)
    return sqlite_db


@pytest.fixture
def owner(velenje_sqlite: Database):
    """The owner of Velenje (an account without a password: tests sign it in by its session cookie)."""
    from tests.support.people import OWNER, person

    return person(velenje_sqlite, *OWNER, {"velenje": "owner"})


@pytest.fixture
def anonymous(velenje_sqlite: Database):
    """The web app over in-process HTTP, as a visitor who has not signed in."""
    from fastapi.testclient import TestClient

    from townpaths.web.app import Settings, create_app

    app = create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret"))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def client(velenje_sqlite: Database, owner):
    """The web app with the owner of Velenje signed in (for tests of features, not of access)."""
    from fastapi.testclient import TestClient

    from tests.support.people import sign_in
    from townpaths.web.app import Settings, create_app

    app = create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret"))
    with TestClient(app) as c:
        yield sign_in(c, owner)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    chromium = os.environ.get("TOWNPATHS_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"{chromium} not found: install Debian's chromium package (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def live_server(velenje_sqlite: Database):
    """The real app served by uvicorn on a free loopback port, in a background thread (nobody
    signed in: :func:`tests.support.people.browser_sign_in` signs a browser context in)."""
    from tests.support.server import LiveServer
    from townpaths.web.app import Settings, create_app

    server = LiveServer(create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret")))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def compared_towns_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with Velenje and the two fictional towns of the comparison of towns
    (tests/support/compared_towns.py), built once: tests use a copy (:func:`compared_sqlite`)."""
    from tests.support.compared_towns import build

    folder = tmp_path_factory.mktemp("compared-towns")
    path = folder / "towns.sqlite3"
    db = Database(path)
    load_velenje(db)
    build(db, folder)
    db.dispose()
    return path


@pytest.fixture
def compared_sqlite(compared_towns_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the compared towns' database of its own for the test."""
    import shutil

    path = tmp_path / "towns.sqlite3"
    shutil.copyfile(compared_towns_file, path)
    database = Database(path)
    yield database
    database.dispose()
