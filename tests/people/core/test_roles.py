"""The permission matrix, public parts and who may run a workshop (pure)."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.people.core.roles import (
    MATRIX,
    PERMISSIONS,
    ROLES,
    Account,
    allows,
    check_parts,
    check_role,
    may_run_workshop,
    permissions,
)


def test_the_matrix() -> None:
    table = {role: [p for p in PERMISSIONS if p in MATRIX[role]] for role in ROLES}
    assert table == {
        "owner": list(PERMISSIONS),
        "researcher": [
            "view",
            "view_confidential",
            "code",
            "code_any",
            "edit",
            "facilitate",
            "facilitate_any",
        ],
        "coder": ["view", "view_confidential", "code"],
        "facilitator": ["view", "facilitate"],
        "viewer": ["view"],
    }
    assert permissions(None) == frozenset() and permissions("nobody") == frozenset()


@pytest.mark.parametrize(
    "permission, role, parts, expected",
    [
        ("public:report", None, ["report", "join"], True),
        ("public:map", None, ["report", "join"], False),
        ("public:map", "viewer", [], True),
        ("view", None, ["report", "innovations", "map", "join"], False),
        ("view_confidential", "facilitator", [], False),
        ("view_confidential", "coder", [], True),
        ("edit", "coder", [], False),
        ("own", "researcher", [], False),
        ("own", "owner", [], True),
    ],
)
def test_allows(permission: str, role: str | None, parts: list[str], expected: bool) -> None:
    assert allows(permission, role, parts) is expected


def test_who_runs_a_workshop() -> None:
    assert may_run_workshop(None, guest=True)  # the secret link, no account
    assert not may_run_workshop(None)
    assert may_run_workshop("facilitator", is_facilitator=True)
    assert not may_run_workshop("facilitator")  # someone else's workshop
    assert not may_run_workshop("viewer", is_facilitator=True)  # a facilitator whose role was lowered
    assert may_run_workshop("researcher") and may_run_workshop("owner")


def test_checked_roles_and_parts() -> None:
    assert check_role(" Researcher ") == "researcher"
    with pytest.raises(InputError, match=r"^field 'role', value 'admin': unknown role \(use one of: owner, researcher"):
        check_role("admin")
    assert check_parts(["join", " MAP", "", "report", "join"]) == ["report", "map", "join"]
    with pytest.raises(InputError, match=r"field 'parts', value 'audit, tables': unknown public part"):
        check_parts(["report", "tables", "audit"])


def test_an_account_names_its_role_per_town() -> None:
    ana = Account(3, "ana@example.org", "Ana Novak", roles={1: "owner", 2: "viewer"})
    assert (ana.role_in(1), ana.role_in(2), ana.role_in(9), ana.role_in(None)) == ("owner", "viewer", None, None)
    assert ana.label == "Ana Novak <ana@example.org>"
