"""Exact results of every method on small hand-checked profiles."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.ranking import METHODS, Ballot, Profile, aggregate

from .helpers import tiers

# Classic Condorcet cycle plus one partial ballot: margins a>b 2, a~c 0, b~c 0.
CYCLE_PLUS = Profile.from_texts(["a > b > c", "b > c > a", "c > a > b", "a > c"])

# Wikipedia's "Tennessee capital" example (percentages as weights).
TENNESSEE = Profile(
    ("Memphis", "Nashville", "Chattanooga", "Knoxville"),
    (
        Ballot.parse("Memphis > Nashville > Chattanooga > Knoxville", weight=42),
        Ballot.parse("Nashville > Chattanooga > Knoxville > Memphis", weight=26),
        Ballot.parse("Chattanooga > Knoxville > Nashville > Memphis", weight=15),
        Ballot.parse("Knoxville > Chattanooga > Nashville > Memphis", weight=17),
    ),
)


def test_pairwise_partial_convention():
    p = Profile.from_texts(["a > b = c", "b"], items=["a", "b", "c", "d"])
    n = p.pairwise.counts.tolist()
    # ballot 1: a beats b, c, d; b and c beat d (ranked vs unranked); b~c tie
    # ballot 2: b beats a, c, d; a, c, d unranked among themselves count for neither
    assert n == [
        [0, 1, 1, 1],
        [1, 0, 1, 2],
        [0, 0, 0, 1],
        [0, 0, 0, 0],
    ]


def test_fractional_weights_are_exact():
    p = Profile(
        (("a", "b")),
        (Ballot.parse("a > b", weight=0.1), Ballot.parse("b > a", weight=0.2), Ballot.parse("a > b", weight=0.1)),
    )
    assert p.pairwise.unit.denominator == 10
    assert p.pairwise.margins.tolist() == [[0, 0], [0, 0]]
    assert tiers(aggregate(p, "kemeny")) == [["a", "b"]]
    assert tiers(aggregate(p, "borda")) == [["a", "b"]]


def test_tennessee_all_methods():
    """The Wikipedia Tennessee capital example: Nashville is the Condorcet winner."""
    expect = ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    for method in ("kemeny", "schulze", "ranked-pairs", "copeland"):
        r = aggregate(TENNESSEE, method)
        assert [next(iter(t)) for t in r.tiers] == expect, method
    b = aggregate(TENNESSEE, "borda")
    # symmetric Borda = 2 * classic Borda - 3 * 100; classic: M 126, N 194, C 173, K 107
    assert b.scores == {"Memphis": -48.0, "Nashville": 88.0, "Chattanooga": 46.0, "Knoxville": -86.0}
    assert [next(iter(t)) for t in b.tiers] == ["Nashville", "Chattanooga", "Memphis", "Knoxville"]
    mr = aggregate(TENNESSEE, "mean-rank")
    assert mr.scores == {"Memphis": 2.74, "Nashville": 2.06, "Chattanooga": 2.27, "Knoxville": 2.93}


def test_cycle_plus_partial_ballot_each_method():
    r = {m: aggregate(CYCLE_PLUS, m) for m in METHODS}
    assert tiers(r["kemeny"]) == [["a", "b", "c"]]
    assert sorted(r["kemeny"].winners) == ["a", "c"]
    assert r["kemeny"].orders == (("a", "b", "c"), ("a", "c", "b"), ("c", "a", "b"))
    assert r["kemeny"].n_optimal == 3
    assert (r["kemeny"].disagreement, r["kemeny"].agreement) == (5.0, 7.0)
    assert tiers(r["copeland"]) == [["a"], ["c"], ["b"]]
    assert r["copeland"].scores == {"a": 1.0, "b": -1.0, "c": 0.0}
    assert tiers(r["borda"]) == [["a"], ["c"], ["b"]]
    assert r["borda"].scores == {"a": 2.0, "b": -2.0, "c": 0.0}
    assert r["mean-rank"].scores == {"a": 1.75, "b": 2.25, "c": 2.0}
    # a defeats b (margin 2); c is tied with both, so Schulze and Ranked Pairs keep one tier
    assert tiers(r["schulze"]) == [["a", "b", "c"]]
    assert sorted(r["schulze"].winners) == ["a", "c"]
    assert tiers(r["ranked-pairs"]) == [["a", "b", "c"]]
    assert sorted(r["ranked-pairs"].winners) == ["a", "c"]


def test_schulze_wikipedia_example():
    """Wikipedia's Schulze example (45 voters): E > A > C > B > D."""
    p = Profile(
        tuple("ABCDE"),
        tuple(
            Ballot.parse(t, weight=w)
            for t, w in [
                ("A > C > B > E > D", 5),
                ("A > D > E > C > B", 5),
                ("B > E > D > A > C", 8),
                ("C > A > B > E > D", 3),
                ("C > A > E > B > D", 7),
                ("C > B > A > D > E", 2),
                ("D > C > E > B > A", 7),
                ("E > B > A > D > C", 8),
            ]
        ),
    )
    r = aggregate(p, "schulze")
    assert tiers(r) == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert r.winners == frozenset({"E"})


def test_ranked_pairs_equal_margins_explored():
    """a>b, b>c, c>a all with margin 1: every tie-break locks two links, each item can win."""
    p = Profile.from_texts(["a > b > c", "b > c > a", "c > a > b"])
    r = aggregate(p, "ranked-pairs")
    assert r.winners == frozenset("abc")
    assert tiers(r) == [["a", "b", "c"]]


def test_ranked_pairs_skips_weakest_link_of_cycle():
    # weights 4, 2, 3 give margins a>b 5, b>c 3, c>a 1: lock a>b, b>c, skip c>a
    p = Profile(
        tuple("abc"),
        (Ballot.parse("a > b > c", weight=4), Ballot.parse("b > c > a", weight=2), Ballot.parse("c > a > b", weight=3)),
    )
    m = p.pairwise.margins
    assert (m[0, 1], m[1, 2], m[2, 0]) == (5, 3, 1)
    r = aggregate(p, "ranked-pairs")
    assert tiers(r) == [["a"], ["b"], ["c"]]
    assert r.scores == {"a": 2.0, "b": 1.0, "c": 0.0}
    assert tiers(aggregate(p, "schulze")) == [["a"], ["b"], ["c"]]
    k = aggregate(p, "kemeny")
    assert k.orders == (("a", "b", "c"),) and k.disagreement == 10.0 and k.agreement == 17.0


def test_all_items_tied_when_no_preferences():
    p = Profile.from_texts(["a = b = c"])
    for method in METHODS:
        assert tiers(aggregate(p, method)) == [["a", "b", "c"]], method


def test_unknown_method_and_empty_profile():
    p = Profile.from_texts(["a > b"])
    with pytest.raises(InputError, match="unknown method"):
        aggregate(p, "plurality")
    with pytest.raises(InputError, match="no ballots"):
        aggregate(Profile(("a", "b"), ()), "borda")


def test_ballot_validation():
    with pytest.raises(InputError, match="empty ballot"):
        Ballot(())
    with pytest.raises(InputError, match="appears twice"):
        Ballot.parse("a > b > a")
    with pytest.raises(InputError, match="weight must be positive"):
        Ballot.parse("a", weight=0)
    with pytest.raises(InputError, match="finite"):
        Ballot.parse("a", weight=float("nan"))
    with pytest.raises(InputError, match="unknown item"):
        Profile(("a",), (Ballot.parse("a > z"),))


def test_aggregate_by_group():
    from townpaths.ranking import aggregate_by_group

    p = Profile(
        ("a", "b", "c"),
        (
            Ballot.parse("a > b > c", group="industry"),
            Ballot.parse("c > b > a", group="academia"),
            Ballot.parse("a > c", group="industry"),
            Ballot.parse("b"),
        ),
    )
    by = aggregate_by_group(p, "borda")
    assert list(by) == ["industry", "academia", None]
    # industry: b scores 0 - 2 (unranked in "a > c"), c scores -2 + 0: tied
    assert tiers(by["industry"]) == [["a"], ["b", "c"]]
    assert tiers(by["academia"]) == [["c"], ["b"], ["a"]]
    assert tiers(by[None]) == [["b"], ["a", "c"]]


def test_ranked_pairs_budget_fallback_resolves_tied_links_together():
    from townpaths.ranking.ranked_pairs import ranked_pairs

    # weights 2, 1, 2 give a>b 3, b>c 1, c>a 1; d is last on every ballot (margins 5)
    p = Profile(
        tuple("abcd"),
        (
            Ballot.parse("a > b > c > d", weight=2),
            Ballot.parse("b > c > a > d"),
            Ballot.parse("c > a > b > d", weight=2),
        ),
    )
    m = p.pairwise.margins
    assert (m[0, 1], m[1, 2], m[2, 0], m[0, 3]) == (3, 1, 1, 5)
    # every tie-break: b>c first gives a>b>c>d, c>a first gives c>a>b>d
    exact = ranked_pairs(p)
    assert exact.notes == ()
    assert tiers(exact) == [["a", "b", "c"], ["d"]] and exact.winners == frozenset({"a", "c"})
    # over budget: b>c and c>a both lie on a cycle with a>b, so both are skipped
    fallback = ranked_pairs(p, max_states=0)
    assert fallback.notes and "skipped together" in fallback.notes[0]
    assert tiers(fallback) == [["a", "b", "c"], ["d"]] and fallback.winners == frozenset({"a", "c"})
    assert fallback.scores == {"a": 2.0, "b": 1.0, "c": 1.0, "d": 0.0}
