"""Application factory. Routes live in :mod:`townpaths.web.routes`, one module per feature,
each exposing ``router``; they are discovered and included here."""

from __future__ import annotations

import importlib
import pkgutil
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from townpaths.errors import NotFound, TownpathsError
from townpaths.storage import Database
from townpaths.web import routes
from townpaths.web.deps import page

STATIC = Path(__file__).with_name("static")


@dataclass
class Settings:
    db: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    default_lang: str = "en"
    base_url: str = ""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.dispose()

    app = FastAPI(title="townpaths", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.db = Database(settings.db)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routes.__name__}.{info.name}")
        app.include_router(module.router)

    @app.exception_handler(TownpathsError)
    async def user_error(request: Request, exc: TownpathsError) -> HTMLResponse:
        status = 404 if isinstance(exc, NotFound) else 400
        return page(request, "shell/error.html", status_code=status, message=exc.message)

    return app
