"""A plug-in's route module that forgets to say who may use its route (tests/web/test_access.py)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()


@router.get("/towns/{slug}/undeclared", name="undeclared_page")
def undeclared_page(slug: str) -> dict[str, str]:
    return {"town": slug}
