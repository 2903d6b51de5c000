"""CSV and PrefLib reading/writing, and errors that name the line."""

from __future__ import annotations

from fractions import Fraction

import pytest

from townpaths.core.errors import InputError
from townpaths.ranking import Ballot, Profile
from townpaths.ranking.io import format_preflib, parse_csv, parse_preflib, read_profile, write_profile

from .helpers import ASPEN_COUNCIL, ASPEN_MAYOR, needs_preflib

CSV = """# items: Housing | Jobs | Air quality | Transport
ranking,weight,group,voter
Housing > Jobs = Transport,2,industry,pair-1
Air quality > Housing,1.5,academia,p7

Jobs,,,
"""


def test_parse_csv():
    p = parse_csv(CSV)
    assert p.items == ("Housing", "Jobs", "Air quality", "Transport")
    assert [b.tiers for b in p.ballots] == [
        (frozenset({"Housing"}), frozenset({"Jobs", "Transport"})),
        (frozenset({"Air quality"}), frozenset({"Housing"})),
        (frozenset({"Jobs"}),),
    ]
    assert [b.weight for b in p.ballots] == [2, Fraction(3, 2), 1]
    assert [b.group for b in p.ballots] == ["industry", "academia", None]
    assert [b.voter for b in p.ballots] == ["pair-1", "p7", None]


def test_csv_without_declared_items_uses_first_appearance():
    p = parse_csv("ranking\nb > a\nc = a\n")
    assert p.items == ("b", "a", "c")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Housing > Jbs,1,,", "line 4, column 'ranking', value 'Jbs': unknown item"),
        (
            "Housing > Jobs > Housing,1,,",
            "line 4, column 'ranking', value 'Housing > Jobs > Housing': item 'Housing' appears twice",
        ),
        (",1,,", "line 4, column 'ranking', value '': empty ballot"),
        ("Housing,two,,", "line 4, column 'weight', value 'two': bad weight: not a number"),
        ("Housing,-1,,", "line 4, column 'weight', value '-1': bad weight: weight must be positive"),
        ("Housing,0,,", "line 4, column 'weight', value '0': bad weight: weight must be positive"),
        ("Housing >> Jobs,1,,", "line 4, column 'ranking', value 'Housing >> Jobs': empty item name"),
    ],
)
def test_csv_errors_name_the_line(body, message):
    text = "# items: Housing | Jobs\nranking,weight,group,voter\nJobs > Housing,1,,\n" + body + "\n"
    with pytest.raises(InputError) as err:
        parse_csv(text, source="ballots.csv")
    assert err.value.message.startswith("ballots.csv, " + message)


def test_csv_needs_ranking_column():
    with pytest.raises(InputError, match="no 'ranking' column"):
        parse_csv("order,weight\na > b,1\n")


def test_csv_round_trip(tmp_path):
    p = Profile(
        ("a", "b", "c", "d"),
        (Ballot.parse("a > b = c", weight=2, group="g1", voter="v1"), Ballot.parse("d", weight=0.25)),
    )
    path = tmp_path / "b.csv"
    write_profile(p, path)
    q = read_profile(path)
    assert q.items == p.items
    assert [(b.tiers, Fraction(b.weight), b.group, b.voter) for b in q.ballots] == [
        (b.tiers, Fraction(b.weight), b.group, b.voter) for b in p.ballots
    ]


PREFLIB = """# FILE NAME: x.toi
# DATA TYPE: toi
# NUMBER ALTERNATIVES: 4
# ALTERNATIVE NAME 1: Housing
# ALTERNATIVE NAME 2: Jobs
# ALTERNATIVE NAME 3: Air
# ALTERNATIVE NAME 4: Transport
3: 1,{2,4},3
2: 3
"""


def test_parse_preflib():
    p = parse_preflib(PREFLIB)
    assert p.items == ("Housing", "Jobs", "Air", "Transport")
    assert [(b.tiers, b.weight) for b in p.ballots] == [
        ((frozenset({"Housing"}), frozenset({"Jobs", "Transport"}), frozenset({"Air"})), 3),
        ((frozenset({"Air"}),), 2),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("1: 1,5", "line 10, value 5: unknown item"),
        ("1: 1,2,1", "line 10, value 1: item 1 appears twice"),
        ("1: ", "line 10: empty ballot"),
        ("0: 1,2", "line 10, column 'count', value 0: bad weight"),
        ("x: 1,2", "line 10, value 'x: 1,2': expected 'count: order'"),
    ],
)
def test_preflib_errors_name_the_line(line, message):
    with pytest.raises(InputError) as err:
        parse_preflib(PREFLIB + line + "\n", source="x.toi")
    assert err.value.message.startswith("x.toi, " + message)


def test_preflib_type_is_enforced():
    text = PREFLIB.replace("toi", "soc")
    with pytest.raises(InputError, match="line 8: ties are not allowed in soc data"):
        parse_preflib(text, source="x.soc")


@pytest.mark.parametrize("ext", ["toi", "toc", "soi", "soc"])
def test_preflib_round_trip(tmp_path, ext):
    ballots = {
        "toi": ("a > b = c", "c"),
        "toc": ("a > b = c", "c > a = b"),
        "soi": ("a > b", "c"),
        "soc": ("a > b > c", "c > b > a"),
    }[ext]
    p = Profile(("a", "b", "c"), tuple(Ballot.parse(t, weight=w) for t, w in zip(ballots, (3, 1), strict=True)))
    path = tmp_path / f"x.{ext}"
    write_profile(p, path)
    q = read_profile(path)
    assert q.items == p.items
    assert [(b.tiers, b.weight) for b in q.ballots] == [(b.tiers, b.weight) for b in p.ballots]


def test_preflib_writer_refuses_wrong_type():
    p = Profile.from_texts(["a > b = c"])
    with pytest.raises(InputError, match="do not fit PrefLib type 'soc'"):
        format_preflib(p, data_type="soc")


def test_unknown_extension(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("a > b")
    with pytest.raises(InputError, match="unknown ballot file type"):
        read_profile(path)


@needs_preflib
def test_aspen_files_read_and_round_trip(tmp_path):
    for path, (n, orders, voters) in ((ASPEN_COUNCIL, (11, 1760, 2477)), (ASPEN_MAYOR, (5, 112, 2527))):
        p = read_profile(path)
        assert (p.n_items, len(p.ballots), int(p.total_weight)) == (n, orders, voters)
        out = tmp_path / path.name
        write_profile(p, out)
        q = read_profile(out)
        assert (q.pairwise.counts == p.pairwise.counts).all()
        csv_out = tmp_path / (path.stem + ".csv")
        write_profile(p, csv_out)
        assert (read_profile(csv_out).pairwise.counts == p.pairwise.counts).all()


def test_csv_writer_refuses_separator_in_names():
    from townpaths.ranking.io import format_csv

    p = Profile(("a > b", "c"), (Ballot((frozenset({"a > b"}),)),))
    with pytest.raises(InputError, match="cannot contain"):
        format_csv(p)


SLOVENE_BALLOTS = "# items: Stanovanja | Čist zrak | Delo\nranking;weight;group\nČist zrak > Delo;2;občani\nDelo;1;\n"


@pytest.mark.parametrize(
    "data",
    [
        SLOVENE_BALLOTS.encode("cp1250"),
        b"\xff\xfe" + SLOVENE_BALLOTS.encode("utf-16-le"),
        b"\xef\xbb\xbf" + SLOVENE_BALLOTS.replace(";", "\t").encode("utf-8"),
    ],
    ids=["cp1250", "utf16", "utf8-bom-tab"],
)
def test_ballot_files_from_windows_and_excel(tmp_path, data):
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    profile = read_profile(path)
    assert profile.items == ("Stanovanja", "Čist zrak", "Delo")
    assert [(b.tiers, b.weight, b.group) for b in profile.ballots] == [
        ((frozenset({"Čist zrak"}), frozenset({"Delo"})), 2, "občani"),
        ((frozenset({"Delo"}),), 1, None),
    ]


def test_ballot_files_that_are_not_text_are_refused(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(SLOVENE_BALLOTS.encode("utf-16-le"))
    with pytest.raises(InputError) as err:
        read_profile(path)
    assert err.value.message == (
        f"{path}: looks like UTF-16 LE text without a byte-order mark (BOM); save the file "
        "as UTF-8 (or as UTF-16 with a BOM)"
    )
    path.write_text("# items: A | B\nranking,weight\nA > B," + "9" * (10 * 1024**2) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_profile(path)
    assert err.value.message == f"{path}, line 3: a cell is longer than 32767 characters"
    with pytest.raises(InputError) as err:
        read_profile(tmp_path / "none.soc")
    assert err.value.message == f"{tmp_path / 'none.soc'}: file not found"
