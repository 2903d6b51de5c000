"""The web app: server-rendered, bilingual pages around the library."""

from townpaths.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
