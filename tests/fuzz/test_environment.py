"""The environment says no: a full disk or a read-only folder while an export, the report, a
bundle or a workshop's files are written. Each is one line naming the file and the system's
reason, exit code 2, no half file (an older file of the same name is kept as it was), no temporary
file left behind, and the database unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fuzz.bench import KINDS, Workbench, on
from tests.support.disks import can_mount, full_disk, read_only_folder
from townpaths.cli.main import app
from townpaths.storage import Database
from townpaths.studies.workshop import service as workshop

runner = CliRunner()
FULL = ("No space left on device",)
READ_ONLY = ("Read-only file system", "Permission denied", "Operation not permitted", "No such file or directory")


def _workshop(db: Database) -> str:
    return str(workshop.create_workshop(db, None, title="W", rounds="individual").workshop_id)


#: (name, the command's words with {out} for the folder and {workshop} for a workshop's id, the file it writes)
EXPORTS: list[tuple[str, list[str], str]] = [
    ("symbols-csv", ["symbols", "export", "--output", "{out}/s.csv"], "s.csv"),
    ("symbols-geojson", ["symbols", "export", "--output", "{out}/s.geojson"], "s.geojson"),
    ("symbols-xlsx", ["symbols", "export", "--output", "{out}/s.xlsx"], "s.xlsx"),
    ("symbols-xlsform", ["symbols", "xlsform", "--output", "{out}/f.xlsx"], "f.xlsx"),
    ("symbols-template", ["symbols", "template", "--output", "{out}/t.xlsx"], "t.xlsx"),
    ("report", ["report", "--output", "{out}/r.html"], "r.html"),
    ("bundle-zip", ["export", "--output", "{out}/b.zip"], "b.zip"),
    ("bundle-folder", ["export", "--output", "{out}/b"], "b"),
    ("qdpx", ["qda", "export", "--output", "{out}/p.qdpx"], "p.qdpx"),
    ("codebook-csv", ["qda", "codebook", "export", "{out}/c.csv"], "c.csv"),
    ("codebook-qdc", ["qda", "codebook", "export", "{out}/c.qdc"], "c.qdc"),
    ("segments-xlsx", ["qda", "export-segments", "--output", "{out}/g.xlsx"], "g.xlsx"),
    ("matrix-csv", ["qda", "matrix", "--output", "{out}/m.csv"], "m.csv"),
    ("innovations-json", ["innovations", "export", "{out}/i.json"], "i.json"),
    ("innovations-xlsx", ["innovations", "export", "{out}/i.xlsx"], "i.xlsx"),
    ("sustainability-csv", ["sustainability", "export", "{out}/a.csv"], "a.csv"),
    ("audit-xlsx", ["audit", "--output", "{out}/log.xlsx"], "log.xlsx"),
    ("backup", ["backup", "--output", "{out}/server.zip"], "server.zip"),
    ("workshop-json", ["workshop", "export", "{workshop}", "--kind", "json", "--output", "{out}"], "workshop-"),
    ("workshop-preflib", ["workshop", "export", "{workshop}", "--kind", "csv", "--output", "{out}"], "workshop-"),
]


def _args(words: list[str], out: Path, db: Database, prepare: Callable[[Database], str]) -> list[str]:
    ids = {"workshop": prepare(db)} if any("{workshop}" in w for w in words) else {}
    return [w.format(out=out, **ids) for w in words] + ["--db", db.url]


def _one_line(stderr: str, folder: Path, reasons: tuple[str, ...]) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"Error: {folder}"), stderr
    assert lines[0].endswith(reasons), stderr
    return lines[0]


def _needs_mount(kind: str) -> None:
    if not can_mount():
        pytest.skip("a full disk is a small tmpfs: mounting one needs root with CAP_SYS_ADMIN")


@pytest.mark.parametrize(
    "workbench, words, written",
    [on(kind, words, written, id=name) for kind in KINDS for name, words, written in EXPORTS],
    indirect=["workbench"],
)
def test_a_full_disk_leaves_no_half_file(
    workbench: Workbench, fuzz_db: Database, words: list[str], written: str, tmp_path: Path, error_log: Path
) -> None:
    _needs_mount(workbench.base.kind)
    created = []
    with full_disk(tmp_path) as folder:
        args = _args(words, folder, fuzz_db, lambda db: created.append(_workshop(db)) or created[-1])
        result = runner.invoke(app, args)
        left = sorted(p.name for p in folder.iterdir())
    assert (result.exit_code, result.stdout) == (2, ""), (result.exit_code, result.output, result.exception)
    _one_line(result.stderr, folder, FULL)
    assert left in ([], ["filler"])  # nothing written, no temporary file left
    assert not error_log.exists()
    if not created:
        assert workbench.changes(fuzz_db) == []


@pytest.mark.parametrize("workbench", [on(kind, id="symbols-csv") for kind in KINDS], indirect=True)
def test_an_older_file_is_kept_when_the_disk_is_full(workbench: Workbench, fuzz_db: Database, tmp_path: Path) -> None:
    _needs_mount(workbench.base.kind)
    with full_disk(tmp_path, {"s.csv": b"the old export\n"}) as folder:
        result = runner.invoke(app, ["symbols", "export", "--output", str(folder / "s.csv"), "--db", fuzz_db.url])
        kept = (folder / "s.csv").read_bytes()
        left = sorted(p.name for p in folder.iterdir())
    assert result.exit_code == 2
    assert _one_line(result.stderr, folder / "s.csv", FULL)
    assert kept == b"the old export\n"
    assert left in (["s.csv"], ["filler", "s.csv"])


@pytest.mark.parametrize(
    "workbench, words",
    [
        on(kind, words, id=name)
        for kind in KINDS
        for name, words, _ in EXPORTS
        if name in ("symbols-csv", "report", "bundle-zip", "bundle-folder", "qdpx")
    ],
    indirect=["workbench"],
)
def test_a_read_only_folder_is_one_line(
    workbench: Workbench, fuzz_db: Database, words: list[str], tmp_path: Path, error_log: Path
) -> None:
    with read_only_folder(tmp_path) as folder:
        result = runner.invoke(app, _args(words, folder, fuzz_db, _workshop))
    assert (result.exit_code, result.stdout) == (2, ""), (result.exit_code, result.output, result.exception)
    _one_line(result.stderr, folder, READ_ONLY)
    assert not error_log.exists()
    assert workbench.changes(fuzz_db) == []
