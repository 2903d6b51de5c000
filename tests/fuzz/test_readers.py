"""Hypothesis against the readers: whatever the bytes, a reader returns a value or raises one
:class:`InputError`, never anything else; and what townpaths writes it reads back the same.

Each test has a fixed budget (:data:`BUDGET`: examples and a deadline per example), so the whole
fuzzing folder stays well under two minutes in CI; nothing is stored between runs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import hostile as H
from townpaths.core.errors import InputError
from townpaths.formats.encoding import decode
from townpaths.formats.jsonsafe import load_json
from townpaths.formats.tables import csv_text, read_sheets_bytes, read_table_bytes
from townpaths.formats.text import extract_text
from townpaths.ranking.ballots import Ballot, Profile
from townpaths.ranking.io import format_csv, format_preflib, parse_csv, parse_preflib
from townpaths.studies.qda.core.project import CodeNode, Project, Selection, Source
from townpaths.studies.qda.formats.refiqda import read_qdc, read_qdpx, write_qdpx

BUDGET = settings(
    max_examples=100,
    deadline=timedelta(seconds=2),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def refused_or_read(read: Callable[[], Any]) -> Any:
    """``read()``'s value, or ``None`` when it raised an InputError (anything else fails the test)."""
    try:
        return read()
    except InputError as exc:
        message = exc.message
    assert message.strip(), "an error says what is wrong"
    return None


# --- bytes anywhere ---------------------------------------------------------------------------------

NAMES = ("t.csv", "t.tsv", "t.xlsx")


@BUDGET
@given(data=st.binary(max_size=4096), name=st.sampled_from(NAMES))
def test_any_bytes_as_a_table(data: bytes, name: str) -> None:
    refused_or_read(lambda: read_table_bytes(data, name))


def _workbook() -> bytes:
    return H.xlsx([["name", "year"], ["Rudnik", 1950], ["=HYPERLINK(1)", None]])


WORKBOOK = _workbook()


@BUDGET
@given(at=st.lists(st.integers(0, len(WORKBOOK) - 1), min_size=1, max_size=8), byte=st.integers(0, 255))
def test_a_damaged_workbook(at: list[int], byte: int) -> None:
    data = bytearray(WORKBOOK)
    for i in at:
        data[i] = byte
    refused_or_read(lambda: read_sheets_bytes(bytes(data), "w.xlsx"))


@BUDGET
@given(data=st.binary(max_size=2048))
def test_any_bytes_as_text(data: bytes) -> None:
    found = refused_or_read(lambda: decode(data, "t.txt"))
    if found is not None:
        assert "\x00" not in found.text


@BUDGET
@given(data=st.binary(max_size=2048), name=st.sampled_from(("d.docx", "d.odt", "d.pdf", "d.html", "d.txt")))
def test_any_bytes_as_a_document(data: bytes, name: str) -> None:
    refused_or_read(lambda: extract_text(data, name))


@BUDGET
@given(data=st.one_of(st.binary(max_size=2048), st.text(max_size=512).map(str.encode)))
def test_any_bytes_as_json(data: bytes) -> None:
    refused_or_read(lambda: load_json(data, "case.json", max_depth=8))


@BUDGET
@given(data=st.binary(max_size=4096))
def test_any_bytes_as_a_refi_qda_package_or_codebook(data: bytes) -> None:
    refused_or_read(lambda: read_qdpx(data, "p.qdpx"))
    refused_or_read(lambda: read_qdc(data, "c.qdc"))


@BUDGET
@given(text=st.text(max_size=1024))
def test_any_text_as_ballots(text: str) -> None:
    refused_or_read(lambda: parse_preflib(text, "b.toi", "toi"))
    refused_or_read(lambda: parse_csv(text, "b.csv"))


# --- structured inputs: close to valid, with hostile values ------------------------------------------

#: Pieces of cells: Slovene words (in Windows-1250 a letter with a caron stands inside a word),
#: formula triggers, separators, quotes, tabs and line breaks.
PIECES = [
    "Šoštanj",
    "rudnik",
    "čez",
    "ŽAGA",
    "=HYPERLINK(1)",
    "+3",
    "-x",
    "@a",
    "a,b",
    "a;b",
    '"q"',
    "'s",
    "t\tx",
    "l\nm",
    "|",
    ">",
]
CELL = st.lists(st.sampled_from(PIECES), max_size=3).map(" ".join)


@BUDGET
@given(
    rows=st.lists(st.lists(CELL, min_size=2, max_size=2), max_size=12),
    encoding=st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1250")),
)
def test_what_is_written_reads_back_the_same(rows: list[list[str]], encoding: str) -> None:
    """The formula-safe writer and the reader agree on any text, in every accepted encoding."""
    data = csv_text(["name", "note"], rows).encode(encoding)
    got = read_table_bytes(data, "t.csv")
    expected = [
        (n, {"name": a.strip(), "note": b.strip()}) for n, (a, b) in enumerate(rows, start=2) if a.strip() or b.strip()
    ]
    assert [(n, {k: v or "" for k, v in r.items()}) for n, r in got] == expected


NUMBER = st.one_of(
    st.sampled_from(["nan", "inf", "-inf", "1e999", "1e-999", "9" * 50, "0x10", "1_000", "", " ", "1,5", "−3"]),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
HEADER = st.sampled_from(
    ["NUMBER ALTERNATIVES", "NUMBER VOTERS", "NUMBER UNIQUE ORDERS", "DATA TYPE", "ALTERNATIVE NAME 2"]
)


@BUDGET
@given(
    header=st.dictionaries(HEADER, st.one_of(NUMBER, st.sampled_from(["soi", "toc", "x"])), max_size=5),
    body=st.lists(st.tuples(NUMBER, st.lists(st.one_of(NUMBER, st.just("{1,2}")), max_size=5)), max_size=6),
)
def test_preflib_with_hostile_headers_and_counts(header: dict[str, str], body: list[tuple[str, list[str]]]) -> None:
    text = "".join(f"# {k}: {v}\n" for k, v in header.items()) + "".join(
        f"{count}: {','.join(order)}\n" for count, order in body
    )
    refused_or_read(lambda: parse_preflib(text, "b.soi", "soi"))


ITEM = st.text(alphabet=st.sampled_from(list("abcčš =+-@'\"")), min_size=1, max_size=6).map(str.strip).filter(bool)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    items = draw(st.lists(ITEM.filter(lambda x: "=" not in x), min_size=1, max_size=6, unique=True))
    ballots = []
    for _ in range(draw(st.integers(0, 5))):
        order = draw(st.permutations(items))
        cut = draw(st.integers(1, len(order)))
        ballots.append(Ballot(tuple(frozenset([x]) for x in order[:cut]), weight=draw(st.integers(1, 10**6))))
    return Profile(tuple(items), tuple(ballots))


@BUDGET
@given(profile=profiles())
def test_ballots_written_read_back_the_same(profile: Profile) -> None:
    again = parse_csv(format_csv(profile), "b.csv")
    assert again.items == profile.items
    assert [(b.tiers, b.weight) for b in again.ballots] == [(b.tiers, b.weight) for b in profile.ballots]
    soi = parse_preflib(format_preflib(profile, "soi"), "b.soi", "soi")
    assert soi.items == profile.items
    assert _counted(soi.ballots) == _counted(profile.ballots)


def _counted(ballots: tuple[Ballot, ...]) -> dict[tuple[tuple[str, ...], ...], int]:
    """Ballots as PrefLib counts them: the same order once, with the weights added."""
    counts: dict[tuple[tuple[str, ...], ...], int] = {}
    for b in ballots:
        key = tuple(tuple(sorted(t)) for t in b.tiers)
        counts[key] = counts.get(key, 0) + int(b.weight)
    return counts


TEXT = st.text(max_size=20)


@st.composite
def projects(draw: st.DrawFn) -> bytes:
    """A REFI-QDA package written by townpaths, then parts of its XML replaced by hostile values."""
    codes = [
        CodeNode(guid=H.GUID(i), name=draw(TEXT), color=draw(st.sampled_from([None, "#ABCDEF", "#abc"])))
        for i in range(draw(st.integers(0, 3)))
    ]
    text = draw(st.text(max_size=40))
    sources = [
        Source(guid=H.GUID(50), name="S", text=text, selections=[Selection(guid=H.GUID(60), start=0, end=len(text))])
    ]
    package = write_qdpx(Project(name="P", codes=codes, sources=sources))
    qde = zipfile.ZipFile(io.BytesIO(package)).read("project.qde").decode()
    for old, new in draw(
        st.lists(
            st.tuples(
                st.sampled_from(['startPosition="0"', 'color="#ABCDEF"', 'name="P"', "<Codes>", 'isCodable="true"']),
                st.sampled_from(
                    [
                        'startPosition="-5"',
                        'startPosition="' + "9" * 60 + '"',
                        'color="url(x)"',
                        'name=""',
                        "<Codes><Code>",
                        'isCodable="perhaps"',
                        "<Code guid='x'>" * 3,
                    ]
                ),
            ),
            max_size=3,
        )
    ):
        qde = qde.replace(old, new, 1)
    return H.qdpx(qde.encode("utf-8"))


@BUDGET
@given(package=projects())
def test_refi_qda_projects_with_hostile_parts(package: bytes) -> None:
    refused_or_read(lambda: read_qdpx(package, "p.qdpx"))
