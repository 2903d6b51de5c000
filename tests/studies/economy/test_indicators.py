"""Indicator functions on hand-computed examples."""

from __future__ import annotations

import math

import pytest

from townpaths.studies.economy.core import indicators as I
from townpaths.studies.economy.core.compute import by_year
from townpaths.studies.economy.core.evidence import statements

FIRMS = {"A": 50, "B": 30, "C": 20}


def test_concentration_by_hand() -> None:
    # shares 0.5, 0.3, 0.2
    assert I.top_share(FIRMS, 2) == pytest.approx(0.8)
    assert I.top_units(FIRMS, 2) == ["A", "B"]
    assert I.hhi(FIRMS) == pytest.approx(0.38)  # 0.25 + 0.09 + 0.04
    assert I.hhi_normalised(FIRMS) == pytest.approx(0.07)  # (0.38 - 1/3) / (1 - 1/3)
    assert I.hhi({"only": 7}) == 1.0 and I.hhi_normalised({"only": 7}) == 1.0
    assert I.hhi_normalised({"a": 1, "b": 1, "c": 1, "d": 1}) == pytest.approx(0.0)
    assert I.top_share({"a": 10, "b": 0}) == 1.0


def test_variety_by_hand_and_identity() -> None:
    sectors = {"C27.1": 40, "C27.2": 40, "G47.1": 20}  # divisions 27 (0.8) and 47 (0.2)
    v = I.variety(sectors)
    tv = 0.8 * math.log2(2.5) + 0.2 * math.log2(5)
    uv = 0.8 * math.log2(1.25) + 0.2 * math.log2(5)
    assert v["total"] == pytest.approx(tv) == pytest.approx(1.5219281, abs=1e-7)
    assert v["unrelated"] == pytest.approx(uv) == pytest.approx(0.7219281, abs=1e-7)
    assert v["related"] == pytest.approx(0.8)  # 0.8 x H(0.5, 0.5) + 0.2 x 0
    assert v["total"] == pytest.approx(v["related"] + v["unrelated"], abs=1e-12)


@pytest.mark.parametrize(
    "sectors",
    [
        {"01": 1, "02": 1, "03": 1, "04": 1},
        {"C10.11": 13, "C10.12": 7, "C11.01": 5, "F41.2": 9, "F41.1": 1, "C": 3},
        {"2751": 300, "2752": 120, "2811": 77, "4711": 2},
    ],
)
def test_total_is_related_plus_unrelated(sectors) -> None:
    v = I.variety(sectors)
    assert v["total"] == pytest.approx(v["related"] + v["unrelated"], abs=1e-12)


def test_four_unrelated_sectors() -> None:
    assert I.variety({"01": 1, "02": 1, "03": 1, "04": 1}) == {"total": 2.0, "related": 0.0, "unrelated": 2.0}


def test_nace_division() -> None:
    assert [I.nace_division(c) for c in ("C27.51", "27.51", "2751", "C", "c")] == ["27", "27", "27", "C", "C"]


def test_location_quotients_by_hand() -> None:
    lq = I.location_quotients({"A": 60, "B": 40, "X": 1}, {"A": 200, "B": 600, "C": 200})
    assert lq["A"] == pytest.approx((60 / 101) / 0.2)
    assert lq["B"] == pytest.approx((40 / 101) / 0.6)
    assert lq["X"] is None
    assert I.location_quotients({"A": 60, "B": 40}, {"A": 200, "B": 600, "C": 200}) == pytest.approx(
        {"A": 3.0, "B": 0.4 / 0.6}
    )


def test_empty_and_negative_raise() -> None:
    with pytest.raises(ValueError):
        I.hhi({})
    with pytest.raises(ValueError):
        I.hhi({"a": 0})
    with pytest.raises(ValueError):
        I.hhi({"a": -1, "b": 3})


def test_by_year_and_evidence_thresholds() -> None:
    rows = [
        {"year": 2019, "area": "town", "firm": "Gorenje-like", "nace": "C27.51", "employees": 50},
        {"year": 2019, "area": "town", "firm": "Mine-like", "nace": "B05.20", "employees": 30},
        {"year": 2019, "area": "town", "firm": "Shop", "nace": "G47.11", "employees": 20},
        {"year": 2019, "area": "national", "firm": None, "nace": "C27.51", "employees": 10},
        {"year": 2019, "area": "national", "firm": None, "nace": "B05.20", "employees": 10},
        {"year": 2019, "area": "national", "firm": None, "nace": "G47.11", "employees": 80},
        {"year": 2020, "area": "town", "firm": None, "nace": "C27.51", "employees": 10},
        {"year": 2020, "area": "town", "firm": None, "nace": "G47.11", "employees": 10},
        {"year": 2020, "area": "town", "firm": None, "nace": "M72.1", "employees": 10},
        {"year": 2020, "area": "town", "firm": None, "nace": "J62.01", "employees": 10},
        {"year": 2020, "area": "town", "firm": None, "nace": "P85.4", "employees": 10},
    ]
    result = by_year(rows)
    assert list(result) == [2019, 2020]
    c19 = result[2019]["concentration"]
    assert (c19["unit"], c19["top2"], c19["units"]) == ("firm", ["Gorenje-like", "Mine-like"], 3)
    assert c19["top2_share"] == pytest.approx(0.8) and c19["hhi"] == pytest.approx(0.38)
    assert result[2019]["largest_sector"] == "C27.51"
    assert result[2019]["location_quotients"] == pytest.approx({"B05.20": 3.0, "C27.51": 5.0, "G47.11": 0.25})
    ev19 = statements(2019, result[2019])
    assert [(e["key"], e["kind"]) for e in ev19] == [
        ("economy-top2-share-2019", "lock_in"),
        ("economy-hhi-2019", "lock_in"),
        ("economy-variety-2019", "path_renewal"),
        ("economy-lq-2019", "lock_in"),
    ]
    assert ev19[0]["statement_en"] == (
        "In 2019 the two largest employers (Gorenje-like, Mine-like) held 80.0 % of "
        "the town's employment (lock-in at 40.0 % or more)."
    )
    # 2020: five equal sectors, no national reference -> concentration by sector only
    c20 = result[2020]["concentration"]
    assert (c20["unit"], c20["top2_share"], c20["hhi"]) == ("sector", pytest.approx(0.4), pytest.approx(0.2))
    assert [(e["key"], e["kind"]) for e in statements(2020, result[2020])] == [
        ("economy-top2-share-2020", "lock_in"),
        ("economy-hhi-2020", "path_renewal"),
    ]


def test_concentration_in_one_pass_agrees() -> None:
    c = I.concentration(FIRMS)
    assert c["units"] == 3 and c["top2"] == ["A", "B"]
    assert (c["top2_share"], c["hhi"], c["hhi_normalised"]) == (
        pytest.approx(0.8),
        pytest.approx(0.38),
        pytest.approx(0.07),
    )
    assert I.concentration({"b": 5, "a": 5, "c": 1})["top2"] == ["a", "b"]  # ties by name
