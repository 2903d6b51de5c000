"""Application factory. The shell's routes live in :mod:`townpaths.web.routes.shell`; each study
names its route modules (each exposing ``router``) in the registry, and they are included here."""

from __future__ import annotations

import importlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from townpaths.core.errors import NotFound, TownpathsError
from townpaths.storage import Database
from townpaths.registry import Registry, default_registry
from townpaths.web.routes import shell
from townpaths.web.deps import page

STATIC = Path(__file__).with_name("static")


@dataclass
class Settings:
    db: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    default_lang: str = "en"
    base_url: str = ""


def create_app(settings: Settings | None = None, registry: Registry | None = None) -> FastAPI:
    settings = settings or Settings()
    registry = registry or default_registry()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.dispose()

    app = FastAPI(title="townpaths", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.db = Database(settings.db)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.registry = registry
    app.include_router(shell.router)
    for name in registry.web_modules():
        app.include_router(importlib.import_module(name).router)

    @app.exception_handler(TownpathsError)
    async def user_error(request: Request, exc: TownpathsError) -> HTMLResponse:
        status = 404 if isinstance(exc, NotFound) else 400
        return page(request, "shell/error.html", status_code=status, message=exc.message)

    return app
