"""The report follows the database: assessment, map and evidence come from the records."""

from __future__ import annotations

import re

from sqlalchemy import select

from townpaths.cases.case import open_case
from townpaths.report.build import render_report
from townpaths.storage import Database
from townpaths.storage.models import Symbol


def test_velenje_report_has_no_invented_assessment(velenje_sqlite: Database) -> None:
    html = render_report(open_case("velenje", velenje_sqlite), "en")
    assert "Assessment of the symbols by category" not in html
    assert "No symbol has coordinates yet." in html


def test_assessment_and_map_follow_the_records(velenje_sqlite: Database) -> None:
    with velenje_sqlite.transaction() as session:
        for name, pres, att, narr, lat, lon in (
            ("Tito monument", "good", "positive", "socialist_nostalgia", 46.3592, 15.1115),
            ("Miner (Rudar) monument", "very_good", "positive", "industrial", 46.3601, 15.1130),
            ("Nestl Žgank memorial", "good", "neutral", "socialist_nostalgia", None, None),
        ):
            s = session.query(Symbol).filter_by(name_en=name).one()
            s.preservation, s.attitude, s.narrative, s.latitude, s.longitude = pres, att, narr, lat, lon
    html = render_report(open_case("velenje", velenje_sqlite), "sl")
    row = re.search(r'<tr class="assessment-row"><th>mestna pokrajina</th>(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells == [
        "dobro ohranjen: 2; zelo dobro ohranjen: 1",
        "nevtralen ali brezbrižen: 1; naklonjen: 2",
        "socialistična nostalgija: 67 %; industrijska: 33 %",
    ]
    assert html.count('href="#symbols-') >= 2  # the two located symbols are points linking to Table 1


def test_coded_interviews_are_marked_fictional(velenje_sqlite: Database) -> None:
    html = render_report(open_case("velenje", velenje_sqlite), "en")
    section = html[html.index('<section id="coding">') : html.index('<section id="table3"')]
    assert "All 3 coded interviews are FICTIONAL examples written for the demo" in section
    assert section.count('<tr class="coded-narrative') == 18
    sl = render_report(open_case("velenje", velenje_sqlite), "sl")
    assert "Vsi 3 kodirani intervjuji so IZMIŠLJENI primeri" in sl


def test_type_period_and_decades_are_computed(velenje_sqlite: Database) -> None:
    html = render_report(open_case("velenje", velenje_sqlite), "en")
    totals = re.search(r'<tr class="totals">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<th class="num">(\d+)</th>', totals) == ["6", "2", "4", "11", "1", "21"]
    first = re.search(r'<tr class="type-row"><td>new practice</td>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', first) == ["3", "0", "1", "3", "1", "8"]
    assert "<title>Social innovations per decade</title>" in html
    assert re.search(r">2010–2019</text>.*?>10</text>", html, re.S)


def test_a_long_type_is_summarised_and_links_only_to_what_is_shown(velenje_sqlite: Database) -> None:
    """Table 1 names at most 12 symbols of a type and counts the rest; an evidence link to a
    symbol it leaves out is text, not a link to a missing anchor, and so is its point on the map."""
    from townpaths.storage.models import EvidenceLink

    with velenje_sqlite.transaction() as session:
        town_id, type_id = session.execute(select(Symbol.town_id, Symbol.type_id).where(Symbol.id == 22)).one()
        for n in range(14):
            session.add(
                Symbol(
                    town_id=town_id,
                    type_id=type_id,
                    name_en=f"Plan {n}",
                    external_id=f"plan-{n}",
                    latitude=46.36,
                    longitude=15.11 + n / 1000,
                    provenance="fictional",
                    extra={},
                )
            )
        session.flush()
        last = session.scalar(select(Symbol.id).where(Symbol.external_id == "plan-13"))
        session.add(EvidenceLink(town_id=town_id, evidence_id=1, record_table="symbols", record_id=last))
    html = render_report(open_case("velenje", velenje_sqlite), "en")
    row = re.search(r'<tr class="type" id="symbol_types-16".*?</tr>', html, re.S)
    assert row is not None
    assert re.findall(r'id="symbols-(\d+)"', row.group(0)) == [str(i) for i in [22, 23, *range(24, 34)]]
    assert '<span class="more">and 4 more</span>' in row.group(0)
    assert "Table 1 names at most 12 symbols of each type" in html
    assert f'href="#symbols-{last}"' not in html
    assert f'<span class="link" data-table="symbols" data-id="{last}">' in html
    assert '<a class="link" href="#symbols-22"' in html
    sl = render_report(open_case("velenje", velenje_sqlite), "sl")
    assert '<span class="more">in še 4</span>' in sl


def test_the_report_of_a_new_town_holds_its_settings_and_says_what_is_empty(velenje_sqlite: Database) -> None:
    from townpaths.cases.towns import create_town

    create_town(
        velenje_sqlite, "Hrastnik", title_en="Glass and coal", title_sl="Steklo in premog", citation="Hrastnik (2026)."
    )
    en = render_report(open_case("hrastnik", velenje_sqlite), "en")
    sl = render_report(open_case("hrastnik", velenje_sqlite), "sl")
    assert "<title>Hrastnik: Glass and coal</title>" in en and '<p class="subtitle">Steklo in premog</p>' in sl
    assert '<p class="cite study">Hrastnik (2026).</p>' in en
    assert re.findall(r'<p class="empty">([^<]*)</p>', en) == [
        "No narrative recorded yet.",
        "No interview coded yet.",
        "No social innovation recorded yet.",
        "No problem recorded yet.",
        "No solution recorded yet.",
        "No duality recorded yet.",
        "No evidence recorded yet.",
    ]
    assert 'data-categories="6" data-types="16"' in en and en.count("provenance-default") == 22  # the defaults
    assert "Industry and socialism: obstacles" not in en and "Industrija in socializem" not in sl
    assert "first in pairs" not in en and "Velenje" not in en


def test_velenje_keeps_the_title_of_its_article(velenje_sqlite: Database) -> None:
    en = render_report(open_case("velenje", velenje_sqlite), "en")
    sl = render_report(open_case("velenje", velenje_sqlite), "sl")
    assert (
        "<title>Velenje: Industry and socialism: obstacles or drivers of the future development of Velenje</title>"
        in en
    )
    assert '<p class="subtitle">Industrija in socializem: oviri ali gonili prihodnjega razvoja Velenja</p>' in sl
    assert "Ranked by workshop participants in rounds: first in pairs, then in groups, then all together" in en
    assert 'class="empty"' not in en
