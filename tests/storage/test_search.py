"""Search that understands Slovene, on SQLite and PostgreSQL: every inflected form of a noun finds
the others, exact words are still found, the hits' offsets are exact, the vocabulary follows the
writers, bundles, backups and deletions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from townpaths.core.errors import InputError
from townpaths.storage import Database, search
from townpaths.storage.models import Interview, Town
from townpaths.studies.qda import service

#: Every case form of "rudnik" (mine) that simplemma knows, and of "socializem".
RUDNIK = ["rudnik", "rudnika", "rudniku", "rudnikom", "rudniki", "rudnikov", "rudnikih", "rudnike", "rudnikoma"]
SOCIALIZEM = ["socializem", "socializma", "socializmu", "socializmom"]
#: One transcript per sentence; r1-r9 hold one form of "rudnik" each, s1-s4 one of "socializem".
TRANSCRIPTS = {
    "r1": "V: Kje ste delali?\r\nO: V Velenju je rudnik 🙂 in termoelektrarna.",
    "r2": "Oče je bil direktor rudnika, mama učiteljica.",
    "r3": "Po rudniku so se imenovale ulice.",
    "r4": "Z rudnikom je mesto raslo.",
    "r5": "Rudniki so zaprli jame drugod, naš je ostal.",
    "r6": "Izkušnje rudnikov iz Porurja so nam pomagale.",
    "r7": "O rudnikih na Koroškem ne vem veliko.",
    "r8": "Primerjali smo naše rudnike s poljskimi.",
    "r9": "Z obema rudnikoma, premogovnim in rudnikom svinca, sem imel opravka.",
    "s1": "Socializem je zgradil mesto.",
    "s2": "V času socializma smo gradili skupaj, tudi rudnik.",
    "s3": "O socializmu govorimo z nostalgijo.",
    "s4": "S socializmom so prišle delovne brigade.",
    "x1": "Rudnina in rudar nista ista beseda; socialistični realizem tudi ne.",
}
WITH_RUDNIK = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "s2"]


@pytest.fixture
def town(db: Database) -> Database:
    with db.transaction() as session:
        session.add(Town(slug="velenje", name="Velenje"))
    service.add_interviews(
        db,
        "velenje",
        (
            {"filename": f"{key}.txt", "data": body.encode(), "sector": "civil_society", "language": "sl"}
            for key, body in TRANSCRIPTS.items()
        ),
    )
    return db


def _titles(db: Database, query: str) -> list[str]:
    return sorted(h["title"].removesuffix(".txt") for h in service.search(db, "velenje", query, limit=50))


def test_every_inflected_form_finds_the_others(town: Database) -> None:
    for form in RUDNIK:
        assert _titles(town, form) == WITH_RUDNIK, form
        assert _titles(town, form.capitalize()) == WITH_RUDNIK, form
    for form in SOCIALIZEM:
        assert _titles(town, form) == ["s1", "s2", "s3", "s4"], form
    # every word of a query must occur (in some form)
    assert _titles(town, "socializmu rudnikov") == ["s2"]
    assert _titles(town, "rudnina") == ["x1"] and _titles(town, "rudar") == ["x1"]


def test_exact_words_are_still_found(town: Database) -> None:
    assert _titles(town, "termoelektrarna") == ["r1"]
    assert _titles(town, "Porurja") == ["r6"]  # a word no dictionary knows
    assert _titles(town, "brigade") == ["s4"]
    assert _titles(town, "kolesarnica") == []
    # a form the vocabulary has not seen (a text changed behind the writers' back) is found as written
    with town.transaction() as session:
        interview = session.scalar(select(Interview).where(Interview.title == "x1.txt"))
        interview.text = "Zwickau je rudarsko mesto."
    assert _titles(town, "Zwickau") == ["x1"]
    with pytest.raises(InputError, match="empty search"):
        service.search(town, "velenje", " ?! ")


def test_hits_are_marked_at_exact_offsets(town: Database) -> None:
    text_r9 = "Z obema rudnikoma, premogovnim in rudnikom svinca, sem imel opravka."
    [hit] = [h for h in service.search(town, "velenje", "rudnik", limit=50) if h["title"] == "r9.txt"]
    assert hit["marks"] == [[8, 17], [34, 42]]
    assert [text_r9[a:b] for a, b in hit["marks"]] == ["rudnikoma", "rudnikom"]
    assert (hit["start"], hit["end"], hit["snippet"]) == (0, len(text_r9), text_r9)
    # positions are code points of the stored (normalised) transcript: the emoji is one, CRLF became LF
    [hit] = service.search(town, "velenje", "termoelektrarna")
    stored = "V: Kje ste delali?\nO: V Velenju je rudnik 🙂 in termoelektrarna."
    assert hit["marks"] == [[47, 62]] and stored[47:62] == "termoelektrarna"
    [hit] = service.search(town, "velenje", "socializmu rudnik")
    assert [hit["snippet"][a - hit["start"] : b - hit["start"]] for a, b in hit["marks"]] == ["socializma", "rudnik"]


def test_a_long_transcript_gives_a_snippet_around_the_first_hit(town: Database) -> None:
    body = " ".join(["beseda"] * 200) + " Tam je bil rudnik, velik rudnik. " + " ".join(["konec"] * 200)
    service.add_interview(town, "velenje", "long.txt", body.encode(), sector="economy")
    [hit] = [h for h in service.search(town, "velenje", "rudnikih", limit=50) if h["title"] == "long.txt"]
    first = body.index("rudnik")
    assert first == 1411
    # about 60 code points before the first hit and 140 after, cut at spaces
    assert (hit["start"], hit["end"]) == (1358, 1546)
    assert body[hit["start"] - 1] == " " and body[hit["end"]] == " "
    assert hit["snippet"].startswith("beseda beseda") and hit["snippet"].endswith("konec konec")
    assert hit["marks"] == [[1411, 1417], [1425, 1431]]
    assert hit["snippet"] == body[hit["start"] : hit["end"]]


def test_the_vocabulary_follows_bundles_and_deleted_towns(town: Database, tmp_path) -> None:
    from townpaths.cases.towns import delete_town, export_case, import_case

    export_case(town, "velenje", tmp_path / "bundle.zip")
    import_case(town, tmp_path / "bundle.zip", slug="copy")
    assert sorted(h["title"] for h in service.search(town, "copy", "socializma")) == [f"s{i}.txt" for i in (1, 2, 3, 4)]
    with town.transaction() as session:
        rows = session.scalar(select(func.count()).select_from(search.SEARCH_WORDS))
        copy_id = session.scalar(select(Town.id).where(Town.slug == "copy"))
        assert search.index_town(session, copy_id) > 0
        assert session.scalar(select(func.count()).select_from(search.SEARCH_WORDS)) == rows
    delete_town(town, "copy")
    with town.transaction() as session:
        left = session.execute(text("SELECT count(*) FROM search_words WHERE town_id = :t"), {"t": copy_id})
        assert left.scalar() == 0
        assert search.index_all(session) == 1


def test_documents_table_is_searchable_only(town: Database) -> None:
    with town.transaction() as session, pytest.raises(ValueError, match="not searchable"):
        search.find(session, "towns", 1, "x", limit=1)
