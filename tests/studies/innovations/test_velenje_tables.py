"""Velenje: Table 3 from the records equals the article's 21 rows; per period and per decade
are computed from the records."""

from __future__ import annotations

import csv

from townpaths.cases.case import open_case
from townpaths.studies.innovations.core.periods import default_periods, periods_of
from townpaths.studies.innovations.core.tables import per_decade, per_period, table3, timeline_points, type_period_table

#: Table 3 of the article (no, type, name, year).
ARTICLE_TABLE3 = [
    (1, "new practice", "voluntary work brigades", 1945),
    (2, "new practice", "building of the new town", 1945),
    (3, "new rules/regulations", "local self-contribution levy", 1970),
    (4, "new practice", "good practices of urban gardening", 1974),
    (5, "social movement", "ecological movement of the late 1980s", 1987),
    (6, "new service", "Pika festival", 1989),
    (7, "new organisational form", "youth club eMCe plac", 1996),
    (8, "new practice", "holiday work for secondary-school students Čisto moje Velenje", 2002),
    (9, "new organisational form", "SAŠA business incubator", 2007),
    (10, "new service", "free public transport Lokalc", 2008),
    (11, "new service", "Mestna blagajna (town cash desk)", 2010),
    (12, "new practice", "revitalisation of the Stara pekarna premises", 2012),
    (13, "new service", "free ice rink", 2013),
    (14, "new practice", "House of bands (Hiša bendov)", 2014),
    (15, "new service", "bicycle sharing system Bicy", 2014),
    (16, "new organisational form", "Udarnik MC Velenje", 2015),
    (
        17,
        "new service",
        "innovative education programmes of the adult education centre: Planet generacij, Vzorčno mesto",
        2017,
    ),
    (18, "new practice", "holiday childcare for children", 2018),
    (19, "new service", "free rides Kamerat for the elderly and people with reduced mobility", 2018),
    (20, "new service/product", "web portal for citizens' initiatives Sooblikujmo Velenje", 2018),
    (21, "new practice", "free premises for associations", None),
]


def test_table3_equals_the_article(velenje_sqlite) -> None:
    rows = table3(open_case("velenje", velenje_sqlite).records("innovations"))
    assert [(r["no"], r["type_en"], r["name_en"], r["year"]) for r in rows] == ARTICLE_TABLE3


def test_table3_equals_the_shared_csv(velenje_sqlite, shared_dir) -> None:
    with (shared_dir / "study" / "velenje" / "innovations.csv").open(encoding="utf-8") as fh:
        article = [
            (
                int(r["no"]),
                r["type_en"],
                r["type_sl"],
                r["name_en"],
                r["name_sl"],
                int(r["year"]) if r["year"] else None,
            )
            for r in csv.DictReader(fh)
        ]
    rows = table3(open_case("velenje", velenje_sqlite).records("innovations"))
    assert [(r["no"], r["type_en"], r["type_sl"], r["name_en"], r["name_sl"], r["year"]) for r in rows] == article


def test_per_period_and_type_by_period(velenje_sqlite) -> None:
    case = open_case("velenje", velenje_sqlite)
    innovations, periods = case.records("innovations"), case.records("periods")
    assert [(p["name_en"], n) for p, n in per_period(innovations, periods)] == [
        ("socialism", 6),
        ("environmental crisis of the 1980s", 2),
        ("transition after 1991 and EU entry", 4),
        ("after the 2008 crisis", 11),
    ]
    table = type_period_table(innovations, periods)
    assert [(r["type_en"], r["counts"], r["unknown"], r["total"]) for r in table["rows"]] == [
        ("new practice", [3, 0, 1, 3], 1, 8),
        ("new service", [1, 1, 1, 6], 0, 7),
        ("new rules/regulations", [1, 0, 0, 0], 0, 1),
        ("new organisational form", [0, 0, 2, 1], 0, 3),
        ("social movement", [1, 1, 0, 0], 0, 1),
        ("new service/product", [0, 0, 0, 1], 0, 1),
    ]
    assert table["totals"] == [6, 2, 4, 11]
    assert (table["unknown"], table["total"]) == (1, 21)
    assert table["rows"][0]["type_sl"] == "nova praksa"


def test_per_decade(velenje_sqlite) -> None:
    innovations = open_case("velenje", velenje_sqlite).records("innovations")
    assert per_decade(innovations) == [
        (1940, 2),
        (1950, 0),
        (1960, 0),
        (1970, 2),
        (1980, 2),
        (1990, 1),
        (2000, 3),
        (2010, 10),
        (None, 1),
    ]


def test_lokalc_2008_falls_in_two_overlapping_periods(velenje_sqlite) -> None:
    case = open_case("velenje", velenje_sqlite)
    lokalc = next(i for i in case.records("innovations") if i["no"] == 10)
    assert [p["no"] for p in periods_of(lokalc, case.records("periods"))] == [3, 4]
    movement = next(i for i in case.records("innovations") if i["no"] == 5)
    assert [p["no"] for p in periods_of(movement, case.records("periods"))] == [1, 2]
    unknown = next(i for i in case.records("innovations") if i["no"] == 21)
    assert periods_of(unknown, case.records("periods")) == []


def test_timeline_points_in_slovene(velenje_sqlite) -> None:
    points, rows = timeline_points(open_case("velenje", velenje_sqlite).records("innovations"), "sl")
    assert points[0] == (1945, "new practice", "udarniško delo")
    assert points[-1] == (None, "new practice", "brezplačni prostori za društva")
    assert rows[0] == ("new practice", "nova praksa")
    assert len(points) == 21


def test_proposed_rejected_and_merged_are_not_counted() -> None:
    base = {"type_en": "new practice", "name_en": "x", "no": None}
    records = [
        {**base, "id": 1, "year": 1950, "status": "accepted", "no": 1},
        {**base, "id": 2, "year": 1951, "status": "proposed"},
        {**base, "id": 3, "year": 1952, "status": "rejected"},
        {**base, "id": 4, "year": 1953, "status": "merged"},
    ]
    assert per_decade(records) == [(1950, 1)]
    assert type_period_table(records, default_periods())["totals"] == [1, 0, 0, 0]


def test_custom_overlapping_periods() -> None:
    periods = [
        {"scheme": "innovations", "no": 1, "name_en": "a", "start_year": 1900, "end_year": 2000, "open_ended": False},
        {"scheme": "innovations", "no": 2, "name_en": "b", "start_year": 1990, "end_year": None, "open_ended": True},
        {"scheme": "narratives", "no": 1, "name_en": "n", "start_year": 1900, "end_year": None, "open_ended": True},
    ]
    records = [
        {"id": k, "no": k, "type_en": t, "name_en": str(k), "year": y, "status": "accepted"}
        for k, (t, y) in enumerate(
            [
                ("new product", 1899),
                ("new product", 1900),
                ("zz other", 1995),
                ("new product", 2000),
                ("new product", 2001),
            ],
            1,
        )
    ]
    table = type_period_table(records, periods)
    assert [p["name_en"] for p in table["periods"]] == ["a", "b"]
    assert [(r["type_en"], r["counts"]) for r in table["rows"]] == [("new product", [2, 2]), ("zz other", [1, 1])]
