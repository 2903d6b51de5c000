"""The in-memory QDA project exchanged with other tools (the REFI-QDA object model, text only).

The database service builds one from a town and loads one into a town; :mod:`townpaths.studies.qda.formats.refiqda`
reads and writes it as ``.qdpx``. Everything here is plain data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: Variables that map to columns rather than to free attributes.
SECTOR_VARIABLE = "sector"
FICTIONAL_VARIABLE = "fictional"
LANGUAGE_VARIABLE = "language"
DATE_VARIABLE = "interview date"


@dataclass
class User:
    guid: str
    name: str


@dataclass
class CodeNode:
    guid: str
    name: str
    codable: bool = True
    color: str | None = None
    description: str | None = None
    children: list[CodeNode] = field(default_factory=list)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, CodeNode]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass
class Coding:
    guid: str
    code_guid: str
    user_guid: str | None = None
    created: str | None = None


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    name: str | None = None
    description: str | None = None
    user_guid: str | None = None
    created: str | None = None
    codings: list[Coding] = field(default_factory=list)


@dataclass
class Source:
    guid: str
    name: str
    text: str
    description: str | None = None
    selections: list[Selection] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)  # variable guid -> value


@dataclass
class VariableDef:
    guid: str
    name: str
    type: str = "Text"
    description: str | None = None


@dataclass
class QdaCase:
    guid: str
    name: str
    description: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)  # variable guid -> value
    source_guids: list[str] = field(default_factory=list)


@dataclass
class Note:
    guid: str
    name: str | None
    text: str
    description: str | None = None
    user_guid: str | None = None
    created: str | None = None
    targets: list[str] = field(default_factory=list)  # GUIDs it is attached to; [] = the project


@dataclass
class Project:
    name: str
    origin: str | None = None
    description: str | None = None
    users: list[User] = field(default_factory=list)
    codes: list[CodeNode] = field(default_factory=list)
    variables: list[VariableDef] = field(default_factory=list)
    cases: list[QdaCase] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def all_codes(self) -> list[CodeNode]:
        return [node for root in self.codes for _, node in root.walk()]


@dataclass
class Report:
    """What an import could not represent, and what it did."""

    skipped: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: How the positions of text selections were counted, and why (``convention``, ``reason``).
    positions: dict[str, str] | None = None

    def skip(self, message: str) -> None:
        self.skipped.append(message)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"imported": dict(sorted(self.counts.items())), "not_represented": list(self.skipped)}
        if self.positions is not None:
            out["positions"] = dict(self.positions)
        return out
