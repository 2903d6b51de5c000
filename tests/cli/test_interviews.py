"""``townpaths interviews``: add transcripts (pseudonyms, redaction, attributes), list them, record consent."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.support.cli import run
from townpaths.storage import Database


def test_add_with_redaction_and_list(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    a = tmp_path / "a.txt"
    a.write_bytes("\ufeffQ: Ana Novak?\r\nA: Ana Novak and Marko agreed.\r\n".encode())
    out = json.loads(
        run(
            "interviews",
            "add",
            a,
            "--sector",
            "municipality",
            "--redact",
            "Ana Novak",
            "--redact",
            "Marko=M.",
            "--attribute",
            "age group=60+",
            "--format",
            "json",
            *db,
        ).output
    )
    assert (out["interviewee"], out["sector"], out["length"], out["redacted"]) == (
        "M04",
        "municipality",
        40,
        {"Ana Novak": 2, "Marko": 1},
    )
    assert out["pseudonyms"] == {"Ana Novak": "Person A", "Marko": "M."}
    listed = json.loads(run("interviews", "list", "--format", "json", *db).output)
    assert [r["interviewee"] for r in listed] == ["FX-E1", "FX-S1", "FX-C1", "M04"]
    rows = list(csv.DictReader(io.StringIO(run("interviews", "list", "--format", "csv", *db).output)))
    assert [(r["interviewee"], r["sector"]) for r in rows][-1] == ("M04", "municipality")

    b, c = tmp_path / "b.txt", tmp_path / "c.txt"
    b.write_text("Marko Kos spoke with Person A.\n", encoding="utf-8")
    c.write_text("Nobody is named here.\n", encoding="utf-8")
    text = run("interviews", "add", b, c, "--sector", "economy", "--redact", "Marko Kos", *db).output.splitlines()
    assert text == [
        "Added interview 5 (b.txt) of E14 [economy], 30 characters",  # E01-E13 are the article's
        "  replaced 'Marko Kos' 1 times by 'Person A'",
        "Added interview 6 (c.txt) of E15 [economy], 22 characters",
        "  replaced 'Marko Kos' 0 times by 'Person A'",
    ]
    last = run("interviews", "list", *db).output.splitlines()[-1]
    assert last.split() == ["6", "E15", "economy", "0", "seg", "c.txt"]


def test_errors_are_one_line_and_nothing_is_added(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    a = tmp_path / "a.txt"
    a.write_text("text\n", encoding="utf-8")
    bad = run("interviews", "add", tmp_path / "none.txt", "--sector", "economy", *db, code=3)
    assert bad.stderr == f"Error: {tmp_path / 'none.txt'}: file not found\n"
    bad = run("interviews", "add", a, a, "--title", "Both", "--sector", "economy", *db, code=3)
    assert bad.stderr == "Error: field 'title', value 'Both': a title is for a single file\n"
    bad = run("interviews", "add", a, "--date", "1.3.2019", "--sector", "economy", *db, code=3)
    assert bad.stderr == "Error: field '--date', value '1.3.2019': not a date (YYYY-MM-DD)\n"
    bad = run("interviews", "add", a, "--attribute", "age", "--sector", "economy", *db, code=3)
    assert bad.stderr == "Error: field '--attribute', value 'age': use --attribute KEY=VALUE\n"
    bad = run("interviews", "add", a, "--redact", "Ana=", "--sector", "economy", *db, code=3)
    assert bad.stderr == "Error: field 'redact', value 'Ana=': a name to redact is NAME or NAME=PSEUDONYM\n"
    assert len(json.loads(run("interviews", "list", "--format", "json", *db).output)) == 3


def test_consent_recorded_withdrawn_and_shown(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    given = run("interviews", "consent", "FX-E1", "--on", "2025-01-10", "--scope", "research and publication", *db)
    assert given.output == "Consent of FX-E1: given on 2025-01-10, scope: research and publication\n"
    withdrawn = run("interviews", "consent", "FX-E1", "--withdraw", "2026-03-01", "--format", "json", *db).output
    assert json.loads(withdrawn) == {
        "interviewee": "FX-E1",
        "sector": "economy",
        "consent_on": "2025-01-10",
        "consent_scope": "research and publication",
        "consent_withdrawn_on": "2026-03-01",
        "withdrawn": True,
        "transcripts": 1,
    }
    lines = run("interviews", "list", *db).output.splitlines()
    assert lines[0].endswith("FICTIONAL example 1: entrepreneur  [consent withdrawn 2026-03-01: locked]")
    run("interviews", "consent", "FX-S1", "--on", "2025-02-01", *db)
    assert lines[1].endswith("(v slovenščini)")
    assert run("interviews", "list", *db).output.splitlines()[1].endswith("(v slovenščini)  [consent 2025-02-01]")
    rows = list(csv.DictReader(io.StringIO(run("interviews", "list", "--format", "csv", *db).output)))
    assert [(r["interviewee"], r["consent_withdrawn_on"]) for r in rows] == [
        ("FX-E1", "2026-03-01"),
        ("FX-S1", ""),
        ("FX-C1", ""),
    ]
    # a locked transcript: one line naming the interviewee
    a = tmp_path / "a.txt"
    a.write_text("more\n", encoding="utf-8")
    bad = run("interviews", "add", a, "--sector", "economy", "--interviewee", "FX-E1", *db, code=2)
    assert bad.stderr == (
        "Error: interviewee FX-E1 withdrew consent on 2026-03-01: the transcript is locked (no coding or edits)\n"
    )
    reinstated = run("interviews", "consent", "FX-E1", "--reinstate", *db).output
    assert reinstated == "Consent of FX-E1: given on 2025-01-10, scope: research and publication\n"
    for args, message in [
        ((), "Error: nothing to record: give --on, --scope, --withdraw or --reinstate\n"),
        (
            ("--withdraw", "2026-01-01", "--reinstate"),
            "Error: field '--reinstate': give --withdraw or --reinstate, not both\n",
        ),
        (("--withdraw", "1.1.2026"), "Error: field '--withdraw', value '1.1.2026': not a date (YYYY-MM-DD)\n"),
        (
            ("--withdraw", "2024-01-01"),
            "Error: field 'consent_withdrawn_on', value '2024-01-01': consent of FX-E1 cannot be withdrawn before "
            "it was given (2025-01-10)\n",
        ),
    ]:
        assert run("interviews", "consent", "FX-E1", *args, *db, code=3).stderr == message
    assert (
        run("interviews", "consent", "NOBODY", "--on", "2025-01-01", *db, code=5).stderr
        == "Error: no interviewee 'NOBODY'\n"
    )
