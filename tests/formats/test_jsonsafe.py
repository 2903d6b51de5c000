"""Untrusted JSON: size, depth, numbers and keys checked, one line naming the place."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.formats.jsonsafe import json_depth, load_json


def test_depth_is_measured_before_parsing_and_ignores_strings() -> None:
    assert json_depth('{"a": [1, {"b": "[[[[{{{"}]}', 3) is None
    assert json_depth('{"a": [1, {"b": "x\\"[["}]}', 3) is None
    assert json_depth("[\n[\n[\n[]]]]", 3) == 4
    assert load_json('\ufeff{"a": [1, 2.5, "š"]}'.encode(), "x.json") == {"a": [1, 2.5, "š"]}
    assert load_json(b"\xff\xfe" + "[1]".encode("utf-16-le"), "x.json") == [1]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"[" * 10 + b"]" * 10, "x.json, line 1: JSON nested more than 4 levels deep"),
        (b"[NaN]", "x.json, value 'NaN': NaN is not a number JSON allows (a finite number is expected)"),
        (
            b"[-Infinity]",
            "x.json, value '-Infinity': -Infinity is not a number JSON allows (a finite number is expected)",
        ),
        (b"[1e999]", "x.json, value '1e999': a number too large (not finite)"),
        (b"[" + b"9" * 41 + b"]", f"x.json, value '{'9' * 41}': a number of more than 40 digits"),
        (b'{"a": 1, "a": 2}', "x.json, value 'a': the same key twice in one object"),
        (b'{"a": }', "x.json, line 1: not valid JSON (Expecting value at column 7)"),
        (b"[1]\x00\x00\x00", "x.json: binary data, not text (a NUL byte at offset 3)"),
        (b"[" + b" " * 100 + b"]", "x.json: file larger than 64 bytes (102 bytes)"),
    ],
)
def test_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_json(data, "x.json", max_bytes=64, max_depth=4)
    assert err.value.message == message
