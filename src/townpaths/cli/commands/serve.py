"""``townpaths serve``: the web app."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from townpaths.cli.common import DbOption
from townpaths.core.addresses import public_url as checked_public_url
from townpaths.core.addresses import tile_url, trusted_networks
from townpaths.core.i18n import check_language
from townpaths.storage import Database
from townpaths.storage.site import instance_secret


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        db: DbOption = None,
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port.")] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes (PostgreSQL for more than one).")] = 1,
        lang: Annotated[str, typer.Option("--lang", help="Default language of the pages.")] = "en",
        public_url: Annotated[
            str,
            typer.Option(
                "--public-url",
                envvar="TOWNPATHS_PUBLIC_URL",
                help="The address people reach the app at (e.g. https://towns.example.org or "
                "http://192.168.1.20:8000 on a venue's Wi-Fi), used in QR codes and shared links; "
                "https makes every cookie Secure.",
            ),
        ] = "",
        forwarded_allow_ips: Annotated[
            str,
            typer.Option(
                "--forwarded-allow-ips",
                envvar="TOWNPATHS_FORWARDED_ALLOW_IPS",
                help="Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For and "
                "X-Forwarded-Proto are trusted (e.g. 127.0.0.1); from anyone else they are ignored.",
            ),
        ] = "",
        api_docs: Annotated[
            bool, typer.Option("--api-docs", help="Serve the API's description at /api/docs (off by default).")
        ] = False,
        map_tiles: Annotated[
            str,
            typer.Option(
                "--map-tiles",
                envvar="TOWNPATHS_MAP_TILES",
                help="A tile server for the symbol map: a URL template with {z}, {x} and {y} on one host "
                "(e.g. https://tiles.example.org/{z}/{x}/{y}.png), or a path of this server. None by default: "
                "the symbols on a scaled plane, and no page asks another server for anything.",
            ),
        ] = "",
        map_attribution: Annotated[
            str,
            typer.Option(
                "--map-attribution",
                envvar="TOWNPATHS_MAP_ATTRIBUTION",
                help="Who the tiles are from, shown on the map (e.g. '© OpenStreetMap contributors').",
            ),
        ] = "",
        header_timeout: Annotated[
            float,
            typer.Option(
                "--header-timeout",
                min=0.1,
                max=3600,
                help="Seconds a client has to send a request's line and headers (then 408 and the "
                "connection is closed).",
            ),
        ] = 10.0,
        body_timeout: Annotated[
            float,
            typer.Option(
                "--body-timeout",
                min=0.1,
                max=3600,
                help="Seconds a client has to send a request's whole body (then 408 and the connection is closed).",
            ),
        ] = 60.0,
    ) -> None:
        """Start the web app (towns, case pages, report, workshops)."""
        import uvicorn

        check_language(lang)
        public = checked_public_url(public_url) if public_url else ""
        trusted_networks(forwarded_allow_ips.split(","))  # checked before anything starts
        if map_tiles.strip():
            tile_url(map_tiles)
        database = Database(db)  # reachable and migrated before any worker starts
        # The key that signs participant tokens, facilitator cookies and CSRF tokens is created once
        # and stored, so every worker and every later start signs and checks with the same key
        # (TOWNPATHS_SECRET_KEY, when set, overrides it). It is never printed.
        instance_secret(database, os.environ.get("TOWNPATHS_SECRET_KEY"))
        database.dispose()
        os.environ["TOWNPATHS_DATABASE_URL"] = database.url
        os.environ["TOWNPATHS_LANG"] = lang
        os.environ["TOWNPATHS_PUBLIC_URL"] = public
        os.environ["TOWNPATHS_FORWARDED_ALLOW_IPS"] = forwarded_allow_ips
        os.environ["TOWNPATHS_API_DOCS"] = "1" if api_docs else ""
        os.environ["TOWNPATHS_MAP_TILES"] = map_tiles.strip()
        os.environ["TOWNPATHS_MAP_ATTRIBUTION"] = map_attribution
        # the deadlines for slow clients, read by each worker's protocol (townpaths.web.server)
        os.environ["TOWNPATHS_HEADER_TIMEOUT"] = str(header_timeout)
        os.environ["TOWNPATHS_BODY_TIMEOUT"] = str(body_timeout)
        typer.echo(f"townpaths on http://{host}:{port}/ (database {database.display_url})")
        if public:
            typer.echo(f"public address {public}/")
        uvicorn.run(
            "townpaths.web.asgi:app",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            proxy_headers=False,  # the app reads forwarded headers itself, from trusted proxies only
            server_header=False,
            http="townpaths.web.server:DeadlineH11Protocol",  # uvicorn's h11 with deadlines for slow clients
        )
