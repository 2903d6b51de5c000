"""Velenje and two fictional towns compared, on SQLite and PostgreSQL: every compared number is
recomputed here from the towns' rows (the lists of tests/support/compared_towns.py, or Velenje's
records) with plain formulas, and Kendall's tau-b of every pair of towns against
scipy.stats.kendalltau on the problems aligned by tag."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from scipy.stats import kendalltau

import townpaths
from tests.support import compared_towns as T
from townpaths.cases.case import open_case
from townpaths.cases.towns import load_velenje
from townpaths.comparison.build import ComparedTown, compare_towns
from townpaths.comparison.summary import ALIKE, DIFFER, distance
from townpaths.core.errors import InputError, NotFound, TownpathsError
from townpaths.storage import Database
from townpaths.storage.towns import find_town

TOWNS = [T.VELENJE, T.KOHLSTADT, T.RUDNIK]
APPROX = 1e-12


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def towns_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder = tmp_path_factory.mktemp("compared")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'towns.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_server").create_database()
    db = Database(url)
    load_velenje(db)
    T.build(db, folder)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def frames(towns_db: Database) -> dict[str, pd.DataFrame]:
    return townpaths.compare(TOWNS, db=towns_db, lang="en")


def rows(frame: pd.DataFrame, **where: Any) -> list[dict[str, Any]]:
    out = frame.to_dict("records")
    return [r for r in out if all(r[k] == v for k, v in where.items())]


def one(frame: pd.DataFrame, **where: Any) -> dict[str, Any]:
    found = rows(frame, **where)
    assert len(found) == 1, (where, found)
    return found[0]


def nan_or(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def velenje(db: Database, table: str) -> list[dict[str, Any]]:
    return open_case("velenje", db).records(table)


# --- symbols -------------------------------------------------------------------------------------


def symbol_counts(db: Database, town: str) -> tuple[Counter[str], int]:
    """Symbols per category key, and in all."""
    if town == T.VELENJE:
        cats = {c["id"]: c["key"] for c in velenje(db, "symbol_categories")}
        types = {t["id"]: cats[t["category_id"]] for t in velenje(db, "symbol_types")}
        symbols = velenje(db, "symbols")
        return Counter(types[s["type_id"]] for s in symbols), len(symbols)
    tables = T.TABLES[town]
    types = {t["no"]: t["category"] for t in tables["symbol_types"]}
    return Counter(types[s["type"]] for s in tables["symbols"]), len(tables["symbols"])


def test_symbols_share_of_each_category(towns_db: Database, frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["symbols-categories"]
    assert list(frame.columns) == ["town", "key", "name", "name_lang", "count", "share"]
    for town in TOWNS:
        counts, total = symbol_counts(towns_db, town)
        mine = rows(frame, town=town)
        assert {r["key"]: r["count"] for r in mine} == {k: counts.get(k, 0) for k in (r["key"] for r in mine)}
        for r in mine:
            assert r["share"] == pytest.approx(counts.get(r["key"], 0) / total, abs=APPROX)
    assert len(rows(frame, town=T.VELENJE)) == 6 and len(rows(frame, town=T.KOHLSTADT)) == 3
    assert one(frame, town=T.KOHLSTADT, key="townscape")["share"] == pytest.approx(5 / 10)
    assert one(frame, town=T.RUDNIK, key="townscape")["share"] == pytest.approx(4 / 6)


def test_symbols_share_of_each_type_matched_by_category_and_name(frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["symbols-types"]
    mine = f"townscape/{T.TYPE_MINE}"
    assert {r["town"]: r["count"] for r in rows(frame, key=mine)} == {"velenje": 3, "kohlstadt": 5, "rudnik": 4}
    assert one(frame, town=T.VELENJE, key=mine)["share"] == pytest.approx(3 / 23)
    assert one(frame, town=T.KOHLSTADT, key=f"cultural_activities/{T.TYPE_FESTIVAL}")["share"] == pytest.approx(2 / 10)
    assert not rows(frame, town=T.RUDNIK, key=f"cultural_activities/{T.TYPE_FESTIVAL}")


@pytest.mark.parametrize("scale", ["preservation", "attitude"])
def test_symbols_distributions_over_the_assessed(frames: dict[str, pd.DataFrame], scale: str) -> None:
    frame = frames[f"symbols-{scale}"]
    for town in (T.KOHLSTADT, T.RUDNIK):
        given = [s[scale] for s in T.TABLES[town]["symbols"] if s[scale]]
        counts = Counter(given)
        for r in rows(frame, town=town):
            if r["key"] == "not-assessed":
                assert r["count"] == len(T.TABLES[town]["symbols"]) - len(given) and nan_or(r["share"]) is None
            else:
                assert r["count"] == counts.get(r["key"], 0)
                assert r["share"] == pytest.approx(counts.get(r["key"], 0) / len(given))
    # Velenje's symbols are not assessed: no share at all
    assert all(nan_or(r["share"]) is None for r in rows(frame, town=T.VELENJE))
    assert one(frame, town=T.VELENJE, key="not-assessed")["count"] == 23


# --- documents -----------------------------------------------------------------------------------


def test_documents_never_mentioning_heritage(frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["documents-heritage"]
    # Kohlstadt's heritage plan names coal mining and the miners; its strategy and Rudnik's do not
    assert [(r["town"], r["documents"], r["scanned"], r["never_heritage"]) for r in frame.to_dict("records")] == [
        ("velenje", 0, 0, 0),
        ("kohlstadt", 2, 2, 1),
        ("rudnik", 1, 1, 1),
    ]
    assert nan_or(one(frame, town="velenje")["share"]) is None
    assert one(frame, town="kohlstadt")["share"] == 0.5 and one(frame, town="rudnik")["share"] == 1.0


# --- innovations ---------------------------------------------------------------------------------


def accepted(db: Database, town: str) -> list[dict[str, Any]]:
    if town == T.VELENJE:
        return [i for i in velenje(db, "innovations") if i["status"] == "accepted"]
    return [{**i, "year": i["year"] or None} for i in T.TABLES[town]["innovations"] if i["status"] == "accepted"]


def test_innovations_by_type_with_rates_per_10000(towns_db: Database, frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["innovations-types"]
    for town in TOWNS:
        found = accepted(towns_db, town)
        counts = Counter(i["type_en"] for i in found)
        population = T.POPULATION[town]
        for kind, n in counts.items():
            r = one(frame, town=town, key=kind)
            assert r["count"] == n
            assert r["share"] == pytest.approx(n / len(found))
            assert r["per_10k"] == pytest.approx(n * 10_000 / population)
        total = one(frame, town=town, key="all")
        assert (total["count"], total["per_10k"]) == (len(found), pytest.approx(len(found) * 10_000 / population))
        assert len(rows(frame, town=town)) == len(counts) + 1
    # the rejected proposal of Kohlstadt is not counted
    assert one(frame, town=T.KOHLSTADT, key="all")["count"] == 6
    assert one(frame, town=T.VELENJE, key="all")["per_10k"] == pytest.approx(21 / 3.3)


def test_innovations_by_each_towns_periods_and_by_decade(towns_db: Database, frames: dict[str, pd.DataFrame]) -> None:
    periods = frames["innovations-periods"]
    for town in (T.KOHLSTADT, T.RUDNIK):
        found = accepted(towns_db, town)
        for p in (p for p in T.TABLES[town]["periods"] if p["scheme"] == "innovations"):
            end = p.get("end_year")
            n = sum(
                1
                for i in found
                if i["year"] is not None and p["start_year"] <= i["year"] and (end is None or i["year"] <= end)
            )
            r = one(periods, town=town, key=str(p["no"]))
            assert (r["name"], r["count"]) == (p["name_en"], n)
            assert r["per_10k"] == pytest.approx(n * 10_000 / T.POPULATION[town])
    # Kohlstadt: 1950 and 1985 in the coal boom; 1995 in the closure; 2010 and 2015 after it
    assert [r["count"] for r in rows(periods, town=T.KOHLSTADT)] == [2, 1, 2]
    decades = frames["innovations-decades"]
    years = [i["year"] for t in TOWNS for i in accepted(towns_db, t) if i["year"] is not None]
    every = list(range(min(years) // 10 * 10, max(years) // 10 * 10 + 10, 10))
    for town in TOWNS:
        mine = rows(decades, town=town)
        assert [r["key"] for r in mine] == [*(f"{d}s" for d in every), "unknown"]
        found = accepted(towns_db, town)
        assert {r["key"]: r["count"] for r in mine} == {
            **{f"{d}s": sum(1 for i in found if i["year"] is not None and i["year"] // 10 * 10 == d) for d in every},
            "unknown": sum(1 for i in found if i["year"] is None),
        }


# --- economy -------------------------------------------------------------------------------------


def _entropy(values: list[float]) -> float:
    total = sum(values)
    return sum(v / total * math.log2(total / v) for v in values if v)


def test_economy_on_the_same_nace_level(frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["economy-indicators"]
    # Kohlstadt writes NACE classes, Rudnik divisions: both are compared by division
    assert set(frame["level"]) == {"division"}
    for town in (T.KOHLSTADT, T.RUDNIK):
        by_year: dict[int, list[tuple[str, str, float]]] = {}
        for y, area, firm, nace, n in T.EMPLOYMENT[town]:
            if area == "town":
                by_year.setdefault(y, []).append((firm, nace[:2], n))
        assert [r["year"] for r in rows(frame, town=town)] == sorted(by_year)
        for year, found in by_year.items():
            r = one(frame, town=town, year=year)
            units: Counter[str] = Counter()
            divisions: Counter[str] = Counter()
            for firm, division, n in found:
                units[firm or division] += n
                divisions[division] += n
            total = sum(units.values())
            top = sorted(units.values(), reverse=True)
            assert r["unit"] == ("firm" if found[0][0] else "sector")
            assert r["employees"] == total
            assert r["top2_share"] == pytest.approx((top[0] + top[1]) / total, abs=APPROX)
            assert r["hhi"] == pytest.approx(sum((v / total) ** 2 for v in units.values()), abs=APPROX)
            assert r["variety"] == pytest.approx(_entropy(list(divisions.values())), abs=APPROX)
            assert r["unrelated_variety"] == pytest.approx(_entropy(list(divisions.values())), abs=APPROX)
            assert r["related_variety"] == pytest.approx(0.0, abs=APPROX)  # one class per division, by division
    assert one(frame, town=T.RUDNIK, year=2020)["top2_share"] == pytest.approx(0.8)
    assert not rows(frame, town=T.VELENJE)
    # location quotients: the town's share of a division over the nation's
    lq = frames["economy-lq"]
    for town in (T.KOHLSTADT, T.RUDNIK):
        own: Counter[str] = Counter()
        nation: Counter[str] = Counter()
        for y, area, _firm, nace, n in T.EMPLOYMENT[town]:
            if y == 2020:
                (own if area == "town" else nation)[nace[:2]] += n
        for r in rows(lq, town=town):
            expected = (own[r["sector"]] / sum(own.values())) / (nation[r["sector"]] / sum(nation.values()))
            assert r["lq"] == pytest.approx(expected, abs=APPROX)
        assert sorted(r["sector"] for r in rows(lq, town=town)) == sorted(own)
    assert one(lq, town=T.KOHLSTADT, sector="05")["lq"] == pytest.approx((1200 / 2650) / (5000 / 165000))


# --- social sustainability -----------------------------------------------------------------------


def test_sustainability_dimensions_matched_by_key_or_compare_key(frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["sustainability-dimensions"]
    indicators = {
        t: {i["key"]: i.get("compare_key") or i["dimension_key"] for i in T.TABLES[t]["sustainability_indicators"]}
        for t in (T.KOHLSTADT, T.RUDNIK)
    }
    for town in (T.KOHLSTADT, T.RUDNIK):
        by_dimension: dict[str, list[float]] = {}
        for key, score in T.SCORES[town]:
            by_dimension.setdefault(indicators[town][key], []).append((score - 1) / 4)
        for dimension, values in by_dimension.items():
            r = one(frame, town=town, key=dimension)
            assert r["n"] == len(values)
            assert r["mean"] == pytest.approx(statistics.fmean(values), abs=APPROX)
            assert nan_or(r["sd"]) == (pytest.approx(statistics.stdev(values)) if len(values) > 1 else None)
            assert (r["min"], r["max"]) == (min(values), max(values))
    # Kohlstadt's "social life" is matched with the others' social_cultural_life by its compare key
    social = rows(frame, key="social_cultural_life")
    assert [(r["town"], r["dimension_key"]) for r in social] == [
        ("velenje", "social_cultural_life"),
        ("kohlstadt", "social_life"),
        ("rudnik", "social_cultural_life"),
    ]
    assert one(frame, town=T.VELENJE, key="amenities")["n"] == 0  # the default framework, no scores


# --- problem rankings ----------------------------------------------------------------------------


def ranked_tags(db: Database, town: str) -> dict[str, int]:
    """Each tag of the town's problems -> the best rank among the problems carrying it."""
    ranks = (
        {p["position"]: p["rank"] for p in velenje(db, "problems")}
        if town == T.VELENJE
        else {p["position"]: p["rank"] for p in T.TABLES[town]["problems"]}
    )
    out: dict[str, int] = {}
    for position, tags in T.tags_of(db, town, "problems").items():
        for tag in tags:
            out[tag] = min(out.get(tag, ranks[position]), ranks[position])
    return out


def test_kendalls_tau_b_of_every_pair_against_scipy(towns_db: Database, frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["problems-tau"]
    assert len(frame) == 3
    for a, b in combinations(TOWNS, 2):
        ta, tb = ranked_tags(towns_db, a), ranked_tags(towns_db, b)
        shared = sorted(set(ta) & set(tb))
        r = one(frame, town=a, other=b)
        assert (r["aligned"], r["ranked"]) == (len(shared), len(shared))
        expected = kendalltau([ta[t] for t in shared], [tb[t] for t in shared]).statistic  # tau-b
        assert r["tau"] == pytest.approx(expected, abs=1e-12)
    # the aligned problems of this test: four or five per pair, Rudnik's two-tag problem a tie
    assert [(r["aligned"], round(r["tau"], 6)) for r in frame.to_dict("records")] == [
        (4, round(kendalltau([3, 1, 6, 7], [2, 1, 5, 3]).statistic, 6)),
        (4, round(kendalltau([3, 1, 6, 7], [1, 2, 4, 4]).statistic, 6)),
        (5, round(kendalltau([2, 4, 1, 5, 3], [1, 3, 2, 4, 4]).statistic, 6)),
    ]


def test_aligned_problems_and_the_problems_only_one_town_has(
    towns_db: Database, frames: dict[str, pd.DataFrame]
) -> None:
    aligned = frames["problems-aligned"]
    assert sorted(set(aligned["key"])) == ["emigration", "environment", "one-company", "politics", "transport"]
    assert one(aligned, town=T.RUDNIK, key="politics")["rank"] == 4
    assert one(aligned, town=T.VELENJE, key="one-company")["text"] == "vulnerable economy resting on two companies"
    own = frames["problems-own"]
    # Velenje's untagged problems and Rudnik's fifth; Kohlstadt shares a tag on every problem
    assert [(r["town"], r["key"]) for r in own.to_dict("records")] == [
        *(("velenje", str(p)) for p in (2, 4, 5, 8, 9, 10)),
        ("rudnik", "5"),
    ]


# --- narratives, evidence, dualities --------------------------------------------------------------


def test_narratives_per_status_period_and_theme(towns_db: Database, frames: dict[str, pd.DataFrame]) -> None:
    counts = frames["narratives-counts"]
    for town in TOWNS:
        found = velenje(towns_db, "narratives") if town == T.VELENJE else T.TABLES[town]["narratives"]
        statuses = Counter(n["status"] for n in found)
        for status in ("dominant", "alternative"):
            r = one(counts, town=town, key=status)
            assert (r["count"], r["share"]) == (statuses[status], pytest.approx(statuses[status] / len(found)))
    periods = frames["narratives-periods"]
    assert [(r["name"], r["dominant"], r["alternative"]) for r in rows(periods, town=T.KOHLSTADT)] == [
        ("mining town", 1, 1),
        ("after the mine", 2, 1),
    ]
    assert [(r["dominant"], r["alternative"]) for r in rows(periods, town=T.VELENJE)] == [(5, 3), (2, 2), (4, 2)]
    themes = frames["narratives-themes"]
    # themes of two or more towns first
    assert list(dict.fromkeys(themes["key"])) == ["environment", "green-future", "solidarity", "emigration"]
    solidarity = rows(themes, key="solidarity")
    assert [r["town"] for r in solidarity] == ["velenje", "kohlstadt", "rudnik"]
    assert [item["text"] for item in solidarity[1]["dominant"]] == ["pride in the miners' solidarity"]
    assert solidarity[0]["dominant"][0]["period"] == "building of the modern socialist and industrial town"


def test_evidence_per_study_and_the_dualities(towns_db: Database, frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["evidence"]
    for town in TOWNS:
        items = open_case(town, towns_db).records("evidence")  # the studies' and the computed ones
        found = Counter((e["theme"] or "other", e["kind"]) for e in items)
        for theme in {t for t, _ in found}:
            r = one(frame, town=town, key=theme)
            lock, renew = found[(theme, "lock_in")], found[(theme, "path_renewal")]
            assert (r["lock_in"], r["path_renewal"]) == (lock, renew)
            assert r["lock_in_share"] == pytest.approx(lock / (lock + renew))
        total = one(frame, town=town, key="all")
        lock = sum(1 for e in items if e["kind"] == "lock_in")
        assert (total["lock_in"], total["path_renewal"]) == (lock, len(items) - lock)
    assert (
        one(frame, town=T.VELENJE, key="all")["lock_in"],
        one(frame, town=T.VELENJE, key="all")["path_renewal"],
    ) == (3, 6)
    dualities = frames["dualities"]
    assert [(r["town"], r["key"]) for r in dualities.to_dict("records")] == [
        *(("velenje", str(n)) for n in range(1, 6)),
        ("kohlstadt", "1"),
        ("rudnik", "1"),
    ]


# --- the summaries -------------------------------------------------------------------------------


def test_every_statement_rests_on_the_numbers_of_its_row(frames: dict[str, pd.DataFrame]) -> None:
    summary = frames["summary"]
    assert len(summary) > 10
    columns = {
        "symbols-categories": "share",
        "symbols-preservation": "share",
        "symbols-attitude": "share",
        "documents-heritage": "share",
        "innovations-types": None,
        "economy-indicators": None,
        "sustainability-dimensions": "mean",
        "narratives-counts": "share",
        "evidence": "lock_in_share",
    }
    for s in summary.to_dict("records"):
        frame = frames[s["comparison"]]
        if s["scale"] == "tau":
            r = one(frame, key=s["row"])
            assert (r["town"], r["other"]) == (s["town_a"], s["town_b"])
            assert (s["value_a"], s["count"]) == (r["tau"], r["ranked"])
            expected = (1 - r["tau"]) / 2
        else:
            column = columns[s["comparison"]] or s["measure"].split(":")[-1]
            if s["measure"] == "innovations:per-10k":
                column = "per_10k"
            elif s["comparison"] == "innovations-types":
                column = "share"
            a, b = one(frame, town=s["town_a"], key=s["row"]), one(frame, town=s["town_b"], key=s["row"])
            assert (s["value_a"], s["value_b"]) == (a[column], b[column])
            expected = distance(s["scale"], a[column], b[column])
        assert s["distance"] == pytest.approx(expected)
        bound = ALIKE if s["kind"] == "alike" else DIFFER
        assert s["distance"] <= bound[s["scale"]] if s["kind"] == "alike" else s["distance"] >= bound[s["scale"]]
    # a few statements as a reader reads them
    statements = set(summary["statement"])
    assert (
        "share of the symbols in the category heritage institutions: Kohlstadt 30.0 %, Rudnik 33.3 % "
        "(3.3 percentage points apart)." in statements
    )
    assert (
        "social innovations per 10,000 inhabitants: Velenje 6.36, Kohlstadt 2.40 (62.3 % apart, of the larger)."
        in statements
    )


def test_each_pair_gets_the_statements_of_its_own_numbers(frames: dict[str, pd.DataFrame]) -> None:
    summary = frames["summary"]
    pairs = list(dict.fromkeys(zip(summary["town_a"], summary["town_b"], strict=True)))
    assert pairs == [("velenje", "kohlstadt"), ("velenje", "rudnik"), ("kohlstadt", "rudnik")]
    for _pair, group in summary.groupby(["town_a", "town_b"], sort=False):
        alike = group[group["kind"] == "alike"]
        differ = group[group["kind"] == "differ"]
        assert len(alike) <= 5 and len(differ) <= 5
        assert list(differ["distance"] / differ["scale"].map(DIFFER)) == sorted(
            differ["distance"] / differ["scale"].map(DIFFER), reverse=True
        )
    # Kohlstadt and Rudnik: their voice and influence scores are 0.583 apart on the 0-1 scale
    statement = one(summary, town_a="kohlstadt", town_b="rudnik", measure="dimension:voice_influence")
    assert (
        statement["statement"]
        == "mean score of the dimension voice (0-1): Kohlstadt 0.167, Rudnik 0.750 (0.583 apart)."
    )


def test_slovene_texts_and_the_language_each_is_in(towns_db: Database) -> None:
    sl = townpaths.compare([T.VELENJE, T.KOHLSTADT], db=towns_db, lang="sl")
    categories = sl["symbols-categories"]
    velenje_row = one(categories, town="velenje", key="townscape")
    kohlstadt_row = one(categories, town="kohlstadt", key="townscape")
    assert (velenje_row["name"], velenje_row["name_lang"]) == ("mestna pokrajina", "sl")
    # Kohlstadt writes English only: its text is shown, and said to be in English
    assert (kohlstadt_row["name"], kohlstadt_row["name_lang"]) == ("townscape", "en")
    assert "share of the symbols in the category" not in " ".join(sl["summary"]["statement"])
    assert any(s.startswith("delež simbolov v kategoriji") for s in sl["summary"]["statement"])


# --- what is compared, and what is refused --------------------------------------------------------


def test_a_reader_sees_only_what_each_town_shows_them(towns_db: Database) -> None:
    # Kohlstadt shows its innovation register to the public, nothing else; Rudnik its report
    result = compare_towns(
        towns_db, TOWNS, visible={"velenje": None, "kohlstadt": ("innovations", "join"), "rudnik": ("report",)}
    )
    shown = {s.study: (s.towns, s.hidden) for s in result.sections}
    assert shown["innovations"] == (("velenje", "kohlstadt", "rudnik"), ())
    assert shown["symbols"] == (("velenje", "rudnik"), ("kohlstadt",))
    assert shown["sustainability"] == (("velenje",), ("kohlstadt", "rudnik"))  # viewers only
    assert next(s for s in result.sections if s.study == "sustainability").comparisons == ()
    assert {r["town"] for c in result.comparisons for r in c.rows} >= {"kohlstadt"}
    symbols = result.comparison("symbols-categories")
    assert {r["town"] for r in symbols.rows} == {"velenje", "rudnik"}
    # no statement about Kohlstadt rests on a study the reader may not see of it
    kohlstadt = next(p for p in result.summaries if (p.town_a, p.town_b) == ("velenje", "kohlstadt"))
    assert {s.comparison for s in (*kohlstadt.alike, *kohlstadt.differ)} <= {"innovations-types", "innovations-decades"}


def test_a_comparison_never_reads_a_confidential_table(towns_db: Database) -> None:
    from townpaths.registry import default_registry

    reader = ComparedTown(towns_db, find_town(towns_db, "velenje"), default_registry())
    with pytest.raises(TownpathsError, match="confidential table 'interviewees'"):
        reader.records("interviewees")
    assert reader.records("problems") is reader.records("problems")  # each table read once


@pytest.mark.parametrize(
    ("towns", "message"),
    [
        (["velenje"], "compare at least 2 towns"),
        (["velenje", "Velenje"], "a town is named twice"),
        ([f"t{n}" for n in range(9)], "compare at most 8 towns at once"),
    ],
)
def test_bad_lists_of_towns_are_refused_before_any_work(towns_db: Database, towns: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        compare_towns(towns_db, towns)


def test_an_unknown_town_is_named(towns_db: Database) -> None:
    with pytest.raises(NotFound, match="unknown town 'zwickau'"):
        compare_towns(towns_db, ["velenje", "zwickau"])
    # a town named by its slug and by its name is one town
    with pytest.raises(InputError, match="a town is named twice"):
        compare_towns(towns_db, ["kohlstadt", "Kohlstadt "])


def test_dataframes_of_the_public_api(towns_db: Database, tmp_path: Path) -> None:
    frames = townpaths.compare(["velenje", "rudnik"], db=towns_db)
    assert list(frames)[:2] == ["symbols-categories", "symbols-types"] and list(frames)[-1] == "summary"
    assert all(isinstance(f, pd.DataFrame) for f in frames.values())
    assert list(frames["summary"].columns) == [
        "town_a",
        "town_b",
        "kind",
        "comparison",
        "row",
        "measure",
        "label",
        "scale",
        "value_a",
        "value_b",
        "count",
        "distance",
        "statement",
    ]
