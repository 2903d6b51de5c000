"""ASGI entry point for servers: ``uvicorn townpaths.web.asgi:app`` (settings from the environment)."""

import os

from townpaths.web.app import Settings, create_app

app = create_app(
    Settings(
        db=os.environ.get("TOWNPATHS_DATABASE_URL"),
        secret_key=os.environ.get("TOWNPATHS_SECRET_KEY") or Settings().secret_key,
        default_lang=os.environ.get("TOWNPATHS_LANG", "en"),
    )
)
