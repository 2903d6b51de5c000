"""Abuse guards of the public proposal form (pure, in memory): a per-IP sliding-window rate limit,
signed CSRF tokens bound to a browser nonce, and the researchers' moderation key."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque

from itsdangerous import BadSignature, URLSafeTimedSerializer

CSRF_SALT = "townpaths-innovation-proposal"
CSRF_MAX_AGE = 2 * 3600


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key (an IP address). In memory, per
    process: with several workers each has its own count."""

    def __init__(self, limit: int = 5, window: float = 600.0, clock=time.monotonic) -> None:  # noqa: ANN001
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> bool:
        """Record a hit; ``False`` when the key is over its limit (the hit is then not counted)."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10000:  # forget idle keys so memory stays bounded
                for k in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
                    del self._hits[k]
            return True


def csrf_token(secret: str, scope: str, nonce: str) -> str:
    return URLSafeTimedSerializer(secret, salt=CSRF_SALT).dumps({"scope": scope, "nonce": nonce})


def csrf_ok(secret: str, scope: str, nonce: str | None, token: str | None) -> bool:
    if not token or not nonce:
        return False
    try:
        data = URLSafeTimedSerializer(secret, salt=CSRF_SALT).loads(token, max_age=CSRF_MAX_AGE)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("scope") == scope and hmac.compare_digest(str(data.get("nonce")), nonce)


def moderation_key(secret: str, slug: str) -> str:
    """The key of a town's moderation queue (``townpaths innovations moderation-link`` prints the URL)."""
    return hmac.new(secret.encode(), f"innovations-moderation:{slug}".encode(), hashlib.sha256).hexdigest()[:32]
