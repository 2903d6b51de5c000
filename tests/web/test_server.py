"""Slow clients against a real ``townpaths serve``: 200 connections that never finish their headers,
clients trickling their headers a byte at a time, and bodies that never end are all answered 408 and
closed at their deadline, while a normal request is served meanwhile."""

from __future__ import annotations

import http.client
import selectors
import socket
import time
from contextlib import suppress
from pathlib import Path

import pytest

from tests.support.serve import Serve
from townpaths.cli.commands import serve as serve_command
from townpaths.web import server

HEADER, BODY = 2.0, 3.0
SLOW = 200


def _closed_by(socks: list[socket.socket], deadline: float) -> dict[socket.socket, tuple[float, bytes]]:
    """Read every socket until the server closes it, at most until ``deadline`` (monotonic): when it
    was closed (monotonic) and what the server sent."""
    selector = selectors.DefaultSelector()
    got: dict[socket.socket, bytes] = {}
    for s in socks:
        s.setblocking(False)
        selector.register(s, selectors.EVENT_READ)
        got[s] = b""
    closed: dict[socket.socket, tuple[float, bytes]] = {}
    while len(closed) < len(socks) and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.2):
            s = key.fileobj
            assert isinstance(s, socket.socket)
            try:
                data = s.recv(4096)
            except ConnectionResetError:
                data = b""
            if data:
                got[s] += data
                continue
            closed[s] = (time.monotonic(), got[s])
            selector.unregister(s)
    selector.close()
    return closed


OPENED: dict[socket.socket, float] = {}


def _connect(port: int, first: bytes = b"") -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port))
    OPENED[s] = time.monotonic()
    if first:
        s.sendall(first)
    return s


@pytest.mark.slow
def test_slow_clients_are_closed_at_their_deadlines_while_others_are_served(tmp_path: Path) -> None:
    serve = Serve(tmp_path / "s.sqlite3", "--header-timeout", str(HEADER), "--body-timeout", str(BODY)).start()
    try:
        trickle = _connect(serve.port, b"G")
        silent = [_connect(serve.port) for _ in range(SLOW // 2)]
        partial = [_connect(serve.port, b"GET /join HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") for _ in range(SLOW // 2)]
        head = (
            b"POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/x-www-form-urlencoded\r\n"
            b"content-length: 1000\r\n\r\nemail=a"
        )
        endless = _connect(serve.port, head)
        # a normal request is served while the slow ones hold their connections
        normal = http.client.HTTPConnection("127.0.0.1", serve.port, timeout=10)
        normal.request("GET", "/join")
        assert normal.getresponse().status == 200
        normal.close()
        # a byte every 0.3 s: within the deadline if it were a pause between two reads
        with suppress(OSError):  # until the server closes the connection
            for byte in b"ET /join HTTP/1.1\r\nHost: 127.0.0.1\r\n":
                time.sleep(0.3)
                trickle.sendall(bytes([byte]))
        closed = _closed_by([trickle, *silent, *partial, endless], time.monotonic() + HEADER + BODY + 10)
        assert len(closed) == SLOW + 2  # every slow connection was closed
        heads = {s: (closed[s][0] - OPENED[s], closed[s][1]) for s in [trickle, *silent, *partial]}
        # not before the deadline, and soon after it (a few seconds on a loaded machine)
        assert min(t for t, _ in heads.values()) >= HEADER - 0.1
        assert max(t for t, _ in heads.values()) <= HEADER + 5
        assert {answer.split(b"\r\n")[0] for _, answer in heads.values()} == {b"HTTP/1.1 408 Request Timeout"}
        assert all(answer.endswith(b"\r\n\r\nThe request did not arrive in time.") for _, answer in heads.values())
        body_at, answer = closed[endless]
        assert BODY - 0.1 <= body_at - OPENED[endless] <= BODY + 5
        assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
        # the server is still there, and a kept-alive connection is not cut while it is used
        again = http.client.HTTPConnection("127.0.0.1", serve.port, timeout=10)
        for _ in range(3):
            again.request("GET", "/join")
            response = again.getresponse()
            assert response.status == 200
            response.read()
            time.sleep(HEADER / 2)
        again.close()
    finally:
        err = serve.stop()
    assert "Traceback" not in err and "internal error" not in err


def test_the_deadlines_are_the_serve_command_s_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspect

    from typer.testing import CliRunner

    from townpaths.cli.main import app

    usage = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200).output
    assert "--header-timeout" in usage and "--body-timeout" in usage
    source = inspect.getsource(serve_command)
    assert f"] = {server.HEADER_TIMEOUT}," in source and f"] = {server.BODY_TIMEOUT}," in source
    monkeypatch.setenv(server.HEADER_ENV, "nonsense")
    monkeypatch.setenv(server.BODY_ENV, "inf")
    assert server._seconds(server.HEADER_ENV, 10.0) == 10.0
    assert server._seconds(server.BODY_ENV, 60.0) == 60.0
    monkeypatch.setenv(server.HEADER_ENV, "2.5")
    assert server._seconds(server.HEADER_ENV, 10.0) == 2.5
