"""Roles per town, the permission matrix and the parts of a town anonymous visitors may see.

| permission | who |
| --- | --- |
| ``public:<part>`` | anyone when ``part`` is in the town's public parts, else viewer and up |
| ``view`` (case pages, tables that are not confidential, the report) | every role |
| ``view_confidential`` (transcripts, interviewees, segments, coders, notes) | coder, researcher, owner |
| ``code`` (add segments; change and delete one's own; add, rename and move codes) | coder, researcher, owner |
| ``code_any`` (change and delete anyone's segments; merge and delete codes) | researcher, owner |
| ``edit`` (symbols, innovations, moderation, imports, documents, the rows of every table) | researcher, owner |
| ``facilitate`` (create workshops; the console of one's own workshops) | facilitator, researcher, owner |
| ``facilitate_any`` (the console and data of every workshop of the town) | researcher, owner |
| ``own`` (the town's settings, roles and audit log) | owner |

A workshop's console and data (participants, ballots, worksheets, exports) are for its facilitator
(an account with ``facilitate``, or a guest holding the secret link), and for ``facilitate_any``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from townpaths.core.errors import InputError

OWNER, RESEARCHER, CODER, FACILITATOR, VIEWER = "owner", "researcher", "coder", "facilitator", "viewer"
#: The roles, most powerful first.
ROLES = (OWNER, RESEARCHER, CODER, FACILITATOR, VIEWER)

VIEW = "view"
VIEW_CONFIDENTIAL = "view_confidential"
CODE = "code"
CODE_ANY = "code_any"
EDIT = "edit"
FACILITATE = "facilitate"
FACILITATE_ANY = "facilitate_any"
OWN = "own"
PERMISSIONS = (VIEW, VIEW_CONFIDENTIAL, CODE, CODE_ANY, EDIT, FACILITATE, FACILITATE_ANY, OWN)

_VIEWER = frozenset({VIEW})
_CODER = _VIEWER | {VIEW_CONFIDENTIAL, CODE}
_FACILITATOR = _VIEWER | {FACILITATE}
_RESEARCHER = _CODER | _FACILITATOR | {CODE_ANY, EDIT, FACILITATE_ANY}
#: What each role may do in its town.
MATRIX: Mapping[str, frozenset[str]] = {
    OWNER: _RESEARCHER | {OWN},
    RESEARCHER: _RESEARCHER,
    CODER: _CODER,
    FACILITATOR: _FACILITATOR,
    VIEWER: _VIEWER,
}

#: Parts of a town its owner may show anonymous visitors: the report, the innovation register with
#: its proposal form, the symbol map, the workshop join pages.
PUBLIC_PARTS = ("report", "innovations", "map", "join")
#: What a new town shows anonymous visitors.
DEFAULT_PUBLIC_PARTS = ("join",)
PUBLIC = "public:"


def check_role(role: str) -> str:
    value = role.strip().lower()
    if value not in ROLES:
        raise InputError(f"unknown role (use one of: {', '.join(ROLES)})", field="role", value=role)
    return value


def check_parts(parts: Iterable[str]) -> list[str]:
    """Public parts, checked, without repeats, in the order of :data:`PUBLIC_PARTS`."""
    wanted = {p.strip().lower() for p in parts if p.strip()}
    unknown = sorted(wanted - set(PUBLIC_PARTS))
    if unknown:
        raise InputError(
            f"unknown public part (use any of: {', '.join(PUBLIC_PARTS)})", field="parts", value=", ".join(unknown)
        )
    return [p for p in PUBLIC_PARTS if p in wanted]


def permissions(role: str | None) -> frozenset[str]:
    """What ``role`` may do in its town (nothing without a role)."""
    return MATRIX.get(role or "", frozenset())


def allows(permission: str, role: str | None, public_parts: Iterable[str] = ()) -> bool:
    """May someone with ``role`` in a town (``None``: no role, or not signed in) do ``permission``
    there? ``public:<part>`` is anyone's when the town shows ``part``, else a viewer's and up."""
    granted = permissions(role)
    if permission.startswith(PUBLIC):
        return permission[len(PUBLIC) :] in set(public_parts) or VIEW in granted
    return permission in granted


def may_run_workshop(role: str | None, *, is_facilitator: bool = False, guest: bool = False) -> bool:
    """The console and data of one workshop: a guest holding its secret link, its facilitator
    (while their role still lets them facilitate), or anyone who may facilitate every workshop."""
    granted = permissions(role)
    return guest or FACILITATE_ANY in granted or (is_facilitator and FACILITATE in granted)


@dataclass(frozen=True)
class Account:
    """A signed-in person as the web layer and the audit log see them: ``roles`` maps town ids to
    the person's role there."""

    id: int
    email: str
    name: str
    is_admin: bool = False
    roles: Mapping[int, str] = field(default_factory=dict)
    #: The account's session epoch when this was read (a session cookie carries it).
    session_epoch: int = 0

    def role_in(self, town_id: int | None) -> str | None:
        return None if town_id is None else self.roles.get(town_id)

    @property
    def label(self) -> str:
        """How the audit log and the coding pages name the person."""
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Subject:
    """What a request is about, as access rules need it: a town (its public parts), and for a
    workshop or a room its facilitator and link salt."""

    town_id: int
    town_slug: str
    public_parts: tuple[str, ...] = ()
    workshop_id: int | None = None
    facilitator_id: int | None = None
    secret_salt: str | None = None
