"""The HTTP protocol ``townpaths serve`` runs: uvicorn's h11 protocol with deadlines for slow clients.

uvicorn by itself closes an idle connection between two requests (``timeout_keep_alive``), but it
waits for ever for a client that opened a connection and sends its request headers a byte at a time
(or never), and for a request body that never ends: 200 such clients hold 200 connections open
indefinitely ("slowloris", "slow POST"). :class:`DeadlineH11Protocol` gives each request

* **the head**: its request line and headers must have arrived within :data:`HEADER_TIMEOUT`
  seconds of the connection being opened (or of the previous response, on a kept-alive connection);
* **the body**: the whole body within :data:`BODY_TIMEOUT` seconds of the head.

The deadlines are totals, not pauses between two reads, so a client trickling a byte a second gains
nothing. A client that misses one gets ``408 Request Timeout`` (plain text, ``Connection: close``)
if no response has started, and its connection is closed; a request whose body missed its deadline
sees a disconnected client, so nothing it would have written is written. The time the app takes to
answer is not limited (the live event streams stay open all day).

The deadlines come from ``TOWNPATHS_HEADER_TIMEOUT`` and ``TOWNPATHS_BODY_TIMEOUT`` (seconds; set by
``townpaths serve --header-timeout/--body-timeout`` for its workers). Behind a reverse proxy the
proxy's own settings do the same (``client_header_timeout`` and ``client_body_timeout`` in nginx:
docs/deploy.md)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds for a request's line and headers, and for its whole body.
HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 60.0
#: The ``--http`` value that selects the protocol (``uvicorn.run(http=...)``).
PROTOCOL = "townpaths.web.server:DeadlineH11Protocol"
HEADER_ENV, BODY_ENV = "TOWNPATHS_HEADER_TIMEOUT", "TOWNPATHS_BODY_TIMEOUT"

TOO_SLOW = b"The request did not arrive in time."


def _seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if 0 < value < float("inf") else default


class DeadlineH11Protocol(H11Protocol):
    """:class:`uvicorn.protocols.http.h11_impl.H11Protocol` with a deadline for the head and one for
    the body of each request (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = _seconds(HEADER_ENV, HEADER_TIMEOUT)
        self.body_timeout = _seconds(BODY_ENV, BODY_TIMEOUT)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: str | None = None  # "head", "body" or None

    # --- the hooks of uvicorn's protocol ----------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    # --- the deadlines ----------------------------------------------------------------------------

    def _follow(self) -> None:
        """Arm the deadline of what the connection waits for now: the next head, the body, or none."""
        if self.transport is None or self.transport.is_closing():
            self._cancel()
            return
        state = self.conn.their_state
        waiting = "head" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if waiting == self._waiting_for:
            return
        self._cancel()
        self._waiting_for = waiting
        if waiting is not None:
            seconds = self.header_timeout if waiting == "head" else self.body_timeout
            self._deadline = self.loop.call_later(seconds, self._expired)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._waiting_for = None, None

    def _expired(self) -> None:
        """The head or the body did not arrive in time: 408 unless a response has started, then close."""
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        started = cycle is not None and not cycle.response_complete and cycle.response_started
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the request sees a client that left: nothing it sends is written
            cycle.message_event.set()
        if not started:
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(TOO_SLOW), TOO_SLOW)
            )
        self.transport.close()
