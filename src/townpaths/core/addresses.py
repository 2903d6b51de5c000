"""Network addresses a server is told about: its public address and the proxies it trusts (pure)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from townpaths.core.errors import InputError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def public_url(value: str, field: str = "--public-url") -> str:
    """A checked public address ``http(s)://host[:port][/prefix]``, without a trailing slash."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise InputError("not a public address: use http(s)://host[:port][/prefix]", field=field, value=value)
    return text.rstrip("/")


def trusted_networks(values: Iterable[str], field: str = "--forwarded-allow-ips") -> tuple[Network, ...] | None:
    """Addresses or networks of trusted proxies (``127.0.0.1``, ``10.0.0.0/8``; ``*`` for any peer)
    -> networks; None means any peer, () none."""
    networks: list[Network] = []
    for value in (v.strip() for v in values):
        if not value:
            continue
        if value == "*":
            return None
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise InputError(
                "not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8, *)", field=field, value=value
            ) from None
    return tuple(networks)


def is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def in_networks(host: str, networks: tuple[Network, ...] | None) -> bool:
    """Is ``host`` an address inside ``networks`` (None: any peer at all)?"""
    if networks is None:
        return True
    if not networks or not is_address(host):
        return False
    address = ipaddress.ip_address(host)
    return any(address in n for n in networks)


def tile_url(value: str, field: str = "--map-tiles") -> tuple[str, str | None]:
    """A checked tile server URL template and the origin its tiles come from.

    ``https://tiles.example.org/{z}/{x}/{y}.png`` (a query with a key may follow) -> the template and
    ``https://tiles.example.org``; a path of this app's own (``/tiles/{z}/{x}/{y}.png``) -> the
    template and None. One host only: ``{s}`` (several sub-domains) is refused, so the pages'
    Content-Security-Policy can allow exactly that host."""
    text = value.strip()
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in text]
    if missing:
        raise InputError(
            f"a tile URL needs {', '.join(missing)} (e.g. https://host/{{z}}/{{x}}/{{y}}.png)", field=field, value=value
        )
    if "{s}" in text:
        raise InputError("one tile host only: name it instead of {s}", field=field, value=value)
    if text.startswith("/") and not text.startswith("//"):
        return text, None
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.fragment
        or not re.fullmatch(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", parts.netloc)
    ):
        raise InputError(
            "not a tile URL: use http(s)://host[:port]/...{z}/{x}/{y}... or /path/{z}/{x}/{y}", field=field, value=value
        )
    return text, f"{parts.scheme}://{parts.netloc}"
