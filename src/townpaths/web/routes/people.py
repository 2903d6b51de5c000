"""People's pages: sign in, sign out, set a password with a one-time link, the account page (towns,
roles, workshops) and a town's people page for its owners (roles, what anonymous visitors see).
Sign-ins are limited per address here and per account by :mod:`townpaths.people.service`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator
from townpaths.people import service as people
from townpaths.people.core.roles import PUBLIC_PARTS, ROLES, Account
from townpaths.people.core.sessions import MAX_AGE
from townpaths.storage import Database
from townpaths.web.access import ACCOUNT_COOKIE, account_of, safe_next, session_signer
from townpaths.web.deps import crumb, database, language, page, town_crumbs, url_for
from townpaths.web.security import Limit, client_ip, rate_limit, restart_session

router = APIRouter()

#: Sign-in attempts per address (each account is also locked after repeated failures).
SIGN_IN_LIMIT = Limit(20, 600, "Too many sign-ins from your address: wait a few minutes.")
#: Set-password attempts per address (the links are long random tokens; this stops guessing).
LINK_LIMIT = Limit(30, 600)
PASSWORDS_DIFFER = "The two passwords differ."


def _root(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/") or "/"


def _start_session(request: Request, response: Response, account: Account) -> None:
    response.set_cookie(
        ACCOUNT_COOKIE,
        session_signer(request).dumps(account.id, account.session_epoch),
        max_age=int(MAX_AGE.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=_root(request),
    )
    restart_session(request)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    # the set-password link's token goes to no other site (no-referrer would make browsers send
    # "Origin: null" with the form, which the Origin check refuses)
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# --- signing in and out ---------------------------------------------------------------------------


def _sign_in_page(
    request: Request, *, next_url: str | None, email: str = "", error: str | None = None, status: int = 200
) -> Response:
    return _no_store(
        page(
            request,
            "people/sign_in.html",
            status_code=status,
            next_url=next_url or "",
            email=email,
            error=error,
        )
    )


@router.get("/sign-in", response_class=HTMLResponse, name="sign_in")
def sign_in_form(request: Request, next: str = "") -> Response:
    return _sign_in_page(request, next_url=safe_next(request, next))


@router.post("/sign-in", name="sign_in_submit")
def sign_in(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form(""),
    db: Database = Depends(database),
) -> Response:
    rate_limit(request, "sign-in", client_ip(request), SIGN_IN_LIMIT)
    target = safe_next(request, next)
    try:
        account = people.authenticate(db, email, password)
    except people.SignInRefused as exc:
        message = Translator(language(request)).gettext(exc.msgid, **exc.params)
        return _sign_in_page(request, next_url=target, email=email[:254], error=message, status=400)
    response = RedirectResponse(target or url_for(request, "account"), status_code=303)
    _start_session(request, response, account)
    return response


@router.post("/sign-out", name="sign_out")
def sign_out(request: Request, db: Database = Depends(database)) -> Response:
    """End the person's sessions everywhere (a copied cookie stops working too)."""
    account = account_of(request)
    if account is not None:
        people.end_sessions(db, account.id)
    response = RedirectResponse(url_for(request, "home"), status_code=303)
    response.delete_cookie(ACCOUNT_COOKIE, path=_root(request))
    restart_session(request)
    return response


# --- one-time set-password links ------------------------------------------------------------------


def _password_page(request: Request, token: str, who: dict[str, str], *, error: str | None = None) -> Response:
    return _no_store(
        page(request, "people/set_password.html", status_code=400 if error else 200, token=token, who=who, error=error)
    )


@router.get("/set-password", response_class=HTMLResponse, name="set_password")
def set_password_form(request: Request, token: str = "", db: Database = Depends(database)) -> Response:
    rate_limit(request, "set-password", client_ip(request), LINK_LIMIT)
    return _password_page(request, token, people.link_account(db, token))


@router.post("/set-password", name="set_password_submit")
def set_password(
    request: Request,
    token: str = Form(""),
    password: str = Form(""),
    again: str = Form(""),
    db: Database = Depends(database),
) -> Response:
    rate_limit(request, "set-password", client_ip(request), LINK_LIMIT)
    who = people.link_account(db, token)
    tr = Translator(language(request))
    if password != again:
        return _password_page(request, token, who, error=tr.gettext(PASSWORDS_DIFFER))
    try:
        account = people.set_password(db, token, password)
    except InputError as exc:
        return _password_page(request, token, who, error=tr.gettext(exc.reason))
    response = RedirectResponse(url_for(request, "account"), status_code=303)
    _start_session(request, response, account)
    return response


# --- the account page -----------------------------------------------------------------------------


@router.get("/account", response_class=HTMLResponse, name="account")
def account(request: Request, db: Database = Depends(database)) -> HTMLResponse:
    me = account_of(request)
    assert me is not None  # the access rule: signed in
    return page(
        request, "people/account.html", **people.overview(db, me), breadcrumbs=[crumb(request, "Account", "account")]
    )


# --- a town's people, for its owners --------------------------------------------------------------


@router.get("/towns/{slug}/people", response_class=HTMLResponse, name="town_people")
def town_people(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    view = people.town_people(db, slug)
    return page(
        request,
        "people/town.html",
        **view,
        roles=ROLES,
        parts=PUBLIC_PARTS,
        me=account_of(request),
        breadcrumbs=town_crumbs(request, view["town"], ("People", "town_people")),
    )


def _back(request: Request, slug: str) -> Response:
    return RedirectResponse(url_for(request, "town_people", slug=slug), status_code=303)


def _me(request: Request) -> int:
    me = account_of(request)
    assert me is not None  # the access rule: the town's owner
    return me.id


@router.post("/towns/{slug}/people", name="town_people_grant")
def grant(
    request: Request, slug: str, email: str = Form(""), role: str = Form(""), db: Database = Depends(database)
) -> Response:
    people.grant(db, email, slug, role, by=_me(request))
    return _back(request, slug)


@router.post("/towns/{slug}/people/revoke", name="town_people_revoke")
def revoke(request: Request, slug: str, email: str = Form(""), db: Database = Depends(database)) -> Response:
    people.revoke(db, email, slug, by=_me(request))
    return _back(request, slug)


@router.post("/towns/{slug}/public", name="town_public_parts")
def public(
    request: Request, slug: str, part: list[str] = Form(default=[]), db: Database = Depends(database)
) -> Response:
    people.set_public_parts(db, slug, part)
    return _back(request, slug)
