"""Suggested alignments by the words two texts share (lemmas in Slovene), and alignments a
researcher confirms: the tag on both records, the change and the alignment in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.compared_towns import tags_of
from townpaths.cases.tables import save_row
from townpaths.comparison.suggest import align, jaccard, pairs, parse_record, suggest, words
from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import AuditEntry


def test_words_are_lemmas_in_slovene_and_stop_words_are_left_out() -> None:
    assert words("Zaprtje premogovnika in izseljevanje mladih", "sl") == {
        "zaprtje",
        "premogovnik",
        "izseljevanje",
        "mlad",
    }
    assert words("The closure of the coal mine, and the young", "en") == {"closure", "coal", "mine", "young"}
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_pairs_above_the_threshold_best_first_and_not_those_already_aligned() -> None:
    a = [
        {"position": 1, "text_en": "young people emigrate", "text_sl": "mladi se izseljujejo", "tags": []},
        {"position": 2, "text_en": "coal mine closes", "text_sl": None, "tags": ["mine"]},
    ]
    b = [
        {"position": 1, "text_en": "young educated people leave", "text_sl": "izobraženi mladi odhajajo", "tags": []},
        {"position": 2, "text_en": "the coal mine closes soon", "text_sl": None, "tags": ["mine"]},
    ]
    found = pairs("problems", a, b, 0.2)
    # both Slovene: lemmas (mlad); the coal mine pair shares a tag already
    assert [(s.a["position"], s.b["position"], s.lang, s.shared) for s in found] == [(1, 1, "sl", ("mlad",))]
    assert found[0].score == pytest.approx(1 / 4)


def test_suggest_then_align(compared_sqlite: Database) -> None:
    db = compared_sqlite
    save_row(
        db, "rudnik", "problems", {"text_en": "brain drain", "text_sl": "izseljevanje izobraženih mladih v tujino"}
    )
    found = suggest(db, "velenje", "rudnik", kinds=("problems",), threshold=0.2)
    # both in Slovene: the lemmas izseljevanje, izobražen and mlad are shared, tujina is not
    first = found[0]
    assert first == {
        "kind": "problems",
        "score": 0.75,
        "language": "sl",
        "shared": ["izobražen", "izseljevanje", "mlad"],
        "a": "velenje:problems:3",
        "a_text": "izseljevanje izobraženih mladih",
        "b": "rudnik:problems:6",
        "b_text": "izseljevanje izobraženih mladih v tujino",
    }
    assert all(s["score"] >= 0.2 for s in found) and found == sorted(found, key=lambda s: -s["score"])
    result = align(db, first["a"], first["b"], "Emigration")
    assert result == {
        "tag": "emigration",
        "records": [
            {"record": "velenje:problems:3", "tags": ["emigration"]},
            {"record": "rudnik:problems:6", "tags": ["emigration"]},
        ],
    }
    assert tags_of(db, "rudnik", "problems")[6] == ["emigration"]
    # aligned now: not suggested again
    assert all((s["a"], s["b"]) != (first["a"], first["b"]) for s in suggest(db, "velenje", "rudnik", threshold=0.2))
    with db.transaction() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.town_slug, AuditEntry.after, AuditEntry.note)
            .where(AuditEntry.table_name == "problems")
            .order_by(AuditEntry.id.desc())
            .limit(2)
        ).all()
    # the alignment, and before it the change of Rudnik's problem (Velenje's had the tag already)
    assert entries[0].action == "align" and entries[0].town_slug == "velenje"
    assert entries[0].after == {"tag": "emigration", "records": ["velenje:problems:3", "rudnik:problems:6"]}
    assert entries[0].note == "velenje:problems:3 = rudnik:problems:6 by tag emigration"
    assert (entries[1].action, entries[1].town_slug, entries[1].after) == ("update", "rudnik", {"tags": ["emigration"]})


@pytest.mark.parametrize(
    ("first", "second", "tag", "error", "message"),
    [
        ("velenje:problems", "rudnik:problems:1", "x", InputError, "TOWN:KIND:KEY"),
        ("velenje:facts:1", "rudnik:problems:1", "x", InputError, "KIND is narratives or problems"),
        ("velenje:problems:one", "rudnik:problems:1", "x", InputError, "KEY is the record's number"),
        ("velenje:problems:1", "rudnik:narratives:1", "x", InputError, "a narrative with a narrative"),
        ("velenje:problems:1", "velenje:problems:2", "x", InputError, "two different towns"),
        ("velenje:problems:1", "rudnik:problems:99", "x", NotFound, "no problem 99 in rudnik"),
        ("velenje:problems:1", "rudnik:problems:1", "two words", InputError, "a tag is lower-case letters"),
    ],
)
def test_bad_alignments_are_refused_and_nothing_is_written(
    compared_sqlite: Database, first: str, second: str, tag: str, error: type[Exception], message: str
) -> None:
    before = tags_of(compared_sqlite, "velenje", "problems")
    with pytest.raises(error, match=message):
        align(compared_sqlite, first, second, tag)
    assert tags_of(compared_sqlite, "velenje", "problems") == before


def test_parse_record_and_bad_suggestions(compared_sqlite: Database) -> None:
    assert parse_record(" rudnik : Narratives : 3 ")[0::2] == ("rudnik", 3)
    with pytest.raises(InputError, match="a threshold is above 0"):
        suggest(compared_sqlite, "velenje", "rudnik", threshold=0)
    with pytest.raises(InputError, match="two different towns"):
        suggest(compared_sqlite, "velenje", "Velenje")
    with pytest.raises(InputError, match="use narratives or problems"):
        suggest(compared_sqlite, "velenje", "rudnik", kinds=("facts",))
