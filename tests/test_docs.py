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
    --format values other than table, json and csv (file formats come from the --output suffix;
    only ``report`` also takes its file's format, html, pdf or docx)."""
    from typer.testing import CliRunner

    from townpaths.cli.commands.case import ReportFormat
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
        formats = [f.value for f in (ReportFormat if path == ("report",) else OutputFormat)]
        for value in re.findall(r"--format[ =]([\w|]+)", line):
            problems += [
                f"{line}: --format {v} (use {', '.join(formats)})" for v in value.split("|") if v not in formats
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
            "townpaths report --format pdf --output r.pdf",
            "townpaths report --format odt",
            "townpaths towns --format pdf",
        ]
    ) == [
        "townpaths symbols export --format geojson --output s.geojson: --format geojson (use table, json, csv)",
        "townpaths workshop create --json: --json is not an option of townpaths workshop create",
        "townpaths symbol export: no such command",
        "townpaths report --format odt: --format odt (use html, pdf, docx, table, json, csv)",
        "townpaths towns --format pdf: --format pdf (use table, json, csv)",
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


def _walkthrough(text: str) -> list[tuple[str, object]]:
    """The steps of a walkthrough's ``bash`` blocks, in order: ``("file", (name, content))`` for a
    ``cat > FILE <<'EOF'`` here-document, ``("command", argv)`` for a ``townpaths`` command (lines
    continued with a backslash joined). Anything else in a block is refused: every line runs."""
    import shlex

    steps: list[tuple[str, object]] = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            heredoc = re.fullmatch(r"cat > (\S+) <<'EOF'", line.strip())
            if heredoc:
                end = lines.index("EOF", i)
                steps.append(("file", (heredoc.group(1), "\n".join(lines[i:end]) + "\n")))
                i = end + 1
                continue
            while line.endswith("\\"):
                line = line[:-1] + " " + lines[i].strip()
                i += 1
            words = shlex.split(line.split(" # ")[0])
            assert words[0] == "townpaths", f"a walkthrough runs townpaths commands only: {line}"
            steps.append(("command", words[1:]))
    return steps


def test_the_new_town_walkthrough_runs_command_by_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/new-town.md from an empty folder: every command succeeds, and the reports hold the
    town's own records."""
    from typer.testing import CliRunner

    from townpaths.cli.main import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOWNPATHS_DATABASE_URL", raising=False)
    steps = _walkthrough((REPO / "docs" / "new-town.md").read_text(encoding="utf-8"))
    commands = [argv for kind, argv in steps if kind == "command"]
    assert len(commands) >= 25
    runner = CliRunner()
    for kind, step in steps:
        if kind == "file":
            name, content = step  # type: ignore[misc]
            (tmp_path / name).write_text(content, encoding="utf-8")
            continue
        result = runner.invoke(app, step)  # type: ignore[arg-type]
        assert result.exit_code == 0, (step, result.output)
    english = (tmp_path / "kamnogorje-en.html").read_text(encoding="utf-8")
    slovene = (tmp_path / "kamnogorje-sl.html").read_text(encoding="utf-8")
    assert "<h1>Kamnogorje</h1>" in english and "Stone and work: paths of a quarry town" in english
    assert "Kamen in delo: poti kamnolomskega mesta" in slovene
    assert 'data-narratives="3" data-periods="2"' in english
    assert 'data-problems="2"' in english and 'data-solutions="1"' in english and 'data-dualities="1"' in english
    assert "Stonecutters&#39; monument" in english and "Spomenik kamnosekom" in slovene
    assert "No social innovation recorded yet." in english
    assert "Nobena družbena inovacija še ni zapisana." in slovene
