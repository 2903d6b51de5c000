"""Root of the ``townpaths`` command. The shell's own commands (whole cases, the database, the
server, backups, ranking files, the list of export formats, accounts) are listed in :data:`SHELL`; each
study names
its command modules in the registry. Every command module defines ``register(app)``."""

from __future__ import annotations

import importlib

import typer

from townpaths.cli.common import guard_commands
from townpaths.registry import Registry, default_registry

#: Command modules that belong to no study.
SHELL = (
    "townpaths.cli.commands.audit",
    "townpaths.cli.commands.backup",
    "townpaths.cli.commands.case",
    "townpaths.cli.commands.compare",
    "townpaths.cli.commands.db",
    "townpaths.cli.commands.formats",
    "townpaths.cli.commands.rank",
    "townpaths.cli.commands.serve",
    "townpaths.cli.commands.tables",
    "townpaths.cli.commands.users",
)


def build_cli(registry: Registry | None = None) -> typer.Typer:
    """The ``townpaths`` command with the shell's commands and every registered study's. Commands
    find ``registry`` in their context (:func:`townpaths.cli.common.registry_of`); every command
    turns a user error into one line on stderr (:func:`townpaths.cli.common.user_errors`)."""
    registry = registry or default_registry()
    app = typer.Typer(
        name="townpaths",
        help="Evidence-based, participatory research on industrial towns.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = registry

    for name in (*SHELL, *registry.cli_modules()):
        importlib.import_module(name).register(app)
    guard_commands(app)
    return app


app = build_cli()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
