"""Application factory. The shell's routes live in :mod:`townpaths.web.routes.shell`; each study
names its route modules (each exposing ``router``) in the registry, and they are included here.
Every route runs behind :func:`townpaths.web.security.protect` (CSRF, Origin, values) and
:func:`townpaths.web.access.enforce` (who may use it: the app refuses to start with a route that has
no rule) and answers errors in one format (:mod:`townpaths.web.errors`); the changes a request
makes are recorded in the audit log as its signed-in user's (:mod:`townpaths.web.actor`); every
response, error pages included, carries the security headers
(:class:`townpaths.web.security.SecureResponses`)."""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from townpaths.core.addresses import Network, public_url, tile_url, trusted_networks
from townpaths.registry import Registry, default_registry
from townpaths.storage import Database
from townpaths.storage.rates import DatabaseRateStore
from townpaths.storage.site import PUBLIC_URL, instance_secret, put_setting, setting
from townpaths.web import access, errors, security
from townpaths.web.actor import AuditActor
from townpaths.web.routes import audit, compare, people, shell, tables, towns, uploads

STATIC = Path(__file__).with_name("static")


@dataclass
class Settings:
    db: str | None = None
    #: Signs tokens, CSRF and links. None: the key stored in the database (created once).
    secret_key: str | None = None
    default_lang: str = "en"
    #: The app's public address (scheme, host and any prefix), for links shown to be shared (QR codes,
    #: the facilitator link); ``https://...`` also makes every cookie ``Secure``.
    base_url: str = ""
    #: Proxies whose ``X-Forwarded-For`` / ``-Proto`` are trusted (addresses, networks, ``*``); none by default.
    forwarded_allow_ips: tuple[str, ...] = ()
    #: Serve the API's description (``/api/docs``, ``/api/openapi.json``); off by default.
    api_docs: bool = False
    #: Where shared rate limits count hits (default: the database, shared by every worker).
    rate_store: security.RateStore | None = None
    #: A tile server for the symbol map (``https://host/{z}/{x}/{y}.png``, or a path of this app);
    #: empty (the default): the symbols on a plain scaled plane, and no request leaves the server.
    map_tiles: str = ""
    #: Who the tiles are from, shown on the map (most tile servers require it).
    map_attribution: str = ""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings of a server process (``townpaths serve`` passes its options to its workers this way):
        ``TOWNPATHS_DATABASE_URL``, ``TOWNPATHS_SECRET_KEY`` (overrides the stored key),
        ``TOWNPATHS_LANG``, ``TOWNPATHS_PUBLIC_URL``, ``TOWNPATHS_FORWARDED_ALLOW_IPS`` (comma-separated),
        ``TOWNPATHS_API_DOCS`` (``1``), ``TOWNPATHS_MAP_TILES`` and ``TOWNPATHS_MAP_ATTRIBUTION``."""
        env = os.environ if environ is None else environ
        return cls(
            db=env.get("TOWNPATHS_DATABASE_URL"),
            secret_key=env.get("TOWNPATHS_SECRET_KEY") or None,
            default_lang=env.get("TOWNPATHS_LANG", "en"),
            base_url=env.get("TOWNPATHS_PUBLIC_URL", ""),
            forwarded_allow_ips=tuple(v for v in env.get("TOWNPATHS_FORWARDED_ALLOW_IPS", "").split(",") if v.strip()),
            api_docs=env.get("TOWNPATHS_API_DOCS", "") == "1",
            map_tiles=env.get("TOWNPATHS_MAP_TILES", ""),
            map_attribution=env.get("TOWNPATHS_MAP_ATTRIBUTION", ""),
        )


class TownpathsApp(FastAPI):
    """FastAPI whose whole middleware stack (the error pages of unexpected errors too) sits inside
    the forwarded-header and secure-response layers."""

    trusted_proxies: tuple[Network, ...] | None = ()
    always_secure: bool = False

    def build_middleware_stack(self) -> ASGIApp:
        inner = super().build_middleware_stack()
        return security.ForwardedHeaders(security.SecureResponses(inner, self.always_secure), self.trusted_proxies)


def create_app(settings: Settings | None = None, registry: Registry | None = None) -> FastAPI:
    settings = settings or Settings()
    registry = registry or default_registry()
    base_url = public_url(settings.base_url) if settings.base_url else ""
    trusted = trusted_networks(settings.forwarded_allow_ips)
    tiles = tile_url(settings.map_tiles, "map_tiles") if settings.map_tiles.strip() else None
    db = Database(settings.db)
    settings = dataclasses.replace(settings, base_url=base_url, secret_key=instance_secret(db, settings.secret_key))
    if base_url and setting(db, PUBLIC_URL) != base_url:
        put_setting(db, PUBLIC_URL, base_url)  # the command line's links use it too

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.dispose()

    app = TownpathsApp(
        title="townpaths",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json" if settings.api_docs else None,
        lifespan=lifespan,
        dependencies=[Depends(security.protect), Depends(access.enforce)],
    )
    app.trusted_proxies = trusted
    app.always_secure = base_url.startswith("https://")
    app.state.settings = settings
    app.state.db = db
    app.state.registry = registry
    #: (URL template, origin or None) of the map's tile server, or None for no tiles.
    app.state.map_tiles = tiles
    app.state.rate_store = settings.rate_store or DatabaseRateStore(db)
    app.state.local_rates = security.MemoryRateStore()
    app.add_middleware(security.SessionCookies)
    app.add_middleware(security.BodyLimit)
    app.add_middleware(AuditActor)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(shell.router)
    app.include_router(people.router)
    app.include_router(audit.router)
    app.include_router(tables.router)
    app.include_router(uploads.router)
    app.include_router(compare.router)
    app.include_router(towns.router)
    if settings.api_docs:
        from townpaths.web.routes import api_docs

        app.include_router(api_docs.router)
    for name in registry.web_modules():
        app.include_router(importlib.import_module(name).router)
    errors.install(app)
    access.install(app, registry.web_modules())
    return app
