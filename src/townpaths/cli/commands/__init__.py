"""Every module in this package defines ``register(app: typer.Typer) -> None``.

The root command (:mod:`townpaths.cli.main`) registers the shell's modules and those each study
names in the registry, so a study adds its commands by adding one module here and naming it in
its descriptor. A command parses its arguments, calls one library function and prints the result
through :func:`townpaths.cli.common.emit` (``--format table|json|csv``); it needs no error
handling of its own: :func:`townpaths.cli.main.build_cli` turns every user error into one line.
"""
