"""The Velenje case is true to the article (``../shared/study/article-sl.txt``): every record stated
by the study has its Slovene texts in the article, what is not stated is marked (inferred, with the
reason) in the data and in both reports, the article's caveats and its exact title are there, and
the defects a cell-by-cell check found stay fixed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.article import article_text, missing_parts, normalise, without_footnotes
from townpaths.cases.case import Case, open_case
from townpaths.cases.towns import velenje_bundle
from townpaths.core.vocab import INFERRED, STUDY
from townpaths.report.build import render_report
from townpaths.storage import Database

TITLE = "Industrija in socializem: oviri ali gonili prihodnjega razvoja Velenja"
#: The Slovene names of the examples Table 1 of the article names (one per symbol of the case,
#: in its order); the one it mentions without a name is inferred.
NAMED_SL = [
    "Gorenje",
    "Premogovnik",
    "jezera",
    "erozijska žarišča",
    "Tito",
    "Rudar",
    "Žgank",
    "Muzej premogovništva",
    "Muzej Velenje (stalna zbirka)",
    "socialistična tura po mestu",
    "sladoled Tito",
    "Lignit burger",
    "Stara pekarna",
    "Klasirnica",
    "pisatelj Peter Rezman",
    "praznovanje dneva mladosti",
    "himna občine (Graditeljem Velenja)",
    "NK Rudar",
    "RK Gorenje Velenje",
    "Rudarska cesta",
    "strateški, razvojni in sektorski dokumenti",
    "strategija turizma",
]


@pytest.fixture(scope="module")
def article(shared_dir: Path) -> str:
    return article_text(shared_dir / "study" / "article-sl.txt")


@pytest.fixture
def case(velenje_sqlite: Database) -> Case:
    return open_case("velenje", velenje_sqlite)


def _text(html: str) -> str:
    """A report's visible text on one line (tags and styles out, entities of quotes back)."""
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


def _slovene_texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field, text) of every Slovene text in a record: its ``*_sl`` columns and the ``*_sl`` keys of
    its JSON columns (outcomes, assessments)."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key.endswith("_sl") and isinstance(item, str) and item.strip():
                yield where, item
            else:
                yield from _slovene_texts(item, where)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _slovene_texts(item, f"{path}[{n}]")


# --- the comparison itself -------------------------------------------------------------------------


def test_normalise_joins_hyphenation_drops_whitespace_case_and_footnote_markers() -> None:
    assert normalise("soli-\ndarnost") == "solidarnost"
    assert normalise("družbeno-\n-kulturne") == "družbeno-kulturne"
    assert normalise("ekološ- \nkem  shodu") == "ekološkemshodu"
    assert normalise("strategije,dokumenti") == normalise("Strategije, dokumenti")
    assert normalise("premogovnika46 (revščina", footnotes=True) == "premogovnika(revščina"
    assert normalise("8. novembra \n1987,37 ki naj bi", footnotes=True) == "8.novembra1987,kinajbi"
    assert normalise("(industrija \n4.0)", footnotes=True) == "(industrija4.0)"
    assert normalise("okrog 15.000 ljudi", footnotes=True) == "okrog15.000ljudi"


def test_footnotes_and_running_heads_are_left_out_of_the_running_text() -> None:
    text = (
        "skrbeti za socialno vključenost brezposelnih prek \n\n"
        "46\t V času delavnic se je zaprtje premogovnika znašlo v središču javnih \n"
        "razprav. \n"
        " prostovoljstva, priložnostnega dela\n"
        "13\t V času pisanja prispevka\n\n38 \t\n\nŠR 17/2020: ZBORNIK 2020\n\nvrednote mestnega"
    )
    assert without_footnotes(text) == (
        "skrbeti za socialno vključenost brezposelnih prek \n\n prostovoljstva, priložnostnega dela"
        "\n\n\nvrednote mestnega"
    )


def test_a_quotation_is_found_part_by_part(article: str) -> None:
    assert missing_parts("Protestni shod na Titovem trgu 8. novembra 1987, ki naj bi se ga udeležilo", article) == []
    assert missing_parts("Učinek zaklepanja … kot da bi mestne oblasti skušale »prodajati«", article) == []
    assert missing_parts("Velenje je demografsko eno najbolj ogroženih mest v Sloveniji", article) == [
        "Velenje je demografsko eno najbolj ogroženih mest v Sloveniji"  # the article: "a hkrati je Velenje ..."
    ]
    assert missing_parts("okrog 15.000 ljudi … ki se ga je udeležilo", article) == ["ki se ga je udeležilo"]


# --- provenance --------------------------------------------------------------------------------------


def test_every_record_stated_by_the_study_has_its_slovene_texts_in_the_article(case: Case, article: str) -> None:
    checked, missing = 0, []
    for name, spec in case.registry.table_specs.items():
        if "provenance" not in spec.table.c:
            continue
        for record in case.records(name):
            if record["provenance"] != STUDY:
                continue
            for field, text in _slovene_texts(record):
                checked += 1
                missing += [(name, record["id"], field, part) for part in missing_parts(text, article)]
    assert missing == []
    assert checked == 188


def test_every_record_says_where_it_comes_from(case: Case) -> None:
    counts: dict[str, int] = {}
    for name, spec in case.registry.table_specs.items():
        if "provenance" not in spec.table.c:
            continue
        for record in case.records(name):
            counts[record["provenance"]] = counts.get(record["provenance"], 0) + 1
            assert record["provenance_note"], (name, record["id"])
    assert counts == {"study": 155, "inferred": 5, "default": 31, "fictional": 6}


def test_what_the_article_does_not_state_is_inferred_with_the_reason(case: Case) -> None:
    inferred = {
        (name, r["id"]): r["provenance_note"]
        for name in ("symbols", "periods", "evidence")
        for r in case.records(name)
        if r["provenance"] == INFERRED
    }
    assert sorted(inferred) == [("evidence", 3), ("periods", 5), ("periods", 6), ("periods", 7), ("symbols", 3)]
    assert inferred[("evidence", 3)].startswith(
        "the article's conclusion does not list the workshop ranking among the signs of lock-in"
    )
    assert (
        "1980-1989 is read from »v 80. letih« (so the 1989 Pika festival falls in this period)"
        in inferred[("periods", 5)]
    )
    evidence = {e["id"]: e for e in case.records("evidence")}
    assert (evidence[3]["key"], evidence[1]["key"]) == ("inferred-3", "study-1")
    periods = {p["id"]: p for p in case.records("periods")}
    assert (periods[4]["provenance"], periods[4]["provenance_note"]) == (
        "study",
        "section »Pretekle in sedanje družbene inovacije v mestu«: »v obdobju socializma (1945−1991)«",
    )


def test_inferred_and_computed_items_are_marked_in_both_reports(case: Case) -> None:
    for lang, legend, heading, table in (
        ("en", "‡ inferred: added by the researchers, not stated by the study", "Inferred: what the", "periods"),
        ("sl", "‡ sklepano: dodali raziskovalci, raziskava tega ne navaja", "Sklepano: kaj so dodali", "obdobja"),
    ):
        html = render_report(case, lang)
        text = _text(html)
        assert legend in text
        assert html.count('<sup class="provenance inferred"') == 8  # a symbol, 3 periods twice, an evidence item
        assert html.count('<sup class="provenance computed"') == 4  # Table 1 counts, coded Table 2, Table 3 x2
        assert re.search(r'id="evidence-3">[^<]*<sup class="provenance inferred"', html)
        sources = html[html.index('<section id="sources"') : html.index('<section id="how-to-cite"')]
        assert heading in sources
        assert sources.count('<li class="inferred-item"') == 5
        assert f"‡ {table}: " in _text(sources)


# --- the defects the check found -----------------------------------------------------------------------


def test_report_sl_names_the_symbols_as_the_article_does(case: Case, article: str) -> None:
    html = render_report(case, "sl")
    table1 = html[html.index('<section id="table1"') : html.index("</table>", html.index('<section id="table1"'))]
    names = [
        _text(n).strip() for n in re.findall(r'<span class="symbol" id="symbols-\d+">(.*?)(?:<sup|</span>)', table1)
    ]
    assert [n for n in names if n != "opuščene stavbe"] == NAMED_SL and len(names) == 23
    assert all(missing_parts(n, article) == [] for n in NAMED_SL)
    assert "Tito ice cream" not in html and "writer Peter Rezman" not in html
    evidence = _text(html[html.index('<section id="evidence"') :])
    assert "simboli: socialistična tura po mestu ; simboli: sladoled Tito ; simboli: Lignit burger" in evidence
    assert "simboli: pisatelj Peter Rezman" in evidence


def test_table1_says_what_its_numbers_count(case: Case) -> None:
    for lang, header, number, mention, count in (
        (
            "en",
            "Examples in the study",
            "Number",
            "The study also says: The town is full of",
            "23 examples from the study",
        ),
        ("sl", "Primeri v raziskavi", "Število", "Raziskava navaja tudi: »Mesto je polno", "23 primerov iz raziskave"),
    ):
        html = render_report(case, lang)
        assert f'<th>{header}</th><th class="num">{number}<sup' in html
        cells = dict(re.findall(r'data-type-no="(\d+)">.*?<td class="num">([^<]*)</td>', html, re.S))
        # ground plan and architecture, souvenirs and popular culture: mentioned, no example named
        assert [cells[n] for n in ("2", "5", "6", "8", "12")] == ["–", "0", "2", "–", "–"]
        assert mention in _text(html) and count in _text(html)
    sl = _text(render_report(case, "sl"))
    assert "Raziskava navaja tudi: »Sedem razstavnih prostorov, ki so neposredno in posredno vezani" in sl
    assert "Raziskava navaja tudi: »spominki in kulinarična ponudba dodatno še na premogovništvo«" in sl
    pop = "Raziskava navaja tudi: »Industrijsko bistvo mesta predstavljajo spomeniki …, arhitektura in pop kultura«"
    assert pop in sl


def test_additions_are_not_presented_as_the_study(case: Case) -> None:
    innovations = case.records("innovations")
    assert len(innovations) == 21 and {i["found_by"] for i in innovations} == {None}
    assert "the article does not say which innovation came from whom" in innovations[0]["provenance_note"]
    third = next(p for p in case.records("periods") if p["scheme"] == "narratives" and p["no"] == 3)
    assert (third["start_year"], third["end_year"], third["open_ended"]) == (None, None, True)
    symbols = {s["name_en"]: s for s in case.records("symbols")}
    assert "Coal Mining Museum (Muzej premogovništva)" in symbols
    assert not any("Slovenije" in s["name_en"] for s in symbols.values())
    assert symbols["Tito monument"]["provenance_note"] == (
        "Table 1 (Preglednica 1), named in the main findings of »mestna pokrajina«; the theme (socialism) is added "
        "by townpaths, not the article's"
    )
    assert all("is added by townpaths" in s["provenance_note"] for s in symbols.values() if s["theme"])
    town = case.town
    assert "appliance" not in (town.description_en or "") and "gospodinjskih" not in (town.description_sl or "")
    dimensions = case.records("sustainability_indicators")
    assert len(dimensions) == 4 and all(
        d["provenance"] == "default"
        and "the companion paper Tiran, Bole, Gašperič, Kozina, Kumer, Pipan 2019" in d["provenance_note"]
        for d in dimensions
    )
    html = render_report(case, "en")
    sources = _text(html[html.index('<section id="sources"') :])
    assert (
        "Other sources: Jernej Tiran, David Bole, Primož Gašperič, Jani Kozina, Peter Kumer, Primož Pipan, "
        "»Vrednotenje družbene trajnostnosti malega industrijskega mesta: primer Velenja«, Geografski vestnik 91, "
        "št. 2 (2019), str. 71–89, doi:10.3986/GV91204. Used for: the four dimensions of social "
        "sustainability" in sources
    )
    assert "(2008–)<sup" in html  # the innovation periods' boundaries are marked
    assert "(None" not in html and "(2020)" not in _text(html[html.index('<section id="table2"') :][:4000])


def test_the_articles_caveats_are_in_both_reports(case: Case, article: str) -> None:
    en, sl = _text(render_report(case, "en")), _text(render_report(case, "sl"))
    assert (
        "The study's caveat: These social innovations could also be transferred to other small industrial towns. "
        "For now, however, they are still ideas: their feasibility has to be studied" in en
    )
    assert (
        "Opozorilo raziskave: »Omenjene družbene inovacije so potencialno prenosljive tudi v druga mala industrijska "
        "mesta. Vendar so zaenkrat še na ravni idejne zasnove, zato je treba preučiti možnost izvedbe in jih "
        "nadalje razvijati.« (Sklep)" in sl
    )
    assert "Were the workshops held today, the results would probably be different" in en and "(footnote 46)" in en
    assert "bi bili zaradi napovedi množičnega odpuščanja v Gorenju rezultati bržkone drugačni.« (opomba 46)" in sl
    assert "These contradictions are not necessarily negative" in en
    assert "»Ta protislovja niso nekaj nujno negativnega:" in sl
    for caveat in case.town.extra["caveats"].values():
        assert missing_parts(caveat["text_sl"], article) == []
    html = render_report(case, "en")
    assert html.index('data-caveat="table4"') < html.index('<section id="figure8"')


def test_the_title_is_quoted_exactly_everywhere(case: Case, article: str, shared_dir: Path) -> None:
    assert missing_parts(TITLE, article) == []
    for lang in ("en", "sl"):
        html = render_report(case, lang)
        assert "ovire ali" not in html and "gonila" not in html
        assert f"»{TITLE}«, v: Šaleški razgledi 17, Zbornik 2020 (2020)." in html
    sl = render_report(case, "sl")
    assert f'<p class="subtitle">{TITLE}</p>' in sl and f"<title>Velenje: {TITLE}</title>" in sl
    cite = sl[sl.index('<section id="how-to-cite"') :]
    assert f'<p class="cite study">»{TITLE}«, v: Šaleški razgledi 17, Zbornik 2020 (2020).</p>' in cite
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f'"{TITLE}"' in readme and "ovire ali" not in readme
    assert velenje_bundle()["town"]["citation"] == f"»{TITLE}«, v: Šaleški razgledi 17, Zbornik 2020 (2020)."


def test_the_listed_wordings(case: Case) -> None:
    facts = {f["key"]: f for f in case.records("facts")}
    assert "ki naj bi se ga udeležilo okrog 15.000 ljudi" in facts["rally_1987"]["text_sl"]
    assert "which about 15,000 people are said to have attended" in facts["rally_1987"]["text_en"]
    assert "23 ključnih udeležencev" in facts["interviewees"]["text_sl"]
    assert "deležnik" not in json.dumps(velenje_bundle(), ensure_ascii=False)
    evidence = {e["id"]: e for e in case.records("evidence")}
    assert "v katerem je lepo živeti zaradi zelenega okolja in možnosti rekreacije" in evidence[8]["statement_sl"]
    assert "the opportunities for recreation" in evidence[8]["statement_en"]
    dualities = {d["no"]: d for d in case.records("dualities")}
    assert dualities[1]["one_hand_en"].startswith("the dominant narrative of the interviewees is that of a proud")
    assert "(motorway)" not in dualities[5]["other_hand_en"]
    codes = {c["name"]: c for c in case.records("codes")}
    assert [c["description"] for c in codes.values() if c["description"].startswith("Narrative period")] == [
        "Narrative period 1 (1945–1991)",
        "Narrative period 2 (1991–2020)",
        "Narrative period 3",
    ]
    en, sl = _text(render_report(case, "en")), _text(render_report(case, "sl"))
    assert "All 3 coded interviews are FICTIONAL examples written for the demo; they are not data of the study." in en
    assert "Vsi 3 kodirani intervjuji so IZMIŠLJENI primeri, napisani za predstavitev; niso podatek raziskave." in sl
    assert "include 3 FICTIONAL" not in en


def test_seeded_actors_needs_and_outcomes_in_both_languages(case: Case, client) -> None:
    actors = {(a["innovation_id"], a["name"]): a for a in case.records("innovation_actors")}
    assert actors[(5, "trade unions")]["name_sl"] == "sindikati"
    assert actors[(5, "Esotech")]["role_sl"].startswith("Sanacijo okolja v Šaleški dolini sta izvajali lokalni")
    eco = next(i for i in case.records("innovations") if i["no"] == 5)
    assert eco["social_need_sl"].endswith("da bo v Šaleški dolini postavljeno odlagališče radioaktivnih odpadkov.")
    sl = client.get("/towns/velenje/innovations?lang=sl").text
    assert "<li>sindikati <span" in sl and "<li>kulturne skupine <span" in sl
    assert "Ena od teh je bila pomanjkanje ustreznih prostorov za mlade" in sl
    assert "Protestni shod na Titovem trgu 8. novembra 1987, ki naj bi se ga udeležilo okrog 15.000 ljudi" in sl
    assert "trade unions" not in sl and "a lack of suitable premises" not in sl
    en = client.get("/towns/velenje/innovations?lang=en").text
    assert "<li>trade unions <span" in en and "a lack of suitable premises where young people" in en


def test_the_readme_says_what_is_added_and_how_it_is_marked() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "nothing invented" not in readme and "nothing is invented" not in readme.lower()
    assert "provenance `inferred`" in readme
