"""``townpaths users`` and ``townpaths towns public``: accounts, one-time links, roles, public parts."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.support.cli import run
from townpaths.cli.main import app
from townpaths.people import service
from townpaths.storage import Database


def _stdin(*args: str, text: str, code: int = 0):
    result = CliRunner().invoke(app, list(args), input=text)
    assert result.exit_code == code, (result.output, result.exception)
    return result


def test_add_with_a_password_or_a_link(velenje_sqlite: Database) -> None:
    db = ["--db", velenje_sqlite.url]
    added = _stdin(
        "users",
        "add",
        "Ana@Example.org",
        "--name",
        "Ana Novak",
        "--password-stdin",
        *db,
        text="correct horse battery\n",
    )
    assert added.stdout == "Created the account ana@example.org\n"
    assert "correct horse" not in added.output  # a password is never printed
    assert service.authenticate(velenje_sqlite, "ana@example.org", "correct horse battery").name == "Ana Novak"
    weak = _stdin("users", "add", "bor@example.org", "--name", "Bor", "--password-stdin", *db, text="short\n", code=3)
    assert weak.stderr == "Error: field 'password': use at least 10 characters\n"
    empty = _stdin("users", "add", "bor@example.org", "--name", "Bor", "--password-stdin", *db, text="", code=3)
    assert empty.stderr == "Error: field '--password-stdin': no password on standard input\n"
    out = json.loads(
        run(
            "users",
            "add",
            "bor@example.org",
            "--name",
            "Bor",
            "--admin",
            "--base-url",
            "https://t.example/",
            *db,
            "--format",
            "json",
        ).output
    )
    link = out.pop("set_password_link")
    assert out == {
        "email": "bor@example.org",
        "name": "Bor",
        "admin": True,
        "disabled": False,
        "password_set": False,
        "roles": {},
        "last_login_at": None,
    }
    assert link.startswith("https://t.example/set-password?token=")
    assert service.link_account(velenje_sqlite, link.split("token=")[1]) == {"email": "bor@example.org", "name": "Bor"}
    lines = run("users", "add", "cene@example.org", "--name", "Cene", *db).output.splitlines()
    assert lines[0] == "Created the account cene@example.org"
    assert lines[1].startswith("One-time link to set the password (valid 3 days, hand it over privately): http://")
    r = run("users", "add", "ana@example.org", "--name", "Ana", *db, code=2)
    assert r.stderr == "Error: an account 'ana@example.org' exists already\n"
    assert run("users", "add", "not-an-address", "--name", "X", *db, code=3).stderr == (
        "Error: field 'email', value 'not-an-address': not an e-mail address\n"
    )


def test_roles_reset_disable_and_list(velenje_sqlite: Database) -> None:
    db = ["--db", velenje_sqlite.url]
    _stdin(
        "users", "add", "ana@example.org", "--name", "Ana Novak", "--password-stdin", *db, text="correct horse battery"
    )
    assert run("users", "grant", "ana@example.org", "--town", "velenje", "--role", "owner", *db).output == (
        "ana@example.org: velenje: owner\n"
    )
    r = run("users", "grant", "ana@example.org", "--town", "velenje", "--role", "boss", *db, code=3)
    assert r.stderr.startswith("Error: field 'role', value 'boss': unknown role (use one of: owner, researcher")
    assert (
        run("users", "list", *db).output == "ana@example.org                  Ana Novak                velenje: owner\n"
    )
    assert run("users", "list", *db, "--format", "csv").output.splitlines() == [
        "email,name,admin,disabled,password_set,roles.velenje,last_login_at",
        "ana@example.org,Ana Novak,false,false,true,owner,",
    ]
    link = json.loads(run("users", "reset", "ana@example.org", *db, "--format", "json").output)["set_password_link"]
    assert link.startswith("http://127.0.0.1:8000/set-password?token=")
    assert run("users", "list", *db).output.endswith("(no password yet)\n")
    assert run("users", "disable", "ana@example.org", *db).output == "Disabled ana@example.org\n"
    assert "disabled" in run("users", "list", *db).output
    assert run("users", "enable", "ana@example.org", *db).output == "Enabled ana@example.org\n"
    assert run("users", "revoke", "ana@example.org", "--town", "velenje", *db).output == "ana@example.org: no role\n"
    assert run("users", "revoke", "ana@example.org", "--town", "velenje", *db, code=5).stderr == (
        "Error: ana@example.org has no role in velenje\n"
    )
    assert run("users", "reset", "nobody@example.org", *db, code=5).stderr == "Error: no account 'nobody@example.org'\n"


def test_towns_public(velenje_sqlite: Database) -> None:
    db = ["--db", velenje_sqlite.url]
    assert run("towns", "public", "velenje", *db).output == "velenje: report, innovations, join\n"
    assert run("towns", "public", "Velenje", "--parts", "map,report", *db).output == "velenje: report, map\n"
    assert json.loads(run("towns", "public", "velenje", "--parts", "", *db, "--format", "json").output) == {
        "town": "velenje",
        "public_parts": [],
    }
    r = run("towns", "public", "velenje", "--parts", "report,tables", *db, code=3)
    assert r.stderr == (
        "Error: field 'parts', value 'tables': unknown public part (use any of: report, innovations, map, join)\n"
    )
    assert json.loads(run("towns", *db, "--format", "json").output)[0]["slug"] == "velenje"  # the list still works
