"""Codebooks: names unique across the codebook for exchange, and back."""

from __future__ import annotations

from townpaths.studies.qda.core.codebook import exchange_names, restore_names
from townpaths.studies.qda.core.project import CodeNode


def _forest() -> list[CodeNode]:
    def code(guid: str, name: str, *children: CodeNode) -> CodeNode:
        return CodeNode(guid=guid, name=name, children=list(children))

    return [
        code("p1", "Period 1", code("d1", "dominant", code("w1", "Work")), code("a1", "alternative")),
        code("p2", "Period 2", code("d2", "Dominant", code("w2", "work")), code("a2", "alternative")),
        code("w3", "Work"),
        code("w4", "Work"),
    ]


def test_names_are_unique_across_the_codebook_and_come_back() -> None:
    roots = _forest()
    names = exchange_names(roots)
    assert names == {
        "p1": "Period 1",
        "d1": "dominant (Period 1)",
        "w1": "Work (dominant (Period 1))",
        "a1": "alternative (Period 1)",
        "p2": "Period 2",
        "d2": "Dominant (Period 2)",
        "w2": "work (Dominant (Period 2))",
        "a2": "alternative (Period 2)",
        "w3": "Work",  # a top-level name has no parent to tell it apart ...
        "w4": "Work (2)",  # ... so a second one gets a number (which stays on import)
    }
    assert len({n.casefold() for n in names.values()}) == len(names)
    for root in roots:
        for _, node in root.walk():
            node.name = names[node.guid]
    assert restore_names(roots) == 6
    original = [(d, c.name) for root in _forest() for d, c in root.walk()]
    assert [(d, c.name) for root in roots for d, c in root.walk()] == [*original[:9], (0, "Work (2)")]
