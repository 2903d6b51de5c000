"""The comparison page and its files over HTTP: the form, the comparison in the reader's language,
what a reader without a role sees of each town, bad requests answered 400 or 404, never 500."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.people import person, sign_in
from townpaths.people.service import set_public_parts
from townpaths.storage import Database
from townpaths.web.app import Settings, create_app


@pytest.fixture
def app(compared_sqlite: Database):
    return create_app(Settings(db=compared_sqlite.url, secret_key="test-secret"))


@pytest.fixture
def visitor(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def researcher(app, compared_sqlite: Database) -> Iterator[TestClient]:
    roles = {"velenje": "viewer", "kohlstadt": "researcher", "rudnik": "viewer"}
    account = person(compared_sqlite, "r@towns.example", "Rita Researcher", roles)
    with TestClient(app) as c:
        yield sign_in(c, account)


def test_the_form_lists_the_towns_the_reader_may_compare(visitor: TestClient, compared_sqlite: Database) -> None:
    page = visitor.get("/compare?lang=en")
    assert page.status_code == 200
    # Velenje shows its report; the fictional towns show only workshop joins
    assert re.findall(r'name="towns" value="([a-z]+)"', page.text) == ["velenje"]
    set_public_parts(compared_sqlite, "rudnik", ["report"])
    page = visitor.get("/compare")
    assert re.findall(r'name="towns" value="([a-z]+)"', page.text) == ["rudnik", "velenje"]
    assert "Each pair of towns" not in page.text


def test_a_signed_in_researcher_compares_three_towns(researcher: TestClient) -> None:
    page = researcher.get("/compare?towns=velenje,kohlstadt,rudnik&lang=sl")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Primerjava mest: Velenje – Kohlstadt – Rudnik</h1>" in html
    assert html.count('<div class="pair"') == 3
    assert 'class="hidden-towns"' not in html  # viewers and up see every study of their towns
    # every statement's link leads to a row of the page
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert set(re.findall(r'<a class="numbers" href="#([^"]+)"', html)) <= ids
    assert re.findall(r'name="towns" value="([a-z]+)" checked', html) == ["kohlstadt", "rudnik", "velenje"]
    links = re.findall(r'href="(/compare\.(?:pdf|docx|html)\?[^"]+)"', html)
    assert links == [f"/compare.{k}?towns=velenje%2Ckohlstadt%2Crudnik&amp;lang=sl" for k in ("pdf", "docx", "html")]
    pdf = researcher.get(links[0].replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == 'attachment; filename="compare-velenje-kohlstadt-rudnik.pdf"'
    docx = researcher.get("/compare.docx?towns=velenje&towns=rudnik")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_a_reader_without_a_role_sees_only_the_public_parts(visitor: TestClient, compared_sqlite: Database) -> None:
    set_public_parts(compared_sqlite, "kohlstadt", ["innovations"])
    page = visitor.get("/compare?towns=velenje,kohlstadt&lang=en")
    assert page.status_code == 200
    html = page.text
    # Kohlstadt's register is public: the innovations are compared; its other studies are not shown
    assert re.search(r'<th colspan="3" class="town" data-town="kohlstadt">Kohlstadt</th>', html)
    assert 'data-comparison="innovations-types"' in html
    assert html.count("Not shown for: Kohlstadt (not public, and you have no role there).") == 5
    assert "Not shown for: Velenje, Kohlstadt" in html  # the assessment is for viewers only
    assert 'data-comparison="symbols-categories"' not in html
    statements = re.findall(r'<li data-measure="([^"]+)"', html)
    assert statements and all(m.startswith(("type:", "innovations:")) for m in statements)
    # a town that shows nothing: sign in first
    set_public_parts(compared_sqlite, "kohlstadt", [])
    refused = visitor.get("/compare?towns=velenje,kohlstadt", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/sign-in?next=")
    assert visitor.get("/compare.pdf?towns=velenje,kohlstadt", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/compare?towns=velenje", 400, "compare at least 2 towns"),
        ("/compare?towns=velenje,velenje", 400, "a town is named twice"),
        ("/compare?towns=" + ",".join(["velenje"] * 9), 400, "compare at most 8 towns at once"),
        ("/compare?towns=velenje,zwickau", 404, "unknown town"),
        ("/compare.odt?towns=velenje,rudnik", 404, "no comparison file of kind"),
    ],
)
def test_bad_requests(researcher: TestClient, path: str, status: int, message: str) -> None:
    response = researcher.get(path)
    assert response.status_code == status and message in response.text
