"""Input files checked before reading; outputs written beside their target and moved into place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from townpaths.core.errors import InputError
from townpaths.formats.files import atomic_folder, atomic_path, atomic_write, check_input_file, read_file


def _stopped_half_way(target: Path) -> None:
    with atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("stopped half way")


def _target_became_a_folder(target: Path) -> None:
    with atomic_path(target) as temporary:
        temporary.write_text("x")
        target.mkdir()  # meanwhile: the move onto it fails
        (target / "other").write_text("y")


def _folder_stopped(target: Path) -> None:
    with atomic_folder(target) as folder:
        (folder / "x").write_text("x")
        raise KeyError("stopped")


def test_input_files_are_regular_files(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"x,y\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "a.csv")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.csv")
    assert read_file(tmp_path / "link.csv", 10) == b"x,y\n"
    cases = {
        "zero.csv": "not a regular file (a device, a pipe or a socket) refused",
        "pipe.csv": "not a regular file (a device, a pipe or a socket) refused",
        "missing.csv": "file not found",
    }
    for name, reason in cases.items():
        with pytest.raises(InputError) as err:
            read_file(tmp_path / name, 10)
        assert err.value.message == f"{tmp_path / name}: {reason}"
    with pytest.raises(InputError) as err:
        check_input_file(tmp_path)
    assert err.value.message == f"{tmp_path}: a folder, not a file"
    with pytest.raises(InputError) as err:
        read_file(tmp_path / "a.csv", 3)
    assert err.value.message == f"{tmp_path / 'a.csv'}: file larger than 3 bytes (4 bytes)"


def test_atomic_write_replaces_the_whole_file_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    assert atomic_write(target, "new\nčšž\n") == target
    assert target.read_text(encoding="utf-8") == "new\nčšž\n"
    with pytest.raises(RuntimeError):
        _stopped_half_way(target)
    assert target.read_text(encoding="utf-8") == "new\nčšž\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_write_errors_name_the_target(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as err:
        atomic_write(tmp_path / "nope" / "x.csv", b"x")
    assert err.value.filename == str(tmp_path / "nope" / "x.csv")
    with pytest.raises(IsADirectoryError) as dir_err:
        atomic_write(tmp_path, b"x")
    assert dir_err.value.filename == str(tmp_path)
    with pytest.raises(OSError) as os_err:
        _target_became_a_folder(tmp_path / "x.csv")
    assert os_err.value.filename == str(tmp_path / "x.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]  # no temporary file left


def test_atomic_folder(tmp_path: Path) -> None:
    new = tmp_path / "bundle"
    with atomic_folder(new) as folder:
        (folder / "files").mkdir()
        (folder / "files" / "a").write_bytes(b"a")
        (folder / "case.json").write_text("{}")
    assert sorted(str(p.relative_to(new)) for p in new.rglob("*")) == ["case.json", "files", "files/a"]
    with atomic_folder(new) as folder:  # a folder that holds files: each file replaced or added
        (folder / "case.json").write_text('{"v": 2}')
        (folder / "files").mkdir()
        (folder / "files" / "b").write_bytes(b"b")
    assert (new / "case.json").read_text() == '{"v": 2}'
    assert sorted(str(p.relative_to(new)) for p in new.rglob("*")) == ["case.json", "files", "files/a", "files/b"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with atomic_folder(empty) as folder:
        (folder / "x").write_text("x")
    assert (empty / "x").read_text() == "x"
    with pytest.raises(KeyError):
        _folder_stopped(tmp_path / "never")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "empty"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError), atomic_folder(tmp_path / "file"):
        pass
    with pytest.raises(FileNotFoundError), atomic_folder(tmp_path / "no" / "b"):
        pass
