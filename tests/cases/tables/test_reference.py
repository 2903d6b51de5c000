"""docs/tables.md lists the columns of every table people write exactly as the registry declares them."""

from __future__ import annotations

from pathlib import Path

from townpaths.cases.tables.columns import layout
from townpaths.cases.tables.reference import block, describe, markdown
from townpaths.registry import default_registry

DOC = Path(__file__).resolve().parents[3] / "docs" / "tables.md"


def test_docs_tables_md_holds_the_registrys_reference() -> None:
    # to bring the document up to date: python -m townpaths.cases.tables.reference docs/tables.md
    assert block() in DOC.read_text(encoding="utf-8")


def test_each_table_with_its_key_and_columns() -> None:
    text = markdown()
    registry = default_registry()
    assert text.count("\n### ") + 1 == len(registry.authorable())
    assert "### narratives\n\nKey: `position`.\n" in text
    assert "### interviewees\n\nKey: `code`. Confidential: its page is for coders, researchers and owners.\n" in text
    narratives = layout(registry, "narratives")
    assert describe(narratives, narratives.column("period")) == (
        "the key of a row of `periods` (among those with scheme narratives); required"
    )
    evidence = layout(registry, "evidence")
    assert describe(evidence, evidence.column("position")) == "a whole number; left empty on a new row: the next number"
    assert describe(evidence, evidence.column("key")) == (
        "text (at most 120 characters); left empty on a new row: made from `statement_en`"
    )
    assert describe(evidence, evidence.column("links")) == "links to records of any table, `table:key` separated by `;`"
