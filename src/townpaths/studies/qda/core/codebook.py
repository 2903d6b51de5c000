"""Codebooks: hierarchical codes, the method's default codebook, the rows of the CSV exchange (as
:mod:`townpaths.studies.qda.formats.codebook_csv` writes and reads them)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.values import check_colour
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.core.project import CodeNode

STATUSES = ("dominant", "alternative")
STATUS_SL = {"dominant": "prevladujoča pripoved", "alternative": "alternativna pripoved"}
STATUS_COLOURS = {"dominant": "#2E6B3F", "alternative": "#8C2F39"}
PERIOD_COLOURS = ("#4F6D8F", "#B5502D", "#6B5B95")
THEME_COLOURS = {
    "dominant": ("#7FB77E", "#A8D5A2", "#5E9C76", "#C5E1A5", "#8BC34A"),
    "alternative": ("#E57373", "#F4A582", "#D6604D", "#FDB863"),
}
CSV_COLUMNS = ("guid", "parent_guid", "path", "name", "name_sl", "codable", "colour", "description")
#: Levels of nested codes (a codebook is a tree; ATLAS.ti and MAXQDA use a handful).
MAX_CODE_DEPTH = 50


@dataclass
class FlatCode:
    """A code as stored: ``parent`` is the parent's key (id or GUID), ``None`` at the top."""

    key: Any
    parent: Any
    guid: str
    name: str
    codable: bool = True
    colour: str | None = None
    description: str | None = None
    name_sl: str | None = None
    position: int = 0


def tree(codes: Iterable[FlatCode]) -> list[CodeNode]:
    """Flat codes -> forest of :class:`CodeNode` ordered by (position, name)."""
    items = sorted(codes, key=lambda c: (c.position, c.name, c.guid))
    nodes = {
        c.key: CodeNode(guid=c.guid, name=c.name, codable=c.codable, color=c.colour, description=c.description)
        for c in items
    }
    roots: list[CodeNode] = []
    for c in items:
        parent = nodes.get(c.parent) if c.parent is not None else None
        (parent.children if parent is not None else roots).append(nodes[c.key])
    return roots


def paths(roots: list[CodeNode]) -> dict[str, str]:
    """GUID -> ``parent/child`` path of names."""
    out: dict[str, str] = {}

    def visit(node: CodeNode, prefix: str) -> None:
        out[node.guid] = prefix + node.name
        for child in node.children:
            visit(child, out[node.guid] + "/")

    for root in roots:
        visit(root, "")
    return out


def short_name(text: str) -> str:
    """A narrative without its closing parenthesised explanation: ``"a (b, c)"`` -> ``"a"``."""
    match = re.match(r"^(.+?)\s+\([^()]*\)\s*$", text)
    return match.group(1).strip() if match else text


def default_codebook(periods: list[dict[str, Any]], narratives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The method's default codebook as flat dicts (parents first): for each narrative period a
    category, under it ``dominant`` and ``alternative``, under those one code per narrative theme
    of Table 2. ``narratives`` carry ``period_no``, ``status``, ``position``, ``text_en``, ``text_sl``.
    Each theme dict has ``narrative_position`` to link the narrative to its code."""
    out: list[dict[str, Any]] = []
    for p_index, period in enumerate(sorted(periods, key=lambda p: p["no"])):
        pguid = guids.derive("default-code", "period", period["no"])
        years = f"{period['start_year']}–{period['end_year'] or ''}".rstrip("–") if period.get("start_year") else ""
        out.append(
            {
                "guid": pguid,
                "parent_guid": None,
                "name": f"{period['no']}. {period['name_en']}",
                "name_sl": f"{period['no']}. {period['name_sl']}" if period.get("name_sl") else None,
                "codable": False,
                "colour": PERIOD_COLOURS[p_index % len(PERIOD_COLOURS)],
                "description": f"Narrative period {period['no']}" + (f" ({years})" if years else ""),
                "position": p_index,
            }
        )
        for s_index, status in enumerate(STATUSES):
            sguid = guids.derive("default-code", "status", period["no"], status)
            out.append(
                {
                    "guid": sguid,
                    "parent_guid": pguid,
                    "name": status,
                    "name_sl": STATUS_SL[status],
                    "codable": False,
                    "colour": STATUS_COLOURS[status],
                    "description": f"{status} narratives of period {period['no']}",
                    "position": s_index,
                }
            )
            themes = sorted(
                (n for n in narratives if n["period_no"] == period["no"] and n["status"] == status),
                key=lambda n: n["position"],
            )
            for t_index, n in enumerate(themes):
                palette = THEME_COLOURS[status]
                out.append(
                    {
                        "guid": guids.derive("default-code", "theme", n["position"]),
                        "parent_guid": sguid,
                        "name": short_name(n["text_en"]),
                        "name_sl": short_name(n["text_sl"]) if n.get("text_sl") else None,
                        "codable": True,
                        "colour": palette[t_index % len(palette)],
                        "description": n["text_en"],
                        "position": t_index,
                        "narrative_position": n["position"],
                    }
                )
    return out


def csv_rows(roots: list[CodeNode], names_sl: dict[str, str | None] | None = None) -> list[list[str]]:
    """The codebook as rows of :data:`CSV_COLUMNS`, parents before their children."""
    names_sl = names_sl or {}
    by_path = paths(roots)
    rows: list[list[str]] = []

    def visit(node: CodeNode, parent: str | None) -> None:
        rows.append(
            [
                node.guid,
                parent or "",
                by_path[node.guid],
                node.name,
                names_sl.get(node.guid) or "",
                "true" if node.codable else "false",
                node.color or "",
                node.description or "",
            ]
        )
        for child in node.children:
            visit(child, node.guid)

    for root in roots:
        visit(root, None)
    return rows


def from_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]], where: str = "codebook.csv"
) -> tuple[list[CodeNode], dict[str, str | None]]:
    """Codes from numbered table rows (columns as :data:`CSV_COLUMNS`), as
    :func:`townpaths.formats.tables.read_table` gives them. The hierarchy is given by
    ``parent_guid`` (the parent's GUID, the parent on an earlier row) or by ``path`` (the names from
    the top down joined by ``/``: the parent is the code whose path is the path without its last
    name, on any row of the file); a row with a path may leave ``name`` empty (the path's last name
    is the code's name). Returns the forest and GUID -> Slovene name."""
    flat: list[FlatCode] = []
    names_sl: dict[str, str | None] = {}
    parents: dict[str, str | None] = {}
    parent_paths: dict[str, tuple[int, str]] = {}
    by_path: dict[str, str] = {}
    for index, row in rows:

        def text(key: str, row: Mapping[str, Any] = row) -> str:
            value = row.get(key)
            return "" if value is None else str(value).strip()

        path = "/".join(part.strip() for part in text("path").split("/")) if text("path") else ""
        if path and any(not part for part in path.split("/")):
            raise InputError(
                "a path is names joined by / (no empty name)", file=where, row=index, field="path", value=path
            )
        name = text("name") or (path.rsplit("/", 1)[-1] if path else "")
        if not name:
            raise InputError("empty code name", file=where, row=index, field="name")
        if path and path.rsplit("/", 1)[-1] != name:
            raise InputError(
                f"the path ends with the code's name ({name!r})", file=where, row=index, field="path", value=path
            )
        guid = guids.clean(text("guid")) if text("guid") else guids.derive("csv-code", path or name)
        if guid is None:
            raise InputError("not a GUID", file=where, row=index, field="guid", value=text("guid"))
        if path in by_path:
            raise InputError("two codes with this path", file=where, row=index, field="path", value=path)
        if guid in parents:
            raise InputError("duplicate GUID", file=where, row=index, field="guid", value=guid)
        if path:
            by_path[path] = guid
        parent = guids.clean(text("parent_guid")) if text("parent_guid") else None
        if text("parent_guid") and parent not in parents:
            raise InputError(
                "parent must come before its children",
                file=where,
                row=index,
                field="parent_guid",
                value=text("parent_guid"),
            )
        if parent is None and "/" in path:
            parent_paths[guid] = (index, path.rsplit("/", 1)[0])
        parents[guid] = parent
        colour = check_colour(text("colour"), file=where, row=index) if text("colour") else None
        codable = (text("codable") or "true").lower() not in ("false", "0", "no")
        flat.append(
            FlatCode(
                key=guid,
                parent=parent,
                guid=guid,
                name=name,
                codable=codable,
                colour=colour,
                description=text("description") or None,
                position=index,
            )
        )
        names_sl[guid] = text("name_sl") or None
    for guid, (index, above) in parent_paths.items():
        if above not in by_path:
            raise InputError(
                "no code of the file has the path above this one (a parent is a row of the file too)",
                file=where,
                row=index,
                field="path",
                value=above,
            )
        parents[guid] = by_path[above]
    for code in flat:
        code.parent = parents[code.guid]
    rows_of = {code.guid: code.position for code in flat}
    for code in flat:
        depth, seen, at = 1, {code.guid}, parents[code.guid]
        while at is not None:
            if at in seen:
                raise InputError("a code cannot be its own ancestor", file=where, row=code.position, field="path")
            seen.add(at)
            depth += 1
            at = parents[at]
        if depth > MAX_CODE_DEPTH:
            raise InputError(
                f"codes nested more than {MAX_CODE_DEPTH} levels deep", file=where, row=rows_of[code.guid], field="path"
            )
    return tree(flat), names_sl


def _key(name: str) -> str:
    return name.strip().casefold()


def exchange_names(roots: list[CodeNode]) -> dict[str, str]:
    """GUID -> a name unique across the whole codebook, for tools that require it (QualCoder files a
    code under the first category of its name). A name used more than once gets its parent's name in
    parentheses (``dominant (2. Transition)``), parents before children; a name still taken (or of a
    top-level code) gets a number (``Work (2)``). :func:`restore_names` undoes the first rule."""
    nodes: list[tuple[CodeNode, CodeNode | None]] = []
    stack: list[tuple[CodeNode, CodeNode | None]] = [(root, None) for root in reversed(roots)]
    while stack:  # document order, without recursion
        node, parent = stack.pop()
        nodes.append((node, parent))
        stack.extend((child, node) for child in reversed(node.children))
    uses: dict[str, int] = {}
    for node, _ in nodes:
        uses[_key(node.name)] = uses.get(_key(node.name), 0) + 1
    out: dict[str, str] = {}
    for node, parent in nodes:
        name = node.name
        if uses[_key(name)] > 1 and parent is not None:
            name = f"{name} ({out[parent.guid]})"
        out[node.guid] = name
    taken: set[str] = set()
    for node, _ in nodes:
        name, n = out[node.guid], 1
        while _key(name) in taken:
            n += 1
            name = f"{out[node.guid]} ({n})"
        out[node.guid] = name
        taken.add(_key(name))
    return out


def restore_names(roots: list[CodeNode]) -> int:
    """Undo :func:`exchange_names`' parent suffix in place: a code named ``NAME (PARENT)`` under a
    parent named ``PARENT`` (as the file has it) is named ``NAME``. Returns how many were renamed."""
    renamed = 0
    stack: list[tuple[CodeNode, str | None]] = [(root, None) for root in reversed(roots)]
    while stack:
        node, parent_name = stack.pop()
        as_read = node.name
        suffix = f" ({parent_name})" if parent_name is not None else None
        if suffix and as_read.endswith(suffix) and as_read[: -len(suffix)].strip():
            node.name = as_read[: -len(suffix)]
            renamed += 1
        stack.extend((child, as_read) for child in reversed(node.children))
    return renamed
