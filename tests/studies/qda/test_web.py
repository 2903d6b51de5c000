"""The coding pages over HTTP and the segment API."""

from __future__ import annotations


def test_pages_render(client) -> None:
    home = client.get("/towns/velenje/qda?lang=en")
    assert home.status_code == 200
    assert "FICTIONAL example 1: entrepreneur" in home.text and "fictional</span>" in home.text
    hits = client.get("/towns/velenje/qda", params={"q": "mentaliteta"})
    assert "1 hit" in hits.text and "Knapovska [mentaliteta]" in hits.text
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
