"""Each table's page: editors add, change and delete rows with forms built from the declarations,
errors shown by the field they belong to; deleting asks first and shows what depends on the row;
viewers see the table but no form."""

from __future__ import annotations

import re

from tests.support.people import person, sign_in
from townpaths.cases.tables import form_values
from townpaths.storage import Database


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found is not None
    return found.group(1)


def field_errors(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<p class="error field-error" data-field="(\w+)">([^<]*)</p>', html)


def test_an_editor_adds_changes_and_deletes_a_row(client, velenje_sqlite: Database) -> None:
    page = client.get("/towns/velenje/tables/dualities")
    assert 'id="add-row" href="/towns/velenje/tables/dualities/new"' in page.text
    assert page.text.count('/edit">Edit</a>') == 5 and page.text.count("<tr><td>") == 5
    form = client.get("/towns/velenje/tables/dualities/new")
    assert form.status_code == 200
    assert '<select id="f-provenance" name="provenance"><option value="">—</option><option value="study" selected>' in (
        form.text
    )
    token = csrf(form.text)
    bad = client.post(
        "/towns/velenje/tables/dualities/new",
        data={"csrf": token, "no": "two", "one_hand_en": "a young town", "provenance": "inferred"},
    )
    assert bad.status_code == 400
    assert field_errors(bad.text) == [
        ("no", "not a number"),
        ("other_hand_en", "a value is needed"),
        ("provenance_note", "an inferred record needs the reason in provenance_note"),
    ]
    assert 'name="one_hand_en" rows="3">a young town</textarea>' in bad.text  # what was typed is kept
    added = client.post(
        "/towns/velenje/tables/dualities/new",
        data={"csrf": token, "no": "", "one_hand_en": "a young town", "other_hand_en": "an ageing town"},
        follow_redirects=False,
    )
    assert (added.status_code, added.headers["location"]) == (303, "/towns/velenje/tables/dualities#row-6")
    assert form_values(velenje_sqlite, "velenje", "dualities", 6)["no"] == 6
    edit = client.get("/towns/velenje/tables/dualities/6/edit")
    assert '<textarea id="f-one_hand_en" name="one_hand_en" rows="3">a young town</textarea>' in edit.text
    saved = client.post(
        "/towns/velenje/tables/dualities/6/edit",
        data={"csrf": token, "one_hand_sl": "mlado mesto", "provenance": "fictional"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert form_values(velenje_sqlite, "velenje", "dualities", 6)["one_hand_sl"] == "mlado mesto"
    ask = client.get("/towns/velenje/tables/dualities/6/delete")
    assert '<strong class="row-key">6</strong>' in ask.text and "Nothing else depends on this row." in ask.text
    gone = client.post("/towns/velenje/tables/dualities/6/delete", data={"csrf": token}, follow_redirects=False)
    assert (gone.status_code, gone.headers["location"]) == (303, "/towns/velenje/tables/dualities")
    assert client.get("/towns/velenje/tables/dualities/6/edit").status_code == 404


def test_deleting_asks_first_and_shows_what_depends(client) -> None:
    ask = client.get("/towns/velenje/tables/symbol_types/16/delete?lang=en")
    assert re.findall(r'<li data-table="(\w+)" data-effect="(\w+)">', ask.text) == [
        ("symbols", "blocks"),
        ("evidence", "unlinked"),
    ]
    assert "strategic-development-and-sectoral-documents, municipal-tourism-strategy" in ask.text
    assert "This row cannot be deleted while other records refer to it." in ask.text
    assert 'action="/towns/velenje/tables/symbol_types/16/delete"' not in ask.text  # no button
    token = csrf(client.get("/towns/velenje/tables/symbol_types/new").text)
    refused = client.post("/towns/velenje/tables/symbol_types/16/delete", data={"csrf": token})
    assert refused.status_code == 409
    problem = client.get("/towns/velenje/tables/problems/1/delete?lang=sl")
    assert "<strong>rešitve</strong>: 1 bo izbrisanih skupaj z njo (1|fish farm in the lakes area)" in problem.text
    assert 'action="/towns/velenje/tables/problems/1/delete"' in problem.text


def test_forms_in_slovene_and_references_as_keys(client) -> None:
    form = client.get("/towns/velenje/tables/symbols/new?lang=sl").text
    assert "<h1>Nova vrstica: simboli</h1>" in form
    assert "ključ vrstice iz preglednice tipi simbolov" in form
    assert '<option value="16">16: strategije, dokumenti, prostorski in drugi načrti občine</option>' in form
    assert "v slovenščini" in form and "v angleščini" in form


def test_a_viewer_sees_the_table_but_no_form(anonymous, velenje_sqlite: Database) -> None:
    viewer = sign_in(anonymous, person(velenje_sqlite, "vera@velenje.example", "Vera", {"velenje": "viewer"}))
    page = viewer.get("/towns/velenje/tables/dualities")
    assert page.status_code == 200 and "Add a row" not in page.text and "/edit" not in page.text
    assert viewer.get("/towns/velenje/tables/dualities/new").status_code == 404
    assert viewer.get("/towns/velenje/tables/dualities/1/delete").status_code == 404
    coder = sign_in(anonymous, person(velenje_sqlite, "cene@velenje.example", "Cene", {"velenje": "coder"}))
    assert coder.get("/towns/velenje/tables/interviewees").status_code == 200  # a coder reads it...
    assert coder.get("/towns/velenje/tables/interviewees/1/edit").status_code == 404  # ...but does not edit it


def test_tables_without_forms(client) -> None:
    assert client.get("/towns/velenje/tables/ballots/new").status_code == 404
    assert "Add a row" not in client.get("/towns/velenje/tables/coded_segments").text
    # innovations waiting for moderation are listed for editors but are not rows of the register's files
    from townpaths.studies.innovations.service import propose

    propose(client.app.state.db, "velenje", {"name": "Repair café", "description": "d"})
    page = client.get("/towns/velenje/tables/innovations").text
    assert page.count("<tr><td>") == 22 and page.count('/edit">Edit</a>') == 21


def test_the_evidence_form_picks_the_records_it_links_to(client, velenje_sqlite: Database) -> None:
    form = client.get("/towns/velenje/tables/evidence/new")
    assert '<select id="f-links-pick" name="links__pick" multiple size="8">' in form.text
    assert '<option value="symbols:tito-ice-cream">tito-ice-cream: Tito ice cream</option>' in form.text
    assert '<optgroup label="problems"><option value="problems:1">1: vulnerable economy resting on two companies' in (
        form.text
    )
    saved = client.post(
        "/towns/velenje/tables/evidence/new",
        data={
            "csrf": csrf(form.text),
            "kind": "lock_in",
            "statement_en": "One employer still dominates.",
            "links": "facts:rally_1987",
            "links__pick": ["problems:1", "symbols:tito-ice-cream"],
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    values = form_values(velenje_sqlite, "velenje", "evidence", 10)
    assert values["links"] == "facts:rally_1987; problems:1; symbols:tito-ice-cream"
