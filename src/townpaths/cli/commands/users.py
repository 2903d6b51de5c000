"""``townpaths users``: accounts and their roles per town. No e-mail server is needed: a new account
(without ``--password-stdin``) and ``users reset`` print a one-time set-password link to hand over.
Passwords are read from standard input, never from the command line, and never printed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer

from townpaths.cli.common import DbOption, FormatOption, OutputFormat, emit
from townpaths.core.errors import InputError
from townpaths.people import service
from townpaths.people.core.roles import ROLES
from townpaths.people.core.tokens import TOKEN_LIFETIME
from townpaths.storage import Database

EmailArgument = Annotated[str, typer.Argument(help="The account's e-mail address.")]
BaseUrlOption = Annotated[str, typer.Option("--base-url", help="Where the web app is served (for the link).")]
TownRequired = Annotated[str, typer.Option("--town", help="Town (slug or name).")]


def password_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/set-password?token={token}"


def _read_password() -> str:
    """The first line of standard input (a password typed or piped in), without its line end."""
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise InputError("no password on standard input", field="--password-stdin")
    return password


def _roles(row: dict[str, Any]) -> str:
    return ", ".join(f"{town}: {role}" for town, role in row["roles"].items()) or "no role"


def _lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    for r in rows:
        flags = [f for f, on in (("admin", r["admin"]), ("disabled", r["disabled"])) if on]
        if not r["password_set"]:
            flags.append("no password yet")
        yield f"{r['email']:<32} {r['name']:<24} {_roles(r)}" + (f" ({', '.join(flags)})" if flags else "")


def register(app: typer.Typer) -> None:
    users = typer.Typer(help="Accounts and their roles per town.", no_args_is_help=True)
    app.add_typer(users, name="users")

    @users.command("add")
    def add(
        email: EmailArgument,
        name: Annotated[str, typer.Option("--name", help="The person's name, as pages show it.")],
        admin: Annotated[bool, typer.Option("--admin", help="May create towns and manage accounts.")] = False,
        password_stdin: Annotated[
            bool, typer.Option("--password-stdin", help="Read the password from standard input.")
        ] = False,
        base_url: BaseUrlOption = "http://127.0.0.1:8000",
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Create an account; without --password-stdin, print a one-time link to set the password."""
        password = _read_password() if password_stdin else None
        added = service.add_user(Database(db), email, name, password=password, admin=admin)
        link = password_link(base_url, added.token) if added.token else None
        result = {**added.account, "set_password_link": link}
        text = [f"Created the account {added.account['email']}"]
        if link:
            days = TOKEN_LIFETIME.days
            text.append(f"One-time link to set the password (valid {days} days, hand it over privately): {link}")
        emit(fmt, result, text)

    @users.command("list")
    def list_(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List the accounts with their roles."""
        rows = service.list_users(Database(db))
        emit(fmt, rows, _lines(rows), columns=["email", "name", "admin", "disabled", "password_set"])

    @users.command("reset")
    def reset(
        email: EmailArgument,
        base_url: BaseUrlOption = "http://127.0.0.1:8000",
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Forget the password, end the account's sessions and print a new one-time link."""
        link = password_link(base_url, service.reset_user(Database(db), email))
        emit(
            fmt,
            {"email": email.strip().lower(), "set_password_link": link},
            f"One-time link to set the password: {link}",
        )

    @users.command("disable")
    def disable(email: EmailArgument, db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Disable an account: it cannot sign in, its sessions end."""
        row = service.disable_user(Database(db), email)
        emit(fmt, row, f"Disabled {row['email']}")

    @users.command("enable")
    def enable(email: EmailArgument, db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Enable a disabled account again."""
        row = service.disable_user(Database(db), email, disabled=False)
        emit(fmt, row, f"Enabled {row['email']}")

    @users.command("grant")
    def grant(
        email: EmailArgument,
        town: TownRequired,
        role: Annotated[str, typer.Option("--role", help=" | ".join(ROLES))],
        db: DbOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Give an account a role in a town (replacing the role it had there)."""
        row = service.grant(Database(db), email, town, role)
        emit(fmt, row, f"{row['email']}: {_roles(row)}")

    @users.command("revoke")
    def revoke(
        email: EmailArgument, town: TownRequired, db: DbOption = None, fmt: FormatOption = OutputFormat.table
    ) -> None:
        """Take an account's role in a town away."""
        row = service.revoke(Database(db), email, town)
        emit(fmt, row, f"{row['email']}: {_roles(row)}")
