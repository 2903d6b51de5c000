"""Two fictional towns beside Velenje, for the comparison of towns: Kohlstadt (written in English
only, 25,000 inhabitants) and Rudnik (Slovene and English, 12,000 inhabitants). Every row is
written here, so a test recomputes each compared number from these lists by itself; the towns are
built the way researchers build one: the tables through `table import` (CSV), employment, the
assessment and documents through their studies' own imports, problems and narratives aligned with
Velenje's through `compare align`.

Velenje gets a population here (a test value) and the tags of its aligned records; nothing else of
its shipped case changes.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import select

from townpaths.cases.tables import import_table
from townpaths.cases.towns import edit_town
from townpaths.comparison.suggest import align
from townpaths.storage import Database
from townpaths.storage.models import Town
from townpaths.studies.documents.service import add_document, scan_documents
from townpaths.studies.economy.service import import_employment
from townpaths.studies.sustainability.service import import_assessment

KOHLSTADT, RUDNIK, VELENJE = "kohlstadt", "rudnik", "velenje"
POPULATION = {KOHLSTADT: 25_000, RUDNIK: 12_000, VELENJE: 33_000}
TYPE_MINE, TYPE_MUSEUM, TYPE_FESTIVAL = (
    "buildings of industry and coal mining",
    "museums and exhibitions",
    "festivals",
)

TABLES: dict[str, dict[str, list[dict[str, Any]]]] = {
    KOHLSTADT: {
        "symbol_categories": [
            {"key": "townscape", "position": 1, "name_en": "townscape"},
            {"key": "heritage_institutions", "position": 2, "name_en": "heritage institutions"},
            {"key": "cultural_activities", "position": 3, "name_en": "cultural activities"},
        ],
        "symbol_types": [
            {"no": 1, "category": "townscape", "name_en": TYPE_MINE},
            {"no": 2, "category": "heritage_institutions", "name_en": TYPE_MUSEUM},
            {"no": 3, "category": "cultural_activities", "name_en": TYPE_FESTIVAL},
        ],
        "symbols": [
            {"external_id": f"k{n}", "type": t, "name_en": f"symbol {n}", "preservation": p, "attitude": a}
            for n, (t, p, a) in enumerate(
                [
                    (1, "good", "positive"),
                    (1, "good", "positive"),
                    (1, "poor", "negative"),
                    (1, "ruined", "negative"),
                    (1, "", "positive"),
                    (2, "good", "positive"),
                    (2, "good", "neutral"),
                    (2, "poor", "positive"),
                    (3, "poor", ""),
                    (3, "", ""),
                ],
                1,
            )
        ],
        "innovations": [
            {"no": 1, "type_en": "new practice", "name_en": "miners' choir", "year": 1950, "status": "accepted"},
            {"no": 2, "type_en": "new practice", "name_en": "clean-air petition", "year": 1985, "status": "accepted"},
            {"no": 3, "type_en": "new practice", "name_en": "repair café", "year": 2010, "status": "accepted"},
            {"no": 4, "type_en": "new service", "name_en": "job bridge", "year": 1995, "status": "accepted"},
            {"no": 5, "type_en": "new service", "name_en": "shared vans", "year": 2015, "status": "accepted"},
            {"no": 6, "type_en": "social movement", "name_en": "pit pony friends", "year": "", "status": "accepted"},
            {"no": 7, "type_en": "new product", "name_en": "coal soap", "year": 2000, "status": "rejected"},
        ],
        "periods": [
            {"scheme": "innovations", "no": 1, "name_en": "coal boom", "start_year": 1945, "end_year": 1990},
            {"scheme": "innovations", "no": 2, "name_en": "closure", "start_year": 1990, "end_year": 2005},
            {"scheme": "innovations", "no": 3, "name_en": "after closure", "start_year": 2005, "open_ended": "true"},
            {"scheme": "narratives", "no": 1, "name_en": "mining town", "start_year": 1945, "end_year": 1990},
            {"scheme": "narratives", "no": 2, "name_en": "after the mine", "start_year": 1990, "open_ended": "true"},
        ],
        "narratives": [
            {
                "position": 1,
                "period": 1,
                "status": "dominant",
                "text_en": "pride in the miners' solidarity",
                "tags": "solidarity",
            },
            {
                "position": 2,
                "period": 1,
                "status": "alternative",
                "text_en": "pollution from the pits was ignored",
                "tags": "environment",
            },
            {
                "position": 3,
                "period": 2,
                "status": "dominant",
                "text_en": "a green future after coal",
                "tags": "green-future",
            },
            {"position": 4, "period": 2, "status": "dominant", "text_en": "tourism around the old mine", "tags": ""},
            {
                "position": 5,
                "period": 2,
                "status": "alternative",
                "text_en": "young people leave the town",
                "tags": "emigration",
            },
        ],
        "problems": [
            {"position": 1, "rank": 1, "text_en": "one employer dominates the economy", "tags": ""},
            {"position": 2, "rank": 2, "text_en": "young educated people move away", "tags": ""},
            {"position": 3, "rank": 3, "text_en": "car-dependent transport", "tags": "transport"},
            {"position": 4, "rank": 4, "text_en": "polluted former mine land", "tags": "environment"},
            {"position": 5, "rank": 5, "text_en": "closed local politics", "tags": "politics"},
        ],
        "evidence": [
            {"key": "k-1", "kind": "lock_in", "theme": "symbols", "statement_en": "the mine is silent in the plans"},
            {"key": "k-2", "kind": "lock_in", "theme": "economy", "statement_en": "one employer"},
            {"key": "k-3", "kind": "lock_in", "theme": "economy", "statement_en": "few sectors"},
            {"key": "k-4", "kind": "path_renewal", "theme": "innovations", "statement_en": "repair café"},
            {"key": "k-5", "kind": "path_renewal", "theme": "innovations", "statement_en": "shared vans"},
            {"key": "k-6", "kind": "path_renewal", "theme": "narratives", "statement_en": "a green future"},
        ],
        "dualities": [{"no": 1, "one_hand_en": "pride in the pits", "other_hand_en": "shame of the slag heaps"}],
        "sustainability_indicators": [
            {
                "key": "amenities_overall",
                "dimension_key": "amenities",
                "dimension_en": "amenities",
                "name_en": "overall amenities",
            },
            # a dimension named differently, confirmed to match Velenje's and Rudnik's social_cultural_life
            {
                "key": "social_life_overall",
                "dimension_key": "social_life",
                "dimension_en": "social life",
                "name_en": "overall social life",
                "compare_key": "social_cultural_life",
            },
            {
                "key": "voice_overall",
                "dimension_key": "voice_influence",
                "dimension_en": "voice",
                "name_en": "overall voice",
            },
        ],
    },
    RUDNIK: {
        "symbol_categories": [
            {"key": "townscape", "position": 1, "name_en": "townscape", "name_sl": "mestna pokrajina"},
            {
                "key": "heritage_institutions",
                "position": 2,
                "name_en": "heritage institutions",
                "name_sl": "ustanove dediščine",
            },
        ],
        "symbol_types": [
            {"no": 1, "category": "townscape", "name_en": TYPE_MINE, "name_sl": "zgradbe industrije in premogovništva"},
            {"no": 2, "category": "heritage_institutions", "name_en": TYPE_MUSEUM, "name_sl": "muzeji in razstave"},
        ],
        "symbols": [
            {
                "external_id": f"r{n}",
                "type": t,
                "name_en": f"symbol {n}",
                "name_sl": f"simbol {n}",
                "preservation": p,
                "attitude": a,
            }
            for n, (t, p, a) in enumerate(
                [
                    (1, "good", "positive"),
                    (1, "good", "positive"),
                    (1, "fair", "very_positive"),
                    (1, "fair", "positive"),
                    (2, "good", "positive"),
                    (2, "fair", "very_positive"),
                ],
                1,
            )
        ],
        "innovations": [
            {
                "no": 1,
                "type_en": "new practice",
                "type_sl": "nova praksa",
                "name_en": "miners' day",
                "name_sl": "rudarski dan",
                "year": 1960,
                "status": "accepted",
            },
            {
                "no": 2,
                "type_en": "new practice",
                "type_sl": "nova praksa",
                "name_en": "seed library",
                "name_sl": "semenska knjižnica",
                "year": 2012,
                "status": "accepted",
            },
            {
                "no": 3,
                "type_en": "new organisational form",
                "type_sl": "nova organizacijska oblika",
                "name_en": "workers' cooperative",
                "name_sl": "delavska zadruga",
                "year": 1999,
                "status": "accepted",
            },
            {
                "no": 4,
                "type_en": "new service",
                "type_sl": "nova storitev",
                "name_en": "village bus",
                "name_sl": "vaški avtobus",
                "year": 2018,
                "status": "accepted",
            },
        ],
        "periods": [
            {
                "scheme": "innovations",
                "no": 1,
                "name_en": "socialism",
                "name_sl": "socializem",
                "start_year": 1945,
                "end_year": 1991,
            },
            {
                "scheme": "innovations",
                "no": 2,
                "name_en": "transition",
                "name_sl": "tranzicija",
                "start_year": 1991,
                "open_ended": "true",
            },
            {
                "scheme": "narratives",
                "no": 1,
                "name_en": "socialist mining town",
                "name_sl": "socialistično rudarsko mesto",
                "start_year": 1945,
                "end_year": 1991,
            },
            {
                "scheme": "narratives",
                "no": 2,
                "name_en": "after 1991",
                "name_sl": "po letu 1991",
                "start_year": 1991,
                "open_ended": "true",
            },
        ],
        "narratives": [
            {
                "position": 1,
                "period": 1,
                "status": "dominant",
                "text_en": "solidarity of the miners",
                "text_sl": "solidarnost rudarjev",
                "tags": "solidarity",
            },
            {
                "position": 2,
                "period": 2,
                "status": "dominant",
                "text_en": "a green town",
                "text_sl": "zeleno mesto",
                "tags": "green-future",
            },
            {
                "position": 3,
                "period": 2,
                "status": "alternative",
                "text_en": "the river still carries coal dust",
                "text_sl": "reka še nosi premogov prah",
                "tags": "environment",
            },
        ],
        "problems": [
            {
                "position": 1,
                "rank": 1,
                "text_en": "young people emigrate",
                "text_sl": "mladi se izseljujejo",
                "tags": "emigration",
            },
            {
                "position": 2,
                "rank": 2,
                "text_en": "an economy of one company",
                "text_sl": "gospodarstvo enega podjetja",
                "tags": "one-company",
            },
            {
                "position": 3,
                "rank": 3,
                "text_en": "polluted land",
                "text_sl": "onesnažena zemlja",
                "tags": "environment",
            },
            # one problem with two themes: a tie in Rudnik's ranking wherever both are aligned
            {
                "position": 4,
                "rank": 4,
                "text_en": "poor transport and closed politics",
                "text_sl": "slab promet in zaprta politika",
                "tags": "transport; politics",
            },
            {"position": 5, "rank": 5, "text_en": "no housing", "text_sl": "ni stanovanj", "tags": ""},
        ],
        "evidence": [
            {
                "key": "r-1",
                "kind": "lock_in",
                "theme": "economy",
                "statement_en": "one company",
                "statement_sl": "eno podjetje",
            },
            {
                "key": "r-2",
                "kind": "path_renewal",
                "theme": "symbols",
                "statement_en": "museum",
                "statement_sl": "muzej",
            },
            {
                "key": "r-3",
                "kind": "path_renewal",
                "theme": "symbols",
                "statement_en": "miners' day",
                "statement_sl": "rudarski dan",
            },
            {
                "key": "r-4",
                "kind": "path_renewal",
                "theme": "innovations",
                "statement_en": "cooperative",
                "statement_sl": "zadruga",
            },
        ],
        "dualities": [
            {
                "no": 1,
                "one_hand_en": "a proud past",
                "one_hand_sl": "ponosna preteklost",
                "other_hand_en": "an empty present",
                "other_hand_sl": "prazna sedanjost",
            }
        ],
        "sustainability_indicators": [
            {
                "key": "amenities_overall",
                "dimension_key": "amenities",
                "dimension_en": "amenities",
                "dimension_sl": "storitve",
                "name_en": "overall amenities",
            },
            {
                "key": "social_overall",
                "dimension_key": "social_cultural_life",
                "dimension_en": "social and cultural life",
                "dimension_sl": "družbeno življenje",
                "name_en": "overall social life",
            },
            {
                "key": "voice_overall",
                "dimension_key": "voice_influence",
                "dimension_en": "voice and influence",
                "dimension_sl": "glas in vpliv",
                "name_en": "overall voice",
            },
        ],
    },
}

#: Scores (indicator, score) on the 1-5 scale.
SCORES = {
    KOHLSTADT: [("amenities_overall", s) for s in (2, 3, 4)]
    + [("social_life_overall", s) for s in (4, 5)]
    + [("voice_overall", s) for s in (1, 2, 2)],
    RUDNIK: [("amenities_overall", s) for s in (2, 3)]
    + [("social_overall", s) for s in (2, 2, 3)]
    + [("voice_overall", 4)],
}

#: Employment (year, area, firm, nace, employees): Kohlstadt by firm with NACE classes, Rudnik by
#: NACE division only (so both are compared by division).
EMPLOYMENT = {
    KOHLSTADT: [
        (2019, "town", "Pit Ltd", "05.10", 1500),
        (2019, "town", "Cable Works", "27.32", 700),
        (2019, "town", "Inn", "56.10", 250),
        (2020, "town", "Pit Ltd", "05.10", 1200),
        (2020, "town", "Cable Works", "27.32", 800),
        (2020, "town", "Motor Works", "27.11", 150),
        (2020, "town", "Inn", "56.10", 300),
        (2020, "town", "Grocer", "47.11", 200),
        (2020, "national", "", "05.10", 5000),
        (2020, "national", "", "27.32", 20000),
        (2020, "national", "", "27.11", 10000),
        (2020, "national", "", "56.10", 40000),
        (2020, "national", "", "47.11", 60000),
        (2020, "national", "", "85.20", 30000),
    ],
    RUDNIK: [
        (2020, "town", "", "05", 500),
        (2020, "town", "", "27", 300),
        (2020, "town", "", "56", 200),
        (2020, "national", "", "05", 5000),
        (2020, "national", "", "27", 30000),
        (2020, "national", "", "56", 40000),
        (2020, "national", "", "47", 60000),
    ],
}

#: Official documents (title, language, text): does each mention heritage?
DOCUMENTS = {
    KOHLSTADT: [
        ("Strategy 2030", "en", "The town will be green, bright and innovative. Investors are welcome here."),
        ("Heritage plan", "en", "The coal mining museum keeps the memory of the miners alive."),
    ],
    RUDNIK: [("Razvojna strategija", "sl", "Mesto bo zeleno, svetlo in inovativno. Vlagatelji so dobrodošli.")],
}

#: Alignments a researcher confirmed: (record, record, tag).
ALIGNMENTS = [
    ("velenje:problems:1", "kohlstadt:problems:1", "one-company"),
    ("velenje:problems:3", "kohlstadt:problems:2", "emigration"),
    ("velenje:problems:7", "rudnik:problems:4", "transport"),
    ("velenje:problems:6", "kohlstadt:problems:5", "politics"),
    ("kohlstadt:problems:1", "rudnik:problems:2", "one-company"),
    ("velenje:narratives:1", "kohlstadt:narratives:1", "solidarity"),
]


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    header: list[str] = []
    for r in rows:
        header.extend(k for k in r if k not in header)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def build(db: Database, folder: Path) -> None:
    """Add Kohlstadt and Rudnik to ``db`` (which holds Velenje) and align them with Velenje."""
    with db.transaction() as session:
        session.add(Town(slug=KOHLSTADT, name="Kohlstadt", country="Germany (fictional)", languages=["en"]))
        session.add(
            Town(slug=RUDNIK, name="Rudnik", name_sl="Rudnik", country="Slovenia (fictional)", languages=["sl", "en"])
        )
    for town, population in POPULATION.items():
        edit_town(db, town, population=population, population_year=2021)
    for town, tables in TABLES.items():
        for table, rows in tables.items():
            import_table(db, town, table, _write_csv(folder / f"{town}-{table}.csv", rows))
        scores = [{"indicator": i, "score": s, "year": 2021} for i, s in SCORES[town]]
        import_assessment(db, town, _write_csv(folder / f"{town}-scores.csv", scores))
        employment = [
            {"year": y, "area": a, "firm": f, "nace": n, "employees": e} for y, a, f, n, e in EMPLOYMENT[town]
        ]
        import_employment(db, town, _write_csv(folder / f"{town}-employment.csv", employment))
        for n, (title, lang, text) in enumerate(DOCUMENTS[town], 1):
            path = folder / f"{town}-document-{n}.txt"
            path.write_text(text, encoding="utf-8")
            add_document(db, town, path, genre="strategy", year=2020, title=title, language=lang)
        scan_documents(db, town)
    for first, second, tag in ALIGNMENTS:
        align(db, first, second, tag)


def tags_of(db: Database, town: str, table: str) -> dict[int, list[str]]:
    """The tags of a town's narratives or problems, by position."""
    from townpaths.storage.models import Narrative, Problem

    model = {"narratives": Narrative, "problems": Problem}[table]
    with db.transaction() as session:
        found = session.get_one(Town, session.scalar(select(Town.id).where(Town.slug == town)))
        rows = session.scalars(select(model).where(model.town_id == found.id))
        return {r.position: list(r.tags or []) for r in rows}
