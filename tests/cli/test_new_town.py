"""A second, fictional town built only through the command line, beside Velenje in the same
database: towns create, a table import of every table people write (CSV files written here),
symbol and document imports, a transcript added and coded, narratives adopted from the coding,
evidence linked; then both reports, which hold exactly that town's rows and no Velenje text."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.support.cli import run
from townpaths.cases.towns import load_velenje, velenje_bundle
from townpaths.registry import default_registry
from townpaths.storage import Database

TOWN = ("--town", "brdo")

#: One file per table people write (every one of `townpaths tables`), in the order they import.
FILES: dict[str, str] = {
    "symbol_categories": (
        "key;finding_en;finding_sl;provenance;provenance_note\n"
        "townscape;Slag heaps frame every view.;Haldam se ne izogne noben pogled.;fictional;e2e\n"
        "cultural_activities;The choir sings of the furnace.;Zbor poje o plavžu.;fictional;e2e\n"
    ),
    "symbol_types": (
        "no;category;name_en;name_sl;provenance;provenance_note\n17;townscape;slag heaps;žlindrne halde;fictional;e2e\n"
    ),
    "symbols": (
        "external_id;name_sl;note_en;note_sl;provenance;provenance_note\n"
        "id:furnace-stack;Dimnik plavža;the last stack;zadnji dimnik;fictional;e2e\n"
        "id:slag-hill;Žlindrni grič;;;fictional;e2e\n"
        "id:choir-song;;;;fictional;e2e\n"
    ),
    "documents": (
        "title;note_en;provenance;provenance_note\nSpatial plan of Brdo;Silent on the ironworks.;fictional;e2e\n"
    ),
    "interviewees": (
        "code;sector;note;provenance;provenance_note\n"
        "B-E1;economy;a former furnace worker;fictional;e2e\n"
        "B-M1;municipality;;fictional;e2e\n"
    ),
    "codebooks": "name;description\nNarratives (default);the narratives of Brdo\n",
    "codes": (
        "codebook;path;name_sl;codable;colour;provenance;provenance_note\n"
        "Narratives (default);1. ironworks town;1. železarsko mesto;false;;fictional;e2e\n"
        "Narratives (default);1. ironworks town/dominant;prevladujoča pripoved;false;#2E6B3F;fictional;e2e\n"
        "Narratives (default);1. ironworks town/dominant/the furnace feeds us;plavž nas hrani;true;#7FB77E;"
        "fictional;e2e\n"
        "Narratives (default);1. ironworks town/alternative;alternativna pripoved;false;#8C2F39;fictional;e2e\n"
        "Narratives (default);1. ironworks town/alternative/red dust;rdeči prah;true;#E57373;fictional;e2e\n"
    ),
    "innovations": (
        "no;type_en;type_sl;name_en;name_sl;year;stage;found_by;status;provenance;provenance_note\n"
        "1;new practice;nova praksa;furnace choir;pevski zbor plavža;1962;established;researchers;accepted;"
        "fictional;e2e\n"
        "2;new service;nova storitev;slag art school;šola umetnosti iz žlindre;2019;pilot;researchers;accepted;"
        "fictional;e2e\n"
    ),
    "innovation_actors": (
        "innovation;name;sector;role;provenance;provenance_note\n"
        "1;Brdo ironworks;economy;founded the choir;fictional;e2e\n"
    ),
    "sustainability_indicators": (
        "key;dimension_key;dimension_en;dimension_sl;name_en;name_sl;provenance;provenance_note\n"
        "air_quality;amenities;amenities and social infrastructure;storitve in družbena infrastruktura;"
        "air quality;kakovost zraka;fictional;e2e\n"
    ),
    "periods": (
        "scheme;no;name_en;name_sl;start_year;end_year;open_ended;provenance;provenance_note\n"
        "narratives;1;ironworks town;železarsko mesto;1946;1991;false;fictional;e2e\n"
        "narratives;2;after the furnace;po plavžu;1992;;true;fictional;e2e\n"
        "innovations;1;the long boom;dolgi razcvet;1946;1991;false;fictional;e2e\n"
    ),
    "narratives": (
        "position;period;status;text_en;text_sl;provenance;provenance_note\n"
        "1;2;dominant;a town of small firms;mesto malih podjetij;fictional;e2e\n"
    ),
    "problems": (
        "position;rank;text_en;text_sl;provenance;provenance_note\n"
        "1;2;polluted river;onesnažena reka;fictional;e2e\n"
        "2;1;empty furnace hall;prazna hala plavža;fictional;e2e\n"
        "3;3;few jobs for women;malo delovnih mest za ženske;fictional;e2e\n"
    ),
    "solutions": (
        "problem;title_en;title_sl;detail_en;detail_sl;provenance;provenance_note\n"
        "2;a makers' hall;hala ustvarjalcev;workshops in the old hall;delavnice v stari hali;fictional;e2e\n"
    ),
    "dualities": (
        "no;one_hand_en;one_hand_sl;other_hand_en;other_hand_sl;provenance;provenance_note\n"
        "1;the furnace gave work;plavž je dal delo;the furnace took health;plavž je vzel zdravje;fictional;e2e\n"
    ),
    "facts": (
        "key;subject;value;unit;year;text_en;text_sl;provenance;provenance_note\n"
        "furnace-workers;workers;2400;people;1975;2,400 people worked at the furnace in 1975.;"
        "Leta 1975 je pri plavžu delalo 2400 ljudi.;fictional;e2e\n"
    ),
    # the narrative typed in rests on the passage about small firms (its GUID is read below)
    "narrative_segments": "narrative;segment\n1;{small_firms}\n",
    "evidence": (
        "key;kind;statement_en;statement_sl;links;provenance;provenance_note\n"
        "plan-silent;lock_in;The spatial plan is silent on the ironworks.;Prostorski načrt o železarni molči.;"
        '"documents:Spatial plan of Brdo; symbols:id:slag-hill";inferred;the plan read against the inventory\n'
        "choir;path_renewal;The furnace choir carries the town's memory.;Zbor plavža nosi spomin mesta.;"
        '"innovations:1; narratives:2; problems:2";fictional;e2e\n'
    ),
}

INVENTORY = (
    "id,category,type,name,theme,tangible,visible,latitude,longitude,preservation,attitude,narrative,source\n"
    "furnace-stack,townscape,1,Furnace stack,industry,tangible,visible,45.51,13.91,good,positive,industrial,fieldwork\n"
    "slag-hill,townscape,17,Slag hill,industry,tangible,visible,45.52,13.92,fair,negative,industrial,fieldwork\n"
    "choir-song,cultural activities,11,Furnace choir's song,industry,intangible,invisible,,,,,other,desk\n"
)

TRANSCRIPT = (
    "The furnace feeds us all, my father said.\n"
    "Red dust covered the washing on the line.\n"
    "Now the town lives from small firms in the old halls.\n"
)


def velenje_only_texts() -> list[str]:
    """Texts of the shipped Velenje case that no other town's report may show: the article's
    title, its names and its records' own words (the method's typology, which every town starts
    with, is left out, and so are words short enough to be anyone's, like a period named
    "socialism")."""
    bundle = velenje_bundle()
    texts = ["Velenje", "Šalek", "Gorenje", "Industry and socialism: obstacles", "Industrija in socializem"]
    texts += ["first in pairs, then in groups", "najprej v parih", bundle["town"]["citation"]]
    columns = {
        "symbols": ("name_en", "name_sl"),
        "narratives": ("text_en", "text_sl"),
        "problems": ("text_en", "text_sl"),
        "solutions": ("title_en", "title_sl"),
        "dualities": ("one_hand_en", "other_hand_en"),
        "facts": ("text_en", "text_sl"),
        "evidence": ("statement_en", "statement_sl"),
        "innovations": ("name_en", "name_sl"),
        "periods": ("name_en", "name_sl"),
    }
    for table, names in columns.items():
        texts += [row[c] for row in bundle["tables"][table] for c in names if row.get(c)]
    return sorted({t for t in texts if len(t) >= 12 or t in ("Velenje", "Šalek", "Gorenje")})


def _report_rows(page: str, pattern: str) -> list[str]:
    """The texts of the report's elements matched by ``pattern`` (tags removed, entities read)."""
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(pattern, page, re.S)]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "towns.sqlite3"
    load_velenje(Database(path))  # Velenje beside the new town: nothing of it may leak
    return path


def test_a_fictional_town_from_the_command_line_alone(db_path: Path, tmp_path: Path) -> None:
    db = ("--db", str(db_path))
    created = json.loads(
        run(
            "towns", "create", "Brdo ob Železarni", "--slug", "brdo", "--country", "SI", "--languages", "sl,en",
            "--name-sl", "Brdo ob Železarni", "--title-en", "Iron and memory", "--title-sl", "Železo in spomin",
            "--study-start", "2023", "--study-end", "2025", "--citation", "Brdo: a fictional study (2025).",
            "--format", "json", *db,
        ).output
    )  # fmt: skip
    assert created["defaults"] == {
        "symbol_categories": 6,
        "codebooks": 1,
        "sustainability_indicators": 4,
        "symbol_types": 16,
        "codes": 2,
    }
    run("towns", "edit", "brdo", "--description-en", "A fictional ironworks town.", *db)

    # symbols and documents through their own imports, a transcript added and coded
    (tmp_path / "inventory.csv").write_text(INVENTORY, encoding="utf-8")
    (tmp_path / "plan.txt").write_text("Spatial plan of Brdo. Green and bright.", encoding="utf-8")
    (tmp_path / "b-e1.txt").write_text(TRANSCRIPT, encoding="utf-8")
    # the typology first: the inventory names type 17, the codes name the periods
    for table in ("symbol_categories", "symbol_types", "periods"):
        (tmp_path / f"{table}.csv").write_text(FILES[table], encoding="utf-8")
        run("table", "import", table, tmp_path / f"{table}.csv", *TOWN, *db)
    run("symbols", "import", tmp_path / "inventory.csv", *TOWN, *db)
    run(
        "documents",
        "add",
        tmp_path / "plan.txt",
        "--genre",
        "spatial plan",
        "--title",
        "Spatial plan of Brdo",
        *TOWN,
        *db,
    )
    run("interviews", "add", tmp_path / "b-e1.txt", "--sector", "economy", "--interviewee", "B-E1", *TOWN, *db)

    # every other table from its file (in the order `townpaths tables` lists them)
    order = default_registry().authorable()
    assert sorted(order) == sorted(FILES)
    for table in order:
        if table in ("symbol_categories", "symbol_types", "periods", "narrative_segments", "evidence"):
            continue
        (tmp_path / f"{table}.csv").write_text(FILES[table], encoding="utf-8")
        run("table", "import", table, tmp_path / f"{table}.csv", *TOWN, *db)

    for code, passage in (
        ("1. ironworks town/dominant/the furnace feeds us", "The furnace feeds us all"),
        ("1. ironworks town/alternative/red dust", "Red dust covered the washing"),
        ("1. ironworks town/alternative/red dust", "covered the washing on the line"),
    ):
        run("qda", "code", "--interview", "b-e1", "--code", code, "--text", passage, "--coder", "Bor", *TOWN, *db)
    adopted = [
        json.loads(run("narratives", "adopt", "--period", "1", "--status", s, *TOWN, "--format", "json", *db).output)
        for s in ("dominant", "alternative")
    ]
    assert [
        (n["position"], n["text_en"], n["segments"], n["provenance"]) for a in adopted for n in a["narratives"]
    ] == [
        (2, "the furnace feeds us", 1, "inferred"),
        (3, "red dust", 2, "inferred"),
    ]
    # the typed-in narrative rests on a passage coded for it
    small = run(
        "qda", "code", "--interview", "b-e1", "--code", "1. ironworks town/dominant/the furnace feeds us",
        "--text", "small firms in the old halls", *TOWN, *db,
    )  # fmt: skip
    assert small.output.startswith("Coded")
    exported = tmp_path / "segments.csv"
    run("table", "export", "narrative_segments", *TOWN, "--output", exported, *db)
    guids = [line.split(",")[1] for line in exported.read_text(encoding="utf-8").splitlines()[1:]]
    assert len(guids) == 3  # the three passages of the two adopted narratives
    run("narratives", "adopt", "--period", "1", "--status", "dominant", *TOWN, *db)  # now two passages
    run("table", "export", "narrative_segments", *TOWN, "--output", exported, *db)
    newest = exported.read_text(encoding="utf-8").splitlines()[1:]
    small_firms = next(line.split(",")[1] for line in newest if line.split(",")[1] not in guids)
    for table in ("narrative_segments", "evidence"):
        (tmp_path / f"{table}.csv").write_text(FILES[table].format(small_firms=small_firms), encoding="utf-8")
        run("table", "import", table, tmp_path / f"{table}.csv", *TOWN, *db)

    tables = {t["table"]: t["rows"] for t in json.loads(run("tables", *TOWN, "--format", "json", *db).output)}
    assert tables == {
        "symbol_categories": 6,
        "symbol_types": 17,
        "symbols": 3,
        "documents": 1,
        "interviewees": 2,
        "codebooks": 1,
        "codes": 7,
        "innovations": 2,
        "innovation_actors": 1,
        "sustainability_indicators": 5,
        "periods": 3,
        "narratives": 3,
        "problems": 3,
        "solutions": 1,
        "dualities": 1,
        "facts": 1,
        "narrative_segments": 5,
        "evidence": 2,
    }

    # both reports
    pages = {}
    for lang in ("en", "sl"):
        out = tmp_path / f"brdo-{lang}.html"
        run("report", *TOWN, "--lang", lang, "--output", out, *db)
        pages[lang] = out.read_text(encoding="utf-8")
    en, sl = pages["en"], pages["sl"]

    assert "<h1>Brdo ob Železarni</h1>" in en and '<p class="subtitle">Iron and memory</p>' in en
    assert '<p class="subtitle">Železo in spomin</p>' in sl
    assert '<p class="cite study">Brdo: a fictional study (2025).</p>' in en
    assert 'data-categories="6" data-types="17"' in en
    assert _report_rows(en, r'<span class="symbol" id="symbols-\d+">(.*?) <span class="tag provenance') == [
        "Furnace stack",
        "Slag hill",
        "Furnace choir's song",
    ]
    assert _report_rows(sl, r'<span class="symbol" id="symbols-\d+">(.*?) <span class="tag provenance') == [
        "Dimnik plavža",
        "Žlindrni grič",
        "Furnace choir's song [EN]",  # no Slovene name yet: shown in English, marked
    ]
    assert '<span lang="en" class="untranslated" title="Še ni prevedeno: prikazano v angleščini.">' in sl
    assert 'data-narratives="3" data-periods="2"' in en
    assert _report_rows(
        en, r'<li class="narrative (?:dominant|alternative)" id="narratives-\d+">(.*?)(?: <span|<sup)'
    ) == [
        "the furnace feeds us",
        "red dust",
        "a town of small firms",
    ]
    assert 'data-innovations="2"' in en
    assert _report_rows(en, r'<tr class="problem" id="problems-\d+"><td class="num">\d</td><td>(.*?) <span') == [
        "empty furnace hall",
        "polluted river",
        "few jobs for women",
    ]
    assert "Ranks as the researchers entered them (1 = most pressing)." in en
    assert 'data-solutions="1"' in en and 'data-dualities="1"' in en
    assert 'data-kind="lock_in" data-items="1"' in en and 'data-kind="path_renewal" data-items="1"' in en
    assert "2,400 people worked at the furnace in 1975." in en
    assert "Leta 1975 je pri plavžu delalo 2400 ljudi." in sl
    # the default typology is marked as the method's default, the adopted narratives as inferred
    assert '<span class="tag provenance provenance-default" title="the method&#39;s typology' in en
    assert '<sup class="provenance inferred" title="inferred: adopted from coding">‡</sup>' in en
    assert '<sup class="provenance inferred" title="sklepano: adopted from coding">‡</sup>' in sl

    for lang, page in pages.items():
        text = html.unescape(page)
        leaked = [t for t in velenje_only_texts() if t in text]
        assert leaked == [], lang
