"""What the case report shows of the coded interviews: Table 2 rebuilt from the coding."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from townpaths.core.i18n import Translator
from townpaths.core.vocab import is_fictional
from townpaths.studies.qda.service import table2_from_coding
from townpaths.studies.spec import CaseReader


def coding(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    rows = table2_from_coding(case.db, case.town.slug, quotes=1)
    coded = any(n["segments"] for p in rows for n in p["dominant"] + p["alternative"])
    return {
        "coding": rows if coded else [],
        "fictional_interviews": sum(1 for i in case.records("interviews") if is_fictional(i)),
    }
