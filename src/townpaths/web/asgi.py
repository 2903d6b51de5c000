"""ASGI entry point for servers: ``uvicorn townpaths.web.asgi:app`` (settings from the environment,
see :meth:`townpaths.web.app.Settings.from_environ`)."""

from townpaths.web.app import Settings, create_app

app = create_app(Settings.from_environ())
app.state.db.hold_open()  # a server process: its SQLite transactions close without a checkpoint
