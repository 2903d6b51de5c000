"""Inputs that look odd but are right, accepted and stored exactly, on SQLite and PostgreSQL:
Windows-1250 and UTF-16 files (never mojibake), short colours, and a REFI-QDA project imported
again (its cases updated, nothing duplicated)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.fuzz.bench import KINDS, Workbench, on
from townpaths.cli.main import app
from townpaths.storage import Database
from townpaths.storage.models import (
    Code,
    Codebook,
    CodedSegment,
    Coder,
    DocumentTerm,
    Interview,
    Interviewee,
    QdaNote,
    Symbol,
)

runner = CliRunner()
BOTH = [on(kind, id="") for kind in KINDS]


def _run(*args: object) -> dict[str, object]:
    result = runner.invoke(app, [*map(str, args), "--format", "json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


@pytest.mark.parametrize("workbench", BOTH, indirect=True)
def test_windows_1250_codebook_and_lexicon_are_stored_as_written(
    workbench: Workbench, fuzz_db: Database, tmp_path: Path
) -> None:
    codebook = tmp_path / "c.csv"
    codebook.write_bytes("name;name_sl;colour\nHeritage;Dediščina;#abc\nŠaleška dolina;Šaleška;\n".encode("cp1250"))
    _run("qda", "codebook", "import", codebook, "--town", "velenje", "--db", fuzz_db.url)
    lexicon = tmp_path / "l.csv"
    lexicon.write_bytes("group,category,lang,term\nheritage,coal_mining,sl,premogovništvo\n".encode("cp1250"))
    _run("documents", "lexicon", "--set", lexicon, "--town", "velenje", "--db", fuzz_db.url)
    with fuzz_db.transaction() as session:
        codes = {c.name: (c.name_sl, c.colour) for c in session.scalars(select(Code).where(Code.guid.is_not(None)))}
        terms = [t.term for t in session.scalars(select(DocumentTerm))]
    assert codes["Heritage"] == ("Dediščina", "#AABBCC")
    assert codes["Šaleška dolina"] == ("Šaleška", None)
    assert terms == ["premogovništvo"]


@pytest.mark.parametrize("workbench", BOTH, indirect=True)
def test_utf16_with_a_bom_is_read_as_written(workbench: Workbench, fuzz_db: Database, tmp_path: Path) -> None:
    table = tmp_path / "s.csv"
    table.write_bytes("type\tname\n1\tŽelezarna Štore\n".encode("utf-16"))
    assert _run("symbols", "import", table, "--db", fuzz_db.url)["imported"] == 1
    with fuzz_db.transaction() as session:
        assert session.scalar(select(Symbol.name).where(Symbol.name.like("%Štore"))) == "Železarna Štore"


@pytest.mark.parametrize("workbench", BOTH, indirect=True)
def test_a_project_imported_again_updates_instead_of_duplicating(
    workbench: Workbench, fuzz_db: Database, tmp_path: Path
) -> None:
    def people() -> list[tuple[str, str]]:
        with fuzz_db.transaction() as session:
            return [(p.code, p.sector) for p in session.scalars(select(Interviewee).order_by(Interviewee.code))]

    def counts() -> dict[str, int]:
        with fuzz_db.transaction() as session:
            return {
                m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
                for m in (Code, Codebook, Coder, Interview, CodedSegment, QdaNote)
            }

    before, counted = people(), counts()
    assert len(before) == 26
    package = tmp_path / "v.qdpx"
    _run("qda", "export", "--output", package, "--db", fuzz_db.url)
    for _ in range(2):
        result = _run("qda", "import", package, "--town", "velenje", "--db", fuzz_db.url)
        assert result["imported"]["cases updated"] == 26  # type: ignore[index]
        assert "cases" not in result["imported"]  # type: ignore[operator]
        assert people() == before
        assert counts() == counted
