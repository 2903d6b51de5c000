"""Root of the ``townpaths`` command. Feature commands live in :mod:`townpaths.cli.commands`."""

from __future__ import annotations

import importlib
import pkgutil

import typer

from townpaths.cli import commands

app = typer.Typer(
    name="townpaths",
    help="Evidence-based, participatory research on industrial towns.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(app)


_register_all()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
