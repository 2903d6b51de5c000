"""Who may use each route: ONE table (:data:`RULES`, route name -> :class:`Rule`) and ONE app-wide
dependency (:func:`enforce`) that applies it before every route.

A rule names what is needed (anyone, a signed-in person, or a permission of
:mod:`townpaths.people.core.roles`) and what it is needed on: the town of the path's ``slug``, the
workshop of ``wid`` (and its town), the room of ``code`` (in the path, the query or the form), or
every town of the query's ``towns`` (the comparison of towns: each town must show the person
something a comparison shows, and ``request.state.compare_view`` tells what of each). A
person denied a route gets, when not signed in, the sign-in page (a GET of a page) or 401 (the
API, other methods); when signed in, 404, so nothing tells them what exists.

:func:`install` refuses to start an app with a route that has no rule. A study of another package
declares the rules of its routes as ``ACCESS = {route name: Rule}`` in its route module; a route
added to a running app needs :func:`allow`.

The dependency also sets ``request.state.user`` (the signed-in :class:`Account` or None) for every
route, and ``request.state.permissions`` (what the person may do in the subject's town)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from townpaths.comparison.build import MAX_TOWNS
from townpaths.core.errors import InputError, TownpathsError
from townpaths.people import service as people
from townpaths.people.core.roles import (
    CODE,
    CODE_ANY,
    EDIT,
    FACILITATE,
    OWN,
    PUBLIC,
    VIEW,
    VIEW_CONFIDENTIAL,
    Account,
    Subject,
    allows,
    may_run_workshop,
    permissions,
)
from townpaths.people.core.sessions import SessionSigner
from townpaths.studies.workshop.core.codes import salt_fingerprint
from townpaths.web.security import ACCOUNT_COOKIE
from townpaths.web.workshop_auth import admin_cookie, lookup_room, signer

#: What a rule may need besides a permission.
ANYONE_NEED, SIGNED_IN_NEED = "anyone", "signed in"
#: The server's administrators (``townpaths users add --admin``): creating towns.
ADMIN_NEED = "admin"
#: The town page: viewers and up, or anyone when the town shows a part of it to the public.
TOWN_PAGE_NEED = "town page"
#: The generic tables page: ``view``, or ``view_confidential`` for a confidential table.
TABLE_NEED = "table"
#: Adding, changing and deleting a table's rows: ``edit``, and ``view_confidential`` for a
#: confidential table.
TABLE_EDIT_NEED = "edit table"
#: A workshop's console and data: its facilitator, a guest with its link, or who runs them all.
RUN_WORKSHOP_NEED = "run workshop"
#: The comparison of towns: on each town, viewers and up, or anyone when the town shows a public
#: part some study's comparison is shown by (:attr:`townpaths.studies.spec.CompareSpec.public`).
COMPARE_NEED = "compare towns"

SIGN_IN_FIRST = "Sign in first."
NOT_FOUND = "Not Found"


@dataclass(frozen=True)
class Rule:
    """``need`` on ``subject`` (``"town"``, ``"workshop"``, ``"room"``, or None for no subject)."""

    need: str
    subject: str | None = None


ANYONE = Rule(ANYONE_NEED)
#: Phones of a live workshop: the route itself requires the participant's token.
PARTICIPANT = Rule(ANYONE_NEED)
SIGNED_IN = Rule(SIGNED_IN_NEED)
ADMIN = Rule(ADMIN_NEED)
RUN_WORKSHOP = Rule(RUN_WORKSHOP_NEED, "workshop")
JOIN_ROOM = Rule(PUBLIC + "join", "room")
#: The towns of the query's ``towns`` (none: the page to choose them, for anyone).
COMPARE = Rule(COMPARE_NEED, "towns")


def town(need: str) -> Rule:
    return Rule(need, "town")


#: Every route of townpaths and who may use it.
RULES: Mapping[str, Rule] = {
    # the shell
    "home": ANYONE,
    "town": town(TOWN_PAGE_NEED),
    # towns: a new one (the server's administrators), its settings (its owners)
    "town_new": ADMIN,
    "town_create": ADMIN,
    "town_settings": town(OWN),
    "town_settings_save": town(OWN),
    "table": town(TABLE_NEED),
    "table_row_new": town(TABLE_EDIT_NEED),
    "table_row_add": town(TABLE_EDIT_NEED),
    "table_row_edit": town(TABLE_EDIT_NEED),
    "table_row_save": town(TABLE_EDIT_NEED),
    "table_row_delete": town(TABLE_EDIT_NEED),
    "table_row_remove": town(TABLE_EDIT_NEED),
    "table_export": town(TABLE_NEED),
    "table_import": town(TABLE_EDIT_NEED),
    "report": town(PUBLIC + "report"),
    "report_file": town(PUBLIC + "report"),
    "report_figure": town(PUBLIC + "report"),
    "report_table": town(PUBLIC + "report"),
    # towns compared: what the person may see of each
    "compare": COMPARE,
    "compare_file": COMPARE,
    # people
    "sign_in": ANYONE,
    "sign_in_submit": ANYONE,
    "sign_out": ANYONE,
    "set_password": ANYONE,
    "set_password_submit": ANYONE,
    "account": SIGNED_IN,
    "town_people": town(OWN),
    "town_people_grant": town(OWN),
    "town_people_revoke": town(OWN),
    "town_public_parts": town(OWN),
    "town_audit": town(OWN),
    "town_audit_csv": town(OWN),
    # symbols and documents
    "symbols": town(PUBLIC + "map"),
    "symbols_geojson": town(PUBLIC + "map"),
    "symbol": town(PUBLIC + "map"),
    "symbol_photo": town(PUBLIC + "map"),
    "symbol_edit": town(EDIT),
    "symbol_save": town(EDIT),
    "documents": town(VIEW),
    "document_file": town(VIEW),
    # interviews and coding
    "qda_home": town(VIEW_CONFIDENTIAL),
    "qda_coding": town(VIEW_CONFIDENTIAL),
    "qda_agreement": town(VIEW_CONFIDENTIAL),
    "qda_table2": town(VIEW_CONFIDENTIAL),
    "qda_adopt": town(EDIT),
    # the codebook: coders add, rename and move codes; merging and deleting (which change
    # everyone's segments) are for researchers and owners
    "qda_codebook": town(VIEW_CONFIDENTIAL),
    "qda_code_create": town(CODE),
    "qda_code_rename": town(CODE),
    "qda_code_move": town(CODE),
    "qda_code_merge": town(CODE_ANY),
    "qda_code_delete": town(CODE_ANY),
    "qda_consent": town(EDIT),
    "qda_consent_save": town(EDIT),
    "qda_segment_add": town(CODE),
    "qda_segment_change": town(CODE),
    "qda_segment_delete": town(CODE),
    # social innovations
    "innovations": town(PUBLIC + "innovations"),
    "innovations_propose": town(PUBLIC + "innovations"),
    "innovations_propose_submit": town(PUBLIC + "innovations"),
    "innovations_moderation": town(EDIT),
    "innovations_decide": town(EDIT),
    "innovation_edit": town(EDIT),
    "innovation_save": town(EDIT),
    # social sustainability
    "sustainability": town(VIEW),
    # workshops: facilitators
    "workshop_new": town(FACILITATE),
    "workshop_create": town(FACILITATE),
    "workshop_created": RUN_WORKSHOP,
    "workshop_admin": ANYONE,  # the guest facilitator's secret link: the route checks it
    "workshop_console": RUN_WORKSHOP,
    "workshop_new_link": RUN_WORKSHOP,
    "workshop_open_round": RUN_WORKSHOP,
    "workshop_close_round": RUN_WORKSHOP,
    "workshop_move": RUN_WORKSHOP,
    "workshop_show_ballots": RUN_WORKSHOP,
    "workshop_end_confirm": RUN_WORKSHOP,
    "workshop_end": RUN_WORKSHOP,
    "workshop_archive": RUN_WORKSHOP,
    "workshop_delete_confirm": RUN_WORKSHOP,
    "workshop_delete": RUN_WORKSHOP,
    "workshop_report": RUN_WORKSHOP,
    "workshop_export": RUN_WORKSHOP,
    # the town's ranking runs beside the study's: a researcher adopts one, undoes that, deletes one
    "town_run_adopt": town(EDIT),
    "town_run_undo": town(EDIT),
    "town_run_delete": town(EDIT),
    # workshops: participants and the projector
    "workshop_join_form": ANYONE,
    "workshop_join": JOIN_ROOM,
    "workshop_room": JOIN_ROOM,
    "workshop_screen": JOIN_ROOM,
    "workshop_api_join": JOIN_ROOM,
    "workshop_api_ballot": PARTICIPANT,
    "workshop_api_sheet": PARTICIPANT,
    "workshop_api_idea": PARTICIPANT,
    "workshop_api_dot": PARTICIPANT,
    "workshop_api_state": Rule(PUBLIC + "join", "workshop"),
    "workshop_events": Rule(PUBLIC + "join", "workshop"),
    # uploads (the same library calls as the commands) and a ballot file's consensus
    "upload_form": town(EDIT),
    "upload": town(EDIT),
    "ranking_form": town(FACILITATE),
    "ranking_upload": town(FACILITATE),
    # files and the API's own documentation (no data)
    "static": ANYONE,
    "openapi": ANYONE,
    "api_docs": ANYONE,
}


class AccessDenied(Exception):
    """Raised by :func:`enforce`; answered by the handler :func:`install` registers."""

    def __init__(self, signed_in: bool) -> None:
        super().__init__("signed in" if signed_in else "not signed in")
        self.signed_in = signed_in


# --- set-up ---------------------------------------------------------------------------------------


def app_routes(app: FastAPI) -> list[BaseRoute]:
    """Every route of an app (API routes, pages, mounts), those of included routers too."""
    from fastapi.routing import iter_route_contexts

    return [c.original_route for c in iter_route_contexts(app.router.routes)]


def install(app: FastAPI, web_modules: Iterable[str] = ()) -> None:
    """The rules of ``app``: :data:`RULES` plus each route module's ``ACCESS``; refuse (at start-up)
    any route without a rule; answer :class:`AccessDenied`."""
    rules = dict(RULES)
    for name in web_modules:
        rules.update(getattr(importlib.import_module(name), "ACCESS", {}))
    missing = [str(getattr(r, "name", "")) for r in app_routes(app) if getattr(r, "name", "") not in rules]
    if missing:
        raise TownpathsError(f"routes without an access rule (add them to townpaths.web.access.RULES): {missing}")
    app.state.access_rules = rules
    app.add_exception_handler(AccessDenied, _denied)  # type: ignore[arg-type]


def allow(app: FastAPI, name: str, rule: Rule) -> None:
    """Declare the rule of a route added to a running app."""
    app.state.access_rules[name] = rule


# --- who is asking --------------------------------------------------------------------------------


def session_signer(request: Request) -> SessionSigner:
    app = request.app
    found = getattr(app.state, "session_signer", None)
    if found is None:
        found = app.state.session_signer = SessionSigner(app.state.settings.secret_key)
    return found


async def current_account(request: Request) -> Account | None:
    """The signed-in person (their session cookie, checked against the account), or None."""
    found = session_signer(request).loads(request.cookies.get(ACCOUNT_COOKIE))
    if found is None:
        return None
    return await run_in_threadpool(people.session_account, request.app.state.db, *found)


def account_of(request: Request) -> Account | None:
    """The person :func:`enforce` found for this request."""
    return getattr(request.state, "user", None)


# --- the one dependency ---------------------------------------------------------------------------


async def enforce(request: Request) -> None:
    """The app-wide dependency: find the person and the subject, apply the route's rule."""
    route = request.scope.get("route")
    rules: Mapping[str, Rule] = request.app.state.access_rules
    rule = rules.get(getattr(route, "name", ""))
    account = await current_account(request)
    request.state.user = account
    request.state.permissions = frozenset()
    if rule is None:  # a route added after start-up without allow(): nobody
        raise AccessDenied(account is not None)
    if rule.need == ANYONE_NEED:
        return
    if rule.need == SIGNED_IN_NEED:
        if account is None:
            raise AccessDenied(False)
        return
    if rule.subject == "towns":
        await run_in_threadpool(_compared, request, rule, account)
        return
    if rule.need == ADMIN_NEED:
        if account is None or not account.is_admin:
            raise AccessDenied(account is not None)
        return
    subject = await _subject(request, rule)
    request.state.subject = subject
    role = account.role_in(subject.town_id) if account else None
    request.state.permissions = permissions(role)
    if not decide(rule, account, subject, guest=_guest(request, subject), params=request.path_params, request=request):
        raise AccessDenied(account is not None)


async def _subject(request: Request, rule: Rule) -> Subject:
    db, params = request.app.state.db, request.path_params
    if rule.subject == "town":
        return await run_in_threadpool(people.subject, db, slug=params["slug"])
    if rule.subject == "workshop":
        return await run_in_threadpool(people.subject, db, workshop_id=_int(params["wid"]))
    code = params.get("code") or request.query_params.get("code")
    if code is None and request.method == "POST":
        value = (await request.form()).get("code")
        code = value if isinstance(value, str) else None
    # the only way into a room: looked up under the limits on wrong codes (no guessing)
    return await run_in_threadpool(lookup_room, request, partial(people.subject, db, room_code=code or ""))


def compared_towns(request: Request) -> list[str]:
    """The towns of the query: ``towns=a,b`` or ``towns=a&towns=b`` (the page's form), in order."""
    return [
        name.strip() for value in request.query_params.getlist("towns") for name in value.split(",") if name.strip()
    ]


def compared_parts(request: Request) -> frozenset[str]:
    """The public parts that show some study's comparison."""
    registry = request.app.state.registry
    return frozenset(p for s in registry.comparisons() if s.compare is not None for p in s.compare.public)


def _compared(request: Request, rule: Rule, account: Account | None) -> None:
    """Every town of the query must let the person in (else :class:`AccessDenied`); what the
    person sees of each (None: everything a comparison shows; else the town's public parts) is
    ``request.state.compare_view``, by slug; the towns as the query names them are
    ``request.state.compare_towns``."""
    names = compared_towns(request)
    if len(names) > MAX_TOWNS:
        raise InputError(f"compare at most {MAX_TOWNS} towns at once", field="towns", value=", ".join(names))
    view: dict[str, tuple[str, ...] | None] = {}
    for name in names:
        subject = people.subject(request.app.state.db, slug=name)
        if not decide(rule, account, subject, request=request):
            raise AccessDenied(account is not None)
        role = account.role_in(subject.town_id) if account else None
        view[subject.town_slug] = None if allows(VIEW, role) else subject.public_parts
    request.state.compare_view = view
    request.state.compare_towns = names


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError("Input should be a valid integer", field="wid", value=value) from None


def _guest(request: Request, subject: Subject) -> bool:
    """Does the browser hold the guest facilitator's cookie of the subject's workshop (made from the
    secret link that is valid now)?"""
    if subject.workshop_id is None:
        return False
    found = signer(request).read_admin(request.cookies.get(admin_cookie(subject.workshop_id)))
    return found is not None and found == (subject.workshop_id, salt_fingerprint(subject.secret_salt))


def decide(
    rule: Rule,
    account: Account | None,
    subject: Subject | None,
    *,
    guest: bool = False,
    params: Mapping[str, Any] | None = None,
    request: Request | None = None,
) -> bool:
    """May ``account`` (None: not signed in) use a route with ``rule`` on ``subject``?"""
    if rule.need == ANYONE_NEED:
        return True
    if rule.need == ADMIN_NEED:
        return account is not None and account.is_admin
    if rule.need == SIGNED_IN_NEED or subject is None:
        return account is not None
    role = account.role_in(subject.town_id) if account else None
    parts = subject.public_parts
    if rule.need == TOWN_PAGE_NEED:
        return allows(VIEW, role) or any(p in parts for p in ("report", "innovations", "map"))
    if rule.need in (TABLE_NEED, TABLE_EDIT_NEED):
        table = (params or {}).get("table")
        confidential = request.app.state.registry.confidential() if request is not None else frozenset()
        seen = allows(VIEW_CONFIDENTIAL if table in confidential else VIEW, role)
        return seen and (rule.need == TABLE_NEED or allows(EDIT, role))
    if rule.need == RUN_WORKSHOP_NEED:
        mine = account is not None and subject.facilitator_id == account.id
        return may_run_workshop(role, is_facilitator=mine, guest=guest)
    if rule.need == COMPARE_NEED:
        shown = compared_parts(request) if request is not None else frozenset()
        return allows(VIEW, role) or bool(shown & set(parts))
    return allows(rule.need, role, parts)


def runs_workshop(request: Request) -> bool:
    """Does this request's person run the workshop the route is about (its facilitator, a guest
    with its link, the town's researchers and owners)? False for a route without a workshop."""
    subject = getattr(request.state, "subject", None)
    if subject is None or subject.workshop_id is None:
        return False
    return decide(RUN_WORKSHOP, account_of(request), subject, guest=_guest(request, subject))


def permitted(request: Request, name: str, subject: Subject, **params: Any) -> bool:
    """Would the route ``name`` let this request's person in, on ``subject``? (To show only the
    links a person may follow.)"""
    rule = request.app.state.access_rules.get(name)
    return rule is not None and decide(rule, account_of(request), subject, params=params, request=request)


def towns_allowing(request: Request, permission: str) -> set[str]:
    """The slugs of the towns where this request's person has ``permission``."""
    account = account_of(request)
    subjects = people.town_subjects(request.app.state.db)
    return {s.town_slug for s in subjects if allows(permission, account.role_in(s.town_id) if account else None)}


def visible_towns(request: Request) -> set[str]:
    """The slugs of the towns whose page this request's person may open."""
    subjects = people.town_subjects(request.app.state.db)
    return {s.town_slug for s in subjects if permitted(request, "town", s)}


# --- answering a refusal --------------------------------------------------------------------------


def safe_next(request: Request, target: str | None) -> str | None:
    """``target`` if it is a path of this app (never another site), else None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    root = request.scope.get("root_path", "").rstrip("/")
    return target if target.startswith(root + "/") else None


async def _denied(request: Request, exc: AccessDenied) -> Response:
    from townpaths.web.deps import url_for
    from townpaths.web.errors import error_response, wants_json

    if exc.signed_in:
        return error_response(request, 404, NOT_FOUND)
    if request.method in ("GET", "HEAD") and not wants_json(request):
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(url_for(request, "sign_in", _query={"next": here}), status_code=303)
    return error_response(request, 401, SIGN_IN_FIRST)
