"""1-2-4-All rounds: deterministic, balanced groups; starting points; history."""

from __future__ import annotations

from collections import Counter

import pytest

from townpaths.core.errors import InputError
from townpaths.ranking import Ballot, Profile
from townpaths.ranking.rounds import Participant, history, plan_workshop, starting_point, starting_points

SECTORS = ["academia", "industry", "government", "civil"] * 4  # 16 people, 4 per sector
PEOPLE = [Participant(f"p{i:02d}", s) for i, s in enumerate(SECTORS)]


def test_plan_shape_and_determinism():
    rounds = plan_workshop(PEOPLE, seed=7)
    assert [r.name for r in rounds] == ["individuals", "pairs", "groups of 4", "plenary"]
    assert [len(r.groups) for r in rounds] == [16, 8, 4, 1]
    assert [sorted(len(g.members) for g in r.groups) for r in rounds[1:3]] == [[2] * 8, [4] * 4]
    assert rounds == plan_workshop(PEOPLE, seed=7)
    assert rounds != plan_workshop(PEOPLE, seed=8)
    # groups of 4 are made of whole pairs
    pairs = {g.id: set(g.members) for g in rounds[1].groups}
    for g in rounds[2].groups:
        assert set(g.members) == set().union(*(pairs[p] for p in g.parts))
    assert set(rounds[3].groups[0].members) == {p.id for p in PEOPLE}


def test_balanced_by_sector():
    sector = {p.id: p.sector for p in PEOPLE}
    for seed in range(5):
        rounds = plan_workshop(PEOPLE, seed=seed, balance=True)
        for g in rounds[1].groups:  # every pair mixes two sectors
            assert len({sector[m] for m in g.members}) == 2
        for g in rounds[2].groups:  # no sector more than twice in a group of 4
            assert max(Counter(sector[m] for m in g.members).values()) <= 2


def test_odd_numbers_and_errors():
    rounds = plan_workshop(PEOPLE[:9], seed=1)
    assert sorted(len(g.members) for g in rounds[1].groups) == [2, 2, 2, 3]
    assert sorted(len(g.members) for g in rounds[2].groups) == [4, 5]
    with pytest.raises(InputError, match="participant listed twice"):
        plan_workshop([Participant("a"), Participant("a")])
    with pytest.raises(InputError, match="increasing"):
        plan_workshop(PEOPLE, sizes=(4, 2))


def test_starting_point_is_weighted_consensus_with_ties():
    items = ("jobs", "housing", "air")
    b1 = Ballot.parse("jobs > housing > air")
    b2 = Ballot.parse("housing > jobs > air")
    start = starting_point([b1, b2], items, group="pair 1")
    assert start.tiers == (frozenset({"jobs", "housing"}), frozenset({"air"}))
    assert start.weight == 2 and start.group == "pair 1"
    heavier = starting_point([Ballot.parse("air > jobs", weight=2), b1], items)
    # air beats jobs 2:1 and housing 2:1; jobs beats the unranked housing 2:1 and 1:0
    assert heavier.tiers == (frozenset({"air"}), frozenset({"jobs"}), frozenset({"housing"}))


def test_starting_points_for_a_round():
    rounds = plan_workshop(PEOPLE[:4], sizes=(2,), seed=3)
    items = ("x", "y", "z")
    prev = {p.id: Ballot.parse("x > y > z") for p in PEOPLE[:4]}
    starts = starting_points(rounds[1], prev, items)
    assert set(starts) == {g.id for g in rounds[1].groups}
    assert all(b.tiers == (frozenset("x"), frozenset("y"), frozenset("z")) and b.weight == 2 for b in starts.values())
    del prev["p00"]
    with pytest.raises(InputError, match="no ballot from the previous round"):
        starting_points(rounds[1], prev, items)


def test_history_moves():
    items = ("a", "b", "c")
    r1 = Profile(items, tuple(Ballot.parse(t) for t in ["a > b > c", "b > a > c", "c > b > a", "b > c > a"]))
    r2 = Profile(items, (Ballot.parse("b > a > c", weight=2), Ballot.parse("b > c > a", weight=2)))
    r3 = Profile(items, (Ballot.parse("b > a > c", weight=4),))
    h = history([("individuals", r1), ("pairs", r2), ("plenary", r3)], method="borda")
    assert [s.name for s in h] == ["individuals", "pairs", "plenary"]
    assert [[sorted(t) for t in s.tiers] for s in h] == [
        [["b"], ["a", "c"]],
        [["b"], ["a", "c"]],
        [["b"], ["a"], ["c"]],
    ]
    assert h[0].rank_change == {"a": 0.0, "b": 0.0, "c": 0.0}
    assert h[2].rank_change == {"a": 0.5, "b": 0.0, "c": -0.5}
    # round 1: R = (9, 6, 9), mean 8, S = 6, W = 12 * 6 / (4² * 24) = 0.1875
    # round 2 (m = 4): R = (10, 4, 10), S = 24, W = 0.75; round 3: unanimous, W = 1
    assert [round(s.kendall_w, 12) for s in h] == [0.1875, 0.75, 1.0]
    assert h[1].w_change == pytest.approx(0.5625) and h[2].w_change == pytest.approx(0.25)


def test_one_two_four_all_end_to_end():
    """Individuals -> pairs -> fours -> plenary, each group adopting its starting point."""
    people = [Participant(f"p{i}", s) for i, s in enumerate(["academia", "industry"] * 4)]
    items = ("a", "b", "c")
    # six participants say a > b > c, the two last say c > b > a
    ballots = {p.id: Ballot.parse("c > b > a" if i >= 6 else "a > b > c") for i, p in enumerate(people)}
    rounds = plan_workshop(people, seed=11)
    profiles = [("individuals", Profile(items, tuple(ballots.values())))]
    previous = ballots
    for rnd in rounds[1:]:
        previous = starting_points(rnd, previous, items, method="kemeny")
        assert sum(b.weight for b in previous.values()) == 8
        profiles.append((rnd.name, Profile(items, tuple(previous.values()))))
    h = history(profiles, method="kemeny")
    assert [s.name for s in h] == ["individuals", "pairs", "groups of 4", "plenary"]
    # round 1: rank sums a 12, b 16, c 20 (mean 16), S = 32, W = 12 * 32 / (8² * 24) = 0.25
    assert h[0].kendall_w == pytest.approx(0.25)
    assert all([sorted(t) for t in s.tiers] == [["a"], ["b"], ["c"]] for s in h)
    plenary = profiles[-1][1].ballots
    assert len(plenary) == 1 and plenary[0].tiers == (frozenset("a"), frozenset("b"), frozenset("c"))
    assert plenary[0].weight == 8 and h[-1].kendall_w == pytest.approx(1.0)


def test_group_sizes_come_as_close_to_the_asked_size_as_whole_groups_allow():
    from townpaths.ranking.rounds import group_count

    assert [group_count(n, 4) for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)] == [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3]
    assert [group_count(n, 2) for n in (2, 3, 4, 5, 7)] == [1, 1, 2, 2, 3]
    seven = [Participant(f"p{i}", ["industry", "academia", "government", "civil"][i % 4]) for i in range(7)]
    for seed in range(10):
        pairs, fours = plan_workshop(seven, sizes=(2, 4), seed=seed, balance=True)[1:3]
        assert sorted(len(g.members) for g in pairs.groups) == [2, 2, 3]  # never a group of one
        assert sorted(len(g.members) for g in fours.groups) == [3, 4]  # 7 in groups of 4: 4 + 3, not one of 7
        assert all(
            len(set(g.members) & set(p.members)) in (0, len(p.members)) for g in fours.groups for p in pairs.groups
        )  # pairs stay together
    # sectors spread: twelve people of three sectors in groups of four, each group has all three
    twelve = [Participant(f"q{i}", ["industry", "academia", "government"][i % 3]) for i in range(12)]
    sector = {p.id: p.sector for p in twelve}
    for seed in range(10):
        plenary_groups = plan_workshop(twelve, sizes=(4,), seed=seed, balance=True)[1].groups
        assert sorted(len(g.members) for g in plenary_groups) == [4, 4, 4]
        assert all(len({sector[m] for m in g.members}) == 3 for g in plenary_groups)
