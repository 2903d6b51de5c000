"""The coding pages over HTTP, the segment API and the consent form."""

from __future__ import annotations

import re


def test_pages_render(client) -> None:
    home = client.get("/towns/velenje/qda?lang=en")
    assert home.status_code == 200
    assert "FICTIONAL example 1: entrepreneur" in home.text and "fictional</span>" in home.text
    hits = client.get("/towns/velenje/qda", params={"q": "mentaliteta"})
    assert "1 hit" in hits.text and "Knapovska <mark>mentaliteta</mark>" in hits.text
    # another form of the word finds it, the form in the text is marked (server-rendered, no script)
    inflected = client.get("/towns/velenje/qda", params={"q": "mentaliteto"})
    assert "1 hit" in inflected.text and "Knapovska <mark>mentaliteta</mark>" in inflected.text
    assert inflected.text.count("<mark>") == 1 and "<script>" not in inflected.text
    page = client.get("/towns/velenje/qda/interviews/2")
    assert page.status_code == 200
    assert 'data-interview="2"' in page.text and "7 segments" in page.text
    assert "FICTIONAL example written for the demo" in page.text
    only_b = client.get("/towns/velenje/qda/interviews/2", params={"coder": "Coder B"})
    assert "4 segments" in only_b.text and "Coder A</span>" not in only_b.text
    agreement = client.get("/towns/velenje/qda/agreement")
    assert "Coder A · Coder B" in agreement.text and "<td>0.772</td>" in agreement.text
    table2 = client.get("/towns/velenje/qda/table2")
    assert "active youth sector" in table2.text and "Mladi imamo dober mladinski center" in table2.text
    assert client.get("/towns/velenje/qda/interviews/999").status_code == 404


def test_pages_in_slovene(client) -> None:
    page = client.get("/towns/velenje/qda/interviews/2?lang=sl")
    assert "Uporabi kodo" in page.text and "»knapovska« mentaliteta" in page.text
    table2 = client.get("/towns/velenje/qda/table2?lang=sl").text
    assert "Tabela 2 iz kodiranja" in table2 and "<th>Segmenti</th>" in table2
    # "Search" on a button is a verb here (msgctxt "button"); the symbol list's label is a noun
    assert ">Išči</button>" in client.get("/towns/velenje/qda?lang=sl").text
    assert "<label>Iskanje<input" in client.get("/towns/velenje/symbols?lang=sl").text


def test_segment_api(client) -> None:
    api = "/towns/velenje/qda/api/segments"
    # the coder is the signed-in person: a coder named in the request is ignored
    created = client.post(api, json={"interview_id": 1, "code_id": 3, "start": 0, "end": 9, "coder": "Tester"})
    assert created.status_code == 201
    seg = created.json()
    assert (seg["quote"], seg["coder"], seg["code"]) == ("FICTIONAL", "Olga Owner", "values of socialism")
    changed = client.patch(f"{api}/{seg['id']}", json={"start": 10, "end": 17, "memo": "ok"})
    assert changed.json()["quote"] == "example" and changed.json()["memo"] == "ok"
    bad = client.post(api, json={"interview_id": 1, "code_id": 1, "start": 0, "end": 9, "coder": "Tester"})
    assert bad.status_code == 400 and "category" in bad.json()["error"]
    outside = client.patch(f"{api}/{seg['id']}", json={"end": 100000})
    assert outside.status_code == 400
    assert client.delete(f"{api}/{seg['id']}").status_code == 204
    assert client.delete(f"{api}/{seg['id']}").status_code == 404


def test_segment_api_refuses_non_json_posts(client) -> None:
    # a cross-site HTML form can only send form or text bodies: without the CSRF token they are refused
    response = client.post(
        "/towns/velenje/qda/api/segments",
        content="interview_id=1&code_id=3&start=0&end=9",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 403 and response.json() == {
        "error": "The form expired: reload the page and send it again."
    }
    text = client.post(
        "/towns/velenje/qda/api/segments", content='{"interview_id": 1}', headers={"Content-Type": "text/plain"}
    )
    assert text.status_code == 403


def test_segment_api_names_the_invalid_field(client) -> None:
    api = "/towns/velenje/qda/api/segments"
    bad = client.post(api, json={"interview_id": 1, "code_id": 3, "start": "zero", "end": 9, "coder": "Tester"})
    assert bad.status_code == 400
    assert bad.json() == {
        "error": "field 'start', value 'zero': Input should be a valid integer, unable to parse string as an integer"
    }
    missing = client.post(api, json={"interview_id": 1, "code_id": 3, "end": 9, "coder": "Tester"})
    assert missing.json() == {"error": "field 'start': Field required"}


def test_consent_page_records_and_withdraws(client) -> None:
    page = client.get("/towns/velenje/qda/consent?lang=en")
    assert page.status_code == 200 and page.text.count('<form class="consent') == 26
    assert "<legend><strong>FX-S1</strong> · science and culture · 1 transcript</legend>" in page.text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    form = {"csrf": token, "interviewee": "FX-S1", "consent_on": "2025-01-10", "consent_scope": "research"}
    saved = client.post(
        "/towns/velenje/qda/consent", data={**form, "consent_withdrawn_on": "2026-03-01"}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/towns/velenje/qda/consent#consent-FX-S1"
    page = client.get("/towns/velenje/qda/consent").text
    assert 'id="consent-FX-S1"' in page and 'value="2026-03-01"' in page and 'value="research"' in page
    assert '<span class="tag withdrawn">consent withdrawn</span>' in page
    # the transcript: listed as withdrawn without a link, the coding page without its text, the API refuses
    home = client.get("/towns/velenje/qda").text
    assert "Locked since 2026-03-01: not shown, coded or analysed." in home
    assert 'href="/towns/velenje/qda/interviews/2"' not in home
    coding = client.get("/towns/velenje/qda/interviews/2").text
    assert (
        "withdrew consent on 2026-03-01" in coding and "Mladi imamo" not in coding and 'id="transcript"' not in coding
    )
    refused = client.post(
        "/towns/velenje/qda/api/segments", json={"interview_id": 2, "code_id": 3, "start": 0, "end": 5, "coder": "T"}
    )
    assert refused.status_code == 409 and refused.json() == {
        "error": "interviewee FX-S1 withdrew consent on 2026-03-01: the transcript is locked (no coding or edits)"
    }
    assert "Mladi imamo dober mladinski center" not in client.get("/towns/velenje/qda/table2").text
    assert "Mladi imamo" not in client.get("/towns/velenje/qda", params={"q": "mladinski"}).text
    # bad input: the page again with one line naming the field; forged or unknown: refused
    bad = client.post("/towns/velenje/qda/consent", data={**form, "consent_on": "10.1.2025"})
    assert (
        bad.status_code == 400
        and "FX-S1: field &#39;consent_on&#39;, value &#39;10.1.2025&#39;: not a date" in bad.text
    )
    assert client.post("/towns/velenje/qda/consent", data={**form, "csrf": "0" * 64}).status_code == 403
    assert client.post("/towns/velenje/qda/consent", data={**form, "interviewee": "ZZ"}).status_code == 404
    # reinstated by clearing the date
    client.post("/towns/velenje/qda/consent", data={**form, "consent_withdrawn_on": ""})
    assert "Mladi imamo dober mladinski center" in client.get("/towns/velenje/qda/table2").text
    sl = client.get("/towns/velenje/qda/consent?lang=sl").text
    assert "Soglasja intervjuvancev" in sl and "Soglasje preklicano dne" in sl and "1 prepis" in sl


def _long_transcript(velenje_sqlite) -> tuple[int, str]:
    """A transcript of 1,400 lines of 50 characters (70,000 in all), the word 'kvarcit' on line 900."""
    from townpaths.studies.qda import service

    lines = [f"Vrstica {n:05d}: rudnik, premog in ljudje.".ljust(49) + "\n" for n in range(1400)]
    lines[900] = "Vrstica 00900: kvarcit in premog.".ljust(49) + "\n"
    text = "".join(lines)
    added = service.add_interview(velenje_sqlite, "velenje", "long.txt", text.encode(), sector="economy")
    return added["id"], text


def test_a_long_transcript_is_coded_a_page_at_a_time(client, velenje_sqlite) -> None:
    wid, text = _long_transcript(velenje_sqlite)
    assert len(text) == 70_000
    api = "/towns/velenje/qda/api/segments"
    across = client.post(api, json={"interview_id": wid, "code_id": 3, "start": 19_990, "end": 20_010}).json()
    late = client.post(api, json={"interview_id": wid, "code_id": 3, "start": 45_000, "end": 45_033}).json()
    first = client.get(f"/towns/velenje/qda/interviews/{wid}").text
    assert "Page 1 of 4: characters 1 to 20000 of 70000" in first
    assert 'data-length="20000"' in first  # the page's end, where a selection after the last run ends
    runs = re.findall(
        r'<span data-start="(\d+)"( class="coded"[^>]*data-segments="([\d ]+)")?[^>]*>([^<]*)</span>', first
    )
    assert [int(s) for s, *_ in runs] == [0, 19_990]
    assert runs[1][2] == str(across["id"]) and runs[1][3] == text[19_990:20_000]
    assert "".join(r[3] for r in runs) == text[:20_000]
    assert "2 segments" in first and "1 on this page" in first and f'id="segment-{late["id"]}"' not in first
    assert re.search(r'<a rel="next" href="/towns/velenje/qda/interviews/\d+\?page=2">Next</a>', first)
    second = client.get(f"/towns/velenje/qda/interviews/{wid}?page=2").text
    runs = re.findall(r'<span data-start="(\d+)"[^>]*>([^<]*)</span>', second)
    assert [int(s) for s, _ in runs] == [20_000, 20_010]  # the segment's offsets stay the transcript's
    assert runs[0][1] == text[20_000:20_010] and 'data-length="40000"' in second
    assert f'id="segment-{across["id"]}"' in second and "19990–20010" in second
    # a search hit opens the page holding the word
    hits = client.get("/towns/velenje/qda", params={"q": "kvarcit"}).text
    link = re.search(rf'href="(/towns/velenje/qda/interviews/{wid}\?at=(\d+))"', hits)
    assert link is not None and int(link.group(2)) == 45_015 and text[45_015:45_022] == "kvarcit"
    third = client.get(link.group(1)).text
    assert "Page 3 of 4: characters 40001 to 60000 of 70000" in third and "kvarcit in premog" in third
    assert f'id="segment-{late["id"]}"' in third
    assert len(third.encode()) < 60_000  # a page, not the transcript
    assert "Page 4 of 4: characters 60001 to 70000" in client.get(f"/towns/velenje/qda/interviews/{wid}?page=99").text


def test_the_transcripts_are_listed_a_page_at_a_time(client, velenje_sqlite) -> None:
    from townpaths.studies.qda import service

    before = len(service.list_interviews(velenje_sqlite, "velenje"))
    service.add_interviews(
        velenje_sqlite,
        "velenje",
        ({"filename": f"t{n:03d}.txt", "data": b"O: delo.\n", "sector": "economy"} for n in range(101 - before)),
    )
    first = client.get("/towns/velenje/qda")
    assert '<span class="count">101</span>' in first.text and "Rows 1 to 100 of 101" in first.text
    second = client.get("/towns/velenje/qda?page=2")
    assert "Rows 101 to 101 of 101" in second.text
    assert len(re.findall(r'<a href="/towns/velenje/qda/interviews/\d+">', second.text)) == 1


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)


def test_the_codebook_page_creates_renames_moves_merges_and_deletes_codes(client) -> None:
    page = client.get("/towns/velenje/qda/codebook")
    assert page.status_code == 200 and page.text.count('<tr id="code-') == 27
    assert '<a href="/towns/velenje/qda/codebook" id="edit-codebook">' in client.get("/towns/velenje/qda").text
    token = _csrf(page.text)
    made = client.post(
        "/towns/velenje/qda/codebook/codes",
        data={"csrf": token, "name": "new theme", "name_sl": "nova tema", "parent": "2", "codable": "true"},
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"] == "/towns/velenje/qda/codebook#code-28"
    view = client.get("/towns/velenje/qda/codebook").text
    assert 'data-path="1. building of the modern socialist and industrial town/dominant/new theme"' in view
    clash = client.post(
        "/towns/velenje/qda/codebook/codes/28/rename", data={"csrf": token, "name": "active youth sector"}
    )
    assert clash.status_code == 409 and "exists already" in clash.text
    renamed = client.post(
        "/towns/velenje/qda/codebook/codes/28/rename",
        data={"csrf": token, "name": "newer theme"},
        follow_redirects=False,
    )
    assert renamed.status_code == 303
    moved = client.post(
        "/towns/velenje/qda/codebook/codes/28/move", data={"csrf": token, "parent": ""}, follow_redirects=False
    )
    assert moved.status_code == 303 and 'data-path="newer theme"' in client.get("/towns/velenje/qda/codebook").text
    # a code with segments asks first; merging moves its segments
    asked = client.post("/towns/velenje/qda/codebook/codes/3/delete", data={"csrf": token})
    assert asked.status_code == 200 and "2 coded segments are deleted with it." in asked.text
    assert 'data-path="1. building of the modern socialist and industrial town/dominant/values of socialism"' in (
        client.get("/towns/velenje/qda/codebook").text
    )
    merged = client.post(
        "/towns/velenje/qda/codebook/codes/3/merge", data={"csrf": token, "into": "28"}, follow_redirects=False
    )
    assert merged.status_code == 303
    row = re.search(
        r'<tr id="code-28" data-path="newer theme">.*?<td class="num">(\d+)</td>',
        client.get("/towns/velenje/qda/codebook").text,
        re.S,
    )
    assert row.group(1) == "2"
    confirmed = client.post(
        "/towns/velenje/qda/codebook/codes/28/delete", data={"csrf": token, "confirm": "yes"}, follow_redirects=False
    )
    assert confirmed.status_code == 303
    assert client.get("/towns/velenje/qda/codebook").text.count('<tr id="code-') == 26


def test_a_narrative_is_adopted_on_the_table2_page(client) -> None:
    page = client.get("/towns/velenje/qda/table2")
    assert page.text.count('<tr id="adopt-code-') == 15 and ">Adopt again</button>" in page.text
    token = _csrf(page.text)
    made = client.post("/towns/velenje/qda/codebook/codes", data={"csrf": token, "name": "pride", "codable": "true"})
    assert made.status_code == 200
    code = re.search(r'<tr id="code-(\d+)" data-path="pride">', made.text).group(1)
    client.post("/towns/velenje/qda/api/segments", json={"interview_id": 1, "code_id": int(code), "start": 0, "end": 9})
    page = client.get("/towns/velenje/qda/table2").text
    assert f'<tr id="adopt-code-{code}"><td>pride</td><td class="num">1</td><td>not adopted yet</td>' in page
    bad = client.post(
        "/towns/velenje/qda/table2/adopt", data={"csrf": token, "code": code, "period": "9", "status": "dominant"}
    )
    assert bad.status_code == 404
    adopted = client.post(
        "/towns/velenje/qda/table2/adopt",
        data={"csrf": token, "code": code, "period": "2", "status": "alternative"},
        follow_redirects=False,
    )
    assert adopted.status_code == 303 and adopted.headers["location"] == "/towns/velenje/qda/table2#narrative-19"
    table = client.get("/towns/velenje/qda/table2").text
    assert (
        '<tr class="alternative" id="narrative-19"><td><span class="tag">alternative</span> pride</td><td>1</td>'
        in table
    )
    report = client.get("/towns/velenje/report").text
    assert 'pride<sup class="provenance inferred" title="inferred: adopted from coding">‡</sup>' in report
