"""``townpaths compare`` (printed, as JSON and CSV, written as HTML, PDF and Word), ``compare
suggest``, ``compare align`` and ``towns edit``: what each prints, and one line with exit code 3
for a bad request, checked before any work."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.support.cli import run
from tests.support.compared_towns import tags_of
from townpaths.cases.tables import save_row
from townpaths.storage import Database


def test_compare_prints_the_summaries_and_what_it_compared(compared_sqlite: Database) -> None:
    db = ["--db", compared_sqlite.url]
    text = run("compare", "velenje", "kohlstadt", *db).output.splitlines()
    assert text[0] == "velenje – kohlstadt (13 measures weighed)"
    assert text[1] == "  alike:"
    assert any(line.endswith("[problems-tau]") and "tau-b = 0.667" in line for line in text)
    assert (
        "symbols: symbols-categories (9 rows), symbols-types (19 rows), symbols-preservation (12 rows), "
        "symbols-attitude (12 rows)" in text
    )
    # options may come before the towns too; Slovene
    sl = run("compare", *db, "--lang", "sl", "velenje", "kohlstadt").output
    assert "delež simbolov v kategoriji" in sl


def test_compare_as_json_and_csv(compared_sqlite: Database) -> None:
    db = ["--db", compared_sqlite.url]
    data = json.loads(run("compare", "velenje", "kohlstadt", "rudnik", *db, "--format", "json").output)
    assert [t["slug"] for t in data["towns"]] == ["velenje", "kohlstadt", "rudnik"]
    assert data["towns"][1]["population"] == 25000 and data["towns"][1]["languages"] == ["en"]
    studies = {s["study"]: s for s in data["studies"]}
    tau = next(c for c in studies["workshop"]["comparisons"] if c["key"] == "problems-tau")
    assert [(r["town"], r["other"], r["ranked"]) for r in tau["rows"]] == [
        ("velenje", "kohlstadt", 4),
        ("velenje", "rudnik", 4),
        ("kohlstadt", "rudnik", 5),
    ]
    assert {s["kind"] for s in data["summary"]} == {"alike", "differ"}
    rows = list(csv.DictReader(io.StringIO(run("compare", "velenje", "rudnik", *db, "--format", "csv").output)))
    assert rows[0]["town_a"] == "velenje" and rows[0]["town_b"] == "rudnik"
    assert set(rows[0]) >= {"kind", "comparison", "row", "value_a", "value_b", "statement"}


def test_compare_writes_html_pdf_and_word(compared_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", compared_sqlite.url]
    for suffix, start in ((".html", b"<!doctype html>"), (".pdf", b"%PDF"), (".docx", b"PK")):
        out = tmp_path / f"compared{suffix}"
        assert run("compare", "velenje", "rudnik", *db, "--output", out, "--lang", "sl").output == f"Wrote {out}\n"
        assert out.read_bytes().startswith(start)
    written = json.loads(run("compare", "velenje", "rudnik", *db, "-o", tmp_path / "c.html", "--format", "json").output)
    assert written == {"comparison": str((tmp_path / "c.html").resolve()), "lang": "en", "towns": ["velenje", "rudnik"]}


def test_bad_requests_are_one_line_with_exit_code_3(compared_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", compared_sqlite.url]
    out = tmp_path / "c.odt"
    assert run("compare", "velenje", "rudnik", *db, "--output", out, code=3).output == (
        f"Error: {out}: cannot tell the file format from the suffix (use .html, .htm, .pdf, .docx)\n"
    )
    assert not out.exists()
    assert run("compare", "velenje", *db, code=3).output == (
        "Error: field 'towns', value 'velenje': compare at least 2 towns\n"
    )
    assert run("compare", "velenje", "zwickau", *db, code=5).output.startswith("Error: unknown town 'zwickau'")
    assert run("compare", "velenje", "rudnik", *db, "--lang", "de", code=2).output == (
        "Error: unknown language 'de' (use one of: en, sl)\n"
    )
    assert "Compare two or more towns side by side" in run("compare").output


def test_suggest_then_align_from_the_command_line(compared_sqlite: Database) -> None:
    db = ["--db", compared_sqlite.url]
    save_row(
        compared_sqlite,
        "rudnik",
        "problems",
        {"text_en": "brain drain", "text_sl": "izseljevanje izobraženih mladih v tujino"},
    )
    text = run("compare", "suggest", "velenje", "rudnik", *db, "--kind", "problems").output.splitlines()
    assert text[0] == "0.75  velenje:problems:3 = rudnik:problems:6  (izobražen, izseljevanje, mlad)"
    assert text[1:3] == ["      izseljevanje izobraženih mladih", "      izseljevanje izobraženih mladih v tujino"]
    found = json.loads(
        run("compare", "suggest", "velenje", "rudnik", *db, "--format", "json", "--threshold", "0.5").output
    )
    assert [(s["a"], s["b"], s["score"]) for s in found] == [("velenje:problems:3", "rudnik:problems:6", 0.75)]
    assert run("compare", "align", "velenje:problems:3", "rudnik:problems:6", "--tag", "brain-drain", *db).output == (
        "Tagged velenje:problems:3: emigration, brain-drain\nTagged rudnik:problems:6: brain-drain\n"
    )
    assert tags_of(compared_sqlite, "rudnik", "problems")[6] == ["brain-drain"]
    assert run(
        "compare", "align", "velenje:problems:3", "rudnik:problems:6", "--tag", "Two Words", *db, code=3
    ).output.startswith("Error: field '--tag', value 'Two Words': a tag is lower-case letters")
    assert (
        "No pair of texts shares enough words."
        in run("compare", "suggest", "velenje", "kohlstadt", *db, "--threshold", "0.99").output
    )


def test_towns_edit_sets_the_population(velenje_sqlite: Database) -> None:
    db = ["--db", velenje_sqlite.url]
    assert "population" not in run("towns", "edit", "velenje", *db).output
    lines = run("towns", "edit", "velenje", "--population", "33000", "--population-year", "2021", *db).output
    assert "\npopulation: 33000\npopulation_year: 2021\n" in lines
    shown = json.loads(run("towns", "edit", "velenje", *db, "--format", "json").output)
    assert (shown["population"], shown["population_year"]) == (33000, 2021)
    assert run("towns", "edit", "velenje", "--population", "-5", *db, code=3).output == (
        "Error: field 'population', value '-5': must be a whole number from 0 to 100000000\n"
    )
    assert "population" not in run("towns", "edit", "velenje", "--clear-population", *db).output
