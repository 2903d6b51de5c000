"""Read side of the synthesis: a case's evidence with the records it rests on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from townpaths.studies.spec import CaseReader, LabelFn
from townpaths.studies.synthesis.core import tables as T

#: Linked rows of one table read by their ids; more are read with the whole table.
MAX_LINKED_IDS = 2000


def case_evidence(case: CaseReader, lang: str = "en") -> dict[str, list[dict[str, Any]]]:
    """Evidence by kind (``lock_in``, ``path_renewal``), each link with a readable label (how a row
    of each table is labelled comes from the case's registry)."""
    labels = case.labels()
    grouped = linked_evidence(case, labels)
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, items in grouped.items():
        out[kind] = [
            {
                "id": item["id"],
                "theme": item["theme"],
                "provenance": item["provenance"],
                "key": item["key"],
                "statement": item.get(f"statement_{lang}") or item["statement_en"],
                "rests_on": [
                    {
                        "table": link["table"],
                        "id": link["id"],
                        "label": label_of(labels, link["table"], link["record"], lang),
                    }
                    for link in item["links"]
                ],
            }
            for item in items
        ]
    return out


def linked_evidence(case: CaseReader, labels: Mapping[str, LabelFn]) -> dict[str, list[dict[str, Any]]]:
    """Evidence items by kind with the records of every table they link to."""
    links = case.records("evidence_links")
    wanted: dict[str, set[int]] = {}
    for link in links:
        if link["record_table"] in labels:
            wanted.setdefault(link["record_table"], set()).add(link["record_id"])
    records = {  # only the linked rows, unless so many are linked that reading the table is quicker
        name: case.records(name, ids=ids if len(ids) <= MAX_LINKED_IDS else None)
        for name, ids in sorted(wanted.items())
    }
    return T.evidence(case.records("evidence"), links, records)


def label_of(labels: Mapping[str, LabelFn], table: str, record: dict[str, Any] | None, lang: str) -> str:
    """A short human label of a linked record (``?`` when the record is gone)."""
    if record is None:
        return "?"
    label = labels.get(table)
    return label(record, lang) if label is not None else str(record.get("id"))
