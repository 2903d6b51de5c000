"""Extra default data a feature adds to the Velenje case after the shipped bundle is loaded.

Each module here defines ``seed_velenje(session, town) -> None`` (ORM inserts, no commit: it
runs inside the loading transaction). They run in module-name order. Use it for data that is
not in the article but that a feature needs to show its workflow (e.g. a default codebook, or
fictional example interviews, which must be marked fictional).
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy.orm import Session

from townpaths.storage.models import Town


def seed_velenje(session: Session, town: Town) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.seed_velenje(session, town)
        session.flush()
