"""Run an ASGI app with uvicorn in a thread, for browser tests and load tests."""

from __future__ import annotations

import threading
import time

import uvicorn

from tests.support.pg import free_port


class LiveServer:
    def __init__(self, app, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, free_port()
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on", proxy_headers=False)
        self.server = uvicorn.Server(config)  # the app reads forwarded headers itself, as under `townpaths serve`
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
