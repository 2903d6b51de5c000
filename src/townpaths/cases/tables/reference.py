"""The reference of the tables people write, as Markdown, made from the registry's declarations
(``docs/tables.md`` holds it between two markers; a test keeps it equal to what this writes)::

    python -m townpaths.cases.tables.reference docs/tables.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from townpaths.cases.tables.columns import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    JSON_VALUE,
    LINKS,
    NUMBER,
    REFERENCE,
    TAGS,
    TREE,
    FileColumn,
    Layout,
    layout,
)
from townpaths.registry import Registry, default_registry

BEGIN = "<!-- the tables: written by python -m townpaths.cases.tables.reference docs/tables.md -->"
END = "<!-- end of the tables -->"

KINDS = {
    INTEGER: "a whole number",
    NUMBER: "a number",
    BOOLEAN: "true or false",
    DATE: "a date, YYYY-MM-DD",
    DATETIME: "a date and time, YYYY-MM-DDTHH:MM",
    JSON_VALUE: "JSON",
    TAGS: "tags: short keys of lower-case letters, digits, `-` and `_`, separated by `;`",
}


def describe(lay: Layout, col: FileColumn) -> str:
    """What a column holds, in one cell of the reference."""
    auth = lay.authoring
    if col.kind == REFERENCE:
        assert col.reference is not None
        ref = col.reference
        fixed = ", ".join(f"{k} {v}" for k, v in ref.within.items())
        what = f"the key of a row of `{ref.table}`" + (f" (among those with {fixed})" if fixed else "")
    elif col.kind == TREE:
        assert auth.tree is not None
        what = f"the path: names from the top down joined by `{auth.tree.separator}` (the parent is the path above)"
    elif col.kind == LINKS:
        what = "links to records of any table, `table:key` separated by `;`"
    else:
        what = KINDS.get(col.value_type, "text")
        if col.max_chars:
            what += f" (at most {col.max_chars} characters)"
    notes = []
    if col.language:
        notes.append({"en": "in English", "sl": "in Slovene"}[col.language])
    if col.choices:
        notes.append("one of " + ", ".join(f"`{c}`" for c in col.choices))
    if col.required:
        notes.append("required")
    if col.generated:
        made = "the next number" if col.name in auth.numbered else "made from " + f"`{auth.key_from}`"
        notes.append(f"left empty on a new row: {made}")
    return what + ("; " + "; ".join(notes) if notes else "")


def markdown(registry: Registry | None = None) -> str:
    """Every table people write, in the order to import them: its key and its columns."""
    registry = registry or default_registry()
    out: list[str] = []
    for name in registry.authorable():
        lay = layout(registry, name)
        key = ", ".join(f"`{k}`" for k in lay.authoring.key)
        out.append(f"### {name}\n")
        notes = [f"Key: {key}."]
        if lay.confidential:
            notes.append("Confidential: its page is for coders, researchers and owners.")
        out.append(" ".join(notes) + "\n")
        out.append("| column | holds |\n|---|---|")
        out.extend(f"| `{c.name}` | {describe(lay, c)} |" for c in lay.columns)
        out.append("")
    return "\n".join(out)


def block(registry: Registry | None = None) -> str:
    return f"{BEGIN}\n\n{markdown(registry)}\n{END}"


def rewrite(path: Path) -> None:
    """Put the reference between the markers of ``path``."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + block() + text[end:], encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    rewrite(Path(sys.argv[1]))
