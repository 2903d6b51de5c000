"""Which ballot a round keeps: every case of :func:`integrity.decide`."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.studies.workshop.core import integrity as I

ANA, BOR = 1, 2


def test_retries_new_and_newer_ballots() -> None:
    mine = I.Kept("tok-a", ANA, 5)
    assert I.decide(mine, mine, sender=ANA, seq=5, base=None, grouped=False) == I.DUPLICATE
    assert I.decide(I.Kept("tok-a", None, None), None, sender=ANA, seq=5, base=None, grouped=False) == I.DUPLICATE
    assert I.decide(None, None, sender=ANA, seq=1, base=None, grouped=False) == I.NEW
    assert I.decide(None, mine, sender=ANA, seq=6, base=None, grouped=False) == I.REPLACED
    assert I.decide(None, mine, sender=ANA, seq=None, base=None, grouped=False) == I.REPLACED  # a script sends none
    assert I.decide(None, I.Kept("t", ANA, None), sender=ANA, seq=2, base=None, grouped=False) == I.REPLACED


def test_refusals() -> None:
    with pytest.raises(I.ForeignToken, match="belongs to another phone"):
        I.decide(I.Kept("tok-a", ANA, 5), None, sender=BOR, seq=1, base=None, grouped=False)
    with pytest.raises(I.StaleBallot, match="newer ranking from this phone"):
        I.decide(None, I.Kept("tok-b", ANA, 5), sender=ANA, seq=5, base=None, grouped=False)
    with pytest.raises(I.StaleBallot):
        I.decide(None, I.Kept("tok-b", ANA, 5), sender=ANA, seq=4, base="tok-b", grouped=True)
    shown = {"client_token": "tok-a", "by": "Ana"}
    with pytest.raises(I.PartnerBallot) as refused:
        I.decide(None, I.Kept("tok-a", ANA, 5), sender=BOR, seq=9, base=None, grouped=True, shown=shown)
    assert refused.value.ballot == shown
    # having seen the partner's ballot, or in a round of individuals, the ballot replaces it
    assert I.decide(None, I.Kept("tok-a", ANA, 5), sender=BOR, seq=9, base="tok-a", grouped=True) == I.REPLACED
    assert I.decide(None, I.Kept("tok-a", ANA, 5), sender=BOR, seq=9, base=None, grouped=False) == I.REPLACED


def test_sequence_numbers() -> None:
    assert [I.clean_seq(v) for v in (None, 0, 2**53)] == [None, 0, 2**53]
    for bad in (-1, 2**53 + 1, 1.5, "3", True):
        with pytest.raises(InputError, match="a sequence number is a whole number"):
            I.clean_seq(bad)
