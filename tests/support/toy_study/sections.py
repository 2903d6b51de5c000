"""The toy study's report section."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.support.toy_study.core import word_count
from townpaths.core.i18n import Translator
from townpaths.studies.spec import CaseReader


def notes(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    rows = case.records("toy_notes")
    return {"notes": rows, "words": word_count(rows)}
