"""What the case report shows of the coded interviews: Table 2 rebuilt from the coding, and how
many of the coded interviews are fictional examples (all of them, or some)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from townpaths.core.i18n import Translator
from townpaths.studies.qda.service import coded_interviews, table2_from_coding
from townpaths.studies.spec import CaseReader


def coding(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    rows = table2_from_coding(case.db, case.town.slug, quotes=1)
    coded = any(n["segments"] for p in rows for n in p["dominant"] + p["alternative"])
    interviews, fictional = coded_interviews(case.db, case.town.slug)  # counted, no transcript read
    return {
        "coding": rows if coded else [],
        "fictional_interviews": fictional,
        "interviews": interviews,
    }
