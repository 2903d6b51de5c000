"""The documentation's examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from townpaths.cases.towns import load_velenje
from townpaths.storage import Database

REPO = Path(__file__).resolve().parents[1]


def test_readme_python_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOWNPATHS_DATABASE_URL", raising=False)
    load_velenje(Database())  # ./townpaths.sqlite3, as `townpaths demo` leaves it
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    namespace: dict = {}
    lines = block.strip().splitlines()
    for line in lines:
        code, _, expected = line.partition("#")
        if not code.strip():
            continue
        if expected.strip().startswith("'"):
            assert eval(code, namespace) == eval(expected.strip())
        else:
            exec(code, namespace)
    columns = list(namespace["case"].dataframe("innovations").columns)
    assert columns[:3] == ["no", "type_en", "type_sl"] and "id" in columns and "town_id" not in columns


def test_readme_names_the_commands_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme and "bash scripts/test.sh" in ci
    assert "bash scripts/demo.sh" in readme


def _command_lines(text: str) -> list[str]:
    """Every ``townpaths ...`` command written in fenced or indented code, or in inline code."""
    snippets = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    snippets += [line for line in text.splitlines() if line.startswith("    ")]
    snippets += re.findall(r"`([^`\n]+)`", text)
    out = []
    for snippet in snippets:
        for line in snippet.splitlines():
            for part in re.split(r"&&|;", line.split(" #")[0]):
                words = part.split()
                while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):  # VAR=value before the command
                    words = words[1:]
                if words and (words[0] == "townpaths" or words[0].endswith("bin/townpaths")):
                    out.append(" ".join(words))
    return out


def _check_commands(lines: list[str]) -> list[str]:
    """Problems in the command lines: unknown commands, options a command does not have, and
    --format values other than table, json and csv (file formats come from the --output suffix)."""
    from typer.testing import CliRunner

    from townpaths.cli.common import OutputFormat, commands
    from townpaths.cli.main import app

    known = {words for words, _ in commands(app)}
    runner = CliRunner()
    problems = []
    for line in lines:
        words = line.split()[1:]
        path = max(
            (tuple(words[:n]) for n in range(len(words) + 1) if tuple(words[:n]) in known), key=len, default=None
        )
        if path is None:
            problems.append(f"{line}: no such command")
            continue
        usage = runner.invoke(app, [*path, "--help"], terminal_width=200).output
        problems += [
            f"{line}: {option} is not an option of townpaths {' '.join(path)}"
            for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line)
            if option not in usage
        ]
        for value in re.findall(r"--format[ =]([\w|]+)", line):
            problems += [
                f"{line}: --format {v} (use table, json or csv)"
                for v in value.split("|")
                if v not in {f.value for f in OutputFormat}
            ]
    return problems


def test_every_command_in_the_readme_exists_with_its_options() -> None:
    lines = _command_lines((REPO / "README.md").read_text(encoding="utf-8"))
    assert len({tuple(line.split()[1:3]) for line in lines}) >= 20
    assert _check_commands(lines) == []


def test_every_command_in_the_docs_exists_with_its_options() -> None:
    lines = [line for doc in sorted((REPO / "docs").glob("*.md")) for line in _command_lines(doc.read_text("utf-8"))]
    assert len(lines) >= 40
    assert _check_commands(lines) == []


def test_the_check_finds_stale_command_lines() -> None:
    assert _check_commands(
        [
            "townpaths symbols export --format geojson --output s.geojson",
            "townpaths workshop create --json",
            "townpaths symbol export",
        ]
    ) == [
        "townpaths symbols export --format geojson --output s.geojson: --format geojson (use table, json or csv)",
        "townpaths workshop create --json: --json is not an option of townpaths workshop create",
        "townpaths symbol export: no such command",
    ]


def test_limits_doc_states_the_limits_the_code_checks() -> None:
    """docs/limits.md gives every limit with the value the code checks."""
    from townpaths.cases import backup, bundle
    from townpaths.cli import errorlog
    from townpaths.core import values
    from townpaths.formats import jsonsafe, tables, text
    from townpaths.ranking import ballots, io
    from townpaths.studies.innovations.core import record
    from townpaths.studies.innovations.formats import sheets
    from townpaths.studies.qda.core import codebook
    from townpaths.studies.qda.core import text as transcripts
    from townpaths.studies.qda.formats import refiqda_read
    from townpaths.studies.symbols.formats import photos

    doc = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    stated = {
        "table rows": f"more than {tables.MAX_ROWS} rows",
        "table columns": f"more than {tables.MAX_COLUMNS} columns",
        "cell": f"longer than {tables.MAX_CELL_CHARS} characters",
        "workbook": f"more than {tables.MAX_XLSX_UNPACKED} bytes",
        "workbook part": f"at most {tables.MAX_XLSX_PART})",
        "pdf pages": f"(at most {text.LIMITS.pdf_pages})",
        "document text": f"more than {text.LIMITS.chars} characters",
        "transcript": f"at most {transcripts.MAX_TRANSCRIPT_CHARS} characters",
        "case.json": f"larger than {bundle.MAX_CASE_JSON_BYTES // 1024**2} MB",
        "case.json depth": f"more than {bundle.MAX_JSON_DEPTH} levels",
        "bundle files": f"at most {bundle.MAX_BUNDLE_MEMBERS})",
        "bundle file": f"at most {bundle.MAX_MEMBER_BYTES})",
        "project.qde": f"larger than {refiqda_read.MAX_QDE_BYTES} bytes",
        "sources": f"larger than {refiqda_read.MAX_SOURCE_BYTES} bytes",
        "code depth": f"more than {codebook.MAX_CODE_DEPTH} levels",
        "photo": f"(at most {photos.MAX_PHOTO_PIXELS})",
        "items": f"at most {ballots.MAX_ITEMS} items",
        "count": f"from 1 to {io.MAX_COUNT}",
        "weight": f"at most {io.MAX_WEIGHT_DIGITS} digits",
        "digits": f"more than {values.MAX_DIGITS} digits",
        "slug": f"at most {values.SLUG_CHARS} characters",
        "json depth": f"more than {sheets.MAX_JSON_DEPTH} levels",
        "innovations": f"more than {sheets.MAX_ROWS} rows",
        "innovation number": f"from 1 to {record.MAX_NUMBER}",
        "innovation years": f"between {record.MIN_YEAR} and {record.MAX_YEAR}",
        "json": f"{jsonsafe.MAX_INT_DIGITS} digits",
        "exit code": f"| {errorlog.INTERNAL_EXIT_CODE} | an internal error",
        "log": errorlog.LOG_NAME,
        "backup.json": f"larger than {backup.MAX_MANIFEST_BYTES} bytes",
        "backup depth": f"nested at most {backup.MAX_JSON_DEPTH} levels",
    }
    assert {name: phrase for name, phrase in stated.items() if phrase not in doc} == {}
