"""The report follows the database: assessment, map and evidence come from the records."""

from __future__ import annotations

import re

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
    assert "The coded interviews include 3 FICTIONAL example interviews written for the demo" in section
    assert section.count('<tr class="coded-narrative') == 18
    sl = render_report(open_case("velenje", velenje_sqlite), "sl")
    assert "vključujejo 3 IZMIŠLJENE primere intervjujev" in sl


def test_type_period_and_decades_are_computed(velenje_sqlite: Database) -> None:
    html = render_report(open_case("velenje", velenje_sqlite), "en")
    totals = re.search(r'<tr class="totals">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<th class="num">(\d+)</th>', totals) == ["6", "2", "4", "11", "1", "21"]
    first = re.search(r'<tr class="type-row"><td>new practice</td>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', first) == ["3", "0", "1", "3", "1", "8"]
    assert "<title>Social innovations per decade</title>" in html
    assert re.search(r">2010–2019</text>.*?>10</text>", html, re.S)


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
    assert "<title>Velenje: Industry and socialism: obstacles or drivers of future development?</title>" in en
    assert '<p class="subtitle">Industrija in socializem: ovire ali gonila prihodnjega razvoja?</p>' in sl
    assert "Ranked by workshop participants in rounds: first in pairs, then in groups, then all together" in en
    assert 'class="empty"' not in en
