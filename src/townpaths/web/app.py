"""Application factory. The shell's routes live in :mod:`townpaths.web.routes.shell`; each study
names its route modules (each exposing ``router``) in the registry, and they are included here.
Every route runs behind :func:`townpaths.web.security.protect` (CSRF, Origin) and
:func:`townpaths.web.access.enforce` (who may use it: the app refuses to start with a route that has
no rule) and answers errors in one format (:mod:`townpaths.web.errors`); the changes a request
makes are recorded in the audit log as its signed-in user's (:mod:`townpaths.web.actor`)."""

from __future__ import annotations

import importlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from townpaths.registry import Registry, default_registry
from townpaths.storage import Database
from townpaths.web import access, errors, security
from townpaths.web.actor import AuditActor
from townpaths.web.routes import audit, people, shell

STATIC = Path(__file__).with_name("static")


@dataclass
class Settings:
    db: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    default_lang: str = "en"
    #: The app's public address (scheme, host and any prefix), for links shown to be shared.
    base_url: str = ""
    #: Where rate limits count hits (default: in memory, per process).
    rate_store: security.RateStore | None = None


def create_app(settings: Settings | None = None, registry: Registry | None = None) -> FastAPI:
    settings = settings or Settings()
    registry = registry or default_registry()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.dispose()

    app = FastAPI(
        title="townpaths",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        dependencies=[Depends(security.protect), Depends(access.enforce)],
    )
    app.state.settings = settings
    app.state.db = Database(settings.db)
    app.state.registry = registry
    app.state.rate_store = settings.rate_store or security.MemoryRateStore()
    app.add_middleware(security.SessionCookies)
    app.add_middleware(security.BodyLimit)
    app.add_middleware(AuditActor)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(shell.router)
    app.include_router(people.router)
    app.include_router(audit.router)
    for name in registry.web_modules():
        app.include_router(importlib.import_module(name).router)
    errors.install(app)
    access.install(app, registry.web_modules())
    return app
