"""The API's description, served only when ``Settings.api_docs`` is on (``townpaths serve
--api-docs``): ``/api/openapi.json`` (FastAPI's) and ``/api/docs``, a page of this app listing every
operation (no script, nothing loaded from elsewhere)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from townpaths.web.deps import page

router = APIRouter()

METHODS = ("get", "post", "put", "patch", "delete")


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of an OpenAPI description: method, path, summary, description, parameters."""
    found = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [f"{p['name']} ({p['in']})" for p in op.get("parameters", [])]
            if "requestBody" in op:
                params.append(", ".join(op["requestBody"].get("content", {})) or "body")
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": params,
                }
            )
    return found


@router.get("/api/docs", response_class=HTMLResponse, name="api_docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return page(request, "shell/api_docs.html", operations=operations(request.app.openapi()))
