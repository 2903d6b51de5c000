"""Read side of the synthesis: a case's evidence with the records it rests on."""

from __future__ import annotations

from typing import Any

from townpaths.case import Case
from townpaths.synthesis import tables as T

LINKABLE = ("symbols", "symbol_types", "narratives", "problems", "innovations", "solutions", "dualities",
            "documents", "employment", "interviews", "facts")


def case_evidence(case: Case, lang: str = "en") -> dict[str, list[dict[str, Any]]]:
    """Evidence by kind (``lock_in``, ``path_renewal``), each link with a readable label."""
    records = {name: case.records(name) for name in LINKABLE}
    grouped = T.evidence(case.records("evidence"), case.records("evidence_links"), records)
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, items in grouped.items():
        out[kind] = [{
            "id": item["id"], "theme": item["theme"], "origin": item["origin"], "key": item["key"],
            "statement": item.get(f"statement_{lang}") or item["statement_en"],
            "rests_on": [{"table": link["table"], "id": link["id"],
                          "label": T.record_label(link["table"], link["record"], lang)} for link in item["links"]],
        } for item in items]
    return out
