"""Kappa and alpha equal scikit-learn's and krippendorff's on generated double-coded data."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from townpaths.studies.qda.core import agreement as ag


def _units(length: int, intervals: list[tuple[int, int]]) -> np.ndarray:
    out = np.zeros(length, dtype=int)
    for s, e in intervals:
        out[max(0, s) : min(length, e)] = 1
    return out


def _random_intervals(rng: random.Random, length: int, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        s = rng.randrange(0, length - 1)
        out.append((s, min(length, s + rng.randrange(1, 400))))
    return out


@pytest.mark.parametrize("seed", range(25))
def test_kappa_and_alpha_equal_the_reference_libraries(seed: int) -> None:
    rng = random.Random(seed)
    length = rng.randrange(500, 5000)
    a = _random_intervals(rng, length, rng.randrange(1, 8))
    # coder B: shifted, trimmed or extra copies of A's segments, plus noise
    b = [(s + rng.randrange(-30, 30), e + rng.randrange(-30, 30)) for s, e in a if rng.random() < 0.8]
    b += _random_intervals(rng, length, rng.randrange(0, 3))
    t = ag.table(length, a, b)
    ua, ub = _units(length, a), _units(length, b)
    assert t.units == length and t.n11 == int(((ua == 1) & (ub == 1)).sum())
    assert ag.percent_agreement(t) == pytest.approx(float((ua == ub).mean()), abs=1e-12)
    assert ag.cohen_kappa(t) == pytest.approx(cohen_kappa_score(ua, ub), abs=1e-9)
    expected = krippendorff.alpha(reliability_data=np.vstack([ua, ub]), level_of_measurement="nominal")
    assert ag.krippendorff_alpha(t) == pytest.approx(expected, abs=1e-9)


def test_exact_values_on_a_small_example() -> None:
    t = ag.table(10, [(0, 4)], [(2, 6)])
    assert t == ag.Table(n11=2, n10=2, n01=2, n00=4)
    assert ag.percent_agreement(t) == 0.6
    assert ag.cohen_kappa(t) == pytest.approx((0.6 - 0.52) / 0.48)
    assert ag.krippendorff_alpha(t) == pytest.approx(1 - 19 * 4 / (12 * 8))


def test_undefined_when_nobody_codes() -> None:
    t = ag.table(10, [], [])
    assert ag.percent_agreement(t) == 1.0 and ag.cohen_kappa(t) is None and ag.krippendorff_alpha(t) is None


def test_overlapping_segments_of_one_coder_are_merged() -> None:
    assert ag.merge([(5, 9), (0, 3), (2, 6), (12, 12)]) == [(0, 9)]


def test_reliability_per_code_and_transcript() -> None:
    segs = [
        ag.Coded("t1", "x", "A", 0, 4),
        ag.Coded("t1", "x", "B", 2, 6),
        ag.Coded("t2", "y", "A", 0, 5),
        ag.Coded("t2", "y", "B", 0, 5),
        ag.Coded("t3", "x", "A", 0, 5),
    ]  # t3 coded by A only: left out
    result = ag.reliability({"t1": 10, "t2": 10, "t3": 10}, segs, "A", "B")
    assert result["transcripts"] == ["t1", "t2"]
    assert [(r["code"], r["units"], r["both"]) for r in result["by_code"]] == [("x", 20, 2), ("y", 20, 5)]
    assert [(r["transcript"], r["units"]) for r in result["by_transcript"]] == [("t1", 20), ("t2", 20)]
    assert result["overall"]["units"] == 40 and result["overall"]["agreement"] == 0.9


@pytest.mark.parametrize("seed", range(5))
def test_per_code_and_per_transcript_equal_the_libraries_on_concatenated_units(seed: int) -> None:
    rng = random.Random(100 + seed)
    lengths = {f"t{i}": rng.randrange(300, 2000) for i in range(4)}
    segments = []
    for t, n in lengths.items():
        for code in ("x", "y", "z"):
            for coder in ("A", "B"):
                for s, e in _random_intervals(rng, n, rng.randrange(0, 4)):
                    segments.append(ag.Coded(t, code, coder, s, e))
    result = ag.reliability(lengths, segments, "A", "B")
    shared = result["transcripts"]
    for row in result["by_code"]:
        ua = np.concatenate(
            [
                _units(
                    lengths[t],
                    [(s.start, s.end) for s in segments if (s.transcript, s.code, s.coder) == (t, row["code"], "A")],
                )
                for t in shared
            ]
        )
        ub = np.concatenate(
            [
                _units(
                    lengths[t],
                    [(s.start, s.end) for s in segments if (s.transcript, s.code, s.coder) == (t, row["code"], "B")],
                )
                for t in shared
            ]
        )
        assert row["units"] == len(ua)
        assert row["kappa"] == pytest.approx(cohen_kappa_score(ua, ub), abs=1e-6)
        alpha = krippendorff.alpha(reliability_data=np.vstack([ua, ub]), level_of_measurement="nominal")
        assert row["alpha"] == pytest.approx(alpha, abs=1e-6)
    for row in result["by_transcript"]:
        t = row["transcript"]
        ua = np.concatenate(
            [
                _units(
                    lengths[t], [(s.start, s.end) for s in segments if (s.transcript, s.code, s.coder) == (t, c, "A")]
                )
                for c in "xyz"
                if any(s.code == c for s in segments)
            ]
        )
        ub = np.concatenate(
            [
                _units(
                    lengths[t], [(s.start, s.end) for s in segments if (s.transcript, s.code, s.coder) == (t, c, "B")]
                )
                for c in "xyz"
                if any(s.code == c for s in segments)
            ]
        )
        assert row["kappa"] == pytest.approx(cohen_kappa_score(ua, ub), abs=1e-6)
