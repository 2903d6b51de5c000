"""The one ZIP guard: limits checked on the directory before anything is read, unsafe names refused."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from townpaths.core.errors import InputError
from townpaths.formats.archive import NotAZip, SafeZip, ZipLimits, member_name


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), content, compress_type=compression)
    return out.getvalue()


def test_reading_members(tmp_path: Path) -> None:
    data = _zip({"case.json": b"{}", "files/a": b"\x00\x01", "Sources/X.txt": "š".encode(), "dir/": b""})
    with SafeZip(data, "b.zip", kind="bundle") as package:
        assert package.names() == ["case.json", "files/a", "Sources/X.txt"]
        assert (package.read("files/a"), package.get("./case.json"), package.get("nope")) == (b"\x00\x01", b"{}", None)
        assert "Sources/X.txt" in package and "sources/x.txt" not in package
        with pytest.raises(InputError) as err:
            package.read("sources/x.txt")
        assert err.value.message == "b.zip, value 'sources/x.txt': file missing from the bundle"
        assert package.total_bytes == 6
    assert SafeZip(data, "b.zip", ignore_case=True).read("sources/x.txt") == "š".encode()
    (tmp_path / "b.zip").write_bytes(data)
    with SafeZip(tmp_path / "b.zip") as package:
        assert package.where == str(tmp_path / "b.zip") and package.read("case.json") == b"{}"


@pytest.mark.parametrize(
    "name", ["../evil", "a/../../evil", "/etc/passwd", "C:\\Windows\\evil", "c:evil", "..\\..\\evil"]
)
def test_unsafe_names_are_refused(name: str) -> None:
    assert member_name(name) is None
    data = _zip({"ok.txt": b"x", name: b"y"})
    with pytest.raises(InputError) as err:
        SafeZip(data, "p.zip", kind=".qdpx package")
    assert err.value.message == (
        f"p.zip, value {name!r}: unsafe path in the .qdpx package (path traversal or absolute path)"
    )


def test_safe_names_are_normalised() -> None:
    assert member_name("a/\x00b") is None and member_name("") is None
    assert [member_name(n) for n in ("a/b.txt", "./a//b.txt", "a\\b.txt", "dir/")] == ["a/b.txt"] * 3 + ["dir"]


def test_zip_bomb_ratio() -> None:
    data = _zip({"project.qde": b"\0" * (3 * 1024**2)})
    packed = zipfile.ZipFile(io.BytesIO(data)).getinfo("project.qde").compress_size
    with pytest.raises(InputError) as err:
        SafeZip(data, "bomb.qdpx", kind=".qdpx package")
    assert err.value.message == (
        "bomb.qdpx, value 'project.qde': suspicious compression ratio in the .qdpx package "
        f"(zip bomb?): 3145728 bytes packed into {packed}"
    )
    # under the size the ratio is checked from, or stored uncompressed, it passes
    assert SafeZip(_zip({"small": b"\0" * 1024**2}), "ok.zip").read("small") == b"\0" * 1024**2


def test_size_and_count_limits() -> None:
    data = _zip({"a": b"x" * 100, "b": b"y" * 100, "c": b"z"}, zipfile.ZIP_STORED)
    with pytest.raises(InputError) as err:
        SafeZip(data, "z.zip", limits=ZipLimits(member_bytes=99))
    assert err.value.message == "z.zip, value 'a': file too large in the ZIP file (100 bytes unpacked, at most 99)"
    with pytest.raises(InputError) as err:
        SafeZip(data, "z.zip", limits=ZipLimits(total_bytes=150))
    assert err.value.message == "z.zip: the ZIP file unpacks to more than 150 bytes"
    with pytest.raises(InputError) as err:
        SafeZip(data, "z.zip", limits=ZipLimits(members=2))
    assert err.value.message == "z.zip: too many files in the ZIP file (3, at most 2)"


def test_duplicates_and_encrypted_members() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.txt", b"1")
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("a.txt", b"2")
    with pytest.raises(InputError) as err:
        SafeZip(out.getvalue(), "d.zip")
    assert err.value.message == "d.zip, value 'a.txt': the same file twice in the ZIP file"
    with pytest.raises(InputError) as err:
        SafeZip(_zip({"A.txt": b"1", "a.TXT": b"2"}), "d.zip", ignore_case=True)
    assert err.value.message == "d.zip, value 'a.TXT': the same file twice in the ZIP file"
    encrypted = bytearray(_zip({"s.txt": b"secret"}, zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" flag bit
        at = encrypted.index(signature)
        flags = struct.unpack_from("<H", encrypted, at + offset)[0]
        struct.pack_into("<H", encrypted, at + offset, flags | 1)
    with pytest.raises(InputError) as err:
        SafeZip(bytes(encrypted), "e.zip").read("s.txt")
    assert err.value.message == "e.zip, value 's.txt': encrypted file in the ZIP file (not supported)"


def test_a_member_is_never_read_past_its_declared_size() -> None:
    data = bytearray(_zip({"a.txt": b"x" * 100}, zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # declare 10 bytes instead of 100
        struct.pack_into("<I", data, data.index(signature) + offset, 10)
    package = SafeZip(bytes(data), "short.zip")
    assert package.info("a.txt").file_size == 10  # type: ignore[union-attr]
    with pytest.raises(InputError) as err:
        package.read("a.txt")
    assert err.value.message == (
        "short.zip, value 'a.txt': damaged file in the ZIP file (BadZipFile: Bad CRC-32 for file 'a.txt')"
    )


def test_not_a_zip(tmp_path: Path) -> None:
    for source in (b"hello", b"PK\x03\x04" + b"\0" * 40, b""):
        with pytest.raises(NotAZip) as err:
            SafeZip(source, "x.docx", kind="DOCX document")
        assert err.value.message == "x.docx: not a DOCX document (not a ZIP file)"
    with pytest.raises(InputError) as err:
        SafeZip(tmp_path / "missing.zip", kind="media ZIP")
    assert err.value.message == f"{tmp_path / 'missing.zip'}: no such media ZIP"


def test_too_many_members_refused_before_the_directory_is_parsed() -> None:
    data = bytearray(_zip({"a": b"1"}))
    at = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, at + 8, 60_000, 60_000)  # the end record claims 60,000 files
    with pytest.raises(InputError) as err:
        SafeZip(bytes(data), "many.zip")
    assert err.value.message == "many.zip: too many files in the ZIP file (60000, at most 10000)"
