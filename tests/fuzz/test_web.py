"""Every route of the app (taken from its router, every method) gets the bad requests of
:mod:`tests.fuzz.web_requests` over real HTTP (uvicorn), as the signed-in owner of Velenje and as an
anonymous visitor, on SQLite and on PostgreSQL. Each answer must be below 500 and, when it is an
error (4xx), in the app's one error format: ``{"error": message}`` for the API and JSON requests,
otherwise a page with the message in its ``role="alert"`` paragraph (the error page, or the form
shown again with what is wrong); never a traceback."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.fuzz.web_requests import BadRequest, before_refusal, requests_of
from tests.support.people import OWNER, person, session_cookie
from tests.support.server import LiveServer
from townpaths.cases.towns import load_velenje
from townpaths.people.core.roles import PUBLIC, Account
from townpaths.storage import Database
from townpaths.storage.models import CodedSegment, Document, Symbol, SymbolPhoto, Town, WorksheetIdea
from townpaths.studies.innovations.service import propose
from townpaths.studies.qda.service import CodingAs, add_segment
from townpaths.studies.workshop import service as ws
from townpaths.studies.workshop.core.codes import Signer
from townpaths.studies.workshop.service import states as ws_states
from townpaths.web.access import ACCOUNT_COOKIE, ANYONE_NEED, TOWN_PAGE_NEED, app_routes
from townpaths.web.app import Settings, create_app
from townpaths.web.security import CSRF_HEADER, SESSION_COOKIE

SECRET = "fuzz-secret"
PERSONAS = ("owner", "anonymous")
KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
#: An error page's message, or a form shown again with its error.
ALERT = re.compile(r'<p[^>]*class="error"[^>]*role="alert"[^>]*>\s*\S')


class NoLimits:
    """A rate store that never refuses: every request of this test comes from one address, and
    each must reach its route (the rate limits have tests of their own)."""

    def hit(self, key: str, hits: int, seconds: float) -> float:
        return 0.0

    def wait(self, key: str, hits: int, seconds: float) -> float:
        return 0.0

    def hit_all(self, limits: Any) -> float:
        return 0.0

    def wait_all(self, limits: Any) -> float:
        return 0.0


@dataclass
class Site:
    db: Database
    server: LiveServer
    owner: Account
    routes: list[Any]
    requests: list[BadRequest]
    #: Routes that turn an anonymous visitor away (their rule needs an account or a role).
    refused: set[str]
    #: Route name -> headers every request of it carries (a participant's token).
    extra: dict[str, dict[str, str]]
    csrf: dict[str, str]

    def cookies(self, persona: str) -> str:
        cookies = {SESSION_COOKIE: f"fuzz-session-of-{persona}"}
        if persona == "owner":
            cookies[ACCOUNT_COOKIE] = session_cookie(SECRET, self.owner)
        return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _ids(db: Database) -> dict[str, int]:
    """Records the valid parts of the requests name: a photo, a document, a segment, a proposal."""
    with db.transaction() as s:
        town_id = s.scalar(select(Town.id).where(Town.slug == "velenje"))
        symbol_id = s.scalar(select(func.min(Symbol.id)).where(Symbol.town_id == town_id))
        photo = SymbolPhoto(
            town_id=town_id, symbol_id=symbol_id, filename="p.jpg", media_type="image/jpeg", sha256="0" * 64
        )
        photo.content = b"\xff\xd8\xff\xe0 a photo"
        doc = Document(town_id=town_id, title="Strategy", filename="s.txt", media_type="text/plain", extra={})
        doc.content, doc.text = b"a strategy", "a strategy"
        s.add_all([photo, doc])
        s.flush()
        ids = {"photo": photo.id, "doc": doc.id, "symbol": symbol_id}
        ids["interview"] = s.scalar(select(func.min(CodedSegment.interview_id)).where(CodedSegment.town_id == town_id))
    return ids


def _build(db: Database) -> Site:
    owner = person(db, *OWNER, {"velenje": "owner"})
    ids = _ids(db)
    coder = CodingAs(owner.id, owner.name, any_segment=True)
    segment = add_segment(db, "velenje", ids["interview"], 3, 0, 9, None, as_person=coder)["id"]
    proposal = propose(db, "velenje", {"name": "Repair café", "description": "People mend things together."})
    signer = Signer(SECRET)
    ws.create_workshop(db, "velenje", rounds="individual")  # number 1, which " 1" in a path names too
    main = ws.create_workshop(db, "velenje", rounds="individual,plenary")
    ending = ws.create_workshop(db, "velenje", rounds="individual").workshop_id
    ballot = ws.create_workshop(db, "velenje", rounds="individual").workshop_id
    voter = ws.join(db, ballot, "phone")
    ws.open_round(db, ballot, 1)
    sheet = ws.create_workshop(db, "velenje", rounds="individual,worksheet:1").workshop_id
    writers = [ws.join(db, sheet, f"p{i}") for i in range(2)]
    ws.open_round(db, sheet, 1)
    items = [item["id"] for item in ws_states.public_state(db, sheet)["problems"]]  # the workshop's own items
    for n, p in enumerate(writers):
        ws.submit_ballot(db, sheet, p, items, f"sheet-ballot-{n}")
    ws.close_round(db, sheet, 1)
    ws.open_round(db, sheet, 2)
    ws.add_idea(db, sheet, writers[0], "fish farm")
    with db.transaction() as s:
        idea = s.scalar(select(func.max(WorksheetIdea.id)))
    defaults = {
        "slug": "velenje",
        "table": "problems",
        "symbol_id": str(ids["symbol"]),
        "photo_id": str(ids["photo"]),
        "doc_id": str(ids["doc"]),
        "interview_id": str(ids["interview"]),
        "segment_id": str(segment),
        "proposal_id": str(proposal),
        "innovation_id": "5",
        "wid": str(main.workshop_id),
        "no": "1",
        "name": "ballots.csv",
        "code": main.room_code,
        "idea_id": str(idea),
    }
    valid: dict[str, dict[str, str]] = {
        "*": defaults,
        "workshop_end": {"wid": str(ending)},
        "workshop_api_ballot": {"wid": str(ballot)},
        "workshop_api_sheet": {"wid": str(sheet)},
        "workshop_api_idea": {"wid": str(sheet)},
        "workshop_api_dot": {"wid": str(sheet)},
    }
    voter_token = {"x-participant-token": signer.participant_token(ballot, voter)}
    writer_token = {"x-participant-token": signer.participant_token(sheet, writers[0])}
    extra = {
        "workshop_api_ballot": voter_token,
        "workshop_api_sheet": writer_token,
        "workshop_api_idea": writer_token,
        "workshop_api_dot": writer_token,
    }
    app = create_app(Settings(db=db.url, secret_key=SECRET, rate_store=NoLimits()))
    app.state.local_rates = NoLimits()
    routes = app_routes(app)
    server = LiveServer(app)
    server.start()
    refused = {name for name, rule in app.state.access_rules.items() if not anonymous_may(rule.need)}
    site = Site(db, server, owner, routes, requests_of(routes, valid), refused, extra, {})
    for p in PERSONAS:  # each persona's CSRF token, bound to its session cookie
        html = httpx.get(f"{server.url}/sign-in", headers={"cookie": site.cookies(p)}).text
        site.csrf[p] = re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)
    return site


@pytest.fixture(scope="module")
def cheap_passwords() -> Iterator[None]:
    """Argon2 with its smallest cost: every sign-in request checks a password, and what it costs
    (64 MiB and three passes each) is not what this test is about."""
    from argon2 import PasswordHasher

    from townpaths.people.core import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", cheap)
        yield


@pytest.fixture(scope="module", params=KINDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, cheap_passwords: None
) -> Iterator[Site]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_server").create_database("fuzzweb")
    db = Database(url)
    load_velenje(db)
    built = _build(db)
    yield built
    built.server.stop()
    db.dispose()


def anonymous_may(need: str) -> bool:
    """Does a rule needing ``need`` let an anonymous visitor in (when the town shows the part)?"""
    return need in (ANYONE_NEED, TOWN_PAGE_NEED) or need.startswith(PUBLIC)


def _send(client: httpx.Client, site: Site, persona: str, bad: BadRequest) -> tuple[int, str, str]:
    """(status, content type, body) of one bad request; a stream that never ends (the live
    events) is answered by its status line."""
    headers = {"cookie": site.cookies(persona), "accept-language": "en", **site.extra.get(bad.route, {})}
    if bad.csrf:
        headers[CSRF_HEADER] = site.csrf[persona]
    if bad.content_type is not None:
        headers["content-type"] = bad.content_type
    headers.update(bad.headers)
    url = site.server.url + bad.path + (f"?{bad.query}" if bad.query else "")
    client.cookies.clear()  # each request carries only the persona's own cookies
    with client.stream(bad.method, url, headers=headers, content=bad.body) as r:
        kind = r.headers.get("content-type", "")
        if kind.startswith("text/event-stream"):
            return r.status_code, kind, ""
        return r.status_code, kind, r.read().decode("utf-8", "replace")


def wrong_answer(status: int, kind: str, body: str) -> str | None:
    """Why an answer is wrong, or None."""
    if status >= 500:
        return "a server error"
    if "Traceback" in body:
        return "a traceback"
    if status < 400:
        return None
    if kind.startswith("application/json"):
        try:
            data = json.loads(body)
        except ValueError:
            return "JSON that does not parse"
        if not (isinstance(data, dict) and list(data) == ["error"] and isinstance(data["error"], str)):
            return "JSON that is not {'error': message}"
        if not data["error"].strip():
            return "an empty error message"
        return None
    if kind.startswith("text/html"):
        return None if ALERT.search(body) else "a page without the error message"
    return f"an error of type {kind!r}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_bad_requests_to_every_route_are_4xx_in_the_one_error_format(site: Site, persona: str) -> None:
    names = {str(getattr(r, "name", "")) for r in site.routes}
    assert {bad.route for bad in site.requests} == names and len(names) >= 60
    requests = site.requests if persona == "owner" else before_refusal(site.requests, site.refused)
    wrong: list[str] = []
    started = time.monotonic()
    cpu0 = time.process_time()
    with httpx.Client(follow_redirects=False, timeout=60) as client:
        for bad in requests:
            try:
                status, kind, body = _send(client, site, persona, bad)
            except httpx.TransportError as exc:
                wrong.append(f"{bad.method} {bad.path[:80]} ({bad.route}, {bad.why}): {exc!r}")
                continue
            problem = wrong_answer(status, kind, body)

            if problem:
                where = f"{bad.method} {bad.path[:80]} ({bad.route}, {bad.why})"
                wrong.append(f"{where}: {problem}: {status} {body[:160]!r}")
            if bad.route == "sign_out" and persona == "owner":  # signing out ended the owner's sessions
                site.owner = person_again(site)
    took = f"{time.monotonic() - started:.1f} s ({time.process_time() - cpu0:.1f} s of CPU)"
    print(f"{len(requests)} bad requests as {persona} in {took}")
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong)


def person_again(site: Site) -> Account:
    from townpaths.people import service

    uid = service.user_id(site.db, OWNER[0])
    with site.db.transaction() as session:
        from townpaths.storage.models import User

        epoch = session.get_one(User, uid).session_epoch
    found = service.session_account(site.db, uid, epoch)
    assert found is not None
    return found


def test_what_the_fuzzing_found_is_answered_4xx(client, velenje_sqlite: Database) -> None:
    """The 500s the bad requests found, each answered now: a digit that is no ASCII digit in a path
    and in a facilitator link, a phone's nickname of the wrong type, a lone surrogate in JSON, a
    CSRF token of other letters, a merge target that is no number."""
    created = ws.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    segment = client.post(
        "/towns/velenje/qda/api/segments", json={"interview_id": 1, "code_id": 3, "start": 0, "end": 9}
    ).json()["id"]
    proposal = propose(velenje_sqlite, "velenje", {"name": "Repair café", "description": "People mend things."})
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', client.get("/sign-in").text).group(1)
    answers = {
        "² as an id": client.get("/towns/velenje/symbols/%C2%B2"),
        "² as a slug": client.get("/towns/%C2%B2"),
        "² as a link's key": client.get(f"/workshops/{created.workshop_id}/admin?key=%C2%B2"),
        "a nickname of true": client.post(f"/api/rooms/{created.room_code}/join", json={"nickname": True}),
        "a sector of a list": client.post(f"/api/rooms/{created.room_code}/join", json={"sector": ["x"]}),
        "a lone surrogate": client.patch(
            f"/towns/velenje/qda/api/segments/{segment}",
            content=b'{"memo": "\\ud800"}',
            headers={"content-type": "application/json"},
        ),
        "a token of other letters": client.post(
            "/towns/velenje/innovations/moderation/1", headers={"x-csrf-token": "é".encode("latin-1") * 64}
        ),
        "a merge into ²": client.post(
            f"/towns/velenje/innovations/moderation/{proposal}",
            data={"csrf": csrf, "action": "merge", "target": "²"},
        ),
    }
    assert {k: r.status_code for k, r in answers.items()} == {
        "² as an id": 400,
        "² as a slug": 404,
        "² as a link's key": 400,
        "a nickname of true": 400,
        "a sector of a list": 400,
        "a lone surrogate": 400,
        "a token of other letters": 403,
        "a merge into ²": 400,
    }
    assert answers["a nickname of true"].json() == {"error": "field 'nickname', value True: must be text"}
    assert answers["a sector of a list"].json() == {"error": "field 'sector': unknown sector"}
    assert answers["a lone surrogate"].json() == {
        "error": "field 'memo': lone surrogate U+D800 at character 1: not valid Unicode text"
    }
    assert "field &#39;target&#39;, value &#39;²&#39;: not a number" in answers["a merge into ²"].text


def test_the_web_cases_of_the_issue_are_4xx_on_both_databases(velenje: Database) -> None:
    """The requests that gave 500 on PostgreSQL: a NUL character in a memo, a symbol's name and a
    proposal, a coder (an account) with a 200-character name, a symbol id beyond 64 bits; the same
    answers on SQLite, for ids beyond the 32 bits of PostgreSQL's id columns too."""
    from fastapi.testclient import TestClient

    from tests.support.people import sign_in

    owner = person(velenje, "long@velenje.example", "N" * 200, {"velenje": "owner"})
    with TestClient(create_app(Settings(db=velenje.url, secret_key=SECRET, rate_store=NoLimits()))) as c:
        sign_in(c, owner, SECRET)
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', c.get("/sign-in").text).group(1)
        api = "/towns/velenje/qda/api/segments"
        coded = c.post(api, json={"interview_id": 1, "code_id": 3, "start": 0, "end": 9})
        answers = {
            "nul in a memo": c.post(api, json={"interview_id": 1, "code_id": 3, "start": 0, "end": 9, "memo": "a\x00"}),
            "nul in a changed memo": c.patch(f"{api}/{coded.json().get('id', 1)}", json={"memo": "a\x00b"}),
            "nul in a symbol's name": c.post(
                "/towns/velenje/symbols/6/edit", data={"csrf": csrf, "name": "Tito\x00", "type": "4"}
            ),
            "nul in a proposal": c.post(
                "/towns/velenje/innovations/propose", data={"csrf": csrf, "name": "a\x00b", "description": "d"}
            ),
            "a symbol beyond 64 bits": c.get(f"/towns/velenje/symbols/{2**64}"),
            "the largest id": c.get(f"/towns/velenje/symbols/{2**31 - 1}"),
            "one beyond the largest id": c.get(f"/towns/velenje/symbols/{2**31}"),
            "an interview beyond the largest id": c.post(
                api, json={"interview_id": 2**31, "code_id": 3, "start": 0, "end": 9}
            ),
        }
    assert coded.status_code == 201 and coded.json()["coder"] == "N" * 100  # cut to fit the coders column
    assert {k: r.status_code for k, r in answers.items()} == {
        "nul in a memo": 400,
        "nul in a changed memo": 400,
        "nul in a symbol's name": 400,
        "nul in a proposal": 400,
        "a symbol beyond 64 bits": 400,
        "the largest id": 404,
        "one beyond the largest id": 400,
        "an interview beyond the largest id": 400,
    }
    assert answers["the largest id"].text.count("no symbol 2147483647") == 1
    assert answers["nul in a memo"].json() == {"error": "field 'memo': NUL characters are not allowed"}
    assert "field &#39;name&#39;: NUL characters are not allowed" in answers["nul in a symbol's name"].text
