"""The researchers' moderation key of a town's proposal queue (pure). The public form's CSRF token
and rate limit are the web app's (:mod:`townpaths.web.security`)."""

from __future__ import annotations

import hashlib
import hmac


def moderation_key(secret: str, slug: str) -> str:
    """The key of a town's moderation queue (``townpaths innovations moderation-link`` prints the URL)."""
    return hmac.new(secret.encode(), f"innovations-moderation:{slug}".encode(), hashlib.sha256).hexdigest()[:32]
