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


def test_limits_doc_states_the_web_limits_the_code_checks() -> None:
    """The web section of docs/limits.md: bodies, pages, deadlines, rate limits and fields, each with
    the value the code checks, and the memory bound tests/web/test_memory.py asserts."""
    from tests.web import test_memory
    from townpaths.cases import audit
    from townpaths.people.core import passwords, tokens
    from townpaths.present import paging
    from townpaths.studies.innovations.core.moderation import PROPOSAL_LIMITS
    from townpaths.studies.workshop.core import worksheet
    from townpaths.studies.workshop.service import setup
    from townpaths.web import security, server, workshop_auth
    from townpaths.web.routes import innovations, people

    doc = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    web = doc[doc.index("## The web app") :]

    def per(limit: security.Limit) -> str:
        return {60: "a minute", 600: "in 10 minutes"}[int(limit.seconds)]

    join = workshop_auth.join_limit()
    stated = {
        "body": f"{security.MAX_BODY // 1024**2} MiB ({security.MAX_BODY} bytes)",
        "body answer": f"413 `{security.TOO_LARGE}`",
        "proposal body": f"{innovations.MAX_PROPOSAL // 1024} KiB ({innovations.MAX_PROPOSAL} bytes)",
        "foreign": security.FOREIGN_ORIGIN,
        "ids": f"at most {security.MAX_ID} (ids are 32-bit",
        "csrf": security.FORM_EXPIRED,
        "title": f"at most {setup.MAX_TITLE} characters",
        "nickname": f"at most {setup.MAX_NICKNAME} characters",
        "worksheet": f"{worksheet.MAX_IDEA}; {worksheet.MAX_TEXT:,} characters",
        "proposal fields": ", ".join(f"{v:,}" for v in PROPOSAL_LIMITS.values()) + " characters",
        "password": f"{passwords.MIN_LENGTH} to {passwords.MAX_LENGTH} characters",
        "transcript page": f"at most {paging.PAGE_CHARS:,} characters of the transcript",
        "rows": f"| {paging.PAGE_ROWS} rows; a cell at most {paging.CELL_CHARS:,} characters",
        "audit": f"| {audit.PAGE_SIZE} entries |",
        "memory": f"**under {test_memory.BOUND_MIB} MiB**",
        "growth": f"less than {test_memory.GROWTH_MIB} MiB",
        "header": f"{server.HEADER_TIMEOUT:g} seconds (`townpaths serve --header-timeout`)",
        "body deadline": f"{server.BODY_TIMEOUT:g} seconds (`--body-timeout`)",
        "408": server.TOO_SLOW.decode(),
        "sign-ins": f"{people.SIGN_IN_LIMIT.hits} {per(people.SIGN_IN_LIMIT)} | `{people.SIGN_IN_LIMIT.message}`",
        "lock": f"{tokens.FREE_FAILURES}, then locked for {tokens.FIRST_LOCK.seconds // 60} minutes",
        "links": f"{people.LINK_LIMIT.hits} {per(people.LINK_LIMIT)}",
        "proposals": f"{innovations.PROPOSAL_LIMIT.hits} {per(innovations.PROPOSAL_LIMIT)}",
        "joins": f"{join.hits} {per(join)}",
        "device": f"{workshop_auth.DEVICE_JOIN_LIMIT.hits} {per(workshop_auth.DEVICE_JOIN_LIMIT)}",
        "codes": f"{workshop_auth.DEVICE_MISS_LIMIT.hits} per device and {workshop_auth.ADDRESS_MISS_LIMIT.hits} "
        f"per address {per(workshop_auth.ADDRESS_MISS_LIMIT)} | `{workshop_auth.WRONG_CODE}`",
        "admin": f"{workshop_auth.ADMIN_LIMIT.hits} {per(workshop_auth.ADMIN_LIMIT)}",
        "ballots": f"{workshop_auth.BALLOT_LIMIT.hits}; {workshop_auth.EDIT_LIMIT.hits} a minute",
    }
    assert {name: phrase for name, phrase in stated.items() if phrase not in web} == {}


def test_limits_doc_states_the_upload_limits_the_forms_state() -> None:
    """Each upload's files and limits in docs/limits.md, as the forms state them (townpaths.web.uploads)."""
    from townpaths.web import security, server
    from townpaths.web.routes.uploads import TOO_LARGE_UPLOAD
    from townpaths.web.uploads import BALLOTS, MAX_FILES, TABLE_FILE, UPLOADS, FileField, size_text

    def row(title: str, command: str, files: tuple[FileField, ...]) -> str:
        parts = "; ".join(
            f"{f.label} ({', '.join(f.suffixes)}): {size_text(f.max_bytes)}"
            + (f", up to {MAX_FILES} files" if f.multiple else "")
            + ("" if f.required else ", optional")
            for f in files
        )
        return f"| {title} (`{command}`) | {parts} |"

    doc = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    rows = [row(u.title, u.command, u.files) for u in UPLOADS.values()]
    rows += [row("A table's file", "townpaths table import", (TABLE_FILE,))]
    rows += [row("Consensus ranking of a ballot file", "townpaths rank", (BALLOTS,))]
    assert [r for r in rows if r not in doc] == []
    assert f"413 `{TOO_LARGE_UPLOAD}`" in doc and f"{security.MAX_BODY // 1024**2} MiB for anyone else" in doc
    assert f"at {server.MIN_BODY_RATE // 1024} KiB a second" in doc


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
