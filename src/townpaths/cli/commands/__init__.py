"""Every module in this package defines ``register(app: typer.Typer) -> None``.

The root command (:mod:`townpaths.cli.main`) discovers and registers them all, so a
feature adds its commands by adding one module here and edits no shared file.
"""
