"""What the case report shows of the coded interviews: Table 2 rebuilt from the coding, and how
many of the coded interviews are fictional examples (all of them, or some)."""

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
    coded_in = {s["interview_id"] for s in case.records("coded_segments")}
    interviews = [i for i in case.records("interviews") if i["id"] in coded_in]
    return {
        "coding": rows if coded else [],
        "fictional_interviews": sum(1 for i in interviews if is_fictional(i)),
        "interviews": len(interviews),
    }
