"""Who may use which route. Every route of the app, taken from its router, is requested over real
HTTP (uvicorn) as eight people: an anonymous visitor, a viewer, a coder, a facilitator, a
researcher and the owner of Velenje, the owner of another town (Trbovlje) and an administrator of
the server without a role in either town. The people allowed
on each route are declared here, independently of townpaths.web.access: a route without a declared
case fails the test, and an app with a route without a rule refuses to start.

A refusal is what the access layer answers: an anonymous visitor is sent to the sign-in page (a
page) or gets 401 "Sign in first." (the API, a form post); a signed-in person without the role gets
404 "Not Found". Any other answer means the route let the person in, and must then be the route's
own success (``ok``), so every request below is a valid one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.support.people import person, session_cookie
from tests.support.server import LiveServer
from townpaths.cases.tables import export_table, save_row
from townpaths.cases.towns import create_town
from townpaths.core.errors import TownpathsError
from townpaths.people.service import add_user, grant, set_public_parts
from townpaths.storage import Database
from townpaths.storage.models import Document, Symbol, SymbolPhoto, Town, WorksheetIdea
from townpaths.studies.innovations.service import propose
from townpaths.studies.qda.service import CodingAs, add_segment
from townpaths.studies.qda.service.codebook import create_code
from townpaths.studies.workshop import service as ws
from townpaths.studies.workshop.core.codes import Signer
from townpaths.studies.workshop.service import states
from townpaths.web.access import ACCOUNT_COOKIE, app_routes
from townpaths.web.app import Settings, create_app
from townpaths.web.security import SESSION_COOKIE

SECRET = "test-secret"
ANON, VIEWER, CODER, FAC, RESEARCHER, OWNER, OTHER, ADMIN = (
    "anonymous",
    "viewer",
    "coder",
    "facilitator",
    "researcher",
    "owner",
    "other owner",
    "admin",
)
PERSONAS = (ANON, VIEWER, CODER, FAC, RESEARCHER, OWNER, OTHER, ADMIN)
ROLES = {VIEWER: "viewer", CODER: "coder", FAC: "facilitator", RESEARCHER: "researcher", OWNER: "owner"}

ALL = frozenset(PERSONAS)
SIGNED_IN = ALL - {ANON}
VELENJE = frozenset(ROLES)  # every role in Velenje
CONFIDENTIAL = frozenset({CODER, RESEARCHER, OWNER})
EDITORS = frozenset({RESEARCHER, OWNER})
FACILITATORS = frozenset({FAC, RESEARCHER, OWNER})
OWNERS = frozenset({OWNER})
TRBOVLJE = frozenset({OTHER})
ADMINS = frozenset({ADMIN})
#: The API's own documentation routes (off unless the server switches them on).
DOCS = {"openapi", "api_docs"}


class NoLimits:
    """A rate store that never refuses (every request of this test comes from one address)."""

    def hit(self, key: str, hits: int, seconds: float) -> float:
        return 0.0

    def wait(self, key: str, hits: int, seconds: float) -> float:
        return 0.0

    def hit_all(self, limits: Any) -> float:
        return 0.0

    def wait_all(self, limits: Any) -> float:
        return 0.0


@dataclass
class World:
    db: Database
    app: FastAPI
    url: str
    people: dict[str, Any]
    csrf: dict[str, str]
    sessions: dict[str, str]
    velenje_wid: int = 0
    velenje_code: str = ""
    guest_wid: int = 0
    trbovlje_code: str = ""
    trbovlje_wid: int = 0
    ballot: tuple[int, str] = (0, "")
    items: tuple[int, ...] = ()
    sheet: tuple[int, str, int] = (0, "", 0)
    photo_id: int = 0
    document_id: int = 0
    counter: int = 0

    def next(self) -> int:
        self.counter += 1
        return self.counter


#: A request: (method, path, keyword arguments for httpx), made for one person.
Request = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class Case:
    route: str
    allowed: frozenset[str]
    make: Callable[[World, str], Request]
    ok: frozenset[int] = frozenset({200})


def get(path: str) -> Callable[[World, str], Request]:
    return lambda w, p: ("GET", path, {})


def form(path: str, data: dict[str, Any] | None = None) -> Callable[[World, str], Request]:
    return lambda w, p: ("POST", path, {"data": {"csrf": w.csrf[p], **(data or {})}})


# --- fresh records for the requests that change or use something up --------------------------------


def _workshop(w: World, rounds: str = "individual,plenary", *, facilitated: bool = True) -> ws.Created:
    fac = w.people[FAC].id if facilitated else None
    return ws.create_workshop(w.db, "velenje", rounds=rounds, facilitator_id=fac)


def _segment(w: World, p: str) -> int:
    """A segment the person may change: their own if they code, else the owner's."""
    who = w.people[p if p in CONFIDENTIAL else OWNER]
    coder = CodingAs(who.id, who.name, any_segment=p in EDITORS)
    return add_segment(w.db, "velenje", 1, 3, 0, 9, None, as_person=coder)["id"]


def _proposal(w: World) -> int:
    return propose(w.db, "velenje", {"name": f"Proposal {w.next()}", "description": "d"})


def _account(w: World, role: str | None = None) -> str:
    email = f"someone{w.next()}@velenje.example"
    add_user(w.db, email, "Someone")
    if role:
        grant(w.db, email, "velenje", role)
    return email


def open_round(w: World, p: str) -> Request:
    wid = _workshop(w).workshop_id
    return "POST", f"/workshops/{wid}/rounds/1/open", {"data": {"csrf": w.csrf[p]}}


def close_round(w: World, p: str) -> Request:
    wid = _workshop(w).workshop_id
    ws.open_round(w.db, wid, 1)
    return "POST", f"/workshops/{wid}/rounds/1/close", {"data": {"csrf": w.csrf[p]}}


def move(w: World, p: str) -> Request:
    wid = _workshop(w, "pair,plenary").workshop_id
    pids = [ws.join(w.db, wid, f"n{i}") for i in range(4)]
    ws.open_round(w.db, wid, 1)
    data = {"csrf": w.csrf[p], "round_no": "1", "participant": str(pids[0]), "group": "corner table"}
    return "POST", f"/workshops/{wid}/move", {"data": data}


def workshop_action(action: str, data: dict[str, str] | None = None) -> Callable[[World, str], Request]:
    def make(w: World, p: str) -> Request:
        wid = _workshop(w).workshop_id
        return "POST", f"/workshops/{wid}/{action}", {"data": {"csrf": w.csrf[p], **(data or {})}}

    return make


def ended(action: str, data: dict[str, str] | None = None) -> Callable[[World, str], Request]:
    """A request about a workshop that has ended (only an ended one can be archived)."""

    def make(w: World, p: str) -> Request:
        wid = _workshop(w).workshop_id
        ws.end_workshop(w.db, wid)
        return "POST", f"/workshops/{wid}/{action}", {"data": {"csrf": w.csrf[p], **(data or {})}}

    return make


def _run(w: World, town: str = "velenje") -> int:
    """A fresh ranking run of the town (a ballot file's), as ``townpaths rank --save`` stores it."""
    analysis = {"method": "borda", "items": ["one", "two"], "tiers": [["two"], ["one"]], "ballots": 3}
    return ws.save_file_run(w.db, town, f"file run {w.next()}", analysis)


def run_action(action: str, town: str = "velenje") -> Callable[[World, str], Request]:
    """Adopt, undo or delete a fresh run (undo: a run adopted just before)."""

    def make(w: World, p: str) -> Request:
        run = _run(w, town)
        if action == "undo":
            ws.adopt(w.db, town, run)
            return "POST", f"/towns/{town}/runs/undo", {"data": {"csrf": w.csrf[p]}}
        return "POST", f"/towns/{town}/runs/{run}/{action}", {"data": {"csrf": w.csrf[p]}}

    return make


def admin_link(w: World, p: str) -> Request:
    created = _workshop(w)
    return "GET", f"/workshops/{created.workshop_id}/admin?key={created.facilitator_key(SECRET)}", {}


def create_workshop(w: World, p: str) -> Request:
    return "POST", "/towns/velenje/workshops", {"data": {"csrf": w.csrf[p], "rounds": "individual"}}


def join(code_of: Callable[[World], str]) -> Callable[[World, str], Request]:
    return lambda w, p: ("POST", "/join", {"data": {"csrf": w.csrf[p], "code": code_of(w), "nickname": p}})


def api_join(code_of: Callable[[World], str]) -> Callable[[World, str], Request]:
    return lambda w, p: ("POST", f"/api/rooms/{code_of(w)}/join", {"json": {"nickname": p}})


def participant(kind: str) -> Callable[[World, str], Request]:
    """A phone's API call with its participant token (no account)."""

    def make(w: World, p: str) -> Request:
        if kind in ("state", "events"):
            wid, token = w.ballot
            return "GET", f"/api/workshops/{wid}/{kind}", {"headers": {"X-Participant-Token": token}}
        if kind == "ballot":
            wid, token = w.ballot
            body = {"ranking": list(w.items), "client_token": f"token-{w.next():04d}"}
            return "POST", f"/api/workshops/{wid}/ballot", {"json": body, "headers": {"X-Participant-Token": token}}
        wid, token, idea = w.sheet
        headers = {"X-Participant-Token": token}
        if kind == "sheet":
            return "POST", f"/api/workshops/{wid}/sheet", {"json": {}, "headers": headers}
        if kind == "idea":
            return "POST", f"/api/workshops/{wid}/ideas", {"json": {"text": f"idea {w.next()}"}, "headers": headers}
        return "POST", f"/api/workshops/{wid}/ideas/{idea}/dot", {"headers": headers}

    return make


def add(w: World, p: str) -> Request:
    return "POST", "/towns/velenje/qda/api/segments", {"json": {"interview_id": 1, "code_id": 3, "start": 0, "end": 9}}


def change(w: World, p: str) -> Request:
    return "PATCH", f"/towns/velenje/qda/api/segments/{_segment(w, p)}", {"json": {"memo": "checked"}}


def delete(w: World, p: str) -> Request:
    return "DELETE", f"/towns/velenje/qda/api/segments/{_segment(w, p)}", {}


def decide(w: World, p: str) -> Request:
    path = f"/towns/velenje/innovations/moderation/{_proposal(w)}"
    return "POST", path, {"data": {"csrf": w.csrf[p], "action": "reject"}}


def set_password(submit: bool) -> Callable[[World, str], Request]:
    def make(w: World, p: str) -> Request:
        token = add_user(w.db, f"new{w.next()}@velenje.example", "New Person").token
        if not submit:
            return "GET", f"/set-password?token={token}", {}
        data = {"csrf": w.csrf[p], "token": token, "password": "a long pass phrase", "again": "a long pass phrase"}
        return "POST", "/set-password", {"data": data}

    return make


def grant_role(w: World, p: str) -> Request:
    return "POST", "/towns/velenje/people", {"data": {"csrf": w.csrf[p], "email": _account(w), "role": "viewer"}}


def revoke_role(w: World, p: str) -> Request:
    return "POST", "/towns/velenje/people/revoke", {"data": {"csrf": w.csrf[p], "email": _account(w, "viewer")}}


def _duality(w: World) -> int:
    """A fresh row of a table people write (for a request that deletes one)."""
    return save_row(w.db, "velenje", "dualities", {"one_hand_en": f"one {w.next()}", "other_hand_en": "other"})


def _code(w: World) -> int:
    """A fresh code of Velenje's codebook, without segments (for a request that changes one)."""
    return create_code(w.db, "velenje", f"code {w.next()}", parent=2)["id"]


def code_action(action: str, data: dict[str, str] | None = None) -> Callable[[World, str], Request]:
    def make(w: World, p: str) -> Request:
        path = f"/towns/velenje/qda/codebook/codes/{_code(w)}/{action}"
        return "POST", path, {"data": {"csrf": w.csrf[p], **(data or {})}}

    return make


def new_code(w: World, p: str) -> Request:
    data = {"csrf": w.csrf[p], "name": f"new code {w.next()}", "codable": "true"}
    return "POST", "/towns/velenje/qda/codebook/codes", {"data": data}


def new_town(w: World, p: str) -> Request:
    data = {"csrf": w.csrf[p], "name": f"New town {w.next()}", "languages": ["sl", "en"]}
    return "POST", "/new-town", {"data": data}


SETTINGS = {"name": "Velenje", "name_sl": "Velenje", "study_start_year": "2017", "languages": ["sl", "en"]}


def remove_row(w: World, p: str) -> Request:
    return "POST", f"/towns/velenje/tables/dualities/{_duality(w)}/delete", {"data": {"csrf": w.csrf[p]}}


DUALITY = {"one_hand_en": "one hand", "other_hand_en": "the other"}

SYMBOL = {
    "name": "Tito monument",
    "type": "4",
    "theme": "socialism",
    "tangible": "tangible",
    "visible": "visible",
    "narrative": "socialist_nostalgia",
    "preservation": "very_good",
    "attitude": "positive",
    "repetition": "single",
}

REDIRECT = frozenset({303})


def upload(path: str, name: str, content: Callable[[World], bytes], data: dict[str, str] | None = None):
    """A multipart form with one file (``file``) and the person's CSRF token."""

    def make(w: World, p: str) -> Request:
        return "POST", path, {"data": {"csrf": w.csrf[p], **(data or {})}, "files": {"file": (name, content(w))}}

    return make


def _innovation_sheet(w: World) -> bytes:
    return f"name_en,type_en,year\nIdea {w.next()},new practice,2018\n".encode()


def _table_file(table: str) -> Callable[[World], bytes]:
    def content(w: World) -> bytes:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{table}.csv"
            export_table(w.db, "velenje", table, path)
            return path.read_bytes()

    return content


def _transcripts(w: World, p: str) -> Request:
    files = {"files": (f"t{w.next()}.txt", b"O: Delo v rudniku.\n")}
    return (
        "POST",
        "/towns/velenje/uploads/transcripts",
        {"data": {"csrf": w.csrf[p], "sector": "economy"}, "files": files},
    )


#: Every route and who may use it. Velenje shows its report, its register and proposal form and its
#: workshop joins to the public; Trbovlje (the other owner's) shows nothing.
CASES: list[Case] = [
    # the shell
    Case("home", ALL, get("/")),
    Case("town", ALL, get("/towns/velenje")),
    Case("town", TRBOVLJE, get("/towns/trbovlje")),
    # a new town (the server's administrators), a town's settings (its owners)
    Case("town_new", ADMINS, get("/new-town")),
    Case("town_create", ADMINS, new_town, REDIRECT),
    Case("town_settings", OWNERS, get("/towns/velenje/settings")),
    Case("town_settings", TRBOVLJE, get("/towns/trbovlje/settings")),
    Case("town_settings_save", OWNERS, form("/towns/velenje/settings", SETTINGS), REDIRECT),
    Case("table", VELENJE, get("/towns/velenje/tables/problems")),
    Case("table", CONFIDENTIAL, get("/towns/velenje/tables/interviews")),
    Case("table", CONFIDENTIAL, get("/towns/velenje/tables/coded_segments")),
    Case("table", CONFIDENTIAL, get("/towns/velenje/tables/ballots")),
    Case("table", TRBOVLJE, get("/towns/trbovlje/tables/problems")),
    # the rows of a table, for its editors (a confidential table's too)
    Case("table_row_new", EDITORS, get("/towns/velenje/tables/dualities/new")),
    Case("table_row_new", EDITORS, get("/towns/velenje/tables/interviewees/new")),
    Case("table_row_new", TRBOVLJE, get("/towns/trbovlje/tables/dualities/new")),
    Case("table_row_add", EDITORS, form("/towns/velenje/tables/dualities/new", DUALITY), REDIRECT),
    Case("table_row_edit", EDITORS, get("/towns/velenje/tables/dualities/1/edit")),
    Case("table_row_edit", EDITORS, get("/towns/velenje/tables/interviewees/1/edit")),
    Case("table_row_save", EDITORS, form("/towns/velenje/tables/dualities/1/edit", DUALITY), REDIRECT),
    Case("table_row_delete", EDITORS, get("/towns/velenje/tables/dualities/1/delete")),
    Case("table_row_remove", EDITORS, remove_row, REDIRECT),
    Case("table_export", VELENJE, get("/towns/velenje/tables/dualities/file.csv")),
    Case("table_export", CONFIDENTIAL, get("/towns/velenje/tables/interviewees/file.xlsx")),
    Case("table_export", TRBOVLJE, get("/towns/trbovlje/tables/dualities/file.csv")),
    Case("table_import", EDITORS, upload("/towns/velenje/tables/dualities/import", "d.csv", _table_file("dualities"))),
    Case(
        "table_import",
        EDITORS,
        upload("/towns/velenje/tables/interviewees/import", "i.csv", _table_file("interviewees")),
    ),
    Case("report", ALL, get("/towns/velenje/report")),
    Case("report", TRBOVLJE, get("/towns/trbovlje/report")),
    Case("report_file", ALL, get("/towns/velenje/report.html")),
    Case("report_file", TRBOVLJE, get("/towns/trbovlje/report.html")),
    Case("report_figure", ALL, get("/towns/velenje/report/figures/figure8-1.svg")),
    Case("report_figure", TRBOVLJE, get("/towns/trbovlje/report/figures/table1-1.svg")),
    Case("report_table", ALL, get("/towns/velenje/report/tables/table4-1.xlsx")),
    Case("report_table", TRBOVLJE, get("/towns/trbovlje/report/tables/table1-1.xlsx")),
    # towns compared: the form for anyone; each town named must show the person something (Velenje's
    # report and register are public, Trbovlje shows only its owner anything)
    Case("compare", ALL, get("/compare")),
    Case("compare", TRBOVLJE, get("/compare?towns=velenje,trbovlje")),
    Case("compare", TRBOVLJE, get("/compare?towns=trbovlje&towns=velenje")),
    Case("compare_file", TRBOVLJE, get("/compare.html?towns=velenje,trbovlje")),
    # people
    Case("sign_in", ALL, get("/sign-in")),
    Case("sign_in_submit", ALL, form("/sign-in", {"email": "nobody@velenje.example", "password": "x"}), {400}),
    Case("set_password", ALL, set_password(submit=False)),
    Case("set_password_submit", ALL, set_password(submit=True), REDIRECT),
    Case("account", SIGNED_IN, get("/account")),
    Case("town_people", OWNERS, get("/towns/velenje/people")),
    Case("town_people", TRBOVLJE, get("/towns/trbovlje/people")),
    Case("town_people_grant", OWNERS, grant_role, REDIRECT),
    Case("town_people_revoke", OWNERS, revoke_role, REDIRECT),
    Case(
        "town_public_parts",
        OWNERS,
        form("/towns/velenje/public", {"part": ["report", "innovations", "join"]}),
        REDIRECT,
    ),
    Case("town_audit", OWNERS, get("/towns/velenje/audit")),
    Case("town_audit", TRBOVLJE, get("/towns/trbovlje/audit")),
    Case("town_audit_csv", OWNERS, get("/towns/velenje/audit.csv")),
    # symbols (Velenje's map is not public) and documents
    Case("symbols", VELENJE, get("/towns/velenje/symbols")),
    Case("symbols_geojson", VELENJE, get("/towns/velenje/symbols.geojson")),
    Case("symbol", VELENJE, get("/towns/velenje/symbols/6")),
    Case("symbol_photo", VELENJE, lambda w, p: ("GET", f"/towns/velenje/symbol-photos/{w.photo_id}", {})),
    Case("symbol_edit", EDITORS, get("/towns/velenje/symbols/6/edit")),
    Case("symbol_save", EDITORS, form("/towns/velenje/symbols/6/edit", SYMBOL), REDIRECT),
    Case("documents", VELENJE, get("/towns/velenje/documents")),
    Case("document_file", VELENJE, lambda w, p: ("GET", f"/towns/velenje/documents/{w.document_id}/file", {})),
    # interviews and coding
    Case("qda_home", CONFIDENTIAL, get("/towns/velenje/qda")),
    Case("qda_coding", CONFIDENTIAL, get("/towns/velenje/qda/interviews/2")),
    Case("qda_agreement", CONFIDENTIAL, get("/towns/velenje/qda/agreement")),
    Case("qda_table2", CONFIDENTIAL, get("/towns/velenje/qda/table2")),
    Case(
        "qda_adopt",
        EDITORS,
        form("/towns/velenje/qda/table2/adopt", {"code": "4", "period": "1", "status": "dominant"}),
        REDIRECT,
    ),
    Case("qda_codebook", CONFIDENTIAL, get("/towns/velenje/qda/codebook")),
    Case("qda_code_create", CONFIDENTIAL, new_code, REDIRECT),
    Case(
        "qda_code_rename",
        CONFIDENTIAL,
        lambda w, p: code_action("rename", {"name": f"renamed {w.next()}"})(w, p),
        REDIRECT,
    ),
    Case("qda_code_move", CONFIDENTIAL, code_action("move", {"parent": ""}), REDIRECT),
    Case("qda_code_merge", EDITORS, code_action("merge", {"into": "4"}), REDIRECT),
    Case("qda_code_delete", EDITORS, code_action("delete"), REDIRECT),
    Case("qda_consent", EDITORS, get("/towns/velenje/qda/consent")),
    Case(
        "qda_consent_save",
        EDITORS,
        form(
            "/towns/velenje/qda/consent",
            {"interviewee": "E01", "consent_on": "2026-01-05", "consent_scope": "research"},
        ),
        REDIRECT,
    ),
    Case("qda_segment_add", CONFIDENTIAL, add, {201}),
    Case("qda_segment_change", CONFIDENTIAL, change),
    Case("qda_segment_delete", CONFIDENTIAL, delete, {204}),
    # social innovations (public in Velenje)
    Case("innovations", ALL, get("/towns/velenje/innovations")),
    Case("innovations", TRBOVLJE, get("/towns/trbovlje/innovations")),
    Case("innovations_propose", ALL, get("/towns/velenje/innovations/propose")),
    Case(
        "innovations_propose_submit",
        ALL,
        form("/towns/velenje/innovations/propose", {"name": "Repair café", "description": "People mend things."}),
    ),
    Case("innovations_moderation", EDITORS, get("/towns/velenje/innovations/moderation")),
    Case("innovations_decide", EDITORS, decide, REDIRECT),
    Case("innovation_edit", EDITORS, get("/towns/velenje/innovations/5/edit")),
    # an invalid edit: the route answers it (400), so the person got in
    Case("innovation_save", EDITORS, form("/towns/velenje/innovations/5/edit", {"year": "x"}), {400}),
    # social sustainability
    Case("sustainability", VELENJE, get("/towns/velenje/sustainability")),
    # workshops: facilitators (the facilitator runs the workshops made for this test)
    Case("workshop_new", FACILITATORS, get("/towns/velenje/workshops/new")),
    Case("workshop_create", FACILITATORS, create_workshop, REDIRECT),
    Case("workshop_created", FACILITATORS, lambda w, p: ("GET", f"/workshops/{w.velenje_wid}/created", {})),
    Case("workshop_admin", ALL, admin_link, REDIRECT),
    Case("workshop_console", FACILITATORS, lambda w, p: ("GET", f"/workshops/{w.velenje_wid}/console", {})),
    # a workshop only guests with the link run: the facilitator of other workshops is not in
    Case("workshop_console", EDITORS, lambda w, p: ("GET", f"/workshops/{w.guest_wid}/console", {})),
    Case("workshop_console", TRBOVLJE, lambda w, p: ("GET", f"/workshops/{w.trbovlje_wid}/console", {})),
    Case("workshop_new_link", FACILITATORS, workshop_action("link"), REDIRECT),
    Case("workshop_open_round", FACILITATORS, open_round, REDIRECT),
    Case("workshop_close_round", FACILITATORS, close_round, REDIRECT),
    Case("workshop_move", FACILITATORS, move, REDIRECT),
    Case("workshop_show_ballots", FACILITATORS, workshop_action("show-ballots", {"show": "1"}), REDIRECT),
    Case("workshop_end_confirm", FACILITATORS, lambda w, p: ("GET", f"/workshops/{w.velenje_wid}/end", {})),
    Case("workshop_end", FACILITATORS, workshop_action("end"), REDIRECT),
    Case("workshop_archive", FACILITATORS, ended("archive", {"archived": "1"}), REDIRECT),
    Case("workshop_delete_confirm", FACILITATORS, lambda w, p: ("GET", f"/workshops/{w.velenje_wid}/delete", {})),
    Case("workshop_delete", FACILITATORS, workshop_action("delete"), REDIRECT),
    # the town's ranking runs beside the study's: researchers and owners adopt, undo and delete them
    Case("town_run_adopt", EDITORS, run_action("adopt"), REDIRECT),
    Case("town_run_adopt", TRBOVLJE, run_action("adopt", "trbovlje"), REDIRECT),
    Case("town_run_undo", EDITORS, run_action("undo"), REDIRECT),
    Case("town_run_delete", EDITORS, run_action("delete"), REDIRECT),
    Case("workshop_report", FACILITATORS, lambda w, p: ("GET", f"/workshops/{w.velenje_wid}/report", {})),
    Case(
        "workshop_export",
        FACILITATORS,
        lambda w, p: ("GET", f"/workshops/{w.velenje_wid}/export/ballots.csv", {}),
    ),
    # workshops: participants and the projector (joins are public in Velenje, not in Trbovlje)
    Case("workshop_join_form", ALL, get("/join")),
    Case("workshop_join", ALL, join(lambda w: w.velenje_code), REDIRECT),
    Case("workshop_join", TRBOVLJE, join(lambda w: w.trbovlje_code), REDIRECT),
    Case("workshop_room", ALL, lambda w, p: ("GET", f"/room/{w.velenje_code}", {}), REDIRECT),
    Case("workshop_screen", ALL, lambda w, p: ("GET", f"/room/{w.velenje_code}/screen", {})),
    Case("workshop_screen", TRBOVLJE, lambda w, p: ("GET", f"/room/{w.trbovlje_code}/screen", {})),
    Case("workshop_api_join", ALL, api_join(lambda w: w.velenje_code)),
    Case("workshop_api_join", TRBOVLJE, api_join(lambda w: w.trbovlje_code)),
    Case("workshop_api_ballot", ALL, participant("ballot")),
    Case("workshop_api_sheet", ALL, participant("sheet")),
    Case("workshop_api_idea", ALL, participant("idea")),
    Case("workshop_api_dot", ALL, participant("dot")),
    # the live state: a phone with its token (in Velenje, where joins are public), or who runs the
    # workshop (Trbovlje's owner); without either the route itself answers 401 (tests/web/test_abuse.py)
    Case("workshop_api_state", ALL, participant("state")),
    Case("workshop_api_state", TRBOVLJE, lambda w, p: ("GET", f"/api/workshops/{w.trbovlje_wid}/state", {})),
    Case("workshop_events", ALL, participant("events")),
    Case("workshop_events", TRBOVLJE, lambda w, p: ("GET", f"/api/workshops/{w.trbovlje_wid}/events", {})),
    # uploads, for the town's editors; a ballot file's consensus for its facilitators
    Case("upload_form", EDITORS, get("/towns/velenje/uploads/documents")),
    Case("upload_form", EDITORS, get("/towns/velenje/uploads/transcripts")),
    Case("upload_form", TRBOVLJE, get("/towns/trbovlje/uploads/symbols")),
    Case("upload", EDITORS, upload("/towns/velenje/uploads/innovations", "new.csv", _innovation_sheet)),
    Case("upload", EDITORS, _transcripts),
    Case("ranking_form", FACILITATORS, get("/towns/velenje/ranking")),
    Case("ranking_form", TRBOVLJE, get("/towns/trbovlje/ranking")),
    Case(
        "ranking_upload",
        FACILITATORS,
        upload("/towns/velenje/ranking", "b.csv", lambda w: b"ranking\na > b\nb > a\na > b\n", {"method": "borda"}),
    ),
    # files and the API's documentation
    Case("static", ALL, get("/static/townpaths.css")),
    Case("openapi", ALL, get("/api/openapi.json")),
    Case("api_docs", ALL, get("/api/docs")),
    # last: signing out ends the person's sessions
    Case("sign_out", ALL, form("/sign-out"), REDIRECT),
]


# --- the world: Velenje, Trbovlje, seven people, a live server --------------------------------------


def _ready_workshops(w: World) -> None:
    db = w.db
    main = _workshop(w, "individual,plenary")
    w.velenje_wid, w.velenje_code = main.workshop_id, main.room_code
    w.guest_wid = _workshop(w, facilitated=False).workshop_id
    trbovlje = ws.create_workshop(db, "trbovlje", rounds="individual", problems=["one", "two"])
    w.trbovlje_wid, w.trbovlje_code = trbovlje.workshop_id, trbovlje.room_code
    signer = Signer(SECRET)
    ballot = _workshop(w, "individual")
    pid = ws.join(db, ballot.workshop_id, "phone")
    ws.open_round(db, ballot.workshop_id, 1)
    w.ballot = (ballot.workshop_id, signer.participant_token(ballot.workshop_id, pid))
    w.items = tuple(p["id"] for p in states.public_state(db, ballot.workshop_id)["problems"])
    sheet = _workshop(w, "individual,worksheet:1")
    pids = [ws.join(db, sheet.workshop_id, f"p{i}") for i in range(2)]
    ws.open_round(db, sheet.workshop_id, 1)
    for n, p in enumerate(pids):
        ranking = [i["id"] for i in states.public_state(db, sheet.workshop_id)["problems"]]
        ws.submit_ballot(db, sheet.workshop_id, p, ranking, f"sheet-ballot-{n}")
    ws.close_round(db, sheet.workshop_id, 1)
    ws.open_round(db, sheet.workshop_id, 2)
    ws.add_idea(db, sheet.workshop_id, pids[0], "fish farm")
    with db.transaction() as s:
        idea_id = s.scalar(select(func.max(WorksheetIdea.id)))
    w.sheet = (sheet.workshop_id, signer.participant_token(sheet.workshop_id, pids[0]), idea_id)


def _files(w: World) -> None:
    with w.db.transaction() as s:
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
        w.photo_id, w.document_id = photo.id, doc.id


@pytest.fixture
def world(velenje_sqlite: Database):
    db = velenje_sqlite
    create_town(db, "Trbovlje")  # a town of its own, with the method's defaults
    set_public_parts(db, "trbovlje", [])  # nothing public, not even workshop joins
    people = {p: person(db, f"{p.replace(' ', '.')}@test.example", p.title(), {"velenje": r}) for p, r in ROLES.items()}
    people[OTHER] = person(db, "other@test.example", "Other Owner", {"trbovlje": "owner"})
    people[ADMIN] = person(db, "admin@test.example", "Ada Admin", admin=True)
    app = create_app(Settings(db=db.url, secret_key=SECRET, rate_store=NoLimits(), api_docs=True))
    server = LiveServer(app)
    server.start()
    sessions = {p: f"session-of-{p.replace(' ', '-')}" for p in PERSONAS}
    w = World(db, app, server.url, people, {}, sessions)
    for p in PERSONAS:  # each person's CSRF token, bound to their session cookie
        html = httpx.get(f"{server.url}/sign-in", headers={"cookie": _cookies(w, p)}).text
        w.csrf[p] = re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)
    _ready_workshops(w)
    _files(w)
    yield w
    server.stop()


def _cookies(w: World, p: str) -> str:
    cookies = {SESSION_COOKIE: w.sessions[p]}
    if p != ANON:
        cookies[ACCOUNT_COOKIE] = session_cookie(SECRET, w.people[p])
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _denied(response: httpx.Response, p: str) -> bool:
    if p == ANON:
        if response.status_code == 303:
            return response.headers["location"].startswith("/sign-in?next=")
        return response.status_code == 401 and "Sign in first." in response.text
    return response.status_code == 404 and (
        (
            response.headers.get("content-type", "").startswith("application/json")
            and response.json() == {"error": "Not Found"}
        )
        or '<p class="error" role="alert">Not Found</p>' in response.text
    )


def _ask(client: httpx.Client, w: World, p: str, case: Case) -> httpx.Response:
    method, path, kwargs = case.make(w, p)
    headers = {"cookie": _cookies(w, p), "accept-language": "en", **kwargs.pop("headers", {})}
    if case.route == "workshop_events":  # a stream that never ends: the status line is enough
        with client.stream(method, path, headers=headers) as r:
            if r.status_code != 200:
                r.read()
            return r
    return client.request(method, path, headers=headers, **kwargs)


def test_every_route_as_every_person(world: World) -> None:
    app_names = {str(getattr(r, "name", "")) for r in app_routes(world.app)}
    wrong = []
    client = httpx.Client(base_url=world.url, follow_redirects=False, timeout=30)
    for n, case in enumerate(CASES):
        if case.route not in app_names:
            continue
        allowed = set()
        for p in PERSONAS:
            client.cookies.clear()  # each request carries only the person's own cookies
            response = _ask(client, world, p, case)
            if not _denied(response, p):
                allowed.add(p)
                if response.status_code not in case.ok:
                    wrong.append(f"{case.route} #{n} as {p}: {response.status_code} {response.text[:200]}")
        if allowed != set(case.allowed):
            wrong.append(f"{case.route} #{n}: let in {sorted(allowed)}, declared {sorted(case.allowed)}")
    client.close()
    assert wrong == []


def test_every_route_of_the_app_has_a_declared_case(velenje_sqlite: Database) -> None:
    routes = {str(getattr(r, "name", "")) for r in app_routes(create_app(Settings(db=velenje_sqlite.url)))}
    declared = {c.route for c in CASES}
    assert sorted(routes - declared) == []
    assert sorted(declared - routes) == sorted(DOCS - routes)  # only the API docs may be switched off
    assert len(routes) >= 60


def test_an_app_with_a_route_without_a_rule_does_not_start(velenje_sqlite: Database) -> None:
    from townpaths.registry import default_registry
    from townpaths.studies.spec import Study

    plug_in = Study(name="undeclared", title="A plug-in without rules", order=99, web=("tests.web.undeclared_routes",))
    with pytest.raises(TownpathsError, match=r"routes without an access rule .*\['undeclared_page'\]"):
        create_app(Settings(db=velenje_sqlite.url), default_registry().with_studies(plug_in))
