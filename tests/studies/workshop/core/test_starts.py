"""Where each phone starts a round: an order drawn per person, round and workshop (seeded, the same
in every process), and a pair's or group's start from its members' consensus with disagreements."""

from __future__ import annotations

from townpaths.studies.workshop.core import starts
from townpaths.studies.workshop.core.tally import BallotRow

IDS = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]


def test_random_starts_are_drawn_per_person_and_round_and_can_be_drawn_again() -> None:
    one = starts.random_start(IDS, 7, 1, 101)
    assert sorted(one) == IDS and one == starts.random_start(IDS, 7, 1, 101)
    others = {tuple(starts.random_start(IDS, 7, r, p)) for r in (1, 2, 3) for p in (101, 102, 103)}
    assert len(others) == 9  # nobody shares an order, no round repeats one
    assert starts.random_start(IDS, 8, 1, 101) != one  # another workshop, another draw
    assert one != IDS and sum(a == b for a, b in zip(one, IDS, strict=True)) < 5  # not the case's order
    assert starts.START_MODES == ("random", "alphabetical")


def test_a_group_starts_from_its_members_consensus_with_their_disagreements_marked() -> None:
    ana = BallotRow("p1", [[13], [11], [12], [14]], 1.0)
    bor = BallotRow("p2", [[13], [12], [11], [14]], 1.0)
    cid = BallotRow("p3", [[13], [11], [12], [14]], 1.0)
    start = starts.group_start([11, 12, 13, 14], [ana, bor, cid], "kemeny", [14, 12, 11, 13])
    assert start == {"order": [13, 11, 12, 14], "disputed": {"11": [2, 3], "12": [2, 3]}}
    # a tie of the consensus keeps the group's drawn order
    tied = starts.group_start([11, 12, 13, 14], [ana, bor], "kemeny", [14, 12, 11, 13])
    assert tied["order"] == [13, 12, 11, 14] and tied["disputed"] == {"11": [2, 3], "12": [2, 3]}
    # without ballots (everyone joined late): the drawn order, nothing disputed
    assert starts.group_start([11, 12], [BallotRow("p9", [], 1.0)], "kemeny", [12, 11]) == {
        "order": [12, 11],
        "disputed": {},
    }
